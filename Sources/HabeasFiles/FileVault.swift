import Crypto
import Foundation

/// Content-addressed storage for the files attached to cases: each file is kept once, under the
/// SHA-256 of its bytes, and never changes (a new version is a new file). A directory on disk —
/// by default beside the SQLite database — holds `sha256/ab/abcdef…`, 0700 directories and 0600
/// files. Writes stream through a temporary file in the same directory and are renamed into place
/// once hashed, so a crash never leaves a partial file under a hash name.
public struct FileVault: Sendable {
    public let root: URL
    /// The largest file accepted: a long video recorded on a phone fits; beyond it the upload is
    /// refused with the limit named.
    public let maxBytes: Int64

    public static let defaultMaxBytes: Int64 = 2 << 30   // 2 GiB

    public init(root: URL, maxBytes: Int64 = FileVault.defaultMaxBytes) throws {
        self.root = root
        self.maxBytes = maxBytes
        for directory in [root, root.appendingPathComponent("sha256"), root.appendingPathComponent("incoming")] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// The vault of a SQLite database: `cases.sqlite` → `cases.sqlite.files/`.
    public static func beside(databasePath: String) -> URL {
        URL(fileURLWithPath: databasePath + ".files")
    }

    public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLarge(limit: Int64)
        case empty
        case notAHash(String)
        public var description: String {
            switch self {
            case .tooLarge(let limit): "the file is larger than the limit of \(limit / 1_048_576) MB"
            case .empty: "the file is empty"
            case .notAHash(let text): "`\(text.prefix(80))` is not a SHA-256 (64 lowercase hexadecimal digits)"
            }
        }
    }

    /// Where the file with this hash is (whether or not it exists).
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

    /// Re-hashes every stored file named in `expected` and says which are missing or changed.
    public func verify(_ expected: [String]) -> [Problem] {
        expected.compactMap { sha256 in
            guard let url = try? url(of: sha256) else { return Problem(sha256: sha256, kind: .missing) }
            guard FileManager.default.fileExists(atPath: url.path) else { return Problem(sha256: sha256, kind: .missing) }
            guard let actual = try? Self.hash(of: url) else { return Problem(sha256: sha256, kind: .unreadable) }
            return actual == sha256 ? nil : Problem(sha256: sha256, kind: .changed(actual: actual))
        }
    }

    public struct Problem: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case missing, unreadable, changed(actual: String) }
        public var sha256: String
        public var kind: Kind
    }

    /// The SHA-256 of a file, streamed.
    public static func hash(of url: URL) throws -> String {
        let input = try FileHandle(forReadingFrom: url)
        defer { try? input.close() }
        var hasher = SHA256()
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// One file on its way into the vault. Not shared between tasks: one upload, one writer.
public final class VaultWriter {
    let vault: FileVault
    let temporary: URL
    let handle: FileHandle
    var hasher = SHA256()
    public private(set) var size: Int64 = 0
    var done = false

    init(vault: FileVault) throws {
        self.vault = vault
        temporary = vault.root.appendingPathComponent("incoming").appendingPathComponent(UUID().uuidString)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        handle = try FileHandle(forWritingTo: temporary)
    }

    deinit { if !done { abandon() } }

    public func append(_ bytes: Data) throws {
        let (newSize, overflow) = size.addingReportingOverflow(Int64(bytes.count))
        guard !overflow, newSize <= vault.maxBytes else {
            abandon()
            throw FileVault.VaultError.tooLarge(limit: vault.maxBytes)
        }
        try handle.write(contentsOf: bytes)
        hasher.update(data: bytes)
        size = newSize
    }

    /// Flushes, names the file by its hash and moves it into place. A file already stored
    /// (same bytes) is kept as it is and the new copy dropped.
    public func finish() throws -> StoredFile {
        guard size > 0 else {
            abandon()
            throw FileVault.VaultError.empty
        }
        try handle.synchronize()
        try handle.close()
        done = true
        let sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let destination = try vault.url(of: sha256)
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: destination.path) {
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

public struct StoredFile: Sendable, Equatable {
    public var sha256: String
    public var size: Int64
    /// The same bytes were already in the vault.
    public var alreadyStored: Bool
}
