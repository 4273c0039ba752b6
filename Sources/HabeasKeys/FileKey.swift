import Crypto
import Foundation

/// The key that seals the files attached to cases (the file vault). Derived from the database's
/// first data key, so it is as safe as the case data, survives master-key rotation, and is never
/// stored anywhere itself.
public struct FileKey: Sendable {
    let key: SymmetricKey

    init(key: SymmetricKey) { self.key = key }

    /// A key of its own (tests, tools that seal files outside a database).
    public static func random() -> FileKey { FileKey(key: SymmetricKey(size: .bits256)) }

    /// Seals one chunk with AES-256-GCM and a random nonce: nonce | ciphertext | tag.
    public func seal(_ chunk: Data, authenticating context: Data) -> Data {
        // AES-GCM sealing with a valid 256-bit key and a random nonce cannot fail.
        try! AES.GCM.seal(chunk, using: key, authenticating: context).combined!
    }

    /// Opens a chunk sealed by `seal` with the same context, or throws (altered, moved, truncated).
    public func open(_ sealed: Data, authenticating context: Data) throws -> Data {
        do {
            return try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: key, authenticating: context)
        } catch {
            throw KeyError.tampered(context: "a stored file")
        }
    }

    /// What sealing adds to each chunk: a 12-byte nonce and a 16-byte tag.
    public static let overhead = 28
}

extension KeyRing {
    /// The file vault's key: HKDF of the first data key, like the blind index's.
    public var fileKey: FileKey {
        let first = keys.keys.min()!
        return FileKey(key: HKDF<SHA256>.deriveKey(inputKeyMaterial: keys[first]!, info: Data("habeas file vault".utf8), outputByteCount: 32))
    }
}
