import Foundation
import HabeasCore
import SQLKit

/// A file attached to a case, as its chain of custody records it. The bytes live in the file
/// vault under `sha256` and never change; this row says what was added (`facts`), who added it and
/// when, and — once removed — who removed it, when and why. Rows are never deleted while the case
/// exists: removing a file is a recorded act.
@dynamicMemberLookup
public struct Attachment: Sendable, Equatable {
    public var id: Int64
    public var caseID: String
    /// The file as it was added: hash, size, names and types, title, date, evidence item.
    public var facts: NewAttachment
    public var addedBy: String
    public var addedAt: Date
    public var removedAt: Date?
    public var removedBy: String?
    public var removalReason: String?

    public subscript<T>(dynamicMember keyPath: KeyPath<NewAttachment, T>) -> T { facts[keyPath: keyPath] }
}

/// What the caller knows of a file it has just put in the vault.
public struct NewAttachment: Sendable, Equatable {
    public var sha256: String
    public var size: Int64
    /// The name the file had when it was added, as given.
    public var originalName: String
    /// The type the uploader claimed (an HTTP content type, or nil from the command line).
    public var declaredType: String?
    /// The type found in the bytes (`DetectedType` of HabeasFiles).
    public var detectedType: String
    public var title: String
    public var date: CaseDate?
    /// The evidence item it belongs to, or nil for a file of the case as a whole.
    public var evidenceID: String?
    /// It shows who someone is: left out of every redacted output.
    public var identifying: Bool

    public init(sha256: String, size: Int64, originalName: String, declaredType: String? = nil, detectedType: String,
                title: String, date: CaseDate? = nil, evidenceID: String? = nil, identifying: Bool = false) {
        self.sha256 = sha256
        self.size = size
        self.originalName = originalName
        self.declaredType = declaredType
        self.detectedType = detectedType
        self.title = title
        self.date = date
        self.evidenceID = evidenceID
        self.identifying = identifying
    }

    /// Lengths a person would type; anything longer is refused with the field named.
    public static let maxTitle = 500, maxName = 1_000, maxType = 200, maxReason = 2_000

    func validated() throws -> NewAttachment {
        guard sha256.utf8.count == 64, sha256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw StoreError.invalidInput(field: "sha256", reason: "not a SHA-256 (64 lowercase hexadecimal digits)")
        }
        guard size > 0 else { throw StoreError.invalidInput(field: "size", reason: "the file is empty") }
        for (field, value, limit) in [("title", title, Self.maxTitle), ("originalName", originalName, Self.maxName),
                                      ("declaredType", declaredType ?? "", Self.maxType), ("detectedType", detectedType, Self.maxType)] {
            guard value.count <= limit else { throw StoreError.invalidInput(field: field, reason: "longer than \(limit) characters") }
            guard !value.contains("\0") else { throw StoreError.invalidInput(field: field, reason: "contains a NUL character") }
        }
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError.invalidInput(field: "title", reason: "a file needs a title (what it is: \"Detention decision of 8 January 2022\")")
        }
        return self
    }
}

extension SQLCaseStore {
    /// Records a file (already in the vault) on a live case; `evidenceID` must name an evidence
    /// item of the case's current revision.
    public func attach(_ new: NewAttachment, to caseID: String, change: Change) async throws -> Attachment {
        let new = try new.validated()
        let current = try await get(caseID)
        if let evidenceID = new.evidenceID, !current.file.evidence.contains(where: { $0.id == evidenceID }) {
            let known = current.file.evidence.map(\.id)
            throw StoreError.invalidInput(field: "evidence", reason: "`\(evidenceID)` is not an evidence item of \(caseID)"
                                          + (known.isEmpty ? " (it has none)" : "; its items are \(known.joined(separator: ", "))"))
        }
        let now = Timestamp.now()
        return try await pool.transaction { db in
            try await db.raw("""
                INSERT INTO case_attachments (case_id, sha256, size, original_name, declared_type, detected_type, title, date,
                    evidence_id, identifying, added_by, added_at)
                VALUES (\(bind: caseID), \(bind: new.sha256), \(bind: new.size), \(bind: new.originalName), \(bind: new.declaredType),
                    \(bind: new.detectedType), \(bind: new.title), \(bind: new.date?.description), \(bind: new.evidenceID),
                    \(bind: new.identifying ? 1 : 0), \(bind: change.author), \(bind: Timestamp.string(now)))
                """).run()
            try await Self.insertAudit(caseID: caseID, action: .attach, author: change.author, at: now, detail: "file \(new.sha256)", db: db)
            let rows = try await db.raw("""
                SELECT * FROM case_attachments WHERE case_id = \(bind: caseID) AND sha256 = \(bind: new.sha256)
                ORDER BY id DESC LIMIT 1
                """).all()
            guard let row = rows.first else { throw CaseStoreError.invalidRecord(id: caseID, reason: "the attachment was not recorded") }
            return try Self.attachment(row)
        }
    }

    /// The files of a case, oldest first; removed ones only when asked.
    public func attachments(of caseID: String, includeRemoved: Bool) async throws -> [Attachment] {
        let filter: SQLQueryString = includeRemoved ? "" : " AND removed_at IS NULL"
        return try await pool.withSession { db in
            try await db.raw("SELECT * FROM case_attachments WHERE case_id = \(bind: caseID)" + filter + " ORDER BY id").all().map(Self.attachment)
        }
    }

    /// Every recorded file of every case, removed ones included (their bytes are kept): what
    /// `habeas verify-files` checks.
    public func allAttachments() async throws -> [Attachment] {
        try await pool.withSession { db in
            try await db.raw("SELECT * FROM case_attachments ORDER BY id").all().map(Self.attachment)
        }
    }

    /// Removes a file from a case: the row stays, marked with who, when and why.
    public func removeAttachment(_ id: Int64, of caseID: String, reason: String, change: Change) async throws {
        guard reason.count <= NewAttachment.maxReason, !reason.contains("\0") else {
            throw StoreError.invalidInput(field: "reason", reason: "at most \(NewAttachment.maxReason) characters, no NUL")
        }
        let now = Timestamp.string(Timestamp.now())
        try await pool.transaction { db in
            guard let row = try await db.raw("SELECT * FROM case_attachments WHERE id = \(bind: id) AND case_id = \(bind: caseID)").first() else {
                throw StoreError.invalidInput(field: "attachment", reason: "\(caseID) has no file \(id)")
            }
            guard try Self.attachment(row).removedAt == nil else {
                throw StoreError.conflict(id: caseID, reason: "file \(id) was already removed")
            }
            try await db.raw("""
                UPDATE case_attachments SET removed_at = \(bind: now), removed_by = \(bind: change.author), removal_reason = \(bind: reason)
                WHERE id = \(bind: id)
                """).run()
            try await Self.insertAudit(caseID: caseID, action: .removeFile, author: change.author, at: Timestamp.date(now) ?? Timestamp.now(),
                                       detail: "file \(id)", db: db)
        }
    }

    static func attachment(_ row: any SQLRow) throws -> Attachment {
        let caseID = try row.decode(column: "case_id", as: String.self)
        func date(_ column: String) throws -> Date? {
            guard let text = try row.decodeNil(column: column) ? nil : row.decode(column: column, as: String.self) else { return nil }
            guard let date = Timestamp.date(text) else { throw CaseStoreError.invalidRecord(id: caseID, reason: "bad \(column)") }
            return date
        }
        func text(_ column: String) throws -> String? {
            try row.decodeNil(column: column) ? nil : row.decode(column: column, as: String.self)
        }
        guard let addedAt = try date("added_at") else { throw CaseStoreError.invalidRecord(id: caseID, reason: "no added_at") }
        let facts = NewAttachment(
            sha256: try row.decode(column: "sha256", as: String.self), size: try row.decode(column: "size", as: Int64.self),
            originalName: try row.decode(column: "original_name", as: String.self), declaredType: try text("declared_type"),
            detectedType: try row.decode(column: "detected_type", as: String.self), title: try row.decode(column: "title", as: String.self),
            date: try text("date").flatMap { try? CaseDate(parsing: $0) }, evidenceID: try text("evidence_id"),
            identifying: try row.decode(column: "identifying", as: Int.self) != 0)
        return Attachment(id: try row.decode(column: "id", as: Int64.self), caseID: caseID, facts: facts,
                          addedBy: try row.decode(column: "added_by", as: String.self), addedAt: addedAt,
                          removedAt: try date("removed_at"), removedBy: try text("removed_by"), removalReason: try text("removal_reason"))
    }
}
