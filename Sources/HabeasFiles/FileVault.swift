import Crypto
import Foundation
import HabeasKeys

/// Content-addressed storage for the files attached to cases: each file is kept once, under the
/// SHA-256 of its bytes, and never changes (a new version is a new file). A directory on disk —
/// by default beside the SQLite database — holds `sha256/ab/abcdef…`, 0700 directories and 0600
/// files. Writes stream through a temporary file in the same directory and are renamed into place
/// once hashed, so a crash never leaves a partial file under a hash name.
///
/// Every file is sealed with the database's file key (`FileKey`, docs/security.md): a stolen vault
/// shows file sizes and the hashes of the contents (enough to confirm that a known file is held),
/// never the contents. The format (`FileSealing`): "HXV1", a random 16-byte file id, then chunks of
/// up to 1 MiB, each a 4-byte length and an AES-GCM box whose authenticated data is the file id,
/// the chunk's number and whether it is the last — so a chunk altered, moved, dropped, reordered
/// or taken from another file does not open.
public struct FileVault: Sendable {
    public let root: URL
    /// The largest file accepted: a long video recorded on a phone fits; beyond it the upload is
    /// refused with the limit named.
    public let maxBytes: Int64
    let key: FileKey

    public static let defaultMaxBytes: Int64 = 2 << 30   // 2 GiB

    public init(root: URL, key: FileKey, maxBytes: Int64 = FileVault.defaultMaxBytes) throws {
        self.root = root
        self.key = key
        self.maxBytes = maxBytes
        for directory in [root, root.appendingPathComponent("sha256"), root.appendingPathComponent("incoming")] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try sealFilesFromBeforeEncryption()
    }

    /// The vault of a SQLite database: `cases.sqlite` → `cases.sqlite.files/`.
    public static func beside(databasePath: String) -> URL {
        URL(fileURLWithPath: databasePath + ".files")
    }

    public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLarge(limit: Int64)
        case empty
        case notAHash(String)
        case missing(String)
        /// The stored bytes do not open: changed on disk, truncated, or sealed with another key.
        case altered(String)
        public var description: String {
            switch self {
            case .tooLarge(let limit): "the file is larger than the limit of \(limit / 1_048_576) MB"
            case .empty: "the file is empty"
            case .notAHash(let text): "`\(text.prefix(80))` is not a SHA-256 (64 lowercase hexadecimal digits)"
            case .missing(let sha256): "the file \(sha256.prefix(12))… is not in the file store"
            case .altered(let sha256): "the stored file \(sha256.prefix(12))… does not open: it was altered on disk or sealed with another key"
            }
        }
    }

    /// Where the sealed file with this hash is (whether or not it exists).
    public func url(of sha256: String) throws -> URL {
        guard Self.isHash(sha256) else { throw VaultError.notAHash(sha256) }
        return root.appendingPathComponent("sha256").appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    public static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    public func contains(_ sha256: String) -> Bool {
        (try? url(of: sha256)).map { FileManager.default.fileExists(atPath: $0.path) } ?? false
    }

    /// Starts writing a new file; feed it with `append` and end with `finish` (or `abandon`).
    public func writer() throws -> VaultWriter { try VaultWriter(vault: self) }

    /// Reads a stored file's plain bytes, a chunk at a time (memory does not grow with the file).
    public func reader(_ sha256: String) throws -> VaultReader {
        let url = try url(of: sha256)
        guard FileManager.default.fileExists(atPath: url.path) else { throw VaultError.missing(sha256) }
        return try VaultReader(url: url, key: key, sha256: sha256)
    }

    /// A stored file's plain bytes at once, for files read whole anyway (an image to strip or
    /// shrink); at most `limit` bytes.
    public func data(of sha256: String, limit: Int64 = 64 << 20) throws -> Data {
        let reader = try reader(sha256)
        defer { reader.close() }
        var data = Data()
        while let chunk = try reader.next() {
            guard Int64(data.count) + Int64(chunk.count) <= limit else { throw VaultError.tooLarge(limit: limit) }
            data.append(chunk)
        }
        return data
    }

    /// Runs `body` with the plain file in a private temporary file (0600, in the vault), removed
    /// afterwards: for the tools that read a path (pdftotext, LibreOffice, ZIP readers).
    public func withPlainFile<T>(_ sha256: String, _ body: (URL) throws -> T) throws -> T {
        let temporary = temporaryURL()
        defer { try? FileManager.default.removeItem(at: temporary) }
        try copyPlain(sha256, to: temporary)
        return try body(temporary)
    }

    /// Writes a stored file's plain bytes to `destination` (a new file, 0600), streamed, and checks
    /// them against their hash: bytes that open but are not the file named are `altered` too, and
    /// nothing is left at `destination`.
    public func copyPlain(_ sha256: String, to destination: URL) throws {
        let reader = try reader(sha256)
        defer { reader.close() }
        guard FileManager.default.createFile(atPath: destination.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
        }
        do {
            let output = try FileHandle(forWritingTo: destination)
            defer { try? output.close() }
            var hasher = SHA256()
            while let chunk = try reader.next() {
                hasher.update(data: chunk)
                try output.write(contentsOf: chunk)
            }
            guard Hex.lowercase(hasher.finalize()) == sha256 else { throw VaultError.altered(sha256) }
        } catch {
            try? FileManager.default.removeItem(at: destination)
            throw error
        }
    }

    /// A private temporary file name in the vault (0600 files, removed by the caller).
    public func temporaryURL() -> URL {
        root.appendingPathComponent("incoming").appendingPathComponent("out-" + UUID().uuidString)
    }

    /// Stores a file from disk, streaming it.
    public func store(contentsOf source: URL) throws -> StoredFile {
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        let writer = try writer()
        do {
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try writer.append(chunk) }
            return try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Opens and re-hashes every stored file named in `expected` and says which are missing,
    /// altered (they no longer open) or changed (they open to other bytes).
    public func verify(_ expected: [String]) -> [Problem] {
        expected.compactMap { sha256 in
            guard contains(sha256) else { return Problem(sha256: sha256, kind: .missing) }
            do {
                let reader = try reader(sha256)
                defer { reader.close() }
                var hasher = SHA256()
                while let chunk = try reader.next() { hasher.update(data: chunk) }
                let actual = Hex.lowercase(hasher.finalize())
                return actual == sha256 ? nil : Problem(sha256: sha256, kind: .changed(actual: actual))
            } catch VaultError.altered {
                return Problem(sha256: sha256, kind: .changed(actual: nil))
            } catch {
                return Problem(sha256: sha256, kind: .unreadable)
            }
        }
    }

    public struct Problem: Sendable, Equatable {
        /// `changed(actual: nil)`: the stored bytes were altered and no longer open at all.
        public enum Kind: Sendable, Equatable { case missing, unreadable, changed(actual: String?) }
        public var sha256: String
        public var kind: Kind
    }

    /// The SHA-256 of a plain file on disk, streamed.
    public static func hash(of url: URL) throws -> String {
        let input = try FileHandle(forReadingFrom: url)
        defer { try? input.close() }
        var hasher = SHA256()
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return Hex.lowercase(hasher.finalize())
    }

    /// Files stored in clear by the version before the vault was sealed are sealed in place, once:
    /// a marker says the whole vault has been done.
    func sealFilesFromBeforeEncryption() throws {
        let marker = root.appendingPathComponent("sealed-v1")
        guard !FileManager.default.fileExists(atPath: marker.path) else { return }
        let fileManager = FileManager.default
        let base = root.appendingPathComponent("sha256")
        for prefix in (try? fileManager.contentsOfDirectory(atPath: base.path)) ?? [] {
            for name in (try? fileManager.contentsOfDirectory(atPath: base.appendingPathComponent(prefix).path)) ?? [] where Self.isHash(name) {
                let stored = base.appendingPathComponent(prefix).appendingPathComponent(name)
                guard !FileSealing.isSealed(stored) else { continue }
                let writer = try writer()
                let input = try FileHandle(forReadingFrom: stored)
                defer { try? input.close() }
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try writer.append(chunk) }
                try writer.finish(replacing: true)
            }
        }
        guard fileManager.createFile(atPath: marker.path, contents: Data("every file in this vault is sealed\n".utf8),
                                     attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: marker.path])
        }
    }
}

/// The sealed file format (see `FileVault`).
enum FileSealing {
    static let magic = Data("HXV1".utf8)
    static let chunkSize = 1 << 20
    static let idLength = 16

    static func context(fileID: Data, index: UInt64, last: Bool) -> Data {
        var data = fileID
        withUnsafeBytes(of: index.bigEndian) { data.append(contentsOf: $0) }
        data.append(last ? 1 : 0)
        return data
    }

    static func isSealed(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.count)) == magic
    }
}

/// One file on its way into the vault. Not shared between tasks: one upload, one writer. Plain
/// bytes are hashed as they come and sealed a chunk at a time; the last chunk is held back until
/// `finish` so it can be marked as the last.
public final class VaultWriter {
    let vault: FileVault
    let temporary: URL
    let handle: FileHandle
    var hasher = SHA256()
    let fileID: Data
    var pending = Data()
    var chunkIndex: UInt64 = 0
    public private(set) var size: Int64 = 0
    var done = false

    init(vault: FileVault) throws {
        self.vault = vault
        temporary = vault.root.appendingPathComponent("incoming").appendingPathComponent(UUID().uuidString)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        handle = try FileHandle(forWritingTo: temporary)
        var id = Data(count: FileSealing.idLength)
        for index in id.indices { id[index] = UInt8.random(in: 0...255) }
        fileID = id
        try handle.write(contentsOf: FileSealing.magic + fileID)
    }

    deinit { if !done { abandon() } }

    public func append(_ bytes: Data) throws {
        let (newSize, overflow) = size.addingReportingOverflow(Int64(bytes.count))
        guard !overflow, newSize <= vault.maxBytes else {
            abandon()
            throw FileVault.VaultError.tooLarge(limit: vault.maxBytes)
        }
        hasher.update(data: bytes)
        size = newSize
        pending.append(bytes)
        // Strictly more than a chunk: what is left at `finish` is never empty.
        while pending.count > FileSealing.chunkSize {
            try writeChunk(pending.prefix(FileSealing.chunkSize), last: false)
            pending = Data(pending.dropFirst(FileSealing.chunkSize))
        }
    }

    private func writeChunk(_ plain: Data, last: Bool) throws {
        let sealed = vault.key.seal(plain, authenticating: FileSealing.context(fileID: fileID, index: chunkIndex, last: last))
        var length = UInt32(sealed.count).bigEndian
        try handle.write(contentsOf: Data(bytes: &length, count: 4) + sealed)
        chunkIndex += 1
    }

    /// Seals the last chunk, names the file by its hash and moves it into place. A file already
    /// stored (same bytes) is kept as it is and the new copy dropped, unless `replacing` (sealing
    /// a file stored in clear by an older version).
    @discardableResult
    public func finish(replacing: Bool = false) throws -> StoredFile {
        guard size > 0 else {
            abandon()
            throw FileVault.VaultError.empty
        }
        try writeChunk(pending, last: true)
        pending = Data()
        try handle.synchronize()
        try handle.close()
        done = true
        let sha256 = Hex.lowercase(hasher.finalize())
        let destination = try vault.url(of: sha256)
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: destination.path) {
            if replacing {
                // rename(2) replaces the old file in one step: a crash leaves one or the other.
                guard rename(temporary.path, destination.path) == 0 else {
                    try? fileManager.removeItem(at: temporary)
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
                }
                return StoredFile(sha256: sha256, size: size, alreadyStored: true)
            }
            try? fileManager.removeItem(at: temporary)
            return StoredFile(sha256: sha256, size: size, alreadyStored: true)
        }
        try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true,
                                        attributes: [.posixPermissions: 0o700])
        try fileManager.moveItem(at: temporary, to: destination)
        return StoredFile(sha256: sha256, size: size, alreadyStored: false)
    }

    public func abandon() {
        guard !done else { return }
        done = true
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}

/// A stored file's plain bytes, chunk by chunk, each checked as it is opened. The end must be
/// the chunk marked last, and nothing may follow it: a truncated or extended file is `altered`.
public final class VaultReader {
    let handle: FileHandle
    let key: FileKey
    let sha256: String
    var fileID = Data()
    var index: UInt64 = 0
    var finished = false

    init(url: URL, key: FileKey, sha256: String) throws {
        handle = try FileHandle(forReadingFrom: url)
        self.key = key
        self.sha256 = sha256
        let header = try handle.read(upToCount: FileSealing.magic.count + FileSealing.idLength) ?? Data()
        guard header.count == FileSealing.magic.count + FileSealing.idLength, header.prefix(FileSealing.magic.count) == FileSealing.magic else {
            try? handle.close()
            throw FileVault.VaultError.altered(sha256)
        }
        fileID = Data(header.dropFirst(FileSealing.magic.count))
    }

    deinit { try? handle.close() }

    public func close() { try? handle.close() }

    /// The next chunk of plain bytes, or nil after the last.
    public func next() throws -> Data? {
        if finished { return nil }
        guard let lengthBytes = try handle.read(upToCount: 4), lengthBytes.count == 4 else { throw FileVault.VaultError.altered(sha256) }
        let length = lengthBytes.reduce(0) { $0 << 8 | Int($1) }
        guard length >= FileKey.overhead, length <= FileSealing.chunkSize + FileKey.overhead,
              let sealed = try handle.read(upToCount: length), sealed.count == length else {
            throw FileVault.VaultError.altered(sha256)
        }
        // The chunk says whether it is the last only through the context it opens with.
        for last in [false, true] {
            if let plain = try? key.open(sealed, authenticating: FileSealing.context(fileID: fileID, index: index, last: last)) {
                index += 1
                if last {
                    finished = true
                    guard (try handle.read(upToCount: 1) ?? Data()).isEmpty else { throw FileVault.VaultError.altered(sha256) }
                }
                return plain
            }
        }
        throw FileVault.VaultError.altered(sha256)
    }
}

public struct StoredFile: Sendable, Equatable {
    public var sha256: String
    public var size: Int64
    /// The same bytes were already in the vault.
    public var alreadyStored: Bool
}
