import Foundation

/// Reads the browser's `Accept-Language` header (RFC 9110 §12.5.4) to choose a default interface
/// language. The header comes from outside: only its first 1024 bytes and 32 entries are read,
/// and a malformed entry is skipped, never an error.
public enum AcceptLanguage {
    public static let maxBytes = 1024
    public static let maxEntries = 32

    /// The best offered language the header accepts, or nil when it accepts none of them.
    public static func preferred(_ header: String?) -> Language? {
        guard let header else { return nil }
        var best: (language: Language, quality: Int, order: Int)?
        for (order, entry) in entries(header).enumerated() {
            guard entry.quality > 0, let language = Language(tag: entry.tag), language != .pseudo else { continue }
            if best == nil || entry.quality > best!.quality { best = (language, entry.quality, order) }
        }
        return best?.language
    }

    /// The entries of the header: a language range and its weight in thousandths (q=0.8 → 800).
    public static func entries(_ header: String) -> [(tag: String, quality: Int)] {
        let bounded = String(decoding: header.utf8.prefix(maxBytes), as: UTF8.self)
        var result: [(tag: String, quality: Int)] = []
        for raw in bounded.split(separator: ",", omittingEmptySubsequences: true).prefix(maxEntries) {
            let parts = raw.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, isLanguageRange(tag) else { continue }
            var quality = 1000
            var valid = true
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, pair[0].lowercased() == "q" else { continue }
                guard let q = qvalue(pair[1]) else { valid = false; break }
                quality = q
            }
            if valid { result.append((tag, quality)) }
        }
        return result
    }

    /// `1*8ALPHA *("-" 1*8alphanum)` or `*`.
    static func isLanguageRange(_ tag: String) -> Bool {
        if tag == "*" { return true }
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard !subtags.isEmpty, subtags.count <= 8 else { return false }
        for (index, subtag) in subtags.enumerated() {
            guard (1...8).contains(subtag.count) else { return false }
            let ok = index == 0 ? subtag.allSatisfy { $0.isASCII && $0.isLetter } : subtag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            if !ok { return false }
        }
        return true
    }

    /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
    static func qvalue(_ text: String) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, whole == "0" || whole == "1" else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 3, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        while fraction.count < 3 { fraction += "0" }
        let value = (whole == "1" ? 1000 : 0) + (Int(fraction) ?? 0)
        return value <= 1000 ? value : nil
    }
}
