import Foundation
import HabeasCore
import HabeasKeys
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
        let key = try keys.rowKey(caseID)
        let originalName = keys.seal(new.originalName, context: SealContext.attachment(key, sha256: new.sha256, "original_name"))
        let title = keys.seal(new.title, context: SealContext.attachment(key, sha256: new.sha256, "title"))
        return try await pool.transaction { db in
            try await db.raw("""
                INSERT INTO case_attachments (case_id, sha256, size, original_name, declared_type, detected_type, title, date,
                    evidence_id, identifying, added_by, added_at)
                VALUES (\(bind: key), \(bind: new.sha256), \(bind: new.size), \(bind: originalName), \(bind: new.declaredType),
                    \(bind: new.detectedType), \(bind: title), \(bind: new.date?.description), \(bind: new.evidenceID),
                    \(bind: new.identifying ? 1 : 0), \(bind: change.author), \(bind: Timestamp.string(now)))
                """).run()
            try await Self.insertAudit(caseKey: key, action: .attach, author: change.author, at: now, detail: "file \(new.sha256)", db: db)
            let rows = try await db.raw("""
                SELECT * FROM case_attachments WHERE case_id = \(bind: key) AND sha256 = \(bind: new.sha256)
                ORDER BY id DESC LIMIT 1
                """).all()
            guard let row = rows.first else { throw CaseStoreError.invalidRecord(id: caseID, reason: "the attachment was not recorded") }
            return try self.attachment(row, caseID: caseID)
        }
    }

    /// The files of a case, oldest first; removed ones only when asked.
    public func attachments(of caseID: String, includeRemoved: Bool) async throws -> [Attachment] {
        let filter: SQLQueryString = includeRemoved ? "" : " AND removed_at IS NULL"
        let key = try keys.rowKey(caseID)
        return try await pool.withSession { db in
            try await db.raw("SELECT * FROM case_attachments WHERE case_id = \(bind: key)" + filter + " ORDER BY id").all()
                .map { try self.attachment($0, caseID: caseID) }
        }
    }

    /// Every recorded file of every case, removed ones included (their bytes are kept): what
    /// `habeas verify-files` checks.
    public func allAttachments() async throws -> [Attachment] {
        try await pool.withSession { db in
            var ids: [String: String] = [:]
            for row in try await db.raw("SELECT id, sealed_id, title, person_name FROM cases").all() {
                let key = try row.decode(column: "id", as: String.self)
                ids[key] = try self.openCaseFields(key: key, row: row).id
            }
            return try await db.raw("SELECT * FROM case_attachments ORDER BY id").all().map { row in
                let key = try row.decode(column: "case_id", as: String.self)
                return try self.attachment(row, caseID: ids[key] ?? key)
            }
        }
    }

    /// Removes a file from a case: the row stays, marked with who, when and why.
    public func removeAttachment(_ id: Int64, of caseID: String, reason: String, change: Change) async throws {
        guard reason.count <= NewAttachment.maxReason, !reason.contains("\0") else {
            throw StoreError.invalidInput(field: "reason", reason: "at most \(NewAttachment.maxReason) characters, no NUL")
        }
        let now = Timestamp.now()
        let key = try keys.rowKey(caseID)
        try await pool.transaction { db in
            guard let row = try await db.raw("SELECT * FROM case_attachments WHERE id = \(bind: id) AND case_id = \(bind: key)").first() else {
                throw StoreError.invalidInput(field: "attachment", reason: "\(caseID) has no file \(id)")
            }
            let file = try self.attachment(row, caseID: caseID)
            guard file.removedAt == nil else {
                throw StoreError.conflict(id: caseID, reason: "file \(id) was already removed")
            }
            let sealedReason = self.keys.seal(reason, context: SealContext.attachment(key, sha256: file.sha256, "removal_reason"))
            try await db.raw("""
                UPDATE case_attachments SET removed_at = \(bind: Timestamp.string(now)), removed_by = \(bind: change.author),
                    removal_reason = \(bind: sealedReason)
                WHERE id = \(bind: id)
                """).run()
            // The removed file's words leave the case's index with it.
            try await self.refreshFilesText(key: key, db: db)
            try await Self.insertAudit(caseKey: key, action: .removeFile, author: change.author, at: now, detail: "file \(id)", db: db)
        }
    }

    // MARK: Text of the files, for full-text search

    /// Stores the text extracted from a live file of the case (replacing any earlier text) and
    /// puts its words in the case's index.
    public func setExtractedText(_ text: String, of attachmentID: Int64, in caseID: String) async throws {
        let text = AttachmentText.clean(text, limit: AttachmentText.maxBytes)
        let key = try keys.rowKey(caseID)
        try await pool.transaction { db in
            guard try await db.raw("""
                SELECT id FROM case_attachments WHERE id = \(bind: attachmentID) AND case_id = \(bind: key) AND removed_at IS NULL
                """).first() != nil else {
                throw StoreError.invalidInput(field: "attachment", reason: "\(caseID) has no file \(attachmentID)")
            }
            try await self.writeExtractedText(text, attachmentID: attachmentID, key: key, db: db)
            try await self.refreshFilesText(key: key, db: db)
        }
    }

    /// How many characters of text are stored for each file of the case that has any stored
    /// (a file absent from the answer has none: no text in its type, or no tool to extract it).
    public func extractedTextLengths(of caseID: String) async throws -> [Int64: Int] {
        let key = try keys.rowKey(caseID)
        return try await pool.withSession { db in
            var lengths: [Int64: Int] = [:]
            for row in try await db.raw("SELECT attachment_id, characters FROM case_attachment_text WHERE case_id = \(bind: key)").all() {
                lengths[try row.decode(column: "attachment_id", as: Int64.self)] = try row.decode(column: "characters", as: Int.self)
            }
            return lengths
        }
    }

    /// The one place a file's extracted text is written, sealed for its file.
    func writeExtractedText(_ text: String, attachmentID: Int64, key: String, db: any SQLDatabase) async throws {
        let sealed = keys.seal(text, context: SealContext.extractedText(key, attachmentID: attachmentID))
        try await db.raw("DELETE FROM case_attachment_text WHERE attachment_id = \(bind: attachmentID)").run()
        try await db.raw("""
            INSERT INTO case_attachment_text (attachment_id, case_id, characters, text)
            VALUES (\(bind: attachmentID), \(bind: key), \(bind: text.count), \(bind: sealed))
            """).run()
    }

    /// The one place it is read: the texts of the case's live files, oldest file first.
    func readExtractedTexts(key: String, db: any SQLDatabase) async throws -> [String] {
        try await db.raw("""
            SELECT t.attachment_id, t.text FROM case_attachment_text t JOIN case_attachments a ON a.id = t.attachment_id
            WHERE a.case_id = \(bind: key) AND a.removed_at IS NULL ORDER BY a.id
            """).all().map { row in
            let attachmentID = try row.decode(column: "attachment_id", as: Int64.self)
            do {
                return try keys.open(try row.decode(column: "text", as: String.self),
                                     context: SealContext.extractedText(key, attachmentID: attachmentID))
            } catch let error as KeyError {
                throw CaseStoreError.invalidRecord(id: key, reason: "the text of file \(attachmentID): \(error.description)")
            }
        }
    }

    /// Writes the case's index copy of its live files' words (as tokens, bounded) and its search row.
    func refreshFilesText(key: String, db: any SQLDatabase) async throws {
        let joined = try await readExtractedTexts(key: key, db: db).joined(separator: "\n")
        let tokens = keys.searchTokens(joined, limit: AttachmentText.maxIndexBytes)
        try await db.raw("UPDATE cases SET files_text = \(bind: tokens) WHERE id = \(bind: key)").run()
        try await writeSearchRow(key: key, db: db)
    }

    /// SQLite's full-text row of a case: its own tokens and its files' tokens, from the `cases`
    /// row just written. (PostgreSQL's vector is generated from the same two columns.)
    func writeSearchRow(key: String, db: any SQLDatabase) async throws {
        guard pool.flavor == .sqlite else { return }
        try await db.raw("DELETE FROM case_search WHERE case_id = \(bind: key)").run()
        try await db.raw("""
            INSERT INTO case_search (case_id, body) SELECT id, search_text || char(10) || files_text FROM cases WHERE id = \(bind: key)
            """).run()
    }

    /// A row read back, its sealed names opened (`caseID` is the case's id; the row holds its key).
    func attachment(_ row: any SQLRow, caseID: String) throws -> Attachment {
        let key = try row.decode(column: "case_id", as: String.self)
        let sha256 = try row.decode(column: "sha256", as: String.self)
        func opened(_ column: String) throws -> String? {
            guard let sealed = try row.decode(column: column, as: String?.self) else { return nil }
            do {
                return try keys.open(sealed, context: SealContext.attachment(key, sha256: sha256, column))
            } catch let error as KeyError {
                throw CaseStoreError.invalidRecord(id: caseID, reason: "file \(sha256.prefix(12)): \(error.description)")
            }
        }
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
            sha256: sha256, size: try row.decode(column: "size", as: Int64.self),
            originalName: try opened("original_name") ?? "", declaredType: try text("declared_type"),
            detectedType: try row.decode(column: "detected_type", as: String.self), title: try opened("title") ?? "",
            date: try text("date").flatMap { try? CaseDate(parsing: $0) }, evidenceID: try text("evidence_id"),
            identifying: try row.decode(column: "identifying", as: Int.self) != 0)
        return Attachment(id: try row.decode(column: "id", as: Int64.self), caseID: caseID, facts: facts,
                          addedBy: try row.decode(column: "added_by", as: String.self), addedAt: addedAt,
                          removedAt: try date("removed_at"), removedBy: try text("removed_by"), removalReason: try opened("removal_reason"))
    }
}

/// Bounds and cleaning of the text extracted from files.
public enum AttachmentText {
    /// The most text kept of one file (UTF-8 bytes): a few hundred pages.
    public static let maxBytes = 1 << 20
    /// The most of a case's files' words its index holds, as tokens (bytes), the oldest files'
    /// words first. PostgreSQL refuses a tsvector over 1 MB; about 6,000 distinct words stay
    /// well under it beside the case's own.
    public static let maxIndexBytes = 200_000

    /// Without NUL and control characters (PostgreSQL text refuses NUL; page breaks become line
    /// breaks), at most `limit` UTF-8 bytes, cut between characters.
    public static func clean(_ text: String, limit: Int) -> String {
        var out = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            let kept: Unicode.Scalar
            switch scalar.value {
            case 0x0A, 0x09: kept = scalar
            case 0x0C, 0x0D: kept = "\n"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0: continue
            default: kept = scalar
            }
            let size = UTF8.width(kept)
            guard bytes + size <= limit else { break }
            bytes += size
            out.append(kept)
        }
        return String(out)
    }
}
