import Crypto
import Foundation
import HabeasKeys
import SQLKit

/// Backups: a logical dump of every habeas table (through SQLKit, so a SQLite backup restores
/// into PostgreSQL and back) and of the file vault's bytes, read in one snapshot while the server
/// keeps serving, streamed through AES-GCM in chunks, with a SHA-256 checksum file beside it.
///
/// File: `HABEASBK`, a version byte, a mode byte (1 = AES-GCM, 0 = unencrypted), a 32-byte salt
/// and a 32-byte key check (HMAC of a fixed text under the backup key: a wrong key is named as
/// such, not as damage). Then frames: a 4-byte big-endian length, a final-flag byte and the
/// payload — for AES-GCM the sealed chunk (nonce, ciphertext, tag) whose additional data is the
/// header, the chunk's index and the final flag, so a chunk moved, dropped, cut or flipped fails
/// its tag; the stream must end with the one final chunk. The backup key is HKDF-SHA256 of the
/// master key with the salt, so each backup has its own key.
///
/// Plaintext: records of a type byte, a 4-byte length and a payload: `H` the header (JSON:
/// format, schema versions), `T` a table (JSON: name, columns), `R` a row (typed values), `F` a
/// vault file (JSON: sha256, size) followed by `D` data records, `Z` the end (JSON: counts).
public enum Backup {
    static let magic = Array("HABEASBK".utf8)
    static let version: UInt8 = 1
    static let headerLength = 8 + 1 + 1 + 32 + 32
    /// Plaintext bytes per chunk: bounded memory on both sides.
    static let chunkSize = 1 << 20
    static let maxRecord = 256 << 20
    static let keyInfo = Data("habeas-backup/1".utf8)

    /// The key of one backup from the master key: HKDF-SHA256 with the backup's salt.
    public static func deriveKey(master: SymmetricKey, salt: Data) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: master, salt: salt, info: keyInfo, outputByteCount: 32)
    }

    static func keyCheck(_ key: SymmetricKey) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data("habeas-backup key check".utf8), using: key))
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notABackup
        case checksumMissing(String)
        case checksumMismatch
        case needsKey
        case wrongKey
        case truncated
        /// The chunk's tag does not verify: altered, reordered or from another backup.
        case chunkAltered(index: UInt64)
        case trailingData
        case malformed(String)
        case notEmpty(String)
        case schemaDiffers(backup: [Int], database: [Int])
        case unknownTable(String)
        case unknownColumn(table: String, column: String)
        case fileChanged(sha256: String)
        case fileMissing(sha256: String)
        case brokenChain(AuditProblem)
        /// The backup's data keys are wrapped by another master key than the database's.
        case otherMasterKey(String)

        public var description: String {
            switch self {
            case .notABackup: "this is not a habeas backup (or its first bytes were changed)"
            case .otherMasterKey(let why): "the backup's cases are sealed under another master key than this database's (\(why)): open the new database with the master key of the one backed up; nothing was restored"
            case .checksumMissing(let path): "the checksum file \(path) is missing: a backup is only restored with its checksum"
            case .checksumMismatch: "the backup does not match its checksum file: it was changed, cut short or is another backup; nothing was restored"
            case .needsKey: "the backup is encrypted: give the master key (--key-file or HABEAS_MASTER_KEY)"
            case .wrongKey: "the master key is not the one this backup was made with"
            case .truncated: "the backup is cut short (its final chunk is missing); nothing was restored"
            case .chunkAltered(let index): "chunk \(index) of the backup fails its integrity check (altered, reordered or from another backup); nothing was restored"
            case .trailingData: "the backup has data after its final chunk; nothing was restored"
            case .malformed(let why): "the backup is malformed: \(why); nothing was restored"
            case .notEmpty(let what): "the database is not empty (\(what)): restore only into an empty database"
            case .schemaDiffers(let backup, let database):
                "the backup has schema versions \(backup.map(String.init).joined(separator: ",")), this database \(database.map(String.init).joined(separator: ",")): restore with the habeas version that made the backup"
            case .unknownTable(let name): "the table \(name) is not known to the backup format of this version (nothing would keep it)"
            case .unknownColumn(let table, let column): "the column \(table).\(column) is not known to the backup format of this version"
            case .fileChanged(let sha): "the vault file \(sha) does not match its hash: run `habeas verify-files`"
            case .fileMissing(let sha): "the vault file \(sha) named in the database is missing: run `habeas verify-files`"
            case .brokenChain(let problem): "the audit trail in the backup is broken at \(problem); nothing was restored"
            }
        }
    }

    public struct Summary: Sendable, Equatable {
        public var rows: [String: Int] = [:]
        public var files = 0
        public var fileBytes: Int64 = 0
        public var encrypted = false
        /// The audit head the backup holds (restore: verified).
        public var auditHead: AuditHead?
    }

    // MARK: The tables

    enum Kind: Sendable { case text, integer }
    struct Table: Sendable {
        var name: String
        var columns: [(String, Kind)]
        var order: String
    }

    /// Every table a backup keeps, parents first. A table or column the database has and this
    /// list lacks stops the backup: a later migration must add it here (a test checks the list
    /// against a freshly migrated database). Derived structures are rebuilt on restore instead:
    /// SQLite's `case_search`, PostgreSQL's `search_vector`.
    static let tables: [Table] = [
        Table(name: "habeas_data_keys", columns: [
            ("id", .integer), ("wrapped", .text), ("master_fingerprint", .text), ("created_at", .text),
        ], order: "id"),
        Table(name: "cases", columns: [
            ("id", .text), ("revision", .integer), ("created_at", .text), ("updated_at", .text), ("deleted_at", .text),
            ("deleted_by", .text), ("title", .text), ("person_name", .text), ("state", .text), ("profiles", .text),
            ("categories", .text), ("stage", .text), ("next_due", .text), ("search_text", .text), ("first_arrest", .text),
            ("sealed_id", .text), ("files_text", .text), ("detention_status", .text),
        ], order: "id"),
        Table(name: "case_revisions", columns: [
            ("case_id", .text), ("number", .integer), ("author", .text), ("note", .text), ("created_at", .text), ("action", .text),
            ("restored_from", .integer), ("body", .text), ("imported_by", .text), ("imported_at", .text),
        ], order: "case_id, number"),
        Table(name: "case_categories", columns: [("case_id", .text), ("category", .text)], order: "case_id, category"),
        Table(name: "case_profiles", columns: [("case_id", .text), ("profile", .text)], order: "case_id, profile"),
        Table(name: "case_attachments", columns: [
            ("id", .integer), ("case_id", .text), ("sha256", .text), ("size", .integer), ("original_name", .text),
            ("declared_type", .text), ("detected_type", .text), ("title", .text), ("date", .text), ("evidence_id", .text),
            ("identifying", .integer), ("added_by", .text), ("added_at", .text), ("removed_at", .text), ("removed_by", .text),
            ("removal_reason", .text),
        ], order: "id"),
        Table(name: "case_attachment_text", columns: [
            ("attachment_id", .integer), ("case_id", .text), ("characters", .integer), ("text", .text),
        ], order: "attachment_id"),
        Table(name: "users", columns: [
            ("id", .integer), ("name", .text), ("role", .text), ("password_hash", .text), ("totp_secret", .text),
            ("failed_attempts", .integer), ("locked_until", .text), ("disabled", .integer), ("created_at", .text),
            ("totp_last_step", .integer), ("language", .text),
        ], order: "id"),
        Table(name: "user_recovery_codes", columns: [("user_id", .integer), ("code_hash", .text)], order: "user_id, code_hash"),
        Table(name: "teams", columns: [("id", .integer), ("name", .text), ("created_at", .text)], order: "id"),
        Table(name: "team_members", columns: [("team_id", .integer), ("user_id", .integer)], order: "team_id, user_id"),
        Table(name: "case_teams", columns: [("case_id", .text), ("team_id", .integer)], order: "case_id, team_id"),
        Table(name: "api_tokens", columns: [
            ("id", .integer), ("token_hash", .text), ("user_id", .integer), ("scope", .text), ("label", .text),
            ("created_at", .text), ("revoked_at", .text),
        ], order: "id"),
        Table(name: "detention_groups", columns: [
            ("id", .text), ("name", .text), ("description", .text), ("created_at", .text), ("created_by", .text),
        ], order: "id"),
        Table(name: "case_groups", columns: [("case_id", .text), ("group_id", .text)], order: "case_id, group_id"),
        Table(name: "case_places", columns: [("case_id", .text), ("token", .text), ("label", .text)], order: "case_id, token"),
        Table(name: "bulk_batches", columns: [
            ("id", .text), ("author", .text), ("description", .text), ("created_at", .text), ("undone_at", .text), ("undone_by", .text),
        ], order: "id"),
        Table(name: "bulk_batch_cases", columns: [
            ("batch_id", .text), ("case_id", .text), ("sealed_case_id", .text), ("before_revision", .integer), ("after_revision", .integer),
        ], order: "batch_id, case_id"),
        Table(name: "case_audit", columns: [
            ("seq", .integer), ("case_id", .text), ("action", .text), ("author", .text), ("at", .text), ("detail", .text),
            ("prev_hash", .text), ("hash", .text),
        ], order: "seq"),
    ]
    /// Kept by the schema itself or rebuilt: never in a backup.
    /// Sessions and one-time sign-in links are not kept either: a restored server signs everyone
    /// in afresh.
    static let derived: Set<String> = ["habeas_migrations", "case_search", "search_vector", "user_sessions", "sign_in_links"]

    /// The tables and columns of the connected database, derived ones left out.
    static func schema(_ db: any SQLDatabase) async throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        if db.dialect.name == "postgresql" {
            for row in try await db.raw("""
                SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()
                """).all() {
                let table = try row.decode(column: "table_name", as: String.self)
                let column = try row.decode(column: "column_name", as: String.self)
                guard !derived.contains(table), !derived.contains(column) else { continue }
                result[table, default: []].insert(column)
            }
        } else {
            let names = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
                .map { try $0.decode(column: "name", as: String.self) }
                // FTS5 keeps its own shadow tables (case_search_data, …).
                .filter { !$0.hasPrefix("sqlite_") && !derived.contains($0) && !$0.hasPrefix("case_search_") }
            for name in names {
                let columns = try await db.raw("SELECT name FROM pragma_table_info(\(bind: name))").all()
                result[name] = Set(try columns.map { try $0.decode(column: "name", as: String.self) })
            }
        }
        return result
    }

    /// Refuses a database with tables or columns this version cannot keep.
    static func checkKnown(_ schema: [String: Set<String>]) throws {
        for (table, columns) in schema.sorted(by: { $0.key < $1.key }) {
            guard let known = tables.first(where: { $0.name == table }) else { throw Failure.unknownTable(table) }
            let names = Set(known.columns.map(\.0))
            if let extra = columns.subtracting(names).sorted().first { throw Failure.unknownColumn(table: table, column: extra) }
        }
    }

    // MARK: Values

    enum Value: Equatable {
        case null, integer(Int64), text(String)
    }

    static func encode(_ values: [Value]) -> [UInt8] {
        var out: [UInt8] = []
        for value in values {
            switch value {
            case .null: out.append(0)
            case .integer(let n):
                out.append(1)
                withUnsafeBytes(of: n.bigEndian) { out += $0 }
            case .text(let s):
                out.append(2)
                let bytes = Array(s.utf8)
                withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { out += $0 }
                out += bytes
            }
        }
        return out
    }

    static func decode(_ bytes: [UInt8], count: Int) throws -> [Value] {
        var values: [Value] = []
        var i = 0
        func take(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, bytes.count - i >= n else { throw Failure.malformed("a row is cut short") }
            defer { i += n }
            return bytes[i..<i + n]
        }
        for _ in 0..<count {
            switch try take(1).first ?? 255 {
            case 0: values.append(.null)
            case 1: values.append(.integer(Int64(bitPattern: try take(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })))
            case 2:
                let length = try take(4).reduce(0) { $0 << 8 | Int($1) }
                guard let text = String(bytes: try take(length), encoding: .utf8) else { throw Failure.malformed("a text is not UTF-8") }
                values.append(.text(text))
            default: throw Failure.malformed("unknown value type")
            }
        }
        guard i == bytes.count else { throw Failure.malformed("a row has extra bytes") }
        return values
    }
}

// MARK: - Writing

/// Frames, encrypts and writes the plaintext stream. One backup, one task.
// @unchecked: used by one task at a time (the backup's session), never shared.
final class BackupSink: @unchecked Sendable {
    private let handle: FileHandle
    private let header: [UInt8]
    private let key: SymmetricKey?
    private var buffer: [UInt8] = []
    private var index: UInt64 = 0
    private var hasher = SHA256()

    init(url: URL, key master: SymmetricKey?) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        let salt = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        key = master.map { Backup.deriveKey(master: $0, salt: salt) }
        var header: [UInt8] = Backup.magic
        header.append(Backup.version)
        header.append(key == nil ? 0 : 1)
        header += Array(salt)
        header += Array(key.map(Backup.keyCheck) ?? Data(count: 32))
        self.header = header
        try write(header)
    }

    private func write(_ bytes: [UInt8]) throws {
        hasher.update(data: bytes)
        try handle.write(contentsOf: Data(bytes))
    }

    func record(_ type: Character, _ payload: [UInt8]) throws {
        buffer.append(type.asciiValue!)
        withUnsafeBytes(of: UInt32(payload.count).bigEndian) { buffer += $0 }
        buffer += payload
        while buffer.count >= Backup.chunkSize {
            try seal(Array(buffer.prefix(Backup.chunkSize)), final: false)
            buffer.removeFirst(Backup.chunkSize)
        }
    }

    func json(_ type: Character, _ object: [String: Any]) throws {
        try record(type, Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])))
    }

    private func seal(_ plain: [UInt8], final: Bool) throws {
        let flag: UInt8 = final ? 1 : 0
        let payload: [UInt8]
        if let key {
            let sealed = try AES.GCM.seal(plain, using: key, authenticating: BackupSource.additionalData(header: header, index: index, final: flag))
            payload = Array(sealed.combined!)
        } else {
            payload = plain
        }
        var frame: [UInt8] = []
        withUnsafeBytes(of: UInt32(payload.count).bigEndian) { frame += $0 }
        frame.append(flag)
        try write(frame + payload)
        index += 1
    }

    /// Seals what is left as the final chunk; returns the SHA-256 of the whole file.
    func finish() throws -> String {
        try seal(buffer, final: true)
        buffer = []
        try handle.synchronize()
        try handle.close()
        return Hex.lowercase(hasher.finalize())
    }

    func abandon() { try? handle.close() }
}

// MARK: - Reading

/// Reads, checks and decrypts the frames, and hands out the plaintext records.
// @unchecked: used by one task at a time (the restore's session), never shared.
final class BackupSource: @unchecked Sendable {
    private let handle: FileHandle
    private var header: [UInt8] = []
    private var key: SymmetricKey?
    let encrypted: Bool
    private var plain: [UInt8] = []
    private var position = 0
    private var index: UInt64 = 0
    private var sawFinal = false

    static func additionalData(header: [UInt8], index: UInt64, final: UInt8) -> [UInt8] {
        var data = header
        withUnsafeBytes(of: index.bigEndian) { data += $0 }
        data.append(final)
        return data
    }

    init(url: URL, key master: SymmetricKey?) throws {
        handle = try FileHandle(forReadingFrom: url)
        guard let head = try handle.read(upToCount: Backup.headerLength), head.count == Backup.headerLength,
              Array(head.prefix(8)) == Backup.magic, head[head.startIndex + 8] == Backup.version,
              [0, 1].contains(head[head.startIndex + 9]) else {
            try? handle.close()
            throw Backup.Failure.notABackup
        }
        header = Array(head)
        encrypted = header[9] == 1
        if encrypted {
            guard let master else {
                try? handle.close()
                throw Backup.Failure.needsKey
            }
            let derived = Backup.deriveKey(master: master, salt: Data(header[10..<42]))
            guard Array(Backup.keyCheck(derived)) == Array(header[42..<74]) else {
                try? handle.close()
                throw Backup.Failure.wrongKey
            }
            key = derived
        }
    }

    func close() { try? handle.close() }

    /// Reads the next frame into `plain`; false at the end of a complete stream.
    private func nextChunk() throws -> Bool {
        guard let lengthBytes = try handle.read(upToCount: 5), !lengthBytes.isEmpty else {
            if sawFinal { return false }
            throw Backup.Failure.truncated
        }
        guard !sawFinal else { throw Backup.Failure.trailingData }
        guard lengthBytes.count == 5 else { throw Backup.Failure.truncated }
        let length = lengthBytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        let flag = lengthBytes[lengthBytes.startIndex + 4]
        guard length <= Backup.chunkSize + 64, flag <= 1 else { throw Backup.Failure.chunkAltered(index: index) }
        var bytes = Data()
        if length > 0 { bytes = try handle.read(upToCount: length) ?? Data() }
        guard bytes.count == length else { throw Backup.Failure.truncated }
        if let key {
            do {
                let box = try AES.GCM.SealedBox(combined: bytes)
                plain = Array(try AES.GCM.open(box, using: key, authenticating: Self.additionalData(header: header, index: index, final: flag)))
            } catch {
                throw Backup.Failure.chunkAltered(index: index)
            }
        } else {
            plain = Array(bytes)
        }
        position = 0
        index += 1
        sawFinal = flag == 1
        return true
    }

    private func take(_ count: Int) throws -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(min(count, Backup.chunkSize))
        while out.count < count {
            if position == plain.count {
                guard try nextChunk() else {
                    if out.isEmpty { return nil }
                    throw Backup.Failure.malformed("a record is cut short")
                }
                continue
            }
            let n = min(count - out.count, plain.count - position)
            out += plain[position..<position + n]
            position += n
        }
        return out
    }

    /// The next record, or nil at the end of the stream.
    func record() throws -> (type: Character, payload: [UInt8])? {
        guard let head = try take(5) else { return nil }
        let length = head[1...].reduce(0) { $0 << 8 | Int($1) }
        guard length <= Backup.maxRecord else { throw Backup.Failure.malformed("a record is larger than \(Backup.maxRecord >> 20) MB") }
        var payload: [UInt8] = []
        if length > 0 { payload = try take(length) ?? [] }
        guard payload.count == length else { throw Backup.Failure.malformed("a record is cut short") }
        return (Character(UnicodeScalar(head[0])), payload)
    }

    /// Makes sure nothing follows the end record and the final chunk was seen.
    func expectEnd() throws {
        if position < plain.count { throw Backup.Failure.malformed("data after the end record") }
        while try nextChunk() {
            if !plain.isEmpty { throw Backup.Failure.malformed("data after the end record") }
        }
    }

    static func json(_ payload: [UInt8]) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else {
            throw Backup.Failure.malformed("a header record is not JSON")
        }
        return object
    }
}

// MARK: - Checksum file

extension Backup {
    /// `OUT.sha256` beside the backup, in the format of `sha256sum`.
    public static func checksumURL(for url: URL) -> URL { URL(fileURLWithPath: url.path + ".sha256") }

    static func sha256(of url: URL) throws -> String {
        let input = try FileHandle(forReadingFrom: url)
        defer { try? input.close() }
        var hasher = SHA256()
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return Hex.lowercase(hasher.finalize())
    }

    static func verifyChecksum(_ url: URL) throws {
        let checksum = checksumURL(for: url)
        guard let text = try? String(contentsOf: checksum, encoding: .utf8) else { throw Failure.checksumMissing(checksum.path) }
        guard let expected = text.split(whereSeparator: \.isWhitespace).first.map(String.init), AuditChain.isHash(expected) else {
            throw Failure.checksumMismatch
        }
        guard try sha256(of: url) == expected else { throw Failure.checksumMismatch }
    }
}
