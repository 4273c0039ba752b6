import Crypto
import Foundation
import Synchronization

/// Search over encrypted text without decrypting it: each word of a case's searchable text is
/// stored as a keyed hash (HMAC-SHA256, truncated to 128 bits), and a query's words are hashed the
/// same way and matched exactly. Without the key the tokens say nothing; with a stolen database
/// alone an attacker can only see that two cases share some word.
///
/// Tokens are written in the letters a–p (one per 4 bits), so both full-text engines read each
/// token as one plain word and no tokenizer splits it.
///
/// What search gives up (docs/security.md): whole words only, after folding case, accents and
/// English plurals — no other stemming, no prefixes, no phrase order, no typo tolerance, no
/// ranking by how often a word occurs.
public struct BlindIndex: Sendable {
    let key: SymmetricKey
    /// The HMAC with the key already absorbed, copied for each token: an import hashes every
    /// word of every case, and setting up the key pads each time cost as much as the hash.
    private let primed: HMAC<SHA256>
    /// Tokens of words already seen: a sheet of detainees repeats the same few thousand words.
    private let known = KnownTokens()

    init(key: SymmetricKey) {
        self.key = key
        primed = HMAC<SHA256>(key: key)
    }

    /// The words of a text as search sees them: letters and digits, lowercased, accents removed.
    public static func words(_ text: String) -> [String] {
        // ASCII has no accents or widths to fold, and its letters and digits are single bytes:
        // read as bytes, without NSString or grapheme breaking.
        text.utf8.allSatisfy({ $0 < 0x80 }) ? asciiWords(text) : foldedWords(text)
    }

    /// `words` of any text: folded by Foundation, split on grapheme clusters.
    static func foldedWords(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var seen: Set<String> = []
        return folded.split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count >= 2 && seen.insert($0).inserted }
    }

    /// `words` of an ASCII text: runs of letters and digits, lowercased.
    static func asciiWords(_ text: String) -> [String] {
        var seen: Set<String> = []
        var words: [String] = []
        var word: [UInt8] = []
        func finish() {
            if word.count >= 2 {
                let text = String(decoding: word, as: UTF8.self)
                if seen.insert(text).inserted { words.append(text) }
            }
            word.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            default: finish()
            }
        }
        finish()
        return words
    }

    /// The token of a word, after its plural is folded (`singular`), so "passports" finds "passport".
    public func token(_ word: String) -> String {
        if let token = known.token(of: word) { return token }
        let token = Self.letters(mac("word", Self.singular(word)))
        known.remember(token, of: word)
        return token
    }

    /// Harman's "S" stemmer (Harman 1991, "How effective is suffixing?", JASIS 42(1)): the three
    /// plural rules only, which a keyed hash cannot do afterwards. No other stemming.
    static func singular(_ word: String) -> String {
        if word.hasSuffix("ies"), !word.hasSuffix("eies"), !word.hasSuffix("aies") { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("es"), !word.hasSuffix("aes"), !word.hasSuffix("ees"), !word.hasSuffix("oes") { return String(word.dropLast(1)) }
        if word.hasSuffix("s"), !word.hasSuffix("us"), !word.hasSuffix("ss") { return String(word.dropLast(1)) }
        return word
    }

    /// The tokens of every distinct word of `text`.
    public func tokens(_ text: String) -> [String] { Self.words(text).map(token) }

    /// The database key of a case id: ids are often a person's name ("kz-massimov"), so rows are
    /// keyed by this instead. Separated from word tokens by its domain, so the two never collide.
    public func rowKey(_ caseID: String) -> String { "k" + Self.letters(mac("case id", caseID)) }

    private func mac(_ domain: String, _ value: String) -> Data {
        var hmac = primed
        hmac.update(data: Array(domain.utf8) + [0] + Array(value.utf8))
        return Data(hmac.finalize().prefix(16))
    }

    private static func letters(_ bytes: Data) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(UInt8(ascii: "a") + byte >> 4)
            text.append(UInt8(ascii: "a") + byte & 0x0F)
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A bounded memory of word tokens, shared by the cores indexing a batch. Emptied when full, so
/// it never holds more than `limit` words (about 10 MB).
final class KnownTokens: Sendable {
    static let limit = 50_000
    private let tokens = Mutex<[String: String]>([:])

    func token(of word: String) -> String? { tokens.withLock { $0[word] } }

    func remember(_ token: String, of word: String) {
        tokens.withLock { tokens in
            if tokens.count >= Self.limit { tokens.removeAll(keepingCapacity: true) }
            tokens[word] = token
        }
    }
}
