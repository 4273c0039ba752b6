import Foundation

/// Writes CSV as RFC 4180 has it (CRLF line ends; a field with a comma, quote, CR or LF is quoted
/// and its quotes doubled), safe to open in a spreadsheet: a text cell that a spreadsheet would
/// read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
/// apostrophe (OWASP "CSV Injection"). Numbers are written as numbers, never neutralised.
public struct CSVWriter: Sendable {
    public enum Field: Sendable, Equatable {
        case text(String)
        case number(Int)
    }

    public private(set) var text = ""

    public init(header: [String]) {
        append(header.map(Field.text))
    }

    public mutating func append(_ fields: [Field]) {
        text += fields.map(Self.encode).joined(separator: ",")
        text += "\r\n"
    }

    public mutating func append(texts: [String]) { append(texts.map(Field.text)) }

    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    public static func encode(_ field: Field) -> String {
        switch field {
        case .number(let n): return String(n)
        case .text(let raw):
            var value = raw
            if let first = value.first, formulaStarts.contains(first) { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
