import Foundation
import HabeasCore
import HabeasKeys
import Logging
import SQLKit
import Synchronization

/// The one place a case's JSON passes through on its way into and out of the database: sealed
/// with the store's data key, bound to its case and revision (Sealing.swift).
struct CaseBodyCodec: Sendable {
    let keys: StoreKeys

    func seal(_ file: CaseFile, rowKey: String, revision: Int) throws -> String {
        let value = file.value
        try NULGuard.check(value, field: "case")
        return keys.seal(ValueWriter.json(value), context: SealContext.body(rowKey, revision: revision))
    }

    /// Opens and reads the JSON this store wrote straight into a case (no YAML parser), checked as
    /// any case is, since a database can be edited behind the store's back.
    func open(_ stored: String, id: String, rowKey: String, revision: Int) throws -> CaseFile {
        let json: String
        do {
            json = try keys.open(stored, context: SealContext.body(rowKey, revision: revision))
        } catch {
            throw CaseStoreError.invalidRecord(id: id, reason: "stored revision \(revision) does not open with this database's keys: it was altered or moved")
        }
        return try Self.decode(json, id: id)
    }

    /// A body as stored before encryption (migrations 3 and 5 read those; the upgrade seals them).
    static func decode(_ json: String, id: String) throws -> CaseFile {
        do {
            return try CaseFile.decode(try ValueJSON.parse(json))
        } catch {
            throw CaseStoreError.invalidRecord(id: id, reason: "stored revision does not decode")
        }
    }
}

/// `CaseStore` over SQLKit, for SQLite and PostgreSQL alike. Only full-text search differs.
public final class SQLCaseStore: CaseStore {
    let pool: any DatabasePool
    let logger: Logger
    let keys: StoreKeys
    let codec: CaseBodyCodec
    /// Table imports running now (`bulkWriting`).
    let bulkWriters = Mutex(0)

    public var flavor: SQLFlavor { pool.flavor }

    init(pool: any DatabasePool, keys: StoreKeys, logger: Logger) {
        self.pool = pool
        self.keys = keys
        self.codec = CaseBodyCodec(keys: keys)
        self.logger = logger
    }

    /// What the index columns of a case hold, sealed where they would reveal the case.
    struct SealedIndex: Sendable {
        var key: String
        var sealedID: String
        var title: String
        var personName: String
        /// The case's word tokens: the FTS5 row on SQLite, `search_text` (and so its tsvector) on PostgreSQL.
        var tokens: String
        var index: CaseIndex
    }

    func sealedIndex(_ file: CaseFile) throws -> SealedIndex { try Self.sealedIndex(file, keys: keys) }

    static func sealedIndex(_ file: CaseFile, keys: StoreKeys) throws -> SealedIndex {
        let key = try keys.rowKey(file.id)
        let index = CaseIndex(file)
        return SealedIndex(key: key, sealedID: keys.seal(file.id, context: SealContext.caseField(key, "id")),
                           title: keys.seal(index.title, context: SealContext.caseField(key, "title")),
                           personName: keys.seal(index.personName, context: SealContext.caseField(key, "person")),
                           tokens: keys.searchTokens(index.searchText), index: index)
    }

    /// A case's id, title and person's name from its row.
    func openCaseFields(key: String, row: any SQLRow) throws -> (id: String, title: String, personName: String) {
        do {
            return (try keys.open(try row.decode(column: "sealed_id", as: String.self), context: SealContext.caseField(key, "id")),
                    try keys.open(try row.decode(column: "title", as: String.self), context: SealContext.caseField(key, "title")),
                    try keys.open(try row.decode(column: "person_name", as: String.self), context: SealContext.caseField(key, "person")))
        } catch let error as KeyError {
            throw CaseStoreError.invalidRecord(id: key, reason: error.description)
        }
    }

    public func close() async throws { try await pool.shutdown() }

    /// The migrations applied by this call (empty when the schema is current). Exposed for tests
    /// and for `habeas serve` to report.
    public func migrate() async throws -> [Int] { try await Migrations.run(on: pool, master: keys.master) }

    /// Every applied migration version, ascending.
    public func appliedMigrations() async throws -> [Int] {
        try await pool.withSession { db in
            try await db.raw("SELECT version FROM habeas_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    // MARK: Writes

    public func create(_ file: CaseFile, change: Change) async throws -> StoredCase {
        try await createAll([file], change: change)[0]
    }

    public func update(_ file: CaseFile, basedOn: Int, change: Change) async throws -> StoredCase {
        try await saveRevision(id: file.id, basedOn: basedOn, change: change, action: .update, restoredFrom: nil) { _ in file }
    }

    public func restore(_ id: String, revision: Int, basedOn: Int?, change: Change) async throws -> StoredCase {
        let key = try keys.rowKey(id)
        return try await saveRevision(id: id, basedOn: basedOn, change: change, action: .restore, restoredFrom: revision) { db in
            guard let body = try await db.raw("SELECT body FROM case_revisions WHERE case_id = \(bind: key) AND number = \(bind: revision)")
                .first(decodingColumn: "body", as: String.self) else {
                throw CaseStoreError.revisionNotFound(id: id, revision: revision)
            }
            return try self.codec.open(body, id: id, rowKey: key, revision: revision)
        }
    }

    /// Appends a revision after checking the base. `content` runs inside the transaction.
    private func saveRevision(id: String, basedOn: Int?, change: Change, action: RevisionAction, restoredFrom: Int?,
                              content: @escaping @Sendable (any SQLDatabase) async throws -> CaseFile) async throws -> StoredCase {
        let now = Timestamp.now()
        let key = try keys.rowKey(id)
        do {
            return try await pool.transaction { db in
                guard let row = try await Self.caseRow(key, db: db, lock: true), row.deletedAt == nil else {
                    throw CaseStoreError.notFound(id: id)
                }
                if let basedOn, basedOn != row.revision {
                    throw CaseStoreError.staleWrite(id: id, current: row.revision)
                }
                let file = try await content(db)
                guard file.id == id else { throw CaseStoreError.idMismatch(expected: id, found: file.id) }
                // Checked: a number near Int.max (from before imports were bounded) must refuse, not trap.
                let (next, overflow) = row.revision.addingReportingOverflow(1)
                guard !overflow, next <= CaseRecord.maxRevisionNumber else {
                    throw StoreError.conflict(id: id, reason: "this case has reached the highest revision number")
                }
                let info = RevisionInfo(number: next, author: change.author, note: change.note,
                                        createdAt: now, action: action, restoredFrom: restoredFrom)
                try await self.insertRevision(key: key, info: info, file: file, db: db)
                try await self.updateCase(try self.sealedIndex(file), revision: info.number, updatedAt: now, db: db)
                try await Self.insertAudit(caseKey: key, action: action == .restore ? .restore : .update, author: change.author, at: now,
                                           detail: "revision \(next)" + (restoredFrom.map { " from revision \($0)" } ?? ""), db: db)
                return StoredCase(file: file, revision: info, currentRevision: info.number, deletedAt: nil)
            }
        } catch let error as CaseStoreError {
            throw error
        } catch {
            // Two writers with the same base: the loser hits the (case_id, number) key.
            if let basedOn, let current = try? await currentRevision(id), current != basedOn {
                throw CaseStoreError.staleWrite(id: id, current: current)
            }
            throw error
        }
    }

    public func delete(_ id: String, change: Change) async throws {
        let now = Timestamp.now()
        let key = try keys.rowKey(id)
        try await pool.transaction { db in
            guard let row = try await Self.caseRow(key, db: db, lock: true), row.deletedAt == nil else {
                throw CaseStoreError.notFound(id: id)
            }
            try await db.raw("""
                UPDATE cases SET deleted_at = \(bind: Timestamp.string(now)), deleted_by = \(bind: change.author)
                WHERE id = \(bind: key)
                """).run()
            try await Self.insertAudit(caseKey: key, action: .delete, author: change.author, at: now, detail: "", db: db)
        }
    }

    public func undelete(_ id: String, change: Change) async throws -> StoredCase {
        let key = try keys.rowKey(id)
        try await pool.transaction { db in
            guard let row = try await Self.caseRow(key, db: db, lock: true), row.deletedAt != nil else {
                throw CaseStoreError.notFound(id: id)
            }
            try await db.raw("UPDATE cases SET deleted_at = NULL, deleted_by = NULL WHERE id = \(bind: key)").run()
            try await Self.insertAudit(caseKey: key, action: .undelete, author: change.author, at: Timestamp.now(), detail: "", db: db)
        }
        return try await get(id, revision: nil, includeDeleted: false)
    }

    public func importRecord(_ record: CaseRecord, importer: Change) async throws {
        try record.validate()
        let provenance = ImportProvenance(by: importer.author, at: Timestamp.now())
        let key = try keys.rowKey(record.id)
        try await pool.transaction { db in
            if try await Self.caseRow(key, db: db, lock: false) != nil {
                throw CaseStoreError.alreadyExists(id: record.id)
            }
            try await self.insertRecord(record, provenance: provenance, db: db)
            try await Self.insertAudit(caseKey: key, action: .import, author: provenance.by, at: provenance.at,
                                       detail: Self.revisionCount(record.revisions.count), db: db)
        }
    }

    public func importItems(_ items: [CaseArchive.Item], importer: Change, batchSize: Int = CaseArchive.defaultBatchSize) async throws -> ImportReport {
        // Everything is checked before anything is written: a bad bundle is refused whole.
        var seen = Set<String>()
        for item in items {
            let id: String
            switch item {
            case .record(let record, _):
                try record.validate()
                id = record.id
            case .caseFile(let file, _): id = file.id
            }
            guard seen.insert(id).inserted else {
                throw StoreError.invalidInput(field: "\(id)", reason: "the import names this case twice")
            }
        }
        let provenance = ImportProvenance(by: importer.author, at: Timestamp.now())
        let size = min(max(batchSize, 1), 10_000)
        var report = ImportReport()
        var start = 0
        while start < items.count {
            let batch = Array(items[start..<min(start + size, items.count)])
            do {
                let entries = try await pool.transaction { db in
                    var entries: [ImportReport.Entry] = []
                    for item in batch {
                        entries.append(try await self.importItem(item, importer: importer, provenance: provenance, db: db))
                    }
                    // Audited after every row lock of the batch is taken (AuditChain.append).
                    for entry in entries {
                        if case .imported(let count) = entry.outcome {
                            try await Self.insertAudit(caseKey: try self.keys.rowKey(entry.id), action: .import, author: provenance.by,
                                                       at: provenance.at, detail: Self.revisionCount(count), db: db)
                        }
                    }
                    return entries
                }
                report.entries += entries
            } catch {
                // Earlier batches are committed; this one is not. Say exactly which.
                throw ImportInterrupted(report: report, notWritten: items[start...].map(\.id), error: error)
            }
            start += batch.count
        }
        return report
    }

    private func importItem(_ item: CaseArchive.Item, importer: Change, provenance: ImportProvenance,
                            db: any SQLDatabase) async throws -> ImportReport.Entry {
        switch item {
        case .record(let record, let source):
            let key = try keys.rowKey(record.id)
            if try await Self.caseRow(key, db: db, lock: true) != nil {
                let stored = try await revisions(of: record.id, key: key, db: db)
                let same = stored.count == record.revisions.count
                    && zip(stored, record.revisions).allSatisfy { $0.info.sameHistory(as: $1.info) && $0.file == $1.file }
                return .init(id: record.id, source: source,
                             outcome: same ? .alreadyPresent : .conflict(reason: "a case with this id and a different history is stored"))
            }
            try await insertRecord(record, provenance: provenance, db: db)
            return .init(id: record.id, source: source, outcome: .imported(revisions: record.revisions.count))
        case .caseFile(let file, let source):
            let sealed = try sealedIndex(file)
            if let row = try await Self.caseRow(sealed.key, db: db, lock: true) {
                let current = try await revisions(of: file.id, key: sealed.key, db: db, only: row.revision).first
                return .init(id: file.id, source: source,
                             outcome: current?.file == file ? .alreadyPresent : .conflict(reason: "a case with this id and other content is stored"))
            }
            let now = Timestamp.now()
            let info = RevisionInfo(number: 1, author: importer.author, note: importer.note.isEmpty ? "imported" : importer.note,
                                    createdAt: now, action: .create)
            try await insertCase(sealed, createdAt: now, deletedAt: nil, db: db)
            try await insertRevision(key: sealed.key, info: info, file: file, db: db)
            return .init(id: file.id, source: source, outcome: .imported(revisions: 1))
        }
    }

    /// Inserts a validated record: its revisions keep their claimed authors and times, marked
    /// with `provenance`. The caller audits the import under the importer's name.
    private func insertRecord(_ record: CaseRecord, provenance: ImportProvenance, db: any SQLDatabase) async throws {
        guard let first = record.revisions.first, let last = record.revisions.last else {
            throw StoreError.invalidInput(field: record.id, reason: "a case needs at least one revision")
        }
        let sealed = try sealedIndex(last.file)
        try await insertCase(sealed, createdAt: first.info.createdAt, deletedAt: record.deletedAt, db: db,
                             revision: last.info.number, updatedAt: last.info.createdAt)
        for revision in record.revisions {
            var info = revision.info
            info.imported = provenance
            try await insertRevision(key: sealed.key, info: info, file: revision.file, db: db)
        }
    }

    static func revisionCount(_ count: Int) -> String { "\(count) revision\(count == 1 ? "" : "s")" }

    public func purge(_ id: String, change: Change) async throws {
        let now = Timestamp.now()
        let flavor = pool.flavor
        let key = try keys.rowKey(id)
        try await pool.transaction { db in
            guard let row = try await Self.caseRow(key, db: db, lock: true) else { throw CaseStoreError.notFound(id: id) }
            guard row.deletedAt != nil else {
                throw StoreError.conflict(id: id, reason: "only a deleted case can be purged: delete it first")
            }
            let count = try await db.raw("SELECT COUNT(*) AS n FROM case_revisions WHERE case_id = \(bind: key)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            try await db.raw("DELETE FROM case_revisions WHERE case_id = \(bind: key)").run()
            // The file records go with the case; bytes no other case refers to are the vault's to remove.
            try await db.raw("DELETE FROM case_attachment_text WHERE case_id = \(bind: key)").run()
            try await db.raw("DELETE FROM case_attachments WHERE case_id = \(bind: key)").run()
            if flavor == .sqlite {
                try await db.raw("DELETE FROM case_search WHERE case_id = \(bind: key)").run()
            }
            try await db.raw("DELETE FROM case_categories WHERE case_id = \(bind: key)").run()
            try await db.raw("DELETE FROM case_profiles WHERE case_id = \(bind: key)").run()
            // A new case with this id later must not inherit the purged one's teams.
            try await db.raw("DELETE FROM case_teams WHERE case_id = \(bind: key)").run()
            try await db.raw("DELETE FROM case_groups WHERE case_id = \(bind: key)").run()
            try await db.raw("DELETE FROM case_places WHERE case_id = \(bind: key)").run()
            try await db.raw("DELETE FROM cases WHERE id = \(bind: key)").run()
            try await Self.insertAudit(caseKey: key, action: .purge, author: change.author, at: now,
                                       detail: "\(count) revision\(count == 1 ? "" : "s") removed", db: db)
        }
    }

    /// One audit entry in the caller's transaction: call it last, after the write (AuditChain.append).
    /// Cases are named by their row key, never their id.
    static func insertAudit(caseKey: String, action: AuditEntry.Action, author: String, at: Date, detail: String,
                            db: any SQLDatabase) async throws {
        try await AuditChain.append(action: action, caseID: caseKey, actor: author, at: at, detail: detail, db: db)
    }

    public func facets(includeDeleted: Bool, teams: [Int64]?, group: String?) async throws -> CaseFacets {
        let filter = try FacetFilter(includeDeleted: includeDeleted, teams: teams, group: group)
        let categoriesSQL: SQLQueryString = "SELECT category AS value, COUNT(*) AS n FROM case_categories"
            + filter.onCaseColumn("case_categories.case_id") + " GROUP BY category"
        return try await pool.withSession { db in
            var states: [String: Int] = [:], stages: [String: Int] = [:], months: [String: Int] = [:]
            var total = 0
            for row in try await filter.caseCounts(db) {
                total += row.count
                states[row.state, default: 0] += row.count
                stages[row.stage, default: 0] += row.count
                // An ISO day: its first seven characters are the month.
                months[String(row.firstArrest.prefix(7)), default: 0] += row.count
            }
            var byCategory: [String: Int] = [:]
            for row in try await db.raw(categoriesSQL).all() {
                byCategory[try row.decode(column: "value", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            var facets = CaseFacets(
                total: total,
                states: states.sorted { $0.key < $1.key }.map { CaseFacets.Count($0.key, $0.value) },
                categories: Category.allCases.map { CaseFacets.Count($0, byCategory[$0.rawValue] ?? 0) },
                // A stage this version does not name (written by a newer one) is left out of the counts.
                stages: stages.sorted { $0.key < $1.key }.compactMap { name, n in ProcedureStage(rawValue: name).map { CaseFacets.Count($0, n) } })
            facets.withoutArrest = months[""] ?? 0
            facets.arrestMonths = months.compactMap { month, n in
                (try? CaseDate(parsing: month + "-01")).map { CaseFacets.Count($0, n) }
            }.sorted { $0.value.dayNumber < $1.value.dayNumber }
            return facets
        }
    }

    /// Which cases a count covers: live ones (or all), of some teams, of a group. Written once
    /// for `cases` itself and once for a table keyed by case (categories, profiles, places),
    /// which is then filtered by sets (the few deleted cases, a group's members) instead of
    /// looking each of its rows up in `cases`.
    struct FacetFilter {
        var includeDeleted: Bool
        var teams: [Int64]?
        var group: String?

        init(includeDeleted: Bool, teams: [Int64]?, group: String?) throws {
            if let group { try NULGuard.check(group, field: "group") }
            self.includeDeleted = includeDeleted
            self.teams = teams
            self.group = group
        }

        var onCases: SQLQueryString { Self.whereClause(conditions(column: "cases.id", live: "cases.deleted_at IS NULL")) }

        func onCaseColumn(_ column: StaticString) -> SQLQueryString {
            Self.whereClause(conditions(column: column, live: "\(unsafeRaw: "\(column)") NOT IN (SELECT id FROM cases WHERE deleted_at IS NOT NULL)"))
        }

        private func conditions(column: StaticString, live: SQLQueryString) -> [SQLQueryString] {
            var conditions: [SQLQueryString] = includeDeleted ? [] : [live]
            if let teams { conditions.append(SQLCaseStore.visibility(teams, column: column)) }
            if let group { conditions.append("\(unsafeRaw: "\(column)") IN (SELECT case_id FROM case_groups WHERE group_id = \(bind: group))") }
            return conditions
        }

        /// Counts of the cases by State, stage, status and day of first arrest ('' for none),
        /// in one pass over `cases_facets` in its own order (migration 15), so nothing is sorted.
        func caseCounts(_ db: any SQLDatabase) async throws -> [(state: String, stage: String, status: String, firstArrest: String, count: Int)] {
            try await db.raw("SELECT state, stage, detention_status, first_arrest, COUNT(*) AS n FROM cases" + onCases
                             + " GROUP BY state, stage, detention_status, first_arrest").all().map { row in
                (try row.decode(column: "state", as: String.self), try row.decode(column: "stage", as: String.self),
                 try row.decode(column: "detention_status", as: String?.self) ?? "", try row.decode(column: "first_arrest", as: String?.self) ?? "",
                 try row.decode(column: "n", as: Int.self))
            }
        }

        private static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
            conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        }
    }

    /// The cases of `teams` only (none for no team): the visibility filter of search and facets.
    static func visibility(_ teams: [Int64], column: StaticString) -> SQLQueryString {
        guard !teams.isEmpty else { return "1 = 0" }
        return "\(unsafeRaw: "\(column)") IN (SELECT case_id FROM case_teams WHERE team_id IN (\(SQLList(teams.map { SQLBind($0) }))))"
    }

    // MARK: Reads

    public func get(_ id: String, revision: Int?, includeDeleted: Bool) async throws -> StoredCase {
        let key = try keys.rowKey(id)
        return try await pool.withSession { db in
            guard let row = try await Self.caseRow(key, db: db, lock: false), includeDeleted || row.deletedAt == nil else {
                throw CaseStoreError.notFound(id: id)
            }
            let number = revision ?? row.revision
            guard let found = try await db.raw("""
                SELECT number, author, note, created_at, action, restored_from, imported_by, imported_at, body FROM case_revisions
                WHERE case_id = \(bind: key) AND number = \(bind: number)
                """).first() else {
                throw CaseStoreError.revisionNotFound(id: id, revision: number)
            }
            let info = try Self.revisionInfo(found, id: id)
            let file = try self.codec.open(try found.decode(column: "body", as: String.self), id: id, rowKey: key, revision: number)
            return StoredCase(file: file, revision: info, currentRevision: row.revision, deletedAt: row.deletedAt)
        }
    }

    public func history(_ id: String) async throws -> [RevisionInfo] {
        let key = try keys.rowKey(id)
        return try await pool.withSession { db in
            guard let row = try await Self.caseRow(key, db: db, lock: false), row.deletedAt == nil else {
                throw CaseStoreError.notFound(id: id)
            }
            return try await db.raw("""
                SELECT number, author, note, created_at, action, restored_from, imported_by, imported_at FROM case_revisions
                WHERE case_id = \(bind: key) ORDER BY number
                """).all().map { try Self.revisionInfo($0, id: id) }
        }
    }

    public func diff(_ id: String, from: Int, to: Int) async throws -> [FieldChange] {
        let old = try await get(id, revision: from)
        let new = try await get(id, revision: to)
        return ValueDiff.changes(from: old.file.value, to: new.file.value)
    }

    public func exportAll() async throws -> [CaseRecord] {
        try await pool.withSession { db in
            let cases = try await db.raw("SELECT id, sealed_id, title, person_name, deleted_at FROM cases").all()
            var records: [CaseRecord] = []
            for row in cases {
                let key = try row.decode(column: "id", as: String.self)
                let id = try self.openCaseFields(key: key, row: row).id
                let deleted = try row.decode(column: "deleted_at", as: String?.self).flatMap(Timestamp.date)
                let revisions = try await self.revisions(of: id, key: key, db: db)
                records.append(CaseRecord(id: id, revisions: revisions, deletedAt: deleted))
            }
            // Row keys have no order of their own; an export lists cases by id as before.
            return records.sorted { $0.id < $1.id }
        }
    }

    public func search(_ query: CaseQuery) async throws -> CasePage {
        let flavor = pool.flavor
        let perPage = min(max(query.perPage, 1), CaseQuery.maxPerPage)
        let page = max(query.page, 1)
        // Checked: a page number from a URL must give a 400, never an overflow trap.
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        guard !overflow, offset <= CaseQuery.maxOffset else {
            throw StoreError.invalidInput(field: "page", reason: "page × perPage must stay below \(CaseQuery.maxOffset)")
        }
        let texts: [(String, String?)] = [("q", query.text), ("state", query.state)]
        for (field, value) in texts {
            if let value { try NULGuard.check(value, field: field) }
        }
        var from: SQLQueryString = "FROM cases c"
        var conditions: [SQLQueryString] = []
        var rank: SQLQueryString?
        if let input = query.text?.trimmingCharacters(in: .whitespacesAndNewlines), !input.isEmpty {
            // The index holds word tokens, not words: the query's words are hashed the same way.
            guard let text = keys.blindQuery(input) else {
                return CasePage(items: [], total: 0, page: page, perPage: perPage)
            }
            switch flavor {
            case .sqlite:
                if let match = FullText.fts5Query(text) {
                    from = "FROM cases c JOIN case_search ON case_search.case_id = c.id"
                    conditions.append("case_search MATCH \(bind: match)")
                    rank = "case_search.rank"
                } else {
                    conditions.append("1 = 0")
                }
            case .postgres:
                conditions.append("c.search_vector @@ websearch_to_tsquery('english', \(bind: text))")
                rank = "ts_rank(c.search_vector, websearch_to_tsquery('english', \(bind: text))) DESC"
            }
        }
        if query.onlyDeleted {
            conditions.append("c.deleted_at IS NOT NULL")
        } else if !query.includeDeleted {
            conditions.append("c.deleted_at IS NULL")
        }
        if let state = query.state { conditions.append("c.state = \(bind: state.uppercased())") }
        if let teams = query.teams { conditions.append(Self.visibility(teams, column: "c.id")) }
        if let category = query.category {
            conditions.append("EXISTS (SELECT 1 FROM case_categories k WHERE k.case_id = c.id AND k.category = \(bind: category.rawValue))")
        }
        if let stage = query.stage { conditions.append("c.stage = \(bind: stage.rawValue)") }
        if let group = query.group {
            try NULGuard.check(group, field: "group")
            conditions.append("c.id IN (SELECT case_id FROM case_groups WHERE group_id = \(bind: group))")
        }
        if let profile = query.profile {
            conditions.append("EXISTS (SELECT 1 FROM case_profiles p WHERE p.case_id = c.id AND p.profile = \(bind: profile.rawValue))")
        }
        // ISO days compare as text on both backends.
        let today = query.today.calendarDate
        if let last = query.dueOnOrBefore {
            conditions.append("(c.next_due IS NOT NULL AND c.next_due <= \(bind: last.calendarDate.description))")
        }
        switch query.overdue {
        case true?: conditions.append("(c.next_due IS NOT NULL AND c.next_due < \(bind: today.description))")
        case false?: conditions.append("(c.next_due IS NULL OR c.next_due >= \(bind: today.description))")
        case nil: break
        }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")

        // Titles are sealed, so an order by title is made here, from the opened titles of every match.
        let sortsByTitle = query.sort == .title || query.sort == .state
        let order: SQLQueryString
        switch query.sort {
        case .relevance: order = rank.map { $0 + ", c.updated_at DESC, c.id" } ?? "c.updated_at DESC, c.id"
        case .updated: order = "c.updated_at DESC, c.id"
        case .updatedAscending: order = "c.updated_at, c.id"
        case .title, .state: order = "c.id"
        case .nextDue: order = "CASE WHEN c.next_due IS NULL THEN 1 ELSE 0 END, c.next_due, c.id"
        case .created: order = "c.created_at DESC, c.id"
        }
        let columns: SQLQueryString = """
            SELECT c.id, c.sealed_id, c.title, c.person_name, c.state, c.stage, c.next_due,
                   c.revision, c.updated_at, c.deleted_at, c.first_arrest
            """
        let countSQL: SQLQueryString = "SELECT COUNT(*) AS n " + from + whereClause
        let listSQL: SQLQueryString = columns + " " + from + whereClause + " ORDER BY " + order
            + " LIMIT \(literal: perPage) OFFSET \(literal: offset)"
        let sortSQL: SQLQueryString = "SELECT c.id, c.sealed_id, c.title, c.person_name, c.state " + from + whereClause
        let byState = query.sort == .state
        return try await pool.withSession { db in
            let total: Int
            var rows: [any SQLRow]
            if sortsByTitle {
                var matches = try await db.raw(sortSQL).all().map { row in
                    let key = try row.decode(column: "id", as: String.self)
                    let fields = try self.openCaseFields(key: key, row: row)
                    return (key: key, id: fields.id, title: fields.title, state: byState ? try row.decode(column: "state", as: String.self) : "")
                }
                matches.sort { ($0.state, $0.title, $0.id) < ($1.state, $1.title, $1.id) }
                total = matches.count
                let pageKeys = matches.dropFirst(offset).prefix(perPage).map(\.key)
                let found = pageKeys.isEmpty ? [] : try await db.raw(columns + " FROM cases c WHERE c.id IN (\(binds: pageKeys))").all()
                let position = Dictionary(uniqueKeysWithValues: pageKeys.enumerated().map { ($1, $0) })
                rows = try found.sorted { position[try $0.decode(column: "id", as: String.self)] ?? 0 < position[try $1.decode(column: "id", as: String.self)] ?? 0 }
            } else {
                total = try await db.raw(countSQL).first(decodingColumn: "n", as: Int.self) ?? 0
                rows = try await db.raw(listSQL).all()
            }
            let rowKeys = try rows.map { try $0.decode(column: "id", as: String.self) }
            let terms = try await Self.terms(of: rowKeys, db: db)
            let items = try rows.map { row in
                let key = try row.decode(column: "id", as: String.self)
                let fields = try self.openCaseFields(key: key, row: row)
                let id = fields.id
                let nextDue = try Self.day(row, "next_due", id: id)
                guard let stage = ProcedureStage(rawValue: try row.decode(column: "stage", as: String.self)) else {
                    throw CaseStoreError.invalidRecord(id: id, reason: "stored stage is not one this version knows")
                }
                return CaseSummary(
                    id: id,
                    title: fields.title,
                    personName: fields.personName,
                    state: try row.decode(column: "state", as: String.self),
                    profiles: terms.profiles[key, default: []].sorted { Profile.allCases.firstIndex(of: $0)! < Profile.allCases.firstIndex(of: $1)! },
                    categories: terms.categories[key, default: []].sorted(),
                    stage: stage,
                    nextDue: nextDue,
                    overdue: nextDue.map { $0.dayNumber < today.dayNumber } ?? false,
                    revision: try row.decode(column: "revision", as: Int.self),
                    updatedAt: try Self.date(row, "updated_at", id: id),
                    deletedAt: try row.decode(column: "deleted_at", as: String?.self).flatMap(Timestamp.date),
                    firstArrest: try Self.day(row, "first_arrest", id: id))
            }
            return CasePage(items: items, total: total, page: page, perPage: perPage)
        }
    }

    /// A stored ISO day, or nil.
    private static func day(_ row: any SQLRow, _ column: String, id: String) throws -> CaseDate? {
        guard let text = try row.decode(column: column, as: String?.self) else { return nil }
        guard let date = try? CaseDate(parsing: text) else {
            throw CaseStoreError.invalidRecord(id: id, reason: "stored \(column) is not a date")
        }
        return date
    }

    /// The categories and profiles of the given cases, from their join tables.
    private static func terms(of ids: [String], db: any SQLDatabase) async throws
        -> (categories: [String: [Category]], profiles: [String: [Profile]]) {
        guard !ids.isEmpty else { return ([:], [:]) }
        var categories: [String: [Category]] = [:]
        var profiles: [String: [Profile]] = [:]
        for row in try await db.raw("SELECT case_id, category FROM case_categories WHERE case_id IN (\(binds: ids))").all() {
            if let category = Category(rawValue: try row.decode(column: "category", as: String.self)) {
                categories[try row.decode(column: "case_id", as: String.self), default: []].append(category)
            }
        }
        for row in try await db.raw("SELECT case_id, profile FROM case_profiles WHERE case_id IN (\(binds: ids))").all() {
            if let profile = Profile(rawValue: try row.decode(column: "profile", as: String.self)) {
                profiles[try row.decode(column: "case_id", as: String.self), default: []].append(profile)
            }
        }
        return (categories, profiles)
    }

    /// The current revision number of a live case.
    public func currentRevision(_ id: String) async throws -> Int {
        let key = try keys.rowKey(id)
        return try await pool.withSession { db in
            guard let row = try await Self.caseRow(key, db: db, lock: false), row.deletedAt == nil else {
                throw CaseStoreError.notFound(id: id)
            }
            return row.revision
        }
    }

    // MARK: Rows

    private struct CaseRow: Sendable {
        var revision: Int
        var deletedAt: Date?
    }

    /// Every revision of a case with its content, oldest first (or only revision `only`).
    private func revisions(of id: String, key: String, db: any SQLDatabase, only: Int? = nil) async throws -> [CaseRecord.Revision] {
        let filter: SQLQueryString = only.map { " AND number = \(bind: $0)" } ?? ""
        return try await db.raw("""
            SELECT number, author, note, created_at, action, restored_from, imported_by, imported_at, body FROM case_revisions
            WHERE case_id = \(bind: key)
            """ + filter + " ORDER BY number").all().map { row in
            let info = try Self.revisionInfo(row, id: id)
            return CaseRecord.Revision(info: info, file: try self.codec.open(try row.decode(column: "body", as: String.self), id: id,
                                                                             rowKey: key, revision: info.number))
        }
    }

    private static func caseRow(_ key: String, db: any SQLDatabase, lock: Bool) async throws -> CaseRow? {
        // FOR UPDATE makes concurrent PostgreSQL writers of one case queue up; SQLite's
        // BEGIN IMMEDIATE already holds the write lock.
        let suffix: SQLQueryString = lock && db.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        guard let row = try await db.raw("SELECT revision, deleted_at FROM cases WHERE id = \(bind: key)" + suffix).first() else {
            return nil
        }
        return CaseRow(revision: try row.decode(column: "revision", as: Int.self),
                       deletedAt: try row.decode(column: "deleted_at", as: String?.self).flatMap(Timestamp.date))
    }

    static func date(_ row: any SQLRow, _ column: String, id: String) throws -> Date {
        guard let date = Timestamp.date(try row.decode(column: column, as: String.self)) else {
            throw CaseStoreError.invalidRecord(id: id, reason: "bad \(column)")
        }
        return date
    }

    static func revisionInfo(_ row: any SQLRow, id: String) throws -> RevisionInfo {
        guard let action = RevisionAction(rawValue: try row.decode(column: "action", as: String.self)) else {
            throw CaseStoreError.invalidRecord(id: id, reason: "unknown revision action")
        }
        var imported: ImportProvenance?
        if let by = try row.decode(column: "imported_by", as: String?.self) {
            imported = ImportProvenance(by: by, at: try date(row, "imported_at", id: id))
        }
        return RevisionInfo(number: try row.decode(column: "number", as: Int.self),
                            author: try row.decode(column: "author", as: String.self),
                            note: try row.decode(column: "note", as: String.self),
                            createdAt: try date(row, "created_at", id: id),
                            action: action,
                            restoredFrom: try row.decode(column: "restored_from", as: Int?.self),
                            imported: imported)
    }

    private func insertRevision(key: String, info: RevisionInfo, file: CaseFile, db: any SQLDatabase) async throws {
        try await insertRevisions([(key, info, try codec.seal(file, rowKey: key, revision: info.number))], db: db)
    }

    private func insertCase(_ sealed: SealedIndex, createdAt: Date, deletedAt: Date?, db: any SQLDatabase,
                            revision: Int = 1, updatedAt: Date? = nil) async throws {
        try await insertCases([NewCaseRow(sealed: sealed, revision: revision, createdAt: createdAt, updatedAt: updatedAt ?? createdAt,
                                          deletedAt: deletedAt)], db: db)
    }

    /// The case's categories and profiles in their join tables (the old space-delimited
    /// `categories` and `profiles` columns of `cases` are left empty since migration 5).
    /// And its groups in `case_groups` (`groups: false` for migration 5, which runs before that table exists).
    static func writeTerms(_ index: CaseIndex, id: String, db: any SQLDatabase, groups: Bool = true) async throws {
        try await db.raw("DELETE FROM case_categories WHERE case_id = \(bind: id)").run()
        try await db.raw("DELETE FROM case_profiles WHERE case_id = \(bind: id)").run()
        if groups {
            try await db.raw("DELETE FROM case_groups WHERE case_id = \(bind: id)").run()
            for group in Set(index.groups) {
                try await db.raw("INSERT INTO case_groups (case_id, group_id) VALUES (\(bind: id), \(bind: group))").run()
            }
        }
        for category in Set(index.categories) {
            try await db.raw("INSERT INTO case_categories (case_id, category) VALUES (\(bind: id), \(bind: category.rawValue))").run()
        }
        for profile in Set(index.profiles) {
            try await db.raw("INSERT INTO case_profiles (case_id, profile) VALUES (\(bind: id), \(bind: profile.rawValue))").run()
        }
    }

    private func updateCase(_ sealed: SealedIndex, revision: Int, updatedAt: Date, db: any SQLDatabase) async throws {
        let index = sealed.index
        try await db.raw("""
            UPDATE cases SET revision = \(bind: revision), updated_at = \(bind: Timestamp.string(updatedAt)),
                title = \(bind: sealed.title), person_name = \(bind: sealed.personName), state = \(bind: index.state),
                stage = \(bind: index.stage.rawValue), next_due = \(bind: index.nextDue?.description),
                search_text = \(bind: sealed.tokens), first_arrest = \(bind: index.firstArrest?.description)
            WHERE id = \(bind: sealed.key)
            """).run()
        try await Self.writeTerms(index, id: sealed.key, db: db)
        try await Self.writeDetention(index, key: sealed.key, keys: keys, db: db)
        try await writeSearchRow(key: sealed.key, db: db)
    }
}

/// Translates websearch-style input (words, "phrases", -excluded, or) into an FTS5 query in
/// which every user word is a quoted string, so FTS5 syntax in the input is never interpreted.
enum FullText {
    static func fts5Query(_ input: String) -> String? {
        enum Token { case term(String), or, not(String) }
        var tokens: [Token] = []
        var rest = Substring(input)
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            var negated = false
            if rest.first == "-" { negated = true; rest = rest.dropFirst() }
            var text: String
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                text = String(rest[..<end])
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            } else {
                let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
                text = String(rest[..<end])
                rest = rest[end...]
                if !negated, text.lowercased() == "or" { tokens.append(.or); continue }
            }
            // Keep letters and digits only; FTS5's tokenizer would drop the rest anyway.
            text = String(text.map { $0.isLetter || $0.isNumber ? $0 : " " })
            let words = text.split(separator: " ").joined(separator: " ")
            guard !words.isEmpty else { continue }
            let quoted = "\"" + words + "\""
            tokens.append(negated ? .not(quoted) : .term(quoted))
        }
        var positive = ""
        var pendingOr = false
        var negatives: [String] = []
        for token in tokens {
            switch token {
            case .or: pendingOr = !positive.isEmpty
            case .not(let term): negatives.append(term)
            case .term(let term):
                if !positive.isEmpty { positive += pendingOr ? " OR " : " " }
                positive += term
                pendingOr = false
            }
        }
        guard !positive.isEmpty else { return nil }
        if negatives.isEmpty { return positive }
        return "(" + positive + ")" + negatives.map { " NOT " + $0 }.joined()
    }
}
