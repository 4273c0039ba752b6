/// Lowercase hexadecimal text of bytes (digests, tokens). `String(format:)` per byte is slow
/// on Linux, and the audit chain hashes every write.
public enum Hex {
    @usableFromInline static let digits: StaticString = "0123456789abcdef"

    /// Inlinable so each caller gets it specialised to its digest type: unspecialised, walking a
    /// `SHA256.Digest` as a generic sequence cost more than the hash (verifying a 100,000-entry
    /// audit chain spent a sixth of its time here).
    @inlinable
    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let count = bytes.underestimatedCount
        var text: [UInt8] = []
        text.reserveCapacity(count * 2)
        digits.withUTF8Buffer { digits in
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
