/// Small text checks written out by hand: they run for every field of every row of a
/// 100,000-row import, where Foundation's regular expressions (compiled on each call on Linux),
/// `String(format:)` and `trimmingCharacters(in:)` cost more than the rest of the row.
public enum TextScanning {
    /// `text` without leading and trailing white space: as `trimmingCharacters(in:)` with
    /// `.whitespacesAndNewlines`, or `.whitespaces` when `newlines` is false.
    public static func trimmed<S: StringProtocol>(_ text: S, newlines: Bool = true) -> String {
        // Most cells begin and end with a visible ASCII character, which no whitespace can be
        // part of: nothing to trim, and no walk over Characters.
        let visibleASCII: ClosedRange<UInt8> = 0x21...0x7E
        let whole = String(text)
        if let head = whole.utf8.first, let tail = whole.utf8.last, visibleASCII.contains(head), visibleASCII.contains(tail) {
            return whole
        }
        func isSpace(_ character: Character) -> Bool { character.isWhitespace && (newlines || !character.isNewline) }
        guard let first = whole.firstIndex(where: { !isSpace($0) }),
              let last = whole.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(whole[first...last])
    }

    /// `value` in decimal with leading zeros to `width` digits (negative values keep their sign).
    public static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + zeros + digits
    }

    /// Whether `text` is `count` ASCII digits.
    public static func isDigits<S: StringProtocol>(_ text: S, count: ClosedRange<Int>) -> Bool {
        count.contains(text.utf8.count) && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// `2022-01-05`: four digits, a hyphen, two digits, a hyphen, two digits.
    public static func isISODay<S: StringProtocol>(_ text: S) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return text.utf8.count == 10 && parts.count == 3
            && isDigits(parts[0], count: 4...4) && isDigits(parts[1], count: 2...2) && isDigits(parts[2], count: 2...2)
    }

    /// Whether `text` contains `part`, compared byte for byte (both already folded as needed):
    /// Foundation's `contains` goes through NSString on Linux.
    public static func contains(_ text: String, _ part: String) -> Bool {
        let haystack = Array(text.utf8), needle = Array(part.utf8)
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
