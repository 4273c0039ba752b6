import Crypto
import Foundation

/// Search over encrypted text without decrypting it: each word of a case's searchable text is
/// stored as a keyed hash (HMAC-SHA256, truncated to 128 bits), and a query's words are hashed the
/// same way and matched exactly. Without the key the tokens say nothing; with a stolen database
/// alone an attacker can only see that two cases share some word.
///
/// What search gives up (docs/security.md): whole words only, after folding case and accents —
/// no prefixes, no phrases, no typo tolerance, no ranking by relevance.
public struct BlindIndex: Sendable {
    let key: SymmetricKey

    init(key: SymmetricKey) { self.key = key }

    /// The words of a text as search sees them: letters and digits, lowercased, accents removed.
    public static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var seen: Set<String> = []
        return folded.split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count >= 2 && seen.insert($0).inserted }
    }

    public func token(_ word: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(word.utf8), using: key).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The tokens of every distinct word of `text`.
    public func tokens(_ text: String) -> [String] { Self.words(text).map(token) }
}
