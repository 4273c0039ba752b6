import Foundation
import HabeasCore
import Logging
import NIOCore
import SQLKit

// Bounds on what reaches the store from outside (URLs, bundles, files), checked once here so no
// caller can forget them.

extension CaseQuery {
    /// The largest row offset a list may ask for: far beyond any real database, far below overflow.
    public static let maxOffset = 1_000_000_000
}

extension CaseRecord {
    /// Revision numbers run 1, 2, 3… with no gaps, so a case's count bounds its numbers; this
    /// bounds the count, leaving `number + 1` far from overflow.
    public static let maxRevisionNumber = 1_000_000
    public static let maxAuthorLength = 200
    public static let maxNoteLength = 10_000

    /// Refuses a record the store could not keep consistent: no revisions, numbers other than
    /// 1…n in order (negative, huge, missing, repeated), `restoredFrom` naming no earlier
    /// revision, a revision of another case, oversized author or note.
    public func validate() throws(StoreError) {
        func refuse(_ field: String, _ reason: String) -> StoreError { StoreError.invalidInput(field: "\(id): \(field)", reason: reason) }
        guard !id.isEmpty else { throw StoreError.invalidInput(field: "id", reason: "a case needs an id") }
        guard !revisions.isEmpty else { throw refuse("revisions", "a case needs at least one revision") }
        guard revisions.count <= Self.maxRevisionNumber else {
            throw refuse("revisions", "more than \(Self.maxRevisionNumber) revisions")
        }
        for (index, revision) in revisions.enumerated() {
            let info = revision.info
            guard info.number == index + 1 else {
                throw refuse("revisions[\(index)].number",
                             "is \(info.number), expected \(index + 1): revisions are numbered 1, 2, 3… without gaps (missing or out-of-order revision)")
            }
            if let from = info.restoredFrom, !(1..<info.number).contains(from) {
                throw refuse("revisions[\(index)].restoredFrom", "\(from) names no earlier revision of this case")
            }
            guard revision.file.id == id else {
                throw refuse("revisions[\(index)].case.id", "is `\(revision.file.id)`, not `\(id)`")
            }
            guard info.author.count <= Self.maxAuthorLength else { throw refuse("revisions[\(index)].author", "longer than \(Self.maxAuthorLength) characters") }
            guard info.note.count <= Self.maxNoteLength else { throw refuse("revisions[\(index)].note", "longer than \(Self.maxNoteLength) characters") }
        }
    }
}

extension CaseArchive.Item {
    public var id: String {
        switch self {
        case .caseFile(let file, _): file.id
        case .record(let record, _): record.id
        }
    }

    public var source: String {
        switch self {
        case .caseFile(_, let path), .record(_, let path): path
        }
    }
}

/// An import stopped by an error after some batches were committed: `report` is exactly what
/// was written; `notWritten` the ids of the batch that failed and of every later one. Running
/// the same import again finishes it (what is there is reported as already present).
public struct ImportInterrupted: Error, Sendable, CustomStringConvertible {
    public var report: ImportReport
    public var notWritten: [String]
    public var error: any Error

    public var description: String {
        "the import stopped after \(report.entries.count) case(s); \(notWritten.count) not written (\(error))"
    }
}

/// PostgreSQL refuses NUL (U+0000) in text with a server error; SQLite would store it and cut
/// strings short in C callers. Either way it is the client's input, so: a 400-class error.
enum NULGuard {
    static func check(_ text: String, field: String) throws(StoreError) {
        // Every bind of every write passes here, on the one writing connection: memchr over the
        // string's own bytes, not a byte-by-byte walk of its UTF-8 view.
        let hasNUL = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let start = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(start, 0, bytes.count) != nil
        } ?? text.utf8.contains(0)
        if hasNUL { throw StoreError.invalidInput(field: field, reason: "contains a NUL character (U+0000)") }
    }

    /// Every text of a case, before it is sealed (where the bind check can no longer see it), so
    /// a NUL is refused the same whether a field is stored sealed or in clear.
    static func check(_ value: Value, field: String) throws(StoreError) {
        switch value {
        case .string(let text): try check(text, field: field)
        case .array(let items): for item in items { try check(item, field: field) }
        case .object(let members):
            for member in members {
                try check(member.key, field: field)
                try check(member.value, field: member.key)
            }
        case .null, .bool, .int, .double: break
        }
    }
}

/// Wraps every session's database so that no query, whoever wrote it, sends a NUL byte in a
/// text parameter: the one place every bind passes through.
struct GuardedSQLDatabase: SQLDatabase {
    let base: any SQLDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    /// Serialises the query once: its binds are checked, and the base database is handed the
    /// same text and binds rather than serialising the query a second time.
    private func checked(_ query: any SQLExpression) throws -> Serialized {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        for bind in serializer.binds {
            // An optional bind arrives boxed as `String?`.
            if let text = (bind as? String) ?? ((bind as? String?) ?? nil) { try NULGuard.check(text, field: "text") }
        }
        return Serialized(sql: serializer.sql, binds: serializer.binds)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do { return base.execute(sql: try checked(query), onRow) } catch { return eventLoop.makeFailedFuture(error) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await base.execute(sql: try checked(query), onRow)
    }

    /// A query already serialised for this dialect.
    struct Serialized: SQLExpression {
        let sql: String
        let binds: [any Encodable & Sendable]

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write(sql)
            serializer.binds.append(contentsOf: binds)
        }
    }
}

/// Files holding case data: created 0600 in directories created 0700, whatever the umask.
public enum PrivateFiles {
    public static let fileMode: mode_t = 0o600
    public static let directoryMode: mode_t = 0o700

    /// Creates missing directories 0700 (existing ones are left as they are).
    public static func createDirectory(at url: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: Int(directoryMode)])
    }

    /// Writes through a temporary file created 0600 (never readable by others, not even briefly)
    /// and renames it into place.
    public static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            // open() applied the umask too; make the mode exact.
            guard chmod(temporary.path, fileMode) == 0, rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Creates `path` 0600 if missing; narrows an existing file (and its SQLite -wal/-shm, which
    /// SQLite creates with the database file's mode) to 0600.
    static func prepareDatabaseFile(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        close(fd)
        for file in [path, path + "-wal", path + "-shm", path + "-journal"] where FileManager.default.fileExists(atPath: file) {
            _ = chmod(file, fileMode)
        }
    }
}
