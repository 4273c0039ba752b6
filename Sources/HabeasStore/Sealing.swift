import Foundation
import HabeasCore
import HabeasKeys
import Logging
import SQLKit
import Synchronization

/// The store's keys: the data keys of this database, opened with the master key, and what the
/// store seals with them (docs/security.md, "Encryption at rest"). Sealed: every revision body,
/// each case's id, title and person's name, the names, titles and removal reasons of its files,
/// and each user's second-factor secret. Case ids are replaced in every table by a keyed hash
/// (`rowKey`), and search reads keyed word tokens, so no table holds a name, a word of a case or
/// a source in clear.
public final class StoreKeys: Sendable {
    let master: MasterKey
    private let ring: Mutex<KeyRing>

    init(master: MasterKey, ring: KeyRing) {
        self.master = master
        self.ring = Mutex(ring)
    }

    var current: KeyRing { ring.withLock { $0 } }

    /// The fingerprint of the master key in use (never the key).
    public var masterFingerprint: String { master.fingerprint }

    /// The row key of a case id; an id with a NUL is the caller's error, as any text is.
    func rowKey(_ caseID: String) throws -> String {
        try NULGuard.check(caseID, field: "id")
        return current.blindIndex.rowKey(caseID)
    }

    func seal(_ text: String, context: String) -> String { current.seal(text, context: context) }

    /// Opens a sealed value. Rotation re-wraps the data keys and never adds one under a running
    /// server, so the keys loaded at start open every value.
    func open(_ sealed: String, context: String) throws -> String {
        try current.openText(sealed, context: context)
    }

    /// Reads the data keys again (after a restore replaced an empty database's own).
    func reload(pool: any DatabasePool) async throws {
        let stored = try await pool.withSession { db in try await Self.dataKeys(db) }
        let ring = try KeyRing(master: master, dataKeys: stored)
        self.ring.withLock { $0 = ring }
    }

    /// The search index text of a case: its distinct words as sorted tokens. Sorted, so the
    /// stored text keeps neither the order nor the frequency of the words.
    func searchTokens(_ text: String, limit: Int = .max) -> String {
        let index = current.blindIndex
        var chosen: [String] = []
        var bytes = 0
        // Words in the order the text has them, so a bound keeps the first ones.
        for token in index.tokens(text) {
            guard bytes + token.utf8.count + 1 <= limit else { break }
            bytes += token.utf8.count + 1
            chosen.append(token)
        }
        return chosen.sorted().joined(separator: " ")
    }

    /// A search box's input with every word replaced by its token, in the websearch syntax both
    /// engines read: words (all required), `or`, `-word`. A quoted phrase becomes its words, all
    /// required, since the index does not keep word order. Nil when no word is left.
    func blindQuery(_ input: String) -> String? {
        let index = current.blindIndex
        var parts: [String] = []
        var rest = Substring(input)
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            var negated = false
            if rest.first == "-" { negated = true; rest = rest.dropFirst() }
            let text: Substring
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                text = rest[..<end]
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            } else {
                let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
                text = rest[..<end]
                rest = rest[end...]
                if !negated, text.lowercased() == "or" {
                    if !parts.isEmpty, parts.last != "or" { parts.append("or") }
                    continue
                }
            }
            let tokens = BlindIndex.words(String(text)).map(index.token)
            guard !tokens.isEmpty else { continue }
            if negated {
                parts += tokens.map { "-" + $0 }
            } else {
                parts += tokens
            }
        }
        while parts.last == "or" { parts.removeLast() }
        guard parts.contains(where: { $0 != "or" && !$0.hasPrefix("-") }) else { return nil }
        return parts.joined(separator: " ")
    }

    // MARK: Data keys in the database

    static func dataKeys(_ db: any SQLDatabase) async throws -> [KeyRing.DataKey] {
        try await db.raw("SELECT id, wrapped, master_fingerprint FROM habeas_data_keys ORDER BY id").all().map { row in
            let id = try row.decode(column: "id", as: Int.self)
            guard let wrapped = Data(base64Encoded: try row.decode(column: "wrapped", as: String.self)),
                  let id32 = UInt32(exactly: id) else {
                throw KeyError.badMasterKey("the stored data key \(id) is damaged")
            }
            return KeyRing.DataKey(id: id32, wrapped: wrapped, masterFingerprint: try row.decode(column: "master_fingerprint", as: String.self))
        }
    }

    static func insert(_ key: KeyRing.DataKey, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO habeas_data_keys (id, wrapped, master_fingerprint, created_at)
            VALUES (\(bind: Int(key.id)), \(bind: key.wrapped.base64EncodedString()), \(bind: key.masterFingerprint),
                    \(bind: Timestamp.string(Date())))
            """).run()
    }

    /// The keys of a database, creating its first data key when it has none. A master key that
    /// does not open them is `KeyError.wrongMasterKey`, at start, never garbage later.
    static func load(master: MasterKey, pool: any DatabasePool) async throws -> StoreKeys {
        let keys = try await pool.transaction { db in try await loadOrCreate(master: master, db: db, flavor: pool.flavor) }
        return StoreKeys(master: master, ring: try KeyRing(master: master, dataKeys: keys))
    }

    static func loadOrCreate(master: MasterKey, db: any SQLDatabase, flavor: SQLFlavor) async throws -> [KeyRing.DataKey] {
        if flavor == .postgres {
            // Two servers starting on a new database must not each create a data key 1.
            try await db.raw("LOCK TABLE habeas_data_keys IN EXCLUSIVE MODE").run()
        }
        let keys = try await dataKeys(db)
        guard keys.isEmpty else { return keys }
        let first = KeyRing.newDataKey(id: 1, master: master)
        try await insert(first, db: db)
        return [first]
    }

    /// Re-wraps every data key with `newMaster` (master-key rotation). Nothing else changes, so
    /// servers running with the old key keep working; each uses the new key from its next start.
    static func rewrap(pool: any DatabasePool, from old: MasterKey, to newMaster: MasterKey) async throws -> Int {
        try await pool.transaction { db in
            if pool.flavor == .postgres { try await db.raw("LOCK TABLE habeas_data_keys IN EXCLUSIVE MODE").run() }
            let ring = try KeyRing(master: old, dataKeys: try await dataKeys(db))
            let rewrapped = ring.rewrapped(for: newMaster)
            for key in rewrapped {
                try await db.raw("""
                    UPDATE habeas_data_keys SET wrapped = \(bind: key.wrapped.base64EncodedString()),
                        master_fingerprint = \(bind: key.masterFingerprint) WHERE id = \(bind: Int(key.id))
                    """).run()
            }
            return rewrapped.count
        }
    }
}

extension SQLCaseStore {
    /// Migration 16: seals each second-factor secret stored in clear to its user.
    static func sealSecondFactors(_ db: any SQLDatabase, context: MigrationContext) async throws {
        let rows = try await db.raw("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL").all()
        guard !rows.isEmpty else { return }
        let ring = try KeyRing(master: context.master,
                               dataKeys: try await StoreKeys.loadOrCreate(master: context.master, db: db, flavor: context.flavor))
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self)
            let secret = try row.decode(column: "totp_secret", as: String.self)
            guard !KeyRing.isSealed(secret) else { continue }
            let sealed = ring.seal(secret, context: SealContext.secondFactor(id))
            try await db.raw("UPDATE users SET totp_secret = \(bind: sealed) WHERE id = \(bind: id)").run()
        }
    }
}

/// Seals what a version before migration 8 stored in clear: each case moves to its row key with
/// its id, title and name sealed, every revision body sealed, its files' names sealed, its search
/// row rebuilt from tokens, and audit entries (purged cases' too) re-keyed. Runs inside the
/// migration's transaction: all of it, or none.
enum EncryptionUpgrade {
    static func sealEverything(_ db: any SQLDatabase, context: MigrationContext) async throws {
        let ring = try KeyRing(master: context.master,
                               dataKeys: try await StoreKeys.loadOrCreate(master: context.master, db: db, flavor: context.flavor))
        let keys = StoreKeys(master: context.master, ring: ring)
        for row in try await db.raw("SELECT * FROM cases").all() {
            let id = try row.decode(column: "id", as: String.self)
            let key = try keys.rowKey(id)
            let revision = try row.decode(column: "revision", as: Int.self)
            let title = try row.decode(column: "title", as: String.self)
            let person = try row.decode(column: "person_name", as: String.self)
            let bodies = try await db.raw("SELECT number, body FROM case_revisions WHERE case_id = \(bind: id)").all().map {
                (number: try $0.decode(column: "number", as: Int.self), body: try $0.decode(column: "body", as: String.self))
            }
            // A body that no longer decodes is sealed as it is (reading it still says it is invalid),
            // and the case is found by its title and name.
            let current = bodies.first { $0.number == revision }.flatMap { try? CaseBodyCodec.decode($0.body, id: id) }
            let tokens = keys.searchTokens(current.map { CaseIndex($0).searchText } ?? title + "\n" + person)
            try await db.raw("""
                INSERT INTO cases (id, sealed_id, revision, created_at, updated_at, deleted_at, deleted_by, title, person_name,
                                   state, profiles, categories, stage, next_due, search_text, first_arrest)
                VALUES (\(bind: key), \(bind: keys.seal(id, context: SealContext.caseField(key, "id"))), \(bind: revision),
                        \(bind: try row.decode(column: "created_at", as: String.self)), \(bind: try row.decode(column: "updated_at", as: String.self)),
                        \(bind: try row.decode(column: "deleted_at", as: String?.self)), \(bind: try row.decode(column: "deleted_by", as: String?.self)),
                        \(bind: keys.seal(title, context: SealContext.caseField(key, "title"))),
                        \(bind: keys.seal(person, context: SealContext.caseField(key, "person"))),
                        \(bind: try row.decode(column: "state", as: String.self)), '', '', \(bind: try row.decode(column: "stage", as: String.self)),
                        \(bind: try row.decode(column: "next_due", as: String?.self)), \(bind: tokens),
                        \(bind: try row.decode(column: "first_arrest", as: String?.self)))
                """).run()
            for body in bodies {
                try await db.raw("""
                    UPDATE case_revisions SET case_id = \(bind: key),
                        body = \(bind: keys.seal(body.body, context: SealContext.body(key, revision: body.number)))
                    WHERE case_id = \(bind: id) AND number = \(bind: body.number)
                    """).run()
            }
            for table in ["case_categories", "case_profiles", "case_audit"] {
                try await db.raw("UPDATE \(ident: table) SET case_id = \(bind: key) WHERE case_id = \(bind: id)").run()
            }
            for file in try await db.raw("SELECT id, sha256, original_name, title, removal_reason FROM case_attachments WHERE case_id = \(bind: id)").all() {
                let sha256 = try file.decode(column: "sha256", as: String.self)
                func sealed(_ column: String) throws -> String? {
                    try file.decode(column: column, as: String?.self).map { keys.seal($0, context: SealContext.attachment(key, sha256: sha256, column)) }
                }
                try await db.raw("""
                    UPDATE case_attachments SET case_id = \(bind: key), original_name = \(bind: try sealed("original_name")),
                        title = \(bind: try sealed("title")), removal_reason = \(bind: try sealed("removal_reason"))
                    WHERE id = \(bind: try file.decode(column: "id", as: Int64.self))
                    """).run()
            }
            if context.flavor == .sqlite {
                try await db.raw("DELETE FROM case_search WHERE case_id = \(bind: id)").run()
                try await db.raw("INSERT INTO case_search (case_id, body) VALUES (\(bind: key), \(bind: tokens))").run()
            }
            try await db.raw("DELETE FROM cases WHERE id = \(bind: id)").run()
        }
        // Entries of cases purged before this version still name them in clear.
        for row in try await db.raw("SELECT DISTINCT case_id FROM case_audit").all() {
            let id = try row.decode(column: "case_id", as: String.self)
            guard !isRowKey(id) else { continue }
            try await db.raw("UPDATE case_audit SET case_id = \(bind: try keys.rowKey(id)) WHERE case_id = \(bind: id)").run()
        }
    }

    /// `BlindIndex.rowKey`'s shape: "k" and 32 letters a–p. A purged case whose id had exactly this
    /// shape keeps it, which reveals nothing: such an id is no one's name.
    static func isRowKey(_ text: String) -> Bool {
        text.utf8.count == 33 && text.first == "k" && text.utf8.dropFirst().allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "p")).contains($0) }
    }
}

/// Sealing contexts: each sealed value is bound to its place, so a value copied to another row
/// or column does not open there.
enum SealContext {
    static func body(_ rowKey: String, revision: Int) -> String { "case \(rowKey) revision \(revision)" }
    static func caseField(_ rowKey: String, _ field: String) -> String { "case \(rowKey) \(field)" }
    static func attachment(_ rowKey: String, sha256: String, _ field: String) -> String { "case \(rowKey) file \(sha256) \(field)" }
    static func extractedText(_ rowKey: String, attachmentID: Int64) -> String { "case \(rowKey) file \(attachmentID) text" }
    static func secondFactor(_ userID: Int64) -> String { "user \(userID) totp" }
}

extension SQLCaseStore {
    /// Which master key opened this store, and how many data keys it wraps.
    public func encryptionStatus() async throws -> (masterFingerprint: String, dataKeys: Int) {
        let count = try await pool.withSession { db in try await StoreKeys.dataKeys(db).count }
        return (keys.masterFingerprint, count)
    }
}

extension SQLCaseStore {
    /// A store on a pool whose migrations have run (tests build older schemas on a pool first).
    static func opening(pool: any DatabasePool, master: MasterKey, logger: Logger) async throws -> SQLCaseStore {
        SQLCaseStore(pool: pool, keys: try await StoreKeys.load(master: master, pool: pool), logger: logger)
    }
}

extension SQLCaseStore {
    /// The key of this database's file vault (HabeasFiles' `FileVault` seals with it).
    public var fileKey: FileKey { keys.current.fileKey }
}

/// Viewers' references to cases (`CaseStore.reference(of:)`).
extension SQLCaseStore {
    public func reference(of caseID: String) throws -> String {
        "R" + (try keys.rowKey(caseID)).dropFirst().uppercased()
    }

    public func caseID(forReference reference: String) async throws -> String? {
        guard reference.utf8.count == 33, reference.first == "R",
              reference.utf8.dropFirst().allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "P")).contains($0) }) else { return nil }
        let key = "k" + reference.dropFirst().lowercased()
        return try await pool.withSession { db in
            guard let row = try await db.raw("SELECT id, sealed_id, title, person_name FROM cases WHERE id = \(bind: key)").first() else { return nil }
            return try self.openCaseFields(key: key, row: row).id
        }
    }
}
