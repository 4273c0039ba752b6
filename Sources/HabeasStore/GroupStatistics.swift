import Foundation
import HabeasCore
import HabeasKeys
import SQLKit

/// Counts for a group page or the dashboard beyond `CaseFacets`, all by SQL aggregation over the
/// index (no body is decoded): status, place of detention, profile and arrests by day.
public struct DetentionFacets: Sendable, Equatable {
    public var statuses: [CaseFacets.Count<DetentionStatus>]
    /// The most frequent places (at most `placeLimit`), each labelled as one of its cases wrote it.
    public var places: [CaseFacets.Count<String>]
    /// How many distinct places there are in all.
    public var distinctPlaces: Int
    public var profiles: [CaseFacets.Count<Profile>]
    /// Cases per calendar day of the first arrest, oldest first (days without arrests left out).
    public var arrestDays: [CaseFacets.Count<CaseDate>]

    public static let placeLimit = 12
}

/// One bulk action on a selection of cases: each case got its own revision; undoing the batch
/// restores, for each case, the revision before it as a new revision.
public struct BulkBatch: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var caseID: String
        public var before: Int
        public var after: Int
    }
    public var id: String
    public var author: String
    public var description: String
    public var createdAt: Date
    public var undoneAt: Date?
    public var undoneBy: String?
    public var entries: [Entry]
}

extension SealContext {
    static func place(_ rowKey: String) -> String { "case \(rowKey) place" }
    static func bulkCase(_ batch: String) -> String { "bulk \(batch) case" }
}

extension SQLCaseStore {
    /// Status and places of one case in the index (Migration 13), on every save.
    static func writeDetention(_ index: CaseIndex, key: String, keys: StoreKeys, db: any SQLDatabase) async throws {
        try await db.raw("UPDATE cases SET detention_status = \(bind: index.status.rawValue) WHERE id = \(bind: key)").run()
        try await db.raw("DELETE FROM case_places WHERE case_id = \(bind: key)").run()
        for place in placeRows(index, key: key, keys: keys) {
            try await db.raw("INSERT INTO case_places (case_id, token, label) VALUES (\(bind: key), \(bind: place.token), \(bind: place.label))").run()
        }
    }

    /// Migration 13's data work: every case's status and places from its current body.
    static func backfillDetention(_ db: any SQLDatabase, context: MigrationContext) async throws {
        let rows = try await db.raw("""
            SELECT c.id, c.sealed_id, c.revision, r.body FROM cases c JOIN case_revisions r ON r.case_id = c.id AND r.number = c.revision
            """).all()
        guard !rows.isEmpty else { return }
        let keys = StoreKeys(master: context.master, ring: try KeyRing(master: context.master, dataKeys: try await StoreKeys.dataKeys(db)))
        let codec = CaseBodyCodec(keys: keys)
        for row in rows {
            let key = try row.decode(column: "id", as: String.self)
            let revision = try row.decode(column: "revision", as: Int.self)
            // A body that does not open or decode keeps no status: counted as not indexed.
            guard let file = try? codec.open(try row.decode(column: "body", as: String.self), id: key, rowKey: key, revision: revision) else { continue }
            try await writeDetention(CaseIndex(file), key: key, keys: keys, db: db)
        }
    }

    public func detentionFacets(includeDeleted: Bool, teams: [Int64]?, group: String?) async throws -> DetentionFacets {
        let filter = try FacetFilter(includeDeleted: includeDeleted, teams: teams, group: group)
        let profileSQL: SQLQueryString = "SELECT profile AS value, COUNT(*) AS n FROM case_profiles"
            + filter.onCaseColumn("case_profiles.case_id") + " GROUP BY profile"
        let placeSQL: SQLQueryString = "SELECT token AS value, COUNT(*) AS n, MIN(case_id) AS sample FROM case_places"
            + filter.onCaseColumn("case_places.case_id") + " GROUP BY token"
        return try await pool.withSession { db in
            func counts(_ sql: SQLQueryString) async throws -> [(String, Int)] {
                try await db.raw(sql).all().map { row in
                    (try row.decode(column: "value", as: String.self), try row.decode(column: "n", as: Int.self))
                }
            }
            var statusCounts: [String: Int] = [:], dayCounts: [String: Int] = [:]
            for row in try await filter.caseCounts(db) {
                statusCounts[row.status, default: 0] += row.count
                dayCounts[row.firstArrest, default: 0] += row.count
            }
            let statuses = DetentionStatus.allCases.compactMap { s in statusCounts[s.rawValue].map { CaseFacets.Count(s, $0) } }
            let profiles = try await counts(profileSQL).compactMap { name, n in Profile(rawValue: name).map { CaseFacets.Count($0, n) } }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value.rawValue < $1.value.rawValue }
            let days = dayCounts.compactMap { day, n in (try? CaseDate(parsing: day)).map { CaseFacets.Count($0, n) } }
                .sorted { $0.value.dayNumber < $1.value.dayNumber }
            let placeRows = try await db.raw(placeSQL).all().map { row in
                (token: try row.decode(column: "value", as: String.self), count: try row.decode(column: "n", as: Int.self),
                 sample: try row.decode(column: "sample", as: String.self))
            }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.token < $1.token }
            // Only the labels shown are opened: one sealed label per place, from one of its cases.
            var places: [CaseFacets.Count<String>] = []
            for place in placeRows.prefix(DetentionFacets.placeLimit) {
                guard let sealed = try await db.raw("SELECT label FROM case_places WHERE case_id = \(bind: place.sample) AND token = \(bind: place.token)")
                    .first(decodingColumn: "label", as: String.self),
                    let label = try? self.keys.open(sealed, context: SealContext.place(place.sample)) else { continue }
                places.append(CaseFacets.Count(label, place.count))
            }
            return DetentionFacets(statuses: statuses, places: places, distinctPlaces: placeRows.count, profiles: profiles, arrestDays: days)
        }
    }

    // MARK: Bulk batches

    /// Records a bulk action's revisions, so it can be undone as one.
    public func recordBatch(id: String, description: String, change: Change, entries: [BulkBatch.Entry]) async throws {
        try NULGuard.check(id, field: "batch")
        let now = Timestamp.now()
        try await pool.transaction { db in
            try await db.raw("""
                INSERT INTO bulk_batches (id, author, description, created_at) VALUES
                (\(bind: id), \(bind: change.author), \(bind: self.keys.seal(description, context: SealContext.bulkCase(id))), \(bind: Timestamp.string(now)))
                """).run()
            for entry in entries {
                let key = try self.keys.rowKey(entry.caseID)
                try await db.raw("""
                    INSERT INTO bulk_batch_cases (batch_id, case_id, sealed_case_id, before_revision, after_revision) VALUES
                    (\(bind: id), \(bind: key), \(bind: self.keys.seal(entry.caseID, context: SealContext.bulkCase(id))),
                     \(bind: entry.before), \(bind: entry.after))
                    """).run()
            }
        }
    }

    public func batch(_ id: String) async throws -> BulkBatch? {
        try NULGuard.check(id, field: "batch")
        return try await pool.withSession { db in
            guard let row = try await db.raw("SELECT author, description, created_at, undone_at, undone_by FROM bulk_batches WHERE id = \(bind: id)").first() else {
                return nil
            }
            let entries = try await db.raw("""
                SELECT sealed_case_id, before_revision, after_revision FROM bulk_batch_cases WHERE batch_id = \(bind: id) ORDER BY before_revision, case_id
                """).all().map { r in
                BulkBatch.Entry(caseID: try self.keys.open(try r.decode(column: "sealed_case_id", as: String.self), context: SealContext.bulkCase(id)),
                                before: try r.decode(column: "before_revision", as: Int.self),
                                after: try r.decode(column: "after_revision", as: Int.self))
            }
            return BulkBatch(id: id, author: try row.decode(column: "author", as: String.self),
                             description: try self.keys.open(try row.decode(column: "description", as: String.self), context: SealContext.bulkCase(id)),
                             createdAt: try Self.date(row, "created_at", id: id),
                             undoneAt: try row.decode(column: "undone_at", as: String?.self).flatMap(Timestamp.date),
                             undoneBy: try row.decode(column: "undone_by", as: String?.self), entries: entries)
        }
    }

    /// Marks a batch undone; false when it already was (a second undo does nothing).
    public func markBatchUndone(_ id: String, change: Change) async throws -> Bool {
        try await pool.transaction { db in
            guard try await db.raw("SELECT id FROM bulk_batches WHERE id = \(bind: id) AND undone_at IS NULL").first() != nil else { return false }
            try await db.raw("""
                UPDATE bulk_batches SET undone_at = \(bind: Timestamp.string(Timestamp.now())), undone_by = \(bind: change.author) WHERE id = \(bind: id)
                """).run()
            return true
        }
    }
}
