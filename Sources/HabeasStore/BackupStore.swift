import Crypto
import Foundation
import HabeasKeys
import SQLKit

extension SQLCaseStore {
    /// Writes a backup to `url` (refusing to overwrite) and its checksum file beside it. Every
    /// table is read in one snapshot — a SQLite read transaction in WAL mode, a PostgreSQL
    /// REPEATABLE READ one — so the backup is consistent while the server keeps writing.
    /// - Parameters:
    ///   - masterKey: nil writes an unencrypted backup (the command line asks for `--unencrypted`).
    ///   - vault: the root of the file vault whose bytes to include, or nil to leave them out.
    public func backup(to url: URL, masterKey: SymmetricKey?, vault: URL?) async throws -> Backup.Summary {
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: url.path])
        }
        let sink = try BackupSink(url: url, key: masterKey)
        let begin = pool.flavor == .postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
        do {
            var summary = try await pool.withSession { db in
                try await db.raw(SQLQueryString(begin)).run()
                do {
                    let summary = try await Self.dump(db: db, into: sink, vault: vault)
                    try await db.raw("COMMIT").run()
                    return summary
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    throw error
                }
            }
            let digest = try sink.finish()
            try Data((digest + "  " + url.lastPathComponent + "\n").utf8).write(to: Backup.checksumURL(for: url), options: .atomic)
            summary.encrypted = masterKey != nil
            return summary
        } catch {
            sink.abandon()
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    private static func dump(db: any SQLDatabase, into sink: BackupSink, vault: URL?) async throws -> Backup.Summary {
        try Backup.checkKnown(try await Backup.schema(db))
        let versions = try await db.raw("SELECT version FROM habeas_migrations ORDER BY version").all()
            .map { try $0.decode(column: "version", as: Int.self) }
        try sink.json("H", ["format": "habeas-backup/1", "schema": versions, "files": vault != nil])
        var summary = Backup.Summary()
        let page = 500
        for table in Backup.tables {
            try sink.json("T", ["name": table.name, "columns": table.columns.map(\.0)])
            var offset = 0
            var count = 0
            while true {
                // Names from the fixed table list, never from input.
                let sql = SQLQueryString("SELECT \(table.columns.map(\.0).joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.order)"
                                         + " LIMIT \(page) OFFSET \(offset)")
                let rows = try await db.raw(sql).all()
                for row in rows {
                    let values: [Backup.Value] = try table.columns.map { name, kind in
                        if try row.decodeNil(column: name) { return .null }
                        switch kind {
                        case .integer: return .integer(try row.decode(column: name, as: Int64.self))
                        case .text: return .text(try row.decode(column: name, as: String.self))
                        }
                    }
                    try sink.record("R", Backup.encode(values))
                }
                count += rows.count
                if rows.count < page { break }
                offset += page
            }
            summary.rows[table.name] = count
        }
        if let vault {
            // The files the snapshot names; vault files never change, so reading them now is consistent.
            let hashes = try await db.raw("SELECT DISTINCT sha256 FROM case_attachments ORDER BY sha256").all()
                .map { try $0.decode(column: "sha256", as: String.self) }
            for sha256 in hashes {
                guard AuditChain.isHash(sha256) else { throw Backup.Failure.fileMissing(sha256: sha256) }
                let url = Backup.vaultPath(vault, sha256)
                guard let input = try? FileHandle(forReadingFrom: url),
                      let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value else {
                    throw Backup.Failure.fileMissing(sha256: sha256)
                }
                defer { try? input.close() }
                // The file as the vault keeps it, sealed (its own chunks are authenticated; the
                // plain bytes are checked against the name when read: `habeas restore` re-checks
                // every file through the vault).
                try sink.json("F", ["sha256": sha256, "size": size])
                var written: Int64 = 0
                while written < size, let chunk = try input.read(upToCount: min(1 << 20, Int(size - written))), !chunk.isEmpty {
                    try sink.record("D", Array(chunk))
                    written += Int64(chunk.count)
                }
                guard written == size else { throw Backup.Failure.fileChanged(sha256: sha256) }
                summary.files += 1
                summary.fileBytes += size
            }
        }
        try sink.json("Z", ["rows": summary.rows, "files": summary.files])
        return summary
    }

    /// Restores a backup into this store, which must be empty, in one transaction: the checksum
    /// file and every chunk's tag are checked and the audit chain is recomputed as rows arrive;
    /// any failure rolls everything back (and removes the vault files this restore added).
    public func restore(from url: URL, masterKey: SymmetricKey?, vault: URL?) async throws -> Backup.Summary {
        try Backup.verifyChecksum(url)
        let source = try BackupSource(url: url, key: masterKey)
        defer { source.close() }
        let added = AddedFiles()
        let flavor = pool.flavor
        let master = keys.master
        do {
            var summary = try await pool.transaction { db in
                try await Self.load(db: db, from: source, flavor: flavor, vault: vault, added: added, master: master)
            }
            summary.encrypted = source.encrypted
            try await keys.reload(pool: pool)
            return summary
        } catch {
            added.removeAll()
            throw error
        }
    }

    private static func load(db: any SQLDatabase, from source: BackupSource, flavor: SQLFlavor, vault: URL?,
                             added: AddedFiles, master: MasterKey) async throws -> Backup.Summary {
        if flavor == .postgres { try await db.raw("LOCK TABLE case_audit IN EXCLUSIVE MODE").run() }
        // An empty database has the data key its first opening made; it seals nothing yet, and the
        // backup's own data keys replace it (checked below against this database's master key).
        for table in Backup.tables where table.name != "habeas_data_keys" {
            let count = try await db.raw(SQLQueryString("SELECT COUNT(*) AS n FROM \(table.name)")).first(decodingColumn: "n", as: Int.self) ?? 0
            guard count == 0 else { throw Backup.Failure.notEmpty("\(count) row\(count == 1 ? "" : "s") in \(table.name)") }
        }
        try Backup.checkKnown(try await Backup.schema(db))
        guard let first = try source.record(), first.type == "H" else { throw Backup.Failure.malformed("no header record") }
        let header = try BackupSource.json(first.payload)
        guard header["format"] as? String == "habeas-backup/1" else { throw Backup.Failure.malformed("unknown format") }
        let theirs = (header["schema"] as? [Int]) ?? []
        let ours = try await db.raw("SELECT version FROM habeas_migrations ORDER BY version").all()
            .map { try $0.decode(column: "version", as: Int.self) }
        guard theirs == ours else { throw Backup.Failure.schemaDiffers(backup: theirs, database: ours) }
        try await db.raw("DELETE FROM habeas_data_keys").run()

        var summary = Backup.Summary()
        var verifier = ChainVerifier(expectedHead: nil)
        var table: Backup.Table?
        var ended = false
        while !ended, let record = try source.record() {
            switch record.type {
            case "T":
                let object = try BackupSource.json(record.payload)
                guard let name = object["name"] as? String, let known = Backup.tables.first(where: { $0.name == name }) else {
                    throw Backup.Failure.unknownTable(String(describing: object["name"] ?? "?").prefix(100).description)
                }
                guard (object["columns"] as? [String]) == known.columns.map(\.0) else {
                    throw Backup.Failure.malformed("the columns of \(name) differ from this version's")
                }
                table = known
                summary.rows[name] = 0
            case "R":
                guard let table else { throw Backup.Failure.malformed("a row before its table") }
                let values = try Backup.decode(record.payload, count: table.columns.count)
                var binds: [any Encodable & Sendable] = []
                for (value, (name, kind)) in zip(values, table.columns) {
                    switch (value, kind) {
                    case (.null, .integer): binds.append(Int64?.none)
                    case (.null, .text): binds.append(String?.none)
                    case (.integer(let n), .integer): binds.append(n)
                    case (.text(let s), .text): binds.append(s)
                    default: throw Backup.Failure.malformed("\(table.name).\(name) has a value of the wrong type")
                    }
                }
                try await db.raw("""
                    INSERT INTO \(ident: table.name) (\(idents: table.columns.map(\.0), joinedBy: ", ")) VALUES (\(binds: binds))
                    """).run()
                summary.rows[table.name, default: 0] += 1
                if table.name == "case_audit" {
                    func text(_ i: Int) -> String? { if case .text(let s) = values[i] { s } else { nil } }
                    guard case .integer(let seq) = values[0] else { throw Backup.Failure.malformed("an audit entry without seq") }
                    if let problem = verifier.check(seq: seq, at: text(4) ?? "", actor: text(3) ?? "", action: text(2) ?? "",
                                                    caseID: text(1) ?? "", detail: text(5) ?? "", prevHash: text(6), hash: text(7)) {
                        throw Backup.Failure.brokenChain(problem)
                    }
                }
            case "F":
                let object = try BackupSource.json(record.payload)
                guard let sha256 = object["sha256"] as? String, AuditChain.isHash(sha256),
                      let size = (object["size"] as? NSNumber)?.int64Value, size > 0 else {
                    throw Backup.Failure.malformed("a file record without hash or size")
                }
                try Self.restoreFile(sha256: sha256, size: size, from: source, vault: vault, added: added)
                summary.files += 1
                summary.fileBytes += size
            case "Z":
                let object = try BackupSource.json(record.payload)
                guard (object["rows"] as? [String: Int]) == summary.rows, (object["files"] as? Int) == summary.files else {
                    throw Backup.Failure.malformed("the end record's counts differ from what was read")
                }
                try source.expectEnd()
                ended = true
            default:
                throw Backup.Failure.malformed("unexpected record type")
            }
        }
        guard ended else { throw Backup.Failure.truncated }
        // The restored data keys must open with the master key this database is opened with, or
        // nothing restored could be read: refused before anything is committed.
        do {
            _ = try KeyRing(master: master, dataKeys: try await StoreKeys.dataKeys(db))
        } catch let error as KeyError {
            throw Backup.Failure.otherMasterKey(error.description)
        }
        let verification = verifier.finish()
        summary.auditHead = verification.head
        // Derived structures: SQLite's full-text table; PostgreSQL's sequence of file ids.
        if flavor == .sqlite {
            try await db.raw("INSERT INTO case_search (case_id, body) SELECT id, search_text || char(10) || files_text FROM cases").run()
        } else {
            try await db.raw("""
                SELECT setval(pg_get_serial_sequence('case_attachments', 'id'), COALESCE((SELECT MAX(id) FROM case_attachments), 0) + 1, false)
                """).run()
            try await db.raw("""
                SELECT setval(pg_get_serial_sequence('case_audit', 'seq'), COALESCE((SELECT MAX(seq) FROM case_audit), 0) + 1, false)
                """).run()
            for (table, column) in [("users", "id"), ("teams", "id"), ("api_tokens", "id")] {
                // Names from this fixed list, never from input.
                try await db.raw(SQLQueryString("""
                    SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), COALESCE((SELECT MAX(\(column)) FROM \(table)), 0) + 1, false)
                    """)).run()
            }
        }
        return summary
    }

    /// One vault file from its data records: written to a temporary file, hashed, then moved into
    /// place. Without a vault (`--no-files`) the data is read and dropped.
    private static func restoreFile(sha256: String, size: Int64, from source: BackupSource, vault: URL?, added: AddedFiles) throws {
        var remaining = size
        var output: FileHandle?
        var temporary: URL?
        if let vault {
            let incoming = vault.appendingPathComponent("incoming")
            try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let url = incoming.appendingPathComponent("restore-" + UUID().uuidString)
            guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
            temporary = url
            output = try FileHandle(forWritingTo: url)
        }
        defer {
            try? output?.close()
            if let temporary { try? FileManager.default.removeItem(at: temporary) }
        }
        while remaining > 0 {
            guard let record = try source.record(), record.type == "D", Int64(record.payload.count) <= remaining, !record.payload.isEmpty else {
                throw Backup.Failure.malformed("the data of file \(sha256) is cut short")
            }
            try output?.write(contentsOf: Data(record.payload))
            remaining -= Int64(record.payload.count)
        }
        guard let vault, let temporary, let output else { return }
        try output.synchronize()
        let destination = Backup.vaultPath(vault, sha256)
        guard !FileManager.default.fileExists(atPath: destination.path) else { return }
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.moveItem(at: temporary, to: destination)
        added.append(destination)
    }
}

extension Backup {
    /// Where the file vault (HabeasFiles' FileVault) keeps a file: `sha256/ab/abcdef…`.
    static func vaultPath(_ root: URL, _ sha256: String) -> URL {
        root.appendingPathComponent("sha256").appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    static func hex(_ digest: SHA256.Digest) -> String { Hex.lowercase(digest) }
}

/// The vault files a restore placed, removed again if it fails.
// @unchecked: appended to by the one restore task, read after it ends; guarded by a lock anyway.
final class AddedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var urls: [URL] = []
    func append(_ url: URL) {
        lock.lock()
        defer { lock.unlock() }
        urls.append(url)
    }
    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for url in urls { try? FileManager.default.removeItem(at: url) }
        urls = []
    }
}
