import Foundation
import HabeasCore
import SQLKit

/// New cases written many at a time: a spreadsheet of thousands of detainees is stored in
/// transactions of hundreds of cases, each table written with multi-row INSERTs, instead of a
/// dozen statements and a commit per case. What is stored is the same as one `create` at a time:
/// revision 1, its index rows and one audit entry per case.
extension SQLCaseStore {
    /// Rows in one multi-row INSERT. The widest row binds 13 values: 500 rows stay far below
    /// SQLite's 32,766 and PostgreSQL's 65,535 parameters.
    static let rowsPerInsert = 500

    /// A new row of `cases`, as `create`, `importRecord` and a table import write it.
    struct NewCaseRow: Sendable {
        var sealed: SealedIndex
        var revision = 1
        var createdAt: Date
        var updatedAt: Date
        var deletedAt: Date?
        /// Place rows already sealed (`prepareNew`); nil: sealed while inserting.
        var places: [(token: String, label: String)]? = nil
    }

    /// New cases sealed and indexed (the assessment runs here) on every core, ready for
    /// `createAll(_:change:)`: no database work, so a table import prepares its next batch while
    /// the previous one is written.
    public func prepareNew(_ files: [CaseFile]) async throws -> PreparedCases {
        var ids = Set<String>()
        for file in files where !ids.insert(file.id).inserted {
            throw StoreError.invalidInput(field: file.id, reason: "the same case is given twice")
        }
        let cases = try await Parallel.map(files) { [keys = self.keys, codec = self.codec] file in
            let sealed = try Self.sealedIndex(file, keys: keys)
            return PreparedCases.Case(file: file, sealed: sealed, places: Self.placeRows(sealed.index, key: sealed.key, keys: keys),
                                      body: try codec.seal(file, rowKey: sealed.key, revision: 1))
        }
        return PreparedCases(cases: cases, sealedBy: ObjectIdentifier(keys))
    }

    @discardableResult
    public func createAll(_ prepared: PreparedCases, change: Change) async throws -> [StoredCase] {
        guard !prepared.cases.isEmpty else { return [] }
        // Sealed under another store's keys: refused rather than stored unreadable.
        guard prepared.sealedBy == ObjectIdentifier(keys) else {
            throw StoreError.invalidInput(field: "cases", reason: "prepared by another store")
        }
        let files = prepared.cases.map(\.file)
        let now = Timestamp.now()
        let info = RevisionInfo(number: 1, author: change.author, note: change.note, createdAt: now, action: .create)
        let idOfKey = Dictionary(uniqueKeysWithValues: prepared.cases.map { ($0.sealed.key, $0.file.id) })
        do {
            // A taken id fails the insert on the primary key (deleted cases keep their row), and
            // the transaction rolls back; which one it was is looked up only then.
            try await pool.transaction { db in
                try await self.insertCases(prepared.cases.map {
                    NewCaseRow(sealed: $0.sealed, createdAt: now, updatedAt: now, places: $0.places)
                }, db: db)
                try await self.insertRevisions(prepared.cases.map { (key: $0.sealed.key, info: info, body: $0.body) }, db: db)
                try await AuditChain.append(prepared.cases.map {
                    AuditChain.NewEntry(action: .create, caseID: $0.sealed.key, actor: change.author, at: now, detail: "revision 1")
                }, db: db)
            }
        } catch let error as CaseStoreError {
            throw error
        } catch {
            let taken = try? await pool.withSession { db in
                for chunk in prepared.cases.map(\.sealed.key).chunked(Self.rowsPerInsert) {
                    if let key = try await db.raw("SELECT id FROM cases WHERE id IN (\(SQLList(chunk.map { SQLBind($0) }))) LIMIT 1")
                        .first(decodingColumn: "id", as: String.self) { return key }
                }
                return nil as String?
            }
            if let taken = taken ?? nil { throw CaseStoreError.alreadyExists(id: idOfKey[taken] ?? taken) }
            throw error
        }
        return files.map { StoredCase(file: $0, revision: info, currentRevision: 1, deletedAt: nil) }
    }

    public func current(_ ids: [String]) async throws -> [String: StoredCase] {
        let idOfKey: [String: String] = Dictionary(try ids.map { (try self.keys.rowKey($0), $0) }, uniquingKeysWith: { first, _ in first })
        let rowKeys = Array(idOfKey.keys)
        return try await pool.withSession { db in
            var found: [String: StoredCase] = [:]
            for chunk in rowKeys.chunked(Self.rowsPerInsert) {
                let rows = try await db.raw("""
                    SELECT c.id AS case_key, c.revision AS current_revision, c.deleted_at, r.number, r.author, r.note, r.created_at,
                           r.action, r.restored_from, r.imported_by, r.imported_at, r.body
                    FROM cases c JOIN case_revisions r ON r.case_id = c.id AND r.number = c.revision
                    WHERE c.id IN (\(SQLList(chunk.map { SQLBind($0) })))
                    """).all()
                for row in rows {
                    let key = try row.decode(column: "case_key", as: String.self)
                    guard let id = idOfKey[key] else { continue }
                    let info = try Self.revisionInfo(row, id: id)
                    let file = try self.codec.open(try row.decode(column: "body", as: String.self), id: id, rowKey: key, revision: info.number)
                    found[id] = StoredCase(file: file, revision: info, currentRevision: info.number,
                                           deletedAt: try row.decode(column: "deleted_at", as: String?.self).flatMap(Timestamp.date))
                }
            }
            return found
        }
    }

    public func namedCases(state: String, teams: [Int64]?) async throws -> [(id: String, personName: String)] {
        try NULGuard.check(state, field: "state")
        let visible: SQLQueryString = teams.map { " AND " + Self.visibility($0, column: "cases.id") } ?? ""
        let filter: SQLQueryString = "deleted_at IS NULL AND state = \(bind: state)" + visible
        return try await pool.withSession { db in
            try await db.raw("SELECT id, sealed_id, title, person_name FROM cases WHERE " + filter).all().map { row in
                let fields = try self.openCaseFields(key: try row.decode(column: "id", as: String.self), row: row)
                return (fields.id, fields.personName)
            }
        }
    }

    /// Rows of each index sampled by SQLite's ANALYZE: enough to rank the indexes, and quick
    /// at 100,000 cases.
    static let analysisLimit = 1000

    public func analyze() async throws {
        try await pool.withSession { db in
            switch self.pool.flavor {
            case .sqlite:
                try await db.raw("PRAGMA analysis_limit = \(literal: Self.analysisLimit)").run()
                try await db.raw("ANALYZE").run()
            case .postgres:
                try await db.raw("ANALYZE").run()
            }
        }
    }

    public func bulkWriting<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        guard pool.flavor == .sqlite else { return try await body() }
        // Concurrent imports share the setting: the first sets it, the last puts it back.
        if bulkWriters.withLock({ $0 += 1; return $0 == 1 }) {
            try? await setCheckpointPages(WALCheckpoint.bulkPages)
        }
        let result: Result<R, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        if bulkWriters.withLock({ $0 -= 1; return $0 == 0 }) {
            // Back to the usual setting, with the log written into the database and emptied now,
            // not left at up to 512 MB.
            try? await setCheckpointPages(WALCheckpoint.pages)
            try? await pool.withSession { db in _ = try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").all() }
        }
        return try result.get()
    }

    private func setCheckpointPages(_ pages: Int) async throws {
        try await pool.withSession { db in _ = try await db.raw("PRAGMA wal_autocheckpoint = \(literal: pages)").all() }
    }

    /// Inserts new cases' rows and index rows (terms, groups, places, full-text row).
    func insertCases(_ rows: [NewCaseRow], db: any SQLDatabase) async throws {
        for chunk in rows.chunked(Self.rowsPerInsert) {
            let values: [SQLQueryString] = chunk.map { row in
                let sealed = row.sealed, index = row.sealed.index
                return """
                    (\(bind: sealed.key), \(bind: sealed.sealedID), \(bind: row.revision), \(bind: Timestamp.string(row.createdAt)),
                     \(bind: Timestamp.string(row.updatedAt)), \(bind: row.deletedAt.map(Timestamp.string)),
                     \(bind: sealed.title), \(bind: sealed.personName), \(bind: index.state), '', '',
                     \(bind: index.stage.rawValue), \(bind: index.nextDue?.description), \(bind: sealed.tokens),
                     \(bind: index.firstArrest?.description), \(bind: index.status.rawValue))
                    """
            }
            try await db.raw("""
                INSERT INTO cases (id, sealed_id, revision, created_at, updated_at, deleted_at, title, person_name, state, profiles,
                                   categories, stage, next_due, search_text, first_arrest, detention_status)
                VALUES
                """ + " " + values.joined(separator: ", ")).run()
        }
        var categories: [SQLQueryString] = [], profiles: [SQLQueryString] = [], groups: [SQLQueryString] = [], places: [SQLQueryString] = []
        for row in rows {
            let key = row.sealed.key, index = row.sealed.index
            categories += Set(index.categories).sorted { $0.rawValue < $1.rawValue }.map { "(\(bind: key), \(bind: $0.rawValue))" }
            profiles += Set(index.profiles).sorted { $0.rawValue < $1.rawValue }.map { "(\(bind: key), \(bind: $0.rawValue))" }
            groups += Set(index.groups).sorted().map { "(\(bind: key), \(bind: $0))" }
            places += (row.places ?? Self.placeRows(index, key: key, keys: keys)).map { "(\(bind: key), \(bind: $0.token), \(bind: $0.label))" }
        }
        try await insertValues("INSERT INTO case_categories (case_id, category) VALUES", categories, db: db)
        try await insertValues("INSERT INTO case_profiles (case_id, profile) VALUES", profiles, db: db)
        try await insertValues("INSERT INTO case_groups (case_id, group_id) VALUES", groups, db: db)
        try await insertValues("INSERT INTO case_places (case_id, token, label) VALUES", places, db: db)
        if pool.flavor == .sqlite {
            for chunk in rows.chunked(Self.rowsPerInsert) {
                try await db.raw("""
                    INSERT INTO case_search (case_id, body) SELECT id, search_text || char(10) || files_text FROM cases
                    WHERE id IN (\(SQLList(chunk.map { SQLBind($0.sealed.key) })))
                    """).run()
            }
        }
    }

    /// Revision rows, their bodies already sealed to their case and number.
    func insertRevisions(_ revisions: [(key: String, info: RevisionInfo, body: String)], db: any SQLDatabase) async throws {
        let values: [SQLQueryString] = revisions.map { key, info, body in
            """
            (\(bind: key), \(bind: info.number), \(bind: info.author), \(bind: info.note),
             \(bind: Timestamp.string(info.createdAt)), \(bind: info.action.rawValue), \(bind: info.restoredFrom),
             \(bind: info.imported?.by), \(bind: info.imported.map { Timestamp.string($0.at) }), \(bind: body))
            """
        }
        try await insertValues("""
            INSERT INTO case_revisions (case_id, number, author, note, created_at, action, restored_from, imported_by, imported_at, body) VALUES
            """, values, db: db)
    }

    /// One place of detention as counted (a blind token: equal for "SIZO  Almaty" and "sizo
    /// almaty") and as shown (its label, sealed to the case).
    static func placeRows(_ index: CaseIndex, key: String, keys: StoreKeys) -> [(token: String, label: String)] {
        index.places.map { place in
            (keys.current.blindIndex.token("place " + CaseStatistics.normalized(place)),
             keys.seal(String(place.prefix(200)), context: SealContext.place(key)))
        }
    }

    private func insertValues(_ insert: SQLQueryString, _ values: [SQLQueryString], db: any SQLDatabase) async throws {
        for chunk in values.chunked(Self.rowsPerInsert) {
            try await db.raw(insert + " " + chunk.joined(separator: ", ")).run()
        }
    }
}

/// New cases made ready to write by `CaseStore.prepareNew`: sealed and indexed, not yet stored.
public struct PreparedCases: Sendable {
    struct Case: Sendable {
        var file: CaseFile
        var sealed: SQLCaseStore.SealedIndex
        var places: [(token: String, label: String)]
        var body: String
    }
    var cases: [Case]
    /// The keys (so the store) that sealed them.
    var sealedBy: ObjectIdentifier

    public var count: Int { cases.count }
    public var ids: [String] { cases.map(\.file.id) }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { self[$0..<Swift.min($0 + Swift.max(size, 1), count)] }
    }
}
