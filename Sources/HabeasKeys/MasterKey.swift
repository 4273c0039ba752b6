import Crypto
import Foundation

/// The key that opens every other key: 32 random bytes, kept outside the database — in a key file
/// only its owner can read, or in the environment — so a stolen database file, WAL or backup is
/// useless without it. It never encrypts case data itself: it wraps the data keys (`KeyRing`).
public struct MasterKey: Sendable {
    let key: SymmetricKey
    /// The first bytes of the key's SHA-256: names which master key wrapped a data key, without
    /// revealing anything about it.
    public let fingerprint: String

    public static let environmentVariable = "HABEAS_MASTER_KEY"
    static let length = 32

    public init(bytes: Data) throws {
        guard bytes.count == Self.length else { throw KeyError.badMasterKey("it must be \(Self.length) bytes (44 characters of base64)") }
        key = SymmetricKey(data: bytes)
        fingerprint = Hex.lowercase(SHA256.hash(data: bytes).prefix(8))
    }

    /// A new random key, as base64 text to store.
    public static func generate() -> (key: MasterKey, text: String) {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        // A freshly generated 32-byte key is always valid.
        return (try! MasterKey(bytes: bytes), bytes.base64EncodedString())
    }

    public init(base64 text: String) throws {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw KeyError.badMasterKey("it is not base64")
        }
        try self.init(bytes: bytes)
    }

    /// Reads a key file, refusing one that others could read (it would no longer be a secret).
    public static func load(file path: String) throws -> MasterKey {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw KeyError.badMasterKey("\(path) cannot be read")
        }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw KeyError.badMasterKey("\(path) can be read by others (mode \(String(mode, radix: 8))): run chmod 600 \(path)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KeyError.badMasterKey("\(path) is not a text file")
        }
        return try MasterKey(base64: text)
    }

    /// Writes a new key file (0600), refusing to overwrite one: a lost key is lost data.
    public static func create(file path: String) throws -> MasterKey {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw KeyError.badMasterKey("\(path) already exists: a key file is never overwritten")
        }
        let (key, text) = generate()
        guard FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyError.badMasterKey("\(path) cannot be written")
        }
        return key
    }
}

public enum KeyError: Error, Sendable, Equatable, CustomStringConvertible {
    case badMasterKey(String)
    /// The master key does not open the data keys: a wrong key file, never garbage.
    case wrongMasterKey(expected: String, found: String)
    case noDataKey
    case unknownDataKey(UInt32)
    /// A sealed value was changed, moved to another row, or is not a sealed value.
    case tampered(context: String)

    public var description: String {
        switch self {
        case .badMasterKey(let why): "the master key cannot be used: \(why)"
        case .wrongMasterKey(let expected, let found):
            "the master key (fingerprint \(found)) is not the one this database's keys were wrapped with (\(expected)): check the key file or \(MasterKey.environmentVariable)"
        case .noDataKey: "the database has no data key yet"
        case .unknownDataKey(let id): "a value is sealed with data key \(id), which this database does not have"
        case .tampered(let context): "the sealed value for \(context) does not open: it was altered or moved"
        }
    }
}
