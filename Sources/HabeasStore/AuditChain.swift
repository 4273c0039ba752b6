import Crypto
import Foundation
import HabeasKeys
import SQLKit

/// The hash chain of the audit trail. Each entry's hash is SHA-256 over a canonical encoding of
/// its fields and the previous entry's hash, so changing, removing or reordering any entry breaks
/// every link after it; only the store appends, inside the transaction of the act it records.
///
/// Canonical encoding (version 1): the tag `habeas-audit/1`, then seq (decimal), time (ISO 8601
/// UTC with milliseconds, as stored), actor, action, case id, detail and the previous hash (64
/// lowercase hex digits; 64 zeros for entry 1), each as an 8-byte big-endian length followed by
/// its UTF-8 bytes. Length prefixes make the encoding unambiguous: no field can borrow bytes of
/// the next one.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)
    static let tag = "habeas-audit/1"
    /// Bounds on what reaches the trail from outside the store.
    public static let maxActor = 200, maxCaseID = 200, maxDetail = 1_000

    public static func hash(seq: Int64, at: String, actor: String, action: String, caseID: String, detail: String, prevHash: String) -> String {
        var hasher = SHA256()
        for field in [tag, String(seq), at, actor, action, caseID, detail, prevHash] {
            let bytes = Array(field.utf8)
            withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
        return Hex.lowercase(hasher.finalize())
    }

    public static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Appends one entry at the end of the chain, in the caller's transaction. Call it last in a
    /// write transaction: on PostgreSQL it takes an exclusive lock on the trail (held until the
    /// commit) so concurrent writers append one after another and cannot fork the chain; taken
    /// last, after the write's own row locks, it cannot deadlock with them. SQLite's write lock
    /// (BEGIN IMMEDIATE) already serialises writers. `seq` is assigned here, not by a sequence, so
    /// a rolled-back transaction leaves no gap.
    static func append(action: AuditEntry.Action, caseID: String, actor: String, at: Date, detail: String,
                       db: any SQLDatabase) async throws {
        try await append([NewEntry(action: action, caseID: caseID, actor: actor, at: at, detail: detail)], db: db)
    }

    struct NewEntry: Sendable {
        var action: AuditEntry.Action
        var caseID: String
        var actor: String
        var at: Date
        var detail: String
    }

    /// Appends entries in their order, chained from the head read once (a batch of new cases).
    static func append(_ entries: [NewEntry], db: any SQLDatabase) async throws {
        guard let first = entries.first else { return }
        if db.dialect.name == "postgresql" {
            try await db.raw("LOCK TABLE case_audit IN EXCLUSIVE MODE").run()
        }
        let head = try await db.raw("SELECT seq, hash FROM case_audit ORDER BY seq DESC LIMIT 1").first()
        var seq = try head?.decode(column: "seq", as: Int64.self) ?? 0
        var prevHash = try head?.decode(column: "hash", as: String?.self) ?? genesis
        guard seq <= Int64.max - Int64(entries.count) else { throw StoreError.conflict(id: first.caseID, reason: "the audit trail is full") }
        var times: [Date: String] = [:]
        var values: [SQLQueryString] = []
        for entry in entries {
            seq += 1
            let time = times[entry.at] ?? Timestamp.string(entry.at)
            times[entry.at] = time
            let hash = hash(seq: seq, at: time, actor: entry.actor, action: entry.action.rawValue, caseID: entry.caseID, detail: entry.detail, prevHash: prevHash)
            values.append("""
                (\(bind: seq), \(bind: entry.caseID), \(bind: entry.action.rawValue), \(bind: entry.actor), \(bind: time), \(bind: entry.detail),
                 \(bind: prevHash), \(bind: hash))
                """)
            prevHash = hash
        }
        // 8 values a row: 500 rows stay below both databases' parameter limits.
        for chunk in values.chunked(500) {
            try await db.raw("INSERT INTO case_audit (seq, case_id, action, author, at, detail, prev_hash, hash) VALUES " + chunk.joined(separator: ", ")).run()
        }
    }

    /// Migration 10: numbers the existing entries 1…n in their order (a PostgreSQL sequence
    /// may have skipped values on rollbacks), chains them, then makes the table append-only.
    static func chainExisting(db: any SQLDatabase) async throws {
        let rows = try await db.raw("SELECT seq, case_id, action, author, at, detail FROM case_audit ORDER BY seq").all()
        var prevHash = genesis
        var next: Int64 = 1
        for row in rows {
            let old = try row.decode(column: "seq", as: Int64.self)
            let at = try row.decode(column: "at", as: String.self)
            let hash = hash(seq: next, at: at, actor: try row.decode(column: "author", as: String.self),
                            action: try row.decode(column: "action", as: String.self), caseID: try row.decode(column: "case_id", as: String.self),
                            detail: try row.decode(column: "detail", as: String.self), prevHash: prevHash)
            // Ascending, each new number is at most the old one and below every later old one: no key collides.
            try await db.raw("UPDATE case_audit SET seq = \(bind: next), prev_hash = \(bind: prevHash), hash = \(bind: hash) WHERE seq = \(bind: old)").run()
            prevHash = hash
            next += 1
        }
        // Append-only inside the database too: an accident or a careless script is stopped; a
        // deliberate edit by someone who drops these triggers is what the chain detects.
        if db.dialect.name == "postgresql" {
            try await db.raw("""
                CREATE FUNCTION habeas_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'case_audit is append-only'; END $$
                """).run()
            try await db.raw("""
                CREATE TRIGGER case_audit_append_only BEFORE UPDATE OR DELETE ON case_audit
                FOR EACH ROW EXECUTE FUNCTION habeas_audit_append_only()
                """).run()
            try await db.raw("""
                CREATE TRIGGER case_audit_no_truncate BEFORE TRUNCATE ON case_audit
                FOR EACH STATEMENT EXECUTE FUNCTION habeas_audit_append_only()
                """).run()
        } else {
            for event in ["UPDATE", "DELETE"] {
                try await db.raw(SQLQueryString("""
                    CREATE TRIGGER case_audit_no_\(event.lowercased()) BEFORE \(event) ON case_audit
                    BEGIN SELECT RAISE(ABORT, 'case_audit is append-only'); END
                    """)).run()
            }
        }
    }
}

/// Which entries `auditEntries` lists.
public struct AuditFilter: Sendable, Equatable {
    public var caseID: String?
    public var action: AuditEntry.Action?
    public var actor: String?
    /// Entries at or after this time.
    public var since: Date?
    /// Entries before this time.
    public var until: Date?
    /// Newest first (the web page), or oldest first (the command line).
    public var newestFirst = false
    public var limit = 200
    public var offset = 0
    public static let maxLimit = 10_000
    public init(caseID: String? = nil, action: AuditEntry.Action? = nil, actor: String? = nil, since: Date? = nil) {
        self.caseID = caseID
        self.action = action
        self.actor = actor
        self.since = since
    }
}

extension SQLCaseStore {
    public func recordAudit(action: AuditEntry.Action, caseID: String?, actor: String, detail: String) async throws {
        for (field, value, limit) in [("actor", actor, AuditChain.maxActor), ("caseID", caseID ?? "", AuditChain.maxCaseID),
                                      ("detail", detail, AuditChain.maxDetail)] {
            guard value.count <= limit else { throw StoreError.invalidInput(field: field, reason: "longer than \(limit) characters") }
            try NULGuard.check(value, field: field)
        }
        let now = Timestamp.now()
        // A case is named by its row key, as the store's own entries name it.
        let key = try caseID.flatMap { $0.isEmpty ? nil : try keys.rowKey($0) } ?? ""
        try await pool.transaction { db in
            try await AuditChain.append(action: action, caseID: key, actor: actor, at: now, detail: detail, db: db)
        }
    }

    public func audit(_ id: String?) async throws -> [AuditEntry] {
        var filter = AuditFilter(caseID: id)
        filter.limit = .max
        return try await auditEntries(filter)
    }

    /// Entries matching `filter`, in seq order.
    /// Entries name cases by row key in the table; here each gets its id back while the case
    /// exists (or when the filter asked for it by id), a purged case only its key.
    public func auditEntries(_ filter: AuditFilter) async throws -> [AuditEntry] {
        let key = try filter.caseID.map { try keys.rowKey($0) }
        let limit = filter.limit == .max ? "" : " LIMIT \(min(max(filter.limit, 1), AuditFilter.maxLimit)) OFFSET \(min(max(filter.offset, 0), CaseQuery.maxOffset))"
        let sql: SQLQueryString = """
            SELECT a.seq, a.case_id, c.sealed_id, a.action, a.author, a.at, a.detail, a.prev_hash, a.hash
            FROM case_audit a LEFT JOIN cases c ON c.id = a.case_id
            """ + Self.auditWhere(filter, key: key)
            + SQLQueryString(" ORDER BY a.seq\(filter.newestFirst ? " DESC" : "")" + limit)
        return try await pool.withSession { db in
            try await db.raw(sql).all().map { row in
                var entry = try Self.auditEntry(row)
                if let key, let id = filter.caseID, entry.caseID == key {
                    entry.caseID = id
                } else if let sealedID = try row.decode(column: "sealed_id", as: String?.self) {
                    entry.caseID = (try? self.keys.open(sealedID, context: SealContext.caseField(entry.caseID, "id"))) ?? entry.caseID
                }
                return entry
            }
        }
    }

    /// The number of entries matching `filter` (its limit and order ignored), counted by the database.
    public func auditCount(_ filter: AuditFilter) async throws -> Int {
        let key = try filter.caseID.map { try keys.rowKey($0) }
        let sql: SQLQueryString = "SELECT COUNT(*) AS n FROM case_audit a" + Self.auditWhere(filter, key: key)
        return try await pool.withSession { db in
            try await db.raw(sql).first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    /// The one WHERE clause of `auditEntries` and `auditCount`, so the two cannot drift apart.
    private static func auditWhere(_ filter: AuditFilter, key: String?) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if let key { conditions.append("a.case_id = \(bind: key)") }
        if let action = filter.action { conditions.append("a.action = \(bind: action.rawValue)") }
        if let actor = filter.actor { conditions.append("a.author = \(bind: actor)") }
        if let since = filter.since { conditions.append("a.at >= \(bind: Timestamp.string(since))") }
        if let until = filter.until { conditions.append("a.at < \(bind: Timestamp.string(until))") }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    static func auditEntry(_ row: any SQLRow) throws -> AuditEntry {
        let caseID = try row.decode(column: "case_id", as: String.self)
        guard let action = AuditEntry.Action(rawValue: try row.decode(column: "action", as: String.self)) else {
            throw CaseStoreError.invalidRecord(id: caseID, reason: "unknown audit action")
        }
        guard let at = Timestamp.date(try row.decode(column: "at", as: String.self)) else {
            throw CaseStoreError.invalidRecord(id: caseID, reason: "bad audit time")
        }
        return AuditEntry(seq: try row.decode(column: "seq", as: Int64.self), caseID: caseID, action: action,
                          author: try row.decode(column: "author", as: String.self), at: at,
                          detail: try row.decode(column: "detail", as: String.self),
                          prevHash: try row.decode(column: "prev_hash", as: String?.self) ?? "",
                          hash: try row.decode(column: "hash", as: String?.self) ?? "")
    }

    /// The last entry of the chain, to be kept elsewhere (nil when the trail is empty).
    public func auditHead() async throws -> AuditHead? {
        try await pool.withSession { db in
            guard let row = try await db.raw("SELECT seq, hash FROM case_audit ORDER BY seq DESC LIMIT 1").first() else { return nil }
            return AuditHead(seq: try row.decode(column: "seq", as: Int64.self), hash: try row.decode(column: "hash", as: String?.self) ?? "")
        }
    }

    /// Recomputes the whole chain, a page at a time (bounded memory), and names the first broken
    /// entry. With `head` (kept elsewhere earlier), also checks that the chain still contains it,
    /// which detects entries removed from the end.
    public func verifyAudit(head expected: AuditHead? = nil) async throws -> AuditVerification {
        let page = 1_000
        var verifier = ChainVerifier(expectedHead: expected)
        var after: Int64 = 0
        while true {
            let from = after
            let rows = try await pool.withSession { db in
                try await db.raw("""
                    SELECT seq, case_id, action, author, at, detail, prev_hash, hash FROM case_audit
                    WHERE seq > \(bind: from) ORDER BY seq LIMIT \(literal: page)
                    """).all()
            }
            for row in rows {
                after = try row.decode(column: "seq", as: Int64.self)
                if let problem = try verifier.check(
                    seq: after, at: try row.decode(column: "at", as: String.self), actor: try row.decode(column: "author", as: String.self),
                    action: try row.decode(column: "action", as: String.self), caseID: try row.decode(column: "case_id", as: String.self),
                    detail: try row.decode(column: "detail", as: String.self), prevHash: try row.decode(column: "prev_hash", as: String?.self),
                    hash: try row.decode(column: "hash", as: String?.self)) {
                    return AuditVerification(checked: verifier.checked, head: verifier.last, problem: problem)
                }
            }
            if rows.count < page { break }
        }
        return verifier.finish()
    }
}

/// Checks entries one at a time in seq order: `verifyAudit` reads them from the database, a
/// restore as they stream out of a backup.
struct ChainVerifier {
    let expectedHead: AuditHead?
    private(set) var checked = 0
    private(set) var last: AuditHead?
    private var prevHash = AuditChain.genesis
    private var expectedSeq: Int64 = 1

    init(expectedHead: AuditHead?) { self.expectedHead = expectedHead }

    mutating func check(seq: Int64, at: String, actor: String, action: String, caseID: String, detail: String,
                        prevHash prev: String?, hash stored: String?) -> AuditProblem? {
        guard seq == expectedSeq else { return .gap(expected: expectedSeq, found: seq) }
        guard let stored, let prev else { return .unchained(seq: seq) }
        guard prev == prevHash else { return .wrongPrevLink(seq: seq) }
        let computed = AuditChain.hash(seq: seq, at: at, actor: actor, action: action, caseID: caseID, detail: detail, prevHash: prev)
        guard computed == stored else { return .hashMismatch(seq: seq) }
        if let expectedHead, expectedHead.seq == seq, expectedHead.hash != stored {
            return .headDiffers(head: expectedHead, found: stored)
        }
        checked += 1
        last = AuditHead(seq: seq, hash: stored)
        prevHash = stored
        expectedSeq = seq &+ 1
        return nil
    }

    func finish() -> AuditVerification {
        if let expectedHead, expectedHead.seq > (last?.seq ?? 0) {
            return AuditVerification(checked: checked, head: last, problem: .headMissing(head: expectedHead, lastSeq: last?.seq ?? 0))
        }
        return AuditVerification(checked: checked, head: last, problem: nil)
    }
}
