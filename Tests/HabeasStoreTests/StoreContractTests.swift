import Foundation
import HabeasCore
@testable import HabeasStore
import Logging
import Testing
import HabeasTestSupport

func sampleCase(id: String = "zz-sample", state: String = "KZ", name: String = "Aigerim Test", charge: String = "treason",
                profile: String = "journalist", summary: String = "Arrested at night after a press conference.") -> CaseFile {
    let yaml = """
        format: habeas-case/1
        id: \(id)
        state: \(state)
        person:
          name: \(name)
          profile: [\(profile)]
        deprivation:
          kind: pre-trial
          ongoing: true
        charges:
          - label: \(charge)
        timeline:
          - date: 2022-01-05
            type: arrest
        summary: \(summary)
        """
    return try! CaseFile.load(text: yaml)
}

let alice = Change(author: "alice", note: "first draft")
/// "Today" for queries: a fixed day, so no test follows the machine's clock.
let testToday = CaseDate(year: 2024, month: 1, day: 1)
/// The space-delimited words older releases stored in `cases.categories` and `cases.profiles`.
func oldTokens(_ words: [String]) -> String { words.isEmpty ? "" : " " + words.joined(separator: " ") + " " }
let importer = Change(author: "importer", note: "imported")

/// Equal as exported history: ids, deletion, and every revision's number, claimed author and
/// time, note, action, restore source and content (import provenance left out).
func sameHistory(_ a: [CaseRecord], _ b: [CaseRecord]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        x.id == y.id && x.deletedAt == y.deletedAt && x.revisions.count == y.revisions.count
            && zip(x.revisions, y.revisions).allSatisfy { $0.info.sameHistory(as: $1.info) && $0.file == $1.file }
    }
}
let bob = Change(author: "bob", note: "added charges")

@Suite("CaseStore contract")
struct StoreContractTests {
    @Test(arguments: TestBackend.all)
    func migrationsAreIdempotent(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let applied = try await store.appliedMigrations()
            let versions = Migrations.all.map(\.version)
            #expect(applied == versions)
            // Strictly increasing; a number reserved for a change still being written may be missing.
            #expect(versions.first == 1 && zip(versions, versions.dropFirst()).allSatisfy { $0 < $1 }, "numbered in order, each once")
            #expect(try await store.migrate().isEmpty)
            #expect(try await store.appliedMigrations() == applied)
        }
    }

    @Test(arguments: TestBackend.all)
    func createGetAndDuplicate(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let file = sampleCase()
            let created = try await store.create(file, change: alice)
            #expect(created.revision.number == 1)
            #expect(created.revision.author == "alice")
            let fetched = try await store.get("zz-sample")
            #expect(fetched.file == file)
            #expect(fetched.revision == created.revision)
            await #expect(throws: CaseStoreError.alreadyExists(id: "zz-sample")) {
                _ = try await store.create(file, change: alice)
            }
            await #expect(throws: CaseStoreError.notFound(id: "nope")) { _ = try await store.get("nope") }
        }
    }

    /// A table import's setting (SQLite checkpoints its log every 512 MB, not 32 MB) holds while
    /// any import runs, concurrent ones too, and is put back when the last ends, even by an error;
    /// the log is then empty. PostgreSQL has nothing to set; the writes are the same.
    @Test(arguments: TestBackend.all)
    func bulkWritingSetsTheStoreForImportsAndPutsItBack(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            func pages() async throws -> Int? {
                guard store.flavor == .sqlite else { return nil }
                return try await store.pool.withSession { db in
                    try await db.raw("PRAGMA wal_autocheckpoint").first(decodingColumn: "wal_autocheckpoint", as: Int.self)
                }
            }
            let usual = backend == .sqlite ? WALCheckpoint.pages : nil, bulk = backend == .sqlite ? WALCheckpoint.bulkPages : nil
            #expect(try await pages() == usual)
            struct Stop: Error {}
            await #expect(throws: Stop.self) {
                try await store.bulkWriting {
                    #expect(try await pages() == bulk)
                    try await store.bulkWriting {
                        _ = try await store.createAll([sampleCase(id: "zz-bulk-a")], change: alice)
                        #expect(try await pages() == bulk)
                    }
                    #expect(try await pages() == bulk, "the outer import still runs")
                    throw Stop()
                }
            }
            #expect(try await pages() == usual)
            #expect(try await store.get("zz-bulk-a").currentRevision == 1)
            if backend == .sqlite {
                let path = try #require(try await store.pool.withSession { db in
                    try await db.raw("PRAGMA database_list").first(decodingColumn: "file", as: String.self)
                })
                let log = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
                #expect(log == 0, "checkpointed and truncated")
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func manyNewCasesAreWrittenAllOrNone(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            // More than one multi-row INSERT, so the chunking is exercised.
            let count = SQLCaseStore.rowsPerInsert + 7
            let files = (0..<count).map { sampleCase(id: "zz-batch-\($0)", name: "Batch Person \($0)") }
            _ = try await store.create(sampleCase(id: "zz-taken"), change: alice)
            await #expect(throws: CaseStoreError.alreadyExists(id: "zz-taken")) {
                try await store.createAll(files + [sampleCase(id: "zz-taken")], change: bob)
            }
            #expect(try await store.current(files.map(\.id)).isEmpty, "a refused batch writes nothing")

            let stored = try await store.createAll(files, change: bob)
            #expect(stored.map(\.file) == files && stored.allSatisfy { $0.currentRevision == 1 })
            let current = try await store.current(files.map(\.id) + ["zz-taken", "zz-absent"])
            #expect(current.count == count + 1 && current["zz-absent"] == nil)
            #expect(current["zz-batch-3"]?.file == files[3] && current["zz-batch-3"]?.revision.author == "bob")
            // As one create at a time: indexed, searchable, one audit entry each, the chain whole.
            var query = CaseQuery(text: "Batch", today: testToday)
            query.perPage = 1
            #expect(try await store.search(query).total == count)
            #expect(try await store.facets(includeDeleted: false).total == count + 1)
            let entries = try await store.audit(nil)
            #expect(entries.filter { $0.action == .create }.count == count + 1)
            #expect(try await store.verifyAudit().intact)
            let named = try await store.namedCases(state: "KZ", teams: nil)
            #expect(named.count == count + 1 && named.contains { $0 == ("zz-batch-9", "Batch Person 9") })
        }
    }

    @Test(arguments: TestBackend.all)
    func revisionsStaleWriteHistoryDiffRestore(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            var file = sampleCase()
            _ = try await store.create(file, change: alice)
            file.charges.append(Charge(label: "abuse of power"))
            file.timeline[0].date = try CaseDate(parsing: "2022-01-06")
            let second = try await store.update(file, basedOn: 1, change: bob)
            #expect(second.revision.number == 2)

            // A writer still on revision 1 is refused and learns the current revision.
            var stale = sampleCase()
            stale.summary = "overwrite"
            await #expect(throws: CaseStoreError.staleWrite(id: "zz-sample", current: 2)) {
                _ = try await store.update(stale, basedOn: 1, change: alice)
            }
            #expect(try await store.get("zz-sample").file == file)

            let history = try await store.history("zz-sample")
            #expect(history.map(\.number) == [1, 2])
            #expect(history.map(\.author) == ["alice", "bob"])
            #expect(history.map(\.note) == ["first draft", "added charges"])

            let changes = try await store.diff("zz-sample", from: 1, to: 2)
            #expect(changes.contains(FieldChange(path: "timeline[0].date", old: .string("2022-01-05"), new: .string("2022-01-06"))))
            #expect(changes.contains { $0.path == "charges[1]" && $0.old == nil })

            let restored = try await store.restore("zz-sample", revision: 1, basedOn: 2, change: Change(author: "carol", note: "undo"))
            #expect(restored.revision.number == 3)
            #expect(restored.revision.action == .restore)
            #expect(restored.revision.restoredFrom == 1)
            #expect(try await store.get("zz-sample").file == sampleCase())
            #expect(try await store.get("zz-sample", revision: 2).file == file)
            #expect(try await store.diff("zz-sample", from: 1, to: 3).isEmpty)
            await #expect(throws: CaseStoreError.revisionNotFound(id: "zz-sample", revision: 9)) {
                _ = try await store.restore("zz-sample", revision: 9, basedOn: nil, change: alice)
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func softDeleteAndUndelete(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(sampleCase(), change: alice)
            try await store.delete("zz-sample", change: bob)
            await #expect(throws: CaseStoreError.notFound(id: "zz-sample")) { _ = try await store.get("zz-sample") }
            #expect(try await store.search(CaseQuery(today: testToday)).total == 0)
            var deleted = CaseQuery(today: testToday)
            deleted.onlyDeleted = true
            #expect(try await store.search(deleted).items.map(\.id) == ["zz-sample"])
            // The id stays taken: a deleted case can be restored, never silently replaced.
            await #expect(throws: CaseStoreError.alreadyExists(id: "zz-sample")) {
                _ = try await store.create(sampleCase(), change: alice)
            }
            let back = try await store.undelete("zz-sample", change: bob)
            #expect(back.file == sampleCase())
            #expect(try await store.history("zz-sample").count == 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func searchFiltersSortAndPagination(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(sampleCase(id: "kz-one", state: "KZ", name: "Nurlan Abdrakhmanov", charge: "treason", profile: "political-figure"), change: alice)
            _ = try await store.create(sampleCase(id: "by-two", state: "BY", name: "Maria Kalesnikava", charge: "conspiracy", profile: "political-opposition",
                                                  summary: "Detained after tearing up her passport at the border."), change: alice)
            _ = try await store.create(sampleCase(id: "ir-three", state: "IR", name: "Narges Test", charge: "propaganda against the state",
                                                  profile: "human-rights-defender"), change: alice)

            #expect(try await store.search(CaseQuery(text: "treason", today: testToday)).items.map(\.id) == ["kz-one"])
            #expect(try await store.search(CaseQuery(text: "Kalesnikava", today: testToday)).items.map(\.id) == ["by-two"])
            #expect(try await store.search(CaseQuery(text: "passports", today: testToday)).items.map(\.id) == ["by-two"])  // stemming
            #expect(try await store.search(CaseQuery(text: "\"press conference\" -treason", today: testToday)).items.map(\.id).sorted() == ["ir-three"])
            #expect(try await store.search(CaseQuery(text: "treason or conspiracy", today: testToday)).total == 2)
            #expect(try await store.search(CaseQuery(text: "nothing-matches-this", today: testToday)).total == 0)
            // Input that would be FTS5 syntax is only ever words.
            #expect(try await store.search(CaseQuery(text: "NEAR(\"a\" * ) OR ^ :", today: testToday)).total >= 0)

            var byState = CaseQuery(today: testToday)
            byState.state = "by"
            #expect(try await store.search(byState).items.map(\.id) == ["by-two"])
            var byProfile = CaseQuery(today: testToday)
            byProfile.profile = .humanRightsDefender
            #expect(try await store.search(byProfile).items.map(\.id) == ["ir-three"])
            var byStage = CaseQuery(today: testToday)
            byStage.stage = .draft
            #expect(try await store.search(byStage).total == 3)
            var overdue = CaseQuery(today: testToday)
            overdue.overdue = true
            #expect(try await store.search(overdue).total == 0)

            var sorted = CaseQuery(today: testToday)
            sorted.sort = .state
            sorted.perPage = 2
            let first = try await store.search(sorted)
            #expect(first.total == 3)
            #expect(first.items.map(\.id) == ["by-two", "ir-three"])
            sorted.page = 2
            #expect(try await store.search(sorted).items.map(\.id) == ["kz-one"])
        }
    }

    @Test(arguments: TestBackend.all)
    func overdueComparesStoredDueDateWithToday(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            var file = sampleCase()
            file.procedure = [ProcedureEvent(date: try CaseDate(parsing: "2022-04-07"), type: .transmittedToGovernment)]
            _ = try await store.create(file, change: alice)
            var before = CaseQuery(today: try CaseDate(parsing: "2022-06-01"))
            before.overdue = true
            #expect(try await store.search(before).total == 0)
            var after = CaseQuery(today: try CaseDate(parsing: "2022-06-07"))
            after.overdue = true
            let page = try await store.search(after)
            #expect(page.items.map(\.id) == ["zz-sample"])
            #expect(page.items.first?.nextDue?.description == "2022-06-06")
            #expect(page.items.first?.overdue == true)
        }
    }

    @Test(arguments: TestBackend.all)
    func exportThenImportGivesSameCasesAndHistory(_ backend: TestBackend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var exported: [CaseRecord] = []
        try await withStore(backend) { store in
            var file = sampleCase()
            file.extensions = .object([.init("zeta", .int(1)), .init("alpha", .string("kept in order"))])
            _ = try await store.create(file, change: alice)
            file.summary = "Second version."
            _ = try await store.update(file, basedOn: 1, change: bob)
            _ = try await store.restore(file.id, revision: 1, basedOn: 2, change: alice)
            _ = try await store.create(sampleCase(id: "gone"), change: alice)
            try await store.delete("gone", change: bob)
            exported = try await store.exportAll()
            try CaseArchive.write(exported, to: directory)
        }
        #expect(exported.count == 2)
        try await withStore(backend) { store in
            for item in try CaseArchive.read(paths: [directory.path]) {
                guard case .record(let record, _) = item else { Issue.record("expected history for every case"); continue }
                try await store.importRecord(record, importer: importer)
            }
            #expect(sameHistory(try await store.exportAll(), exported))
            #expect(try await store.history("zz-sample").map(\.number) == [1, 2, 3])
            await #expect(throws: CaseStoreError.notFound(id: "gone")) { _ = try await store.get("gone") }
        }
        // The bundle form used by the HTTP API round-trips too.
        let bundle = ValueWriter.json(CaseArchive.bundle(exported))
        #expect(try CaseArchive.records(fromBundle: ValueJSON.parse(bundle)) == exported)
    }

    @Test(arguments: TestBackend.all)
    func failedWriteLeavesNothingBehind(_ backend: TestBackend) async throws {
        struct Boom: Error {}
        try await withStore(backend) { store in
            _ = try await store.create(sampleCase(id: "kept"), change: alice)
            // A write that fails after its first statement: the row it inserted must not survive.
            await #expect(throws: Boom.self) {
                try await store.pool.transaction { db in
                    try await db.raw("""
                        INSERT INTO cases (id, revision, created_at, updated_at, title, person_name, state, profiles,
                                           categories, stage, search_text)
                        VALUES ('half', 1, 'x', 'x', 't', 'p', 'KZ', '', '', 'draft', '')
                        """).run()
                    throw Boom()
                }
            }
            // An import whose second revision clashes inside the transaction leaves no case.
            let clash = CaseRecord(id: "kept", revisions: [
                .init(info: RevisionInfo(number: 1, author: "a", note: "", createdAt: Date(timeIntervalSince1970: 1_700_000_000), action: .import),
                      file: sampleCase(id: "kept")),
            ])
            await #expect(throws: CaseStoreError.alreadyExists(id: "kept")) { try await store.importRecord(clash, importer: importer) }
            // A stale write changes nothing, not even the denormalised columns.
            var other = sampleCase(id: "kept", state: "BY")
            other.summary = "changed"
            await #expect(throws: CaseStoreError.staleWrite(id: "kept", current: 1)) {
                _ = try await store.update(other, basedOn: 0, change: bob)
            }
            #expect(try await store.exportAll().map(\.id) == ["kept"])
            #expect(try await store.search(CaseQuery(today: testToday)).items.map(\.state) == ["KZ"])
            #expect(try await store.history("kept").count == 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func firstArrestIsIndexedOnEverySave(_ backend: TestBackend) async throws {
        func firstArrest(_ store: SQLCaseStore, _ id: String = "zz-sample") async throws -> String? {
            var query = CaseQuery(today: testToday)
            query.includeDeleted = true
            return try await store.search(query).items.first { $0.id == id }?.firstArrest?.description
        }
        try await withStore(backend) { store in
            var file = sampleCase()
            _ = try await store.create(file, change: alice)
            #expect(try await firstArrest(store) == "2022-01-05")
            // An earlier arrest, with a time, listed after the first: the earliest day counts.
            file.timeline.append(TimelineEvent(date: try CaseDate(parsing: "2021-12-31T23:30:00+06:00"), type: .arrest))
            _ = try await store.update(file, basedOn: 1, change: bob)
            #expect(try await firstArrest(store) == "2021-12-31")
            file.timeline = []
            _ = try await store.update(file, basedOn: 2, change: bob)
            #expect(try await firstArrest(store) == nil)
            _ = try await store.restore(file.id, revision: 1, basedOn: 3, change: alice)
            #expect(try await firstArrest(store) == "2022-01-05")
            try await store.delete(file.id, change: bob)
            #expect(try await firstArrest(store) == "2022-01-05")

            var imported = sampleCase(id: "zz-imported")
            imported.timeline[0].date = try CaseDate(parsing: "2020-02-29")
            try await store.importRecord(CaseRecord(id: "zz-imported", revisions: [
                .init(info: RevisionInfo(number: 1, author: "a", note: "", createdAt: Date(timeIntervalSince1970: 1_700_000_000), action: .import),
                      file: imported),
            ]), importer: importer)
            #expect(try await firstArrest(store, "zz-imported") == "2020-02-29")
        }
    }

    /// Migration 3 on a database written by the previous schema: the date comes from each case's
    /// current revision (deleted cases too), and no stored value changes.
    @Test(arguments: TestBackend.all)
    func firstArrestMigrationBackfillsWithoutChangingData(_ backend: TestBackend) async throws {
        try await withOlderSchema(backend, through: 2) { pool in
            let key = TestBackend.masterKey
            var first = sampleCase(id: "aa-two-revisions")
            var second = first
            second.timeline = [TimelineEvent(date: try CaseDate(parsing: "2022-02-10"), type: .release),
                               TimelineEvent(date: try CaseDate(parsing: "2021-11-03"), type: .arrest)]
            first.summary = "First version."
            var noArrest = sampleCase(id: "bb-no-arrest")
            noArrest.timeline = []
            let deleted = sampleCase(id: "cc-deleted")
            let rows: [(id: String, bodies: [CaseFile], deletedAt: String?)] = [
                (first.id, [first, second], nil), (noArrest.id, [noArrest], nil), (deleted.id, [deleted], "2024-01-01T00:00:00.000Z"),
            ]
            let flavor = pool.flavor
            try await pool.transaction { db in
                for row in rows {
                    let index = CaseIndex(row.bodies.last!)
                    // The columns of schema version 2, as an older release wrote them.
                    try await db.raw("""
                        INSERT INTO cases (id, revision, created_at, updated_at, deleted_at, title, person_name, state, profiles,
                                           categories, stage, next_due, search_text)
                        VALUES (\(bind: row.id), \(bind: row.bodies.count), '2023-05-01T10:00:00.000Z', '2023-05-02T10:00:00.000Z',
                                \(bind: row.deletedAt), \(bind: index.title), \(bind: index.personName), \(bind: index.state),
                                \(bind: oldTokens(index.profiles.map(\.rawValue))), \(bind: oldTokens(index.categories.map(\.rawValue))),
                                \(bind: index.stage.rawValue), \(bind: index.nextDue?.description), \(bind: index.searchText))
                        """).run()
                    if flavor == .sqlite {
                        try await db.raw("INSERT INTO case_search (case_id, body) VALUES (\(bind: row.id), \(bind: index.searchText))").run()
                    }
                    for (n, body) in row.bodies.enumerated() {
                        try await db.raw("""
                            INSERT INTO case_revisions (case_id, number, author, note, created_at, action, restored_from, body)
                            VALUES (\(bind: row.id), \(bind: n + 1), 'alice', '', '2023-05-01T10:00:00.000Z', 'create', NULL, \(bind: body.jsonText()))
                            """).run()
                    }
                }
            }
            // The columns of schema version 2 (later migrations add columns `exportAll` reads).
            @Sendable func snapshot() async throws -> [String] {
                try await pool.withSession { db in
                    try await db.raw("""
                        SELECT case_id, number, author, note, created_at, action, restored_from FROM case_revisions ORDER BY case_id, number
                        """).all().map { row in
                        [try row.decode(column: "case_id", as: String.self), String(try row.decode(column: "number", as: Int.self)),
                         try row.decode(column: "author", as: String.self), try row.decode(column: "note", as: String.self),
                         try row.decode(column: "created_at", as: String.self), try row.decode(column: "action", as: String.self),
                         String(describing: try row.decode(column: "restored_from", as: Int?.self))].joined(separator: "|")
                    }
                }
            }
            let before = try await snapshot()
            let bodiesBefore = try await pool.withSession { db in
                try await db.raw("SELECT body FROM case_revisions ORDER BY case_id, number").all().map { try $0.decode(column: "body", as: String.self) }
            }

            // Migrations 3 to 6 add and fill columns without changing a stored value.
            #expect(try await Migrations.run(on: pool, master: key, through: Migrations.encryption - 1) == Array(3..<Migrations.encryption))
            #expect(try await snapshot() == before)
            let bodiesAfter = try await pool.withSession { db in
                try await db.raw("SELECT body FROM case_revisions ORDER BY case_id, number").all().map { try $0.decode(column: "body", as: String.self) }
            }
            #expect(bodiesAfter == bodiesBefore)
            // The encryption migration seals them; what they say reads back the same.
            #expect(try await Migrations.run(on: pool, master: key) == Migrations.all.map(\.version).filter { $0 >= Migrations.encryption })
            let store = try await SQLCaseStore.opening(pool: pool, master: key, logger: Logger(label: "test"))

            var all = CaseQuery(today: testToday)
            all.includeDeleted = true
            all.sort = .title
            let items = try await store.search(all).items
            #expect(items.map(\.id) == ["aa-two-revisions", "bb-no-arrest", "cc-deleted"])
            #expect(items.map { $0.firstArrest?.description } == ["2021-11-03", nil, "2022-01-05"])
            let exported = try await store.exportAll()
            #expect(exported.map(\.id) == ["aa-two-revisions", "bb-no-arrest", "cc-deleted"])
            #expect(exported.flatMap { $0.revisions.map(\.file) } == rows.flatMap(\.bodies))
            #expect(try await store.search(CaseQuery(text: "press conference", today: testToday)).total == 2)
            try await store.close()
        }
    }
}
