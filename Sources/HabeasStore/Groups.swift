import Foundation
import HabeasCore
import SQLKit

/// A group as a caller describes it (create, update).
public struct NewCaseGroup: Sendable, Equatable {
    /// The rule of a case id (`CaseFile.isValidID`): `almaty-2022-01`.
    public var id: String
    /// The event's name, in clear: "Almaty, January 2022". Never a person's name.
    public var name: String
    /// Free text about the event; may name people, so it is sealed.
    public var description: String?
    public init(id: String, name: String, description: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
    }

    public static let maxNameLength = 200
    public static let maxDescriptionLength = 10_000

    /// Every rule on a group from outside, as `StoreError.invalidInput` naming the field.
    public func check() throws(StoreError) {
        guard CaseFile.isValidID(id) else {
            throw StoreError.invalidInput(field: "id", reason: "`\(id)` is not a valid group id: use 2 to 64 lowercase letters, digits and hyphens, starting with a letter or digit (e.g. `almaty-2022-01`)")
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StoreError.invalidInput(field: "name", reason: "a group needs a name") }
        guard name.count <= Self.maxNameLength else {
            throw StoreError.invalidInput(field: "name", reason: "at most \(Self.maxNameLength) characters")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw StoreError.invalidInput(field: "name", reason: "one line of text without control characters")
        }
        if let description {
            try NULGuard.check(description, field: "description")
            guard description.count <= Self.maxDescriptionLength else {
                throw StoreError.invalidInput(field: "description", reason: "at most \(Self.maxDescriptionLength) characters")
            }
        }
    }
}

/// A described group, as stored.
public struct CaseGroup: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var createdAt: Date
    public var createdBy: String
}

extension SealContext {
    static func groupDescription(_ id: String) -> String { "group \(id) description" }
}

extension SQLCaseStore {
    public func createGroup(_ group: NewCaseGroup, change: Change) async throws -> CaseGroup {
        try group.check()
        let now = Timestamp.now()
        let sealed = group.description.map { keys.seal($0, context: SealContext.groupDescription(group.id)) }
        let name = group.name.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try await pool.transaction { db in
                if try await db.raw("SELECT id FROM detention_groups WHERE id = \(bind: group.id)").first() != nil {
                    throw StoreError.conflict(id: group.id, reason: "a group with the id `\(group.id)` exists")
                }
                try await db.raw("""
                    INSERT INTO detention_groups (id, name, description, created_at, created_by)
                    VALUES (\(bind: group.id), \(bind: name), \(bind: sealed), \(bind: Timestamp.string(now)), \(bind: change.author))
                    """).run()
                try await AuditChain.append(action: .groupChange, caseID: "", actor: change.author, at: now,
                                            detail: "group \(group.id) created", db: db)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            // Two creators of one id: the loser hits the primary key.
            if try await self.group(group.id) != nil {
                throw StoreError.conflict(id: group.id, reason: "a group with the id `\(group.id)` exists")
            }
            throw error
        }
        return CaseGroup(id: group.id, name: name, description: group.description, createdAt: now, createdBy: change.author)
    }

    public func updateGroup(_ group: NewCaseGroup, change: Change) async throws -> CaseGroup {
        try group.check()
        let sealed = group.description.map { keys.seal($0, context: SealContext.groupDescription(group.id)) }
        let name = group.name.trimmingCharacters(in: .whitespacesAndNewlines)
        try await pool.transaction { db in
            guard try await db.raw("SELECT id FROM detention_groups WHERE id = \(bind: group.id)").first() != nil else {
                throw CaseStoreError.notFound(id: group.id)
            }
            try await db.raw("""
                UPDATE detention_groups SET name = \(bind: name), description = \(bind: sealed) WHERE id = \(bind: group.id)
                """).run()
            try await AuditChain.append(action: .groupChange, caseID: "", actor: change.author, at: Timestamp.now(),
                                        detail: "group \(group.id) changed", db: db)
        }
        guard let stored = try await self.group(group.id) else { throw CaseStoreError.notFound(id: group.id) }
        return stored
    }

    public func groups() async throws -> [CaseGroup] {
        let rows = try await pool.withSession { db in
            try await db.raw("SELECT id, name, description, created_at, created_by FROM detention_groups").all()
        }
        return try rows.map(groupRow).sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
    }

    public func group(_ id: String) async throws -> CaseGroup? {
        try NULGuard.check(id, field: "group")
        let row = try await pool.withSession { db in
            try await db.raw("SELECT id, name, description, created_at, created_by FROM detention_groups WHERE id = \(bind: id)").first()
        }
        return try row.map(groupRow)
    }

    public func groupMemberCounts(includeDeleted: Bool, teams: [Int64]?) async throws -> [String: Int] {
        var conditions: [SQLQueryString] = includeDeleted ? [] : ["cases.deleted_at IS NULL"]
        if let teams { conditions.append(Self.visibility(teams, column: "cases.id")) }
        let filter: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql: SQLQueryString = "SELECT g.group_id AS value, COUNT(*) AS n FROM case_groups g JOIN cases ON cases.id = g.case_id"
            + filter + " GROUP BY g.group_id"
        return try await pool.withSession { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw(sql).all() {
                counts[try row.decode(column: "value", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    private func groupRow(_ row: any SQLRow) throws -> CaseGroup {
        let id = try row.decode(column: "id", as: String.self)
        var description: String?
        if let sealed = try row.decode(column: "description", as: String?.self) {
            do {
                description = try keys.open(sealed, context: SealContext.groupDescription(id))
            } catch {
                throw CaseStoreError.invalidRecord(id: id, reason: "the group's description does not open with this database's keys")
            }
        }
        return CaseGroup(id: id, name: try row.decode(column: "name", as: String.self), description: description,
                         createdAt: try Self.date(row, "created_at", id: id),
                         createdBy: try row.decode(column: "created_by", as: String.self))
    }
}
