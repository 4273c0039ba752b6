import Foundation
import HabeasCore
import HabeasKeys
@testable import HabeasStore
import HabeasTestSupport
import Logging
import Testing

/// Encryption at rest (docs/security.md): what a stolen database holds, what a wrong key does,
/// rotation, tampering, and search over tokens.
@Suite("Encryption at rest")
struct EncryptionTests {
    /// Every fixture case, and the names and ids a thief would look for in its bytes: each word of
    /// at least four letters of the people's names, other names and the case ids.
    static func fixtureCases() throws -> (files: [CaseFile], secrets: Set<String>) {
        let files = try Fixtures.all.map(Fixtures.load)
        var secrets: Set<String> = []
        for file in files {
            for text in [file.id, file.person.name] + file.person.otherNames {
                for word in text.split(whereSeparator: { !$0.isLetter }) where word.count >= 4 {
                    secrets.insert(word.lowercased())
                }
            }
        }
        // Words every case file has anyway (and so reveal nothing) are not secrets.
        secrets.subtract(["case", "detained", "person"])
        return (files, secrets)
    }

    /// The secrets found as words in `bytes` (`strings | grep -iw`, roughly): not preceded or
    /// followed by a letter or digit, so a short name that chance spells inside a sealed value's
    /// base64 or a token's letters does not count, and a name in clear — always set off by a space,
    /// a quote or a hyphen — does.
    static func found(_ secrets: Set<String>, in bytes: Data) -> [String] {
        let lowered = bytes.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }
        func isWordByte(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte >= 0x80 }
        return secrets.filter { secret in
            let needle = Array(secret.utf8)
            guard needle.count <= lowered.count else { return false }
            var start = 0
            while start + needle.count <= lowered.count {
                if lowered[start] == needle[0], Array(lowered[start..<start + needle.count]) == needle {
                    let before = start == 0 ? nil : lowered[start - 1]
                    let after = start + needle.count < lowered.count ? lowered[start + needle.count] : nil
                    if !(before.map(isWordByte) ?? false) && !(after.map(isWordByte) ?? false) { return true }
                }
                start += 1
            }
            return false
        }.sorted()
    }

    static func fill(_ store: SQLCaseStore, _ files: [CaseFile]) async throws {
        for file in files {
            _ = try await store.create(file, change: Change(author: "alice", note: "entered"))
            var edited = file
            edited.summary = (file.summary ?? "") + " Updated after a visit."
            _ = try await store.update(edited, basedOn: 1, change: Change(author: "bob"))
        }
        let massimov = files.first { $0.id == "kz-massimov" }!
        _ = try await store.attach(NewAttachment(sha256: String(repeating: "ab", count: 32), size: 10,
                                                 originalName: "Massimov detention order.pdf", detectedType: "application/pdf",
                                                 title: "Detention order for Karim Massimov"),
                                   to: massimov.id, change: Change(author: "alice"))
    }

    @Test func aStolenSQLiteFileAndItsWALHoldNoNameAndNoId() async throws {
        let (files, secrets) = try Self.fixtureCases()
        #expect(secrets.contains("massimov"))
        let path = TemporaryFiles.sqlitePath("habeas-sealed")
        defer { TemporaryFiles.removeSQLite(path) }
        let store = try await CaseStores.open(.sqlite(path: path), master: TestBackend.masterKey)
        try await Self.fill(store, files)
        // Before closing, the WAL holds the latest writes.
        let wal = FileManager.default.contents(atPath: path + "-wal") ?? Data()
        #expect(!wal.isEmpty)
        #expect(Self.found(secrets, in: wal) == [], "the WAL")
        // Everything still reads back and is found by search.
        #expect(try await store.get("kz-massimov").file.person.name == files.first { $0.id == "kz-massimov" }!.person.name)
        #expect(try await store.search(CaseQuery(text: "Massimov", today: .today())).items.map(\.id) == ["kz-massimov"])
        try await store.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Self.found(secrets, in: bytes) == [], "the database file")
    }

    @Test(arguments: TestBackend.all)
    func noTableHoldsANameInClear(_ backend: TestBackend) async throws {
        let (files, secrets) = try Self.fixtureCases()
        try await withStore(backend) { store in
            try await Self.fill(store, files)
            try await store.delete("fx-immigration", change: Change(author: "alice"))
            try await store.purge("fx-immigration", change: Change(author: "alice"))
            let tables = ["cases", "case_revisions", "case_attachments", "case_audit", "case_categories", "case_profiles", "habeas_data_keys"]
            for table in tables {
                let rows = try await store.pool.withSession { db in
                    switch store.flavor {
                    case .postgres:
                        return try await db.raw("SELECT row_to_json(t)::text AS row FROM \(ident: table) t").all()
                            .map { try $0.decode(column: "row", as: String.self) }
                    case .sqlite:
                        // Every column as text, joined.
                        let columns = try await db.raw("SELECT name FROM pragma_table_info(\(bind: table))").all()
                            .map { try $0.decode(column: "name", as: String.self) }
                        let select = columns.map { "COALESCE(CAST(\"\($0)\" AS TEXT), '')" }.joined(separator: " || ' ' || ")
                        return try await db.raw("SELECT \(unsafeRaw: select) AS row FROM \(ident: table)").all()
                            .map { try $0.decode(column: "row", as: String.self) }
                    }
                }
                #expect(Self.found(secrets, in: Data(rows.joined(separator: "\n").utf8)) == [], "table \(table)")
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func aWrongKeyIsRefusedAtOpenAndRotationKeepsEveryCase(_ backend: TestBackend) async throws {
        let (location, schema) = backend.freshLocation()
        defer { TemporaryFiles.remove(location) }
        let original = MasterKey.generate().key
        let store = try await CaseStores.open(location, schema: schema, master: original)
        _ = try await store.create(try Fixtures.massimov(), change: Change(author: "alice"))
        try await store.close()

        let stranger = MasterKey.generate().key
        await #expect(throws: KeyError.wrongMasterKey(expected: original.fingerprint, found: stranger.fingerprint)) {
            _ = try await CaseStores.open(location, schema: schema, master: stranger)
        }

        let next = MasterKey.generate().key
        #expect(try await CaseStores.rotateMasterKey(location, schema: schema, from: original, to: next) == 1)
        await #expect(throws: KeyError.self) { _ = try await CaseStores.open(location, schema: schema, master: original) }
        let reopened = try await CaseStores.open(location, schema: schema, master: next)
        #expect(try await reopened.get("kz-massimov").file == (try Fixtures.massimov()))
        #expect(try await reopened.search(CaseQuery(text: "massimov", today: .today())).total == 1)
        try await reopened.close()
    }

    @Test(arguments: TestBackend.all)
    func aBodyMovedToAnotherRevisionOrCaseDoesNotOpen(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let massimov = try Fixtures.massimov()
            let other = try Fixtures.load("fx-immigration")
            _ = try await store.create(massimov, change: Change(author: "alice"))
            _ = try await store.create(other, change: Change(author: "alice"))
            let (massimovKey, otherKey) = (try store.keys.rowKey(massimov.id), try store.keys.rowKey(other.id))
            try await store.pool.withSession { db in
                let body = try await db.raw("SELECT body FROM case_revisions WHERE case_id = \(bind: otherKey)")
                    .first(decodingColumn: "body", as: String.self)
                try await db.raw("UPDATE case_revisions SET body = \(bind: body) WHERE case_id = \(bind: massimovKey)").run()
            }
            await #expect(throws: CaseStoreError.self) { _ = try await store.get(massimov.id) }
            #expect(try await store.get(other.id).file == other)
        }
    }

    @Test(arguments: TestBackend.all)
    func searchFindsWholeWordsAndPluralsThroughTokens(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            for name in Fixtures.all { _ = try await store.create(try Fixtures.load(name), change: Change(author: "alice")) }
            func ids(_ text: String) async throws -> [String] {
                try await store.search(CaseQuery(text: text, today: .today())).items.map(\.id).sorted()
            }
            #expect(try await ids("MASSIMOV") == ["kz-massimov"])
            #expect(try await ids("massimov -massimov") == [])
            #expect(try await ids("massimov or nosuchwordanywhere") == ["kz-massimov"])
            #expect(try await ids("massimov nosuchwordanywhere") == [])
            #expect(try await ids("\"-\" ; *") == [])
            // A prefix is not a word: search gives that up (docs/security.md).
            #expect(try await ids("massim") == [])
        }
    }

    /// A database written before encryption: opening it seals every case in place, and the clear
    /// text leaves the file.
    @Test func anOlderClearDatabaseIsSealedWhenFirstOpened() async throws {
        let (files, secrets) = try Self.fixtureCases()
        let path = TemporaryFiles.sqlitePath("habeas-upgrade")
        defer { TemporaryFiles.removeSQLite(path) }
        let pool = try await CaseStores.pool(.sqlite(path: path), schema: nil, logger: Logger(label: "test"))
        _ = try await Migrations.run(on: pool, master: TestBackend.masterKey, through: Migrations.encryption - 1)
        try await pool.transaction { db in
            for file in files {
                let index = CaseIndex(file)
                try await db.raw("""
                    INSERT INTO cases (id, revision, created_at, updated_at, title, person_name, state, profiles, categories, stage, search_text)
                    VALUES (\(bind: file.id), 1, '2023-05-01T10:00:00.000Z', '2023-05-01T10:00:00.000Z', \(bind: index.title),
                            \(bind: index.personName), \(bind: index.state), '', '', \(bind: index.stage.rawValue), \(bind: index.searchText))
                    """).run()
                try await db.raw("INSERT INTO case_search (case_id, body) VALUES (\(bind: file.id), \(bind: index.searchText))").run()
                try await db.raw("""
                    INSERT INTO case_revisions (case_id, number, author, note, created_at, action, body)
                    VALUES (\(bind: file.id), 1, 'alice', '', '2023-05-01T10:00:00.000Z', 'create', \(bind: file.jsonText()))
                    """).run()
                try await SQLCaseStore.writeTerms(index, id: file.id, db: db, groups: false)
            }
            try await db.raw("""
                INSERT INTO case_audit (case_id, action, author, at, detail)
                VALUES ('zz-purged-person', 'purge', 'alice', '2023-05-01T10:00:00.000Z', '1 revision removed')
                """).run()
        }
        try await pool.shutdown()
        #expect(Self.found(secrets, in: try Data(contentsOf: URL(fileURLWithPath: path))) != [], "the old file holds names in clear")

        let store = try await CaseStores.open(.sqlite(path: path), master: TestBackend.masterKey)
        for file in files { #expect(try await store.get(file.id).file == file) }
        #expect(try await store.search(CaseQuery(text: "massimov", today: .today())).items.map(\.id) == ["kz-massimov"])
        #expect(try await store.audit("zz-purged-person").map(\.action) == [.purge])
        try await store.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes += FileManager.default.contents(atPath: path + "-wal") ?? Data()
        #expect(Self.found(secrets.union(["purged"]), in: bytes) == [])
    }
}
