import Crypto
import Foundation

/// Envelope encryption. Case data is sealed with AES-256-GCM under a *data key*; data keys are
/// stored in the database wrapped (AES-GCM) by the master key. Rotating the master key re-wraps
/// the few data keys — no case is rewritten, no downtime; a new data key seals new writes while
/// old values stay readable with theirs until re-sealed.
///
/// A sealed value is `hx1:` + base64(data key id, 4 bytes big-endian | nonce 12 | ciphertext | tag 16).
/// The caller's *context* ("case kz-massimov revision 3") is authenticated with it, so a value
/// copied to another row does not open there.
public struct KeyRing: Sendable {
    public struct DataKey: Sendable, Equatable {
        public var id: UInt32
        /// The key wrapped by the master key: what the database stores.
        public var wrapped: Data
        public var masterFingerprint: String
        public init(id: UInt32, wrapped: Data, masterFingerprint: String) {
            self.id = id
            self.wrapped = wrapped
            self.masterFingerprint = masterFingerprint
        }
    }

    let keys: [UInt32: SymmetricKey]
    /// The key new values are sealed with: the highest id.
    public let currentID: UInt32
    /// Keyed hashing of search words (`BlindIndex`), derived from the current data key.
    public let blindIndex: BlindIndex

    static let prefix = "hx1:"

    /// The ids of the data keys this ring opens, ascending.
    public var dataKeyIDs: [UInt32] { keys.keys.sorted() }

    /// Opens the stored data keys with the master key; a wrong master key is an error naming both
    /// fingerprints, never a ring that decrypts garbage.
    public init(master: MasterKey, dataKeys: [DataKey]) throws {
        guard let newest = dataKeys.max(by: { $0.id < $1.id }) else { throw KeyError.noDataKey }
        var keys: [UInt32: SymmetricKey] = [:]
        for dataKey in dataKeys {
            guard dataKey.masterFingerprint == master.fingerprint else {
                throw KeyError.wrongMasterKey(expected: dataKey.masterFingerprint, found: master.fingerprint)
            }
            do {
                let box = try AES.GCM.SealedBox(combined: dataKey.wrapped)
                keys[dataKey.id] = SymmetricKey(data: try AES.GCM.open(box, using: master.key, authenticating: Self.wrapContext(dataKey.id)))
            } catch {
                throw KeyError.wrongMasterKey(expected: dataKey.masterFingerprint, found: master.fingerprint)
            }
        }
        self.keys = keys
        currentID = newest.id
        // The index key never changes with data-key rotation: it is derived from the first data
        // key, so stored index tokens stay comparable.
        let first = dataKeys.min(by: { $0.id < $1.id })!.id
        blindIndex = BlindIndex(key: HKDF<SHA256>.deriveKey(inputKeyMaterial: keys[first]!, info: Data("habeas blind index".utf8),
                                                             outputByteCount: 32))
    }

    static func wrapContext(_ id: UInt32) -> Data { Data("habeas data key \(id)".utf8) }

    /// A new data key wrapped by `master`, with the next id.
    public static func newDataKey(id: UInt32, master: MasterKey) -> DataKey {
        let key = SymmetricKey(size: .bits256)
        let wrapped = try! AES.GCM.seal(key.withUnsafeBytes { Data($0) }, using: master.key, authenticating: wrapContext(id)).combined!
        return DataKey(id: id, wrapped: wrapped, masterFingerprint: master.fingerprint)
    }

    /// The same data keys wrapped by another master key (master-key rotation).
    public func rewrapped(for master: MasterKey) -> [DataKey] {
        keys.keys.sorted().map { id in
            let raw = keys[id]!.withUnsafeBytes { Data($0) }
            let wrapped = try! AES.GCM.seal(raw, using: master.key, authenticating: Self.wrapContext(id)).combined!
            return DataKey(id: id, wrapped: wrapped, masterFingerprint: master.fingerprint)
        }
    }

    public func seal(_ plaintext: Data, context: String) -> String {
        let key = keys[currentID]!
        // AES-GCM with a random 96-bit nonce: safe for far more values than a case database holds.
        let box = try! AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        var bytes = Data([UInt8(currentID >> 24 & 0xFF), UInt8(currentID >> 16 & 0xFF), UInt8(currentID >> 8 & 0xFF), UInt8(currentID & 0xFF)])
        bytes.append(box.combined!)
        return Self.prefix + bytes.base64EncodedString()
    }

    public func seal(_ text: String, context: String) -> String { seal(Data(text.utf8), context: context) }

    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    public func open(_ sealed: String, context: String) throws -> Data {
        guard sealed.hasPrefix(Self.prefix), let bytes = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))), bytes.count >= 4 + 12 + 16 else {
            throw KeyError.tampered(context: context)
        }
        let id = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard let key = keys[id] else { throw KeyError.unknownDataKey(id) }
        do {
            return try AES.GCM.open(try AES.GCM.SealedBox(combined: bytes.dropFirst(4)), using: key, authenticating: Data(context.utf8))
        } catch {
            throw KeyError.tampered(context: context)
        }
    }

    public func openText(_ sealed: String, context: String) throws -> String {
        let data = try open(sealed, context: context)
        guard let text = String(data: data, encoding: .utf8) else { throw KeyError.tampered(context: context) }
        return text
    }

    /// The data key id a sealed value uses (to find values still sealed with an old key).
    public static func keyID(of sealed: String) -> UInt32? {
        guard sealed.hasPrefix(prefix), let bytes = Data(base64Encoded: String(sealed.dropFirst(prefix.count))), bytes.count >= 4 else { return nil }
        return bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}
