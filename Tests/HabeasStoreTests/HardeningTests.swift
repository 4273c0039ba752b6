import Foundation
import HabeasCore
@testable import HabeasStore
import SQLKit
import Testing
import HabeasTestSupport

/// Issue 10 on the storage side: numbers, bundles, provenance, resumable imports, NUL bytes,
/// purge, facets and files at rest.

private let claimedTime = Date(timeIntervalSince1970: 1_000_000_000)

/// A case with `count` revisions (the last one restores the first when there are three or more),
/// authored by `claimedAuthor` at fixed times.
func historyRecord(_ id: String, revisions count: Int = 2, state: String = "KZ", claimedAuthor: String = "claimed-author",
                   deletedAt: Date? = nil) -> CaseRecord {
    var revisions: [CaseRecord.Revision] = []
    for n in 1...count {
        // Parsed once per State, then varied: thousands of cases stay quick to build.
        var file = baseCases[state] ?? sampleCase(state: state)
        file.id = id
        file.summary = n == 1 ? "First version of \(id)." : "Version \(n) of \(id)."
        let restore = n >= 3 && n == count
        if restore { file = revisions[0].file }
        revisions.append(.init(info: RevisionInfo(number: n, author: claimedAuthor, note: "note \(n)",
                                                  createdAt: claimedTime.addingTimeInterval(Double(n) * 60),
                                                  action: n == 1 ? .create : restore ? .restore : .update,
                                                  restoredFrom: restore ? 1 : nil),
                               file: file))
    }
    return CaseRecord(id: id, revisions: revisions, deletedAt: deletedAt)
}

private let baseCases: [String: CaseFile] = Dictionary(uniqueKeysWithValues: ["KZ", "BY", "IR", "CN", "VE"].map { ($0, sampleCase(state: $0)) })

func items(_ records: [CaseRecord]) -> [CaseArchive.Item] { records.map { .record($0, path: "test: \($0.id)") } }

@Suite("Store hardening")
struct HardeningTests {
    // MARK: Numbers

    @Test(arguments: TestBackend.all)
    func pageOffsetsNeverTrap(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(sampleCase(), change: alice)
            for (page, perPage) in [(Int.max, 200), (Int.max / 2, 25), (Int.max / 200 + 2, 200), (Int.max, 1), (CaseQuery.maxOffset, 2)] {
                var query = CaseQuery(today: testToday)
                query.page = page
                query.perPage = perPage
                await #expect(throws: StoreError.self, "page \(page) × \(perPage)") { _ = try await store.search(query) }
            }
            // Far pages within the bound are just empty.
            var far = CaseQuery(today: testToday)
            far.page = 1_000_000
            #expect(try await store.search(far).items.isEmpty)
            // Out-of-range values are clamped, not trusted.
            var odd = CaseQuery(today: testToday)
            odd.page = Int.min
            odd.perPage = Int.max
            #expect(try await store.search(odd).items.count == 1)
        }
    }

    @Test func bundlesWithBadNumbersAreRefusedWithTheReason() throws {
        let good = historyRecord("kz-good", revisions: 3)
        func mutated(_ change: (inout CaseRecord) -> Void) -> CaseRecord {
            var record = good
            change(&record)
            return record
        }
        let bad: [(CaseRecord, String)] = [
            (mutated { $0.revisions[0].info.number = Int.max }, "revisions[0].number"),
            (mutated { $0.revisions[0].info.number = -1 }, "revisions[0].number"),
            (mutated { $0.revisions[1].info.number = 3 }, "revisions[1].number"),          // a revision missing
            (mutated { $0.revisions.remove(at: 0) }, "revisions[0].number"),              // history without its start
            (mutated { $0.revisions[1].info.number = 1 }, "revisions[1].number"),          // repeated
            (mutated { $0.revisions[2].info.restoredFrom = 7 }, "revisions[2].restoredFrom"),  // dangling
            (mutated { $0.revisions[2].info.restoredFrom = -3 }, "revisions[2].restoredFrom"),
            (mutated { $0.revisions[2].info.restoredFrom = 3 }, "revisions[2].restoredFrom"),  // itself
            (mutated { $0.revisions[1].file = sampleCase(id: "other") }, "revisions[1].case.id"),
            (mutated { $0.revisions = [] }, "revisions"),
            (mutated { $0.revisions[0].info.author = String(repeating: "a", count: 1000) }, "revisions[0].author"),
        ]
        #expect(throws: Never.self) { try good.validate() }
        for (record, field) in bad {
            #expect {
                try record.validate()
            } throws: { error in
                guard case .invalidInput(let reported, let reason)? = error as? StoreError else { return false }
                return reported.hasSuffix(field) && !reason.isEmpty
            }
            // The bundle reader refuses the same documents, with the same field named.
            let text = ValueWriter.json(CaseArchive.bundle([record]))
            #expect {
                _ = try CaseArchive.items(from: Array(text.utf8), name: "bundle.json")
            } throws: { error in
                (error as? CaseArchive.ArchiveError)?.description.contains(field) == true
            }
        }
    }

    @Test func invalidUTF8IsRefusedNotReplaced() throws {
        var bytes = Array(ValueWriter.json(CaseArchive.bundle([historyRecord("kz-utf")])).utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "F"))!  // inside "First version"
        bytes[at] = 0xFF
        #expect(throws: CaseArchive.ArchiveError.self) { _ = try CaseArchive.items(from: bytes, name: "bundle.json") }
        var yaml = Array(sampleCase().yamlText().utf8)
        yaml.append(contentsOf: [0x23, 0x20, 0xC3, 0x28, 0x0A])  // "# " + an invalid sequence
        #expect(throws: CaseArchive.ArchiveError.self) { _ = try CaseArchive.items(from: yaml, name: "case.yaml") }
    }

    @Test func archivesBeyondTheLimitAreRefusedBeforeParsing() {
        let text = Array(ValueWriter.json(CaseArchive.bundle([historyRecord("kz-big")])).utf8)
        #expect(throws: StoreError.tooLarge(limit: 100)) { _ = try CaseArchive.items(from: text, name: "b", limit: 100) }
        #expect(CaseArchive.maxArchiveBytes >= 100 * 1_048_576, "room for thousands of cases with history")
    }

    @Test(arguments: TestBackend.all)
    func aRevisionCounterAtTheLimitRefusesInsteadOfTrapping(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(sampleCase(), change: alice)
            // As an import before the bound could leave it (PostgreSQL's INTEGER stops at Int32.max).
            let top = backend == .postgres ? Int(Int32.max) : Int.max
            let key = try store.keys.rowKey("zz-sample")
            // A body is sealed for its revision number, so it is sealed again for the new one.
            let body = try store.codec.seal(sampleCase(), rowKey: key, revision: top)
            try await store.pool.withSession { db in
                try await db.raw("UPDATE case_revisions SET number = \(bind: top), body = \(bind: body) WHERE case_id = \(bind: key)").run()
                try await db.raw("UPDATE cases SET revision = \(bind: top) WHERE id = \(bind: key)").run()
            }
            var file = sampleCase()
            file.summary = "edited"
            await #expect(throws: StoreError.self) { _ = try await store.update(file, basedOn: top, change: bob) }
            await #expect(throws: StoreError.self) { _ = try await store.restore(file.id, revision: top, basedOn: top, change: bob) }
            #expect(try await store.get("zz-sample").file == sampleCase())
        }
    }

    // MARK: Provenance

    @Test(arguments: TestBackend.all)
    func importedHistoryKeepsItsClaimsMarkedAndTheImporterIsRecorded(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let before = Timestamp.now()
            try await store.importRecord(historyRecord("kz-claims", revisions: 3, claimedAuthor: "someone else"), importer: importer)
            let history = try await store.history("kz-claims")
            #expect(history.map(\.author) == ["someone else", "someone else", "someone else"])
            #expect(history.map(\.createdAt) == [1, 2, 3].map { claimedTime.addingTimeInterval(Double($0) * 60) })
            #expect(history.allSatisfy { $0.imported?.by == "importer" && $0.imported!.at >= before })
            let audit = try await store.audit("kz-claims")
            #expect(audit.map(\.action) == [.import])
            #expect(audit.first?.author == "importer")
            #expect(audit.first!.at >= before)

            // Revisions written afterwards are the store's own: no claim, the writer and now.
            var file = try await store.get("kz-claims").file
            file.summary = "edited after import"
            let edited = try await store.update(file, basedOn: 3, change: bob)
            #expect(edited.revision.imported == nil && edited.revision.author == "bob" && edited.revision.createdAt >= before)
            #expect(try await store.history("kz-claims").last?.imported == nil)
            // The claim marker survives an export (informative; a later import records its own).
            let exported = try await store.exportAll()
            guard case .array(let written)? = CaseArchive.value(of: exported[0])["revisions"] else { Issue.record("no revisions"); return }
            #expect(written.first?["importedBy"] == .string("importer"))
        }
    }

    // MARK: Resumable, idempotent imports

    @Test(arguments: TestBackend.all)
    func reRunningAFinishedOrInterruptedImportSucceeds(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let records = (1...7).map { historyRecord(String(format: "kz-case-%02d", $0), revisions: $0 % 3 + 1) }
            // Interrupted after the first three cases.
            let first = try await store.importItems(items(Array(records.prefix(3))), importer: importer, batchSize: 2)
            #expect(first.imported.map(\.id) == records.prefix(3).map(\.id))
            // The whole import again: what is there is reported as already present, the rest written.
            let second = try await store.importItems(items(records), importer: importer, batchSize: 2)
            #expect(second.alreadyPresent.map(\.id) == records.prefix(3).map(\.id))
            #expect(second.imported.map(\.id) == records.dropFirst(3).map(\.id))
            #expect(second.conflicts.isEmpty)
            // And once more, finished: nothing to do, nothing failed.
            let third = try await store.importItems(items(records), importer: importer, batchSize: 500)
            #expect(third.alreadyPresent.count == 7 && third.imported.isEmpty && third.conflicts.isEmpty)
            #expect(sameHistory(try await store.exportAll(), records))
            #expect(try await store.audit(nil).count == 7, "one import entry per case actually written")

            // A plain case file already stored is skipped too.
            let plain = sampleCase(id: "zz-plain")
            let once = try await store.importItems([.caseFile(plain, path: "plain.yaml")], importer: importer, batchSize: 10)
            #expect(once.imported.count == 1)
            #expect(try await store.history("zz-plain").first?.author == "importer")
            let twice = try await store.importItems([.caseFile(plain, path: "plain.yaml")], importer: importer, batchSize: 10)
            #expect(twice.alreadyPresent.map(\.id) == ["zz-plain"])

            // A different case under a stored id is a conflict, reported; the stored one is untouched.
            let other = historyRecord("kz-case-01", revisions: 1, claimedAuthor: "someone else entirely")
            let clash = try await store.importItems(items([other]), importer: importer, batchSize: 10)
            #expect(clash.conflicts.map(\.id) == ["kz-case-01"])
            #expect(try await store.history("kz-case-01").map(\.author) == ["claimed-author", "claimed-author"])
        }
    }

    @Test(arguments: TestBackend.all)
    func anInvalidRecordRefusesTheWholeImportBeforeAnythingIsWritten(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            var records = (1...5).map { historyRecord("kz-all-\($0)") }
            records[3].revisions[1].info.number = 5
            await #expect(throws: StoreError.self) { _ = try await store.importItems(items(records), importer: importer, batchSize: 1) }
            let afterInvalid = try await store.exportAll()
            #expect(afterInvalid.isEmpty)
            // The same id twice in one import.
            let twice = [historyRecord("kz-twice"), historyRecord("kz-twice", revisions: 1)]
            await #expect(throws: StoreError.self) { _ = try await store.importItems(items(twice), importer: importer, batchSize: 10) }
            let afterTwice = try await store.exportAll()
            #expect(afterTwice.isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func anImportStoppedByAnErrorReportsExactlyWhatWasWritten(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            var records = (1...6).map { historyRecord("kz-batch-\($0)") }
            // Passes validation, fails at the database (a NUL byte) in the third batch of two.
            records[4].revisions[1].file.summary = "cut\u{0}here"
            await #expect {
                _ = try await store.importItems(items(records), importer: importer, batchSize: 2)
            } throws: { error in
                guard let stopped = error as? ImportInterrupted else { return false }
                return stopped.report.imported.map(\.id) == ["kz-batch-1", "kz-batch-2", "kz-batch-3", "kz-batch-4"]
                    && stopped.notWritten == ["kz-batch-5", "kz-batch-6"]
            }
            let written = try await store.exportAll().map(\.id)
            #expect(written == ["kz-batch-1", "kz-batch-2", "kz-batch-3", "kz-batch-4"])
        }
    }

    /// A backup of 2,000 cases with history restores identically into an empty database, from the
    /// export directory (`habeas export` → `habeas import`) and from the bundle (web/API → import).
    @Test(arguments: TestBackend.all)
    func twoThousandCasesWithHistoryRoundTrip(_ backend: TestBackend) async throws {
        let states = ["KZ", "BY", "IR", "CN", "VE"]
        let source = (0..<2_000).map { n in
            historyRecord(String(format: "xx-bulk-%04d", n), revisions: n % 3 + 1, state: states[n % states.count],
                          deletedAt: n % 97 == 0 ? claimedTime.addingTimeInterval(86_400) : nil)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-bulk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var exported: [CaseRecord] = []
        try await withStore(backend) { store in
            let report = try await store.importItems(items(source), importer: importer, batchSize: 500)
            #expect(report.imported.count == 2_000)
            exported = try await store.exportAll()
            try CaseArchive.write(exported, to: directory)
        }
        #expect(sameHistory(exported, source))
        // The directory (`habeas export`) and the bundle (web, API) read back as the same records…
        let fromDirectory = try CaseArchive.read(paths: [directory.path])
        let fromBundle = try CaseArchive.items(from: Array(ValueWriter.json(CaseArchive.bundle(exported)).utf8), name: "habeas-export.json")
        func records(_ items: [CaseArchive.Item]) -> [CaseRecord] {
            items.compactMap { if case .record(let record, _) = $0 { record } else { nil } }.sorted { $0.id < $1.id }
        }
        #expect(records(fromDirectory).count == 2_000 && fromBundle.count == 2_000)
        #expect(sameHistory(records(fromDirectory), exported))
        #expect(sameHistory(records(fromBundle), exported))
        // …and restore identically into an empty database through the one import path.
        try await withStore(backend) { store in
            let report = try await store.importItems(fromDirectory, importer: importer, batchSize: 500)
            #expect(report.imported.count == 2_000 && report.conflicts.isEmpty)
            #expect(sameHistory(try await store.exportAll(), exported))
            #expect(try await store.search(CaseQuery(today: testToday)).total == 2_000 - source.filter { $0.deletedAt != nil }.count)
        }
    }

    // MARK: NUL bytes

    @Test(arguments: TestBackend.all)
    func nulBytesAreTheClientsErrorOnEveryBackend(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(sampleCase(), change: alice)
            for text in ["a\u{0}b", "\u{0}"] {
                await #expect(throws: StoreError.invalidInput(field: "q", reason: "contains a NUL character (U+0000)")) {
                    _ = try await store.search(CaseQuery(text: text, today: testToday))
                }
                var byState = CaseQuery(today: testToday)
                byState.state = text
                await #expect(throws: StoreError.self) { _ = try await store.search(byState) }
                await #expect(throws: StoreError.self) { _ = try await store.get(text) }
                await #expect(throws: StoreError.self) { _ = try await store.history(text) }
                await #expect(throws: StoreError.self) { try await store.delete(text, change: alice) }
                var file = sampleCase(id: "zz-nul")
                file.summary = "before" + text
                await #expect(throws: StoreError.self) { _ = try await store.create(file, change: alice) }
                var update = sampleCase()
                update.person.name = text
                await #expect(throws: StoreError.self) { _ = try await store.update(update, basedOn: 1, change: alice) }
                await #expect(throws: StoreError.self) { _ = try await store.update(sampleCase(), basedOn: 1, change: Change(author: text)) }
                // An optional text parameter (who imported) is checked too.
                await #expect(throws: StoreError.self) {
                    try await store.importRecord(historyRecord("zz-nul-import"), importer: Change(author: "imp" + text))
                }
                // And any query at all, not only the store's own.
                await #expect(throws: StoreError.self) {
                    try await store.pool.withSession { db in
                        let optional: String? = text
                        try await db.raw("SELECT COUNT(*) AS n FROM cases WHERE id = \(bind: optional)").run()
                    }
                }
            }
            #expect(try await store.history("zz-sample").count == 1)
            #expect(try await store.exportAll().map(\.id) == ["zz-sample"])
        }
    }

    // MARK: Purge

    @Test(arguments: TestBackend.all)
    func purgeRemovesADeletedCaseForGoodAndLeavesOnlyAnAuditEntry(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            var file = sampleCase(summary: "Secret words nobody may keep.")
            _ = try await store.create(file, change: alice)
            file.charges.append(Charge(label: "extra"))
            _ = try await store.update(file, basedOn: 1, change: bob)
            _ = try await store.create(sampleCase(id: "zz-other"), change: alice)

            await #expect(throws: StoreError.self) { try await store.purge("zz-sample", change: alice) }  // not deleted
            await #expect(throws: CaseStoreError.notFound(id: "nope")) { try await store.purge("nope", change: alice) }
            try await store.delete("zz-sample", change: bob)
            try await store.purge("zz-sample", change: Change(author: "admin"))

            await #expect(throws: CaseStoreError.notFound(id: "zz-sample")) { _ = try await store.get("zz-sample", revision: nil, includeDeleted: true) }
            await #expect(throws: CaseStoreError.notFound(id: "zz-sample")) { try await store.purge("zz-sample", change: alice) }
            #expect(try await store.exportAll().map(\.id) == ["zz-other"])
            var all = CaseQuery(text: "secret", today: testToday)
            all.includeDeleted = true
            #expect(try await store.search(all).total == 0)
            let entry = try #require(try await store.audit("zz-sample").last)
            #expect(entry.action == .purge && entry.author == "admin" && entry.detail == "2 revisions removed")
            // Nothing of the content anywhere in the database.
            let leftovers = try await store.pool.withSession { db in
                try await db.raw("SELECT COUNT(*) AS n FROM case_revisions WHERE body LIKE '%Secret words%'").first(decodingColumn: "n", as: Int.self)
            }
            #expect(leftovers == 0)
            // The id is free again.
            _ = try await store.create(sampleCase(), change: alice)
            #expect(try await store.history("zz-sample").count == 1)
        }
    }

    // MARK: Facets

    @Test(arguments: TestBackend.all)
    func facetsCountStatesCategoriesAndStagesLikeTheFilters(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let empty = try await store.facets(includeDeleted: false)
            #expect(empty.total == 0 && empty.states.isEmpty && empty.categories.map(\.count) == [0, 0, 0, 0, 0])
            let report = try await store.importItems(items((0..<12).map { n in
                historyRecord("xx-facet-\(n)", state: ["KZ", "BY", "IR"][n % 3], deletedAt: n == 11 ? claimedTime : nil)
            }), importer: importer, batchSize: 100)
            #expect(report.imported.count == 12)
            let facets = try await store.facets(includeDeleted: false)
            #expect(facets.total == 11)
            #expect(facets.states == [.init("BY", 4), .init("IR", 3), .init("KZ", 4)])
            #expect(facets.categories.map(\.value) == [.I, .II, .III, .IV, .V])
            #expect(facets.stages.map(\.count).reduce(0, +) == 11)
            // Each count is what the list's filter finds.
            for count in facets.categories {
                var query = CaseQuery(today: testToday)
                query.category = count.value
                #expect(try await store.search(query).total == count.count, "category \(count.value)")
            }
            for count in facets.stages {
                var query = CaseQuery(today: testToday)
                query.stage = count.value
                #expect(try await store.search(query).total == count.count, "stage \(count.value)")
            }
            #expect(try await store.facets(includeDeleted: true).total == 12)
        }
    }

    // MARK: Files at rest

    @Test func databaseWALAndExportsAreCreatedPrivate() async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-perm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let path = parent.appendingPathComponent("data/cases.sqlite").path
        let store = try await CaseStores.open(.sqlite(path: path), master: TestBackend.masterKey)
        _ = try await store.create(sampleCase(), change: alice)
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o777
        }
        #expect(try mode(parent.appendingPathComponent("data").path) == 0o700)
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            #expect(try mode(file) == 0o600, "\(file)")
        }
        let records = try await store.exportAll()
        try await store.close()

        let exportDirectory = parent.appendingPathComponent("export/nested")
        let written = try CaseArchive.write(records, to: exportDirectory)
        #expect(try mode(exportDirectory.path) == 0o700)
        #expect(written.count == 2)
        for url in written { #expect(try mode(url.path) == 0o600, "\(url.lastPathComponent)") }
        // No temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: exportDirectory.path).count == 2)

        // An existing database left readable by others is narrowed when opened.
        let loose = parent.appendingPathComponent("loose.sqlite").path
        _ = FileManager.default.createFile(atPath: loose, contents: nil, attributes: [.posixPermissions: 0o644])
        let reopened = try await CaseStores.open(.sqlite(path: loose), master: TestBackend.masterKey)
        try await reopened.close()
        #expect(try mode(loose) == 0o600)
    }

    // MARK: Database URL

    @Test func thePostgresPasswordComesFromTheEnvironmentOrAFile() throws {
        let url = "postgres://habeas@db.example:5432/habeas"
        let env = [DatabaseLocation.urlEnvironmentVariable: url, DatabaseLocation.environmentVariable: "other.sqlite"]
        #expect(try DatabaseLocation.resolve(option: nil, environment: env) == .postgres(url: url))
        #expect(try DatabaseLocation.resolve(option: nil, environment: [DatabaseLocation.environmentVariable: "other.sqlite"]) == .sqlite(path: "other.sqlite"))
        #expect(try DatabaseLocation.resolve(option: "given.sqlite", environment: env) == .sqlite(path: "given.sqlite"))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-pw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let password = "p@ss:w/rd%20?#é"
        try Data((password + "\n").utf8).write(to: file)
        let located = try DatabaseLocation.resolve(option: nil, passwordFile: file.path, environment: env)
        #expect(located.postgresPassword == password)
        #expect(!located.description.contains("p@ss"), "never logged")
        // A password file for SQLite, or an empty or missing one, is a usage error.
        #expect(throws: DatabaseLocation.InvalidLocation.self) { _ = try DatabaseLocation.resolve(option: "x.sqlite", passwordFile: file.path, environment: [:]) }
        #expect(throws: DatabaseLocation.InvalidLocation.self) { _ = try DatabaseLocation.resolve(option: url, passwordFile: "/nonexistent/pw", environment: [:]) }
    }
}

/// What is accepted must be readable back: the deepest `extensions` the case reader accepts
/// (whatever its limit) survives the store, the export directory and the bundle.
@Suite("Accepted files round-trip")
struct AcceptedDepthTests {
    static func nested(_ depth: Int) -> Value {
        var value = Value.int(1)
        for _ in 0..<depth { value = .object([.init("a", value)]) }
        return value
    }

    static func deepCase(_ depth: Int) -> CaseFile? {
        var file = sampleCase(id: "zz-deep")
        file.extensions = nested(depth)
        return try? CaseFile.load(text: file.jsonText())
    }

    @Test(arguments: TestBackend.all)
    func theDeepestAcceptedCaseRoundTrips(_ backend: TestBackend) async throws {
        // The largest accepted depth up to 400, by bisection.
        var low = 1, high = 400
        #expect(Self.deepCase(low) != nil)
        if Self.deepCase(high) != nil { low = high }
        while high - low > 1 {
            let middle = (low + high) / 2
            if Self.deepCase(middle) != nil { low = middle } else { high = middle }
        }
        let file = try #require(Self.deepCase(low))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-deep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withStore(backend) { store in
            _ = try await store.create(file, change: alice)
            #expect(try await store.get("zz-deep").file == file, "depth \(low)")
            let exported = try await store.exportAll()
            try CaseArchive.write(exported, to: directory)
            let bundle = Array(ValueWriter.json(CaseArchive.bundle(exported)).utf8)
            for items in [try CaseArchive.read(paths: [directory.path]), try CaseArchive.items(from: bundle, name: "bundle.json")] {
                guard case .record(let record, _)? = items.first else { Issue.record("no record"); continue }
                #expect(record.revisions.last?.file == file, "depth \(low)")
            }
        }
    }
}
