import Foundation

/// Writes a `Value` as JSON or YAML. Key order is kept; YAML strings are quoted whenever a plain
/// scalar could be read back as something else (`NO`, `2022-01-05`, `12`), so a round trip is exact.
public enum ValueWriter {
    public static func json(_ value: Value, pretty: Bool = true) -> String {
        var out = ""
        writeJSON(value, indent: pretty ? 0 : nil, into: &out)
        return out + (pretty ? "\n" : "")
    }

    private static func writeJSON(_ value: Value, indent: Int?, into out: inout String) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (level: Int) in indent == nil ? "" : String(repeating: "  ", count: level) }
        switch value {
        case .null: out += "null"
        case .bool(let v): out += v ? "true" : "false"
        case .int(let v): out += String(v)
        case .double(let v): out += number(v)
        case .string(let v): out += quoted(v)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad((indent ?? 0) + 1)
                writeJSON(item, indent: indent.map { $0 + 1 }, into: &out)
                out += (i < items.count - 1 ? "," : "") + newline
            }
            out += pad(indent ?? 0) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, member) in members.enumerated() {
                out += pad((indent ?? 0) + 1) + quoted(member.key) + (indent == nil ? ":" : ": ")
                writeJSON(member.value, indent: indent.map { $0 + 1 }, into: &out)
                out += (i < members.count - 1 ? "," : "") + newline
            }
            out += pad(indent ?? 0) + "}"
        }
    }

    /// A double as YAML writes it: always with a point or exponent, so it reads back as a double.
    static func yamlNumber(_ v: Double) -> String {
        number(v).contains(".") || number(v).contains("e") ? number(v) : number(v) + ".0"
    }

    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(v)
    }

    /// A JSON string literal (also a valid YAML double-quoted scalar).
    public static func quoted(_ text: String) -> String {
        // Most values have nothing to escape: copied whole rather than scalar by scalar.
        guard text.unicodeScalars.contains(where: needsEscape) else { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where needsEscape(s): out += String(format: "\\u%04X", s.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Quotes, backslashes, controls, and the characters that end a line or vanish in some readers.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x22, 0x5C, 0x7F, 0x85, 0x2028, 0x2029, 0xFEFF: true
        default: false
        }
    }

    public static func yaml(_ value: Value) -> String {
        var out = ""
        writeYAML(value, indent: 0, into: &out)
        return out
    }

    private static func writeYAML(_ value: Value, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case .object(let members) where !members.isEmpty:
            for member in members {
                out += pad + yamlKey(member.key) + ":"
                writeNested(member.value, indent: indent, into: &out)
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                out += pad + "-"
                switch item {
                case .object(let members) where !members.isEmpty:
                    // First key on the dash line, the rest aligned under it.
                    var first = ""
                    writeYAML(.object([members[0]]), indent: indent + 1, into: &first)
                    out += " " + first.dropFirst((indent + 1) * 2)
                    if members.count > 1 {
                        writeYAML(.object(Array(members.dropFirst())), indent: indent + 1, into: &out)
                    }
                default:
                    writeNested(item, indent: indent, into: &out)
                }
            }
        default:
            out += pad + scalar(value) + "\n"
        }
    }

    private static func writeNested(_ value: Value, indent: Int, into out: inout String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            out += "\n"
            writeYAML(value, indent: indent + 1, into: &out)
        case .array(let items) where !items.isEmpty:
            if items.allSatisfy(isShortScalar), items.count <= 12 {
                out += " [" + items.map(scalar).joined(separator: ", ") + "]\n"
            } else {
                out += "\n"
                writeYAML(value, indent: indent + 1, into: &out)
            }
        default:
            out += " " + scalar(value) + "\n"
        }
    }

    private static func isShortScalar(_ value: Value) -> Bool {
        switch value {
        case .string(let s): s.count < 30
        case .null, .bool, .int, .double: true
        default: false
        }
    }

    private static func scalar(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let v): v ? "true" : "false"
        case .int(let v): String(v)
        case .double(let v): yamlNumber(v)
        case .string(let v): isPlainSafe(v) ? v : quoted(v)
        case .array: "[]"
        case .object: "{}"
        }
    }

    private static func yamlKey(_ key: String) -> String {
        isPlainSafe(key) ? key : quoted(key)
    }

    /// Plain (unquoted) only for text that YAML cannot read as anything but this same string.
    private static let plainScalars = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " -_.()/'’"))

    static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        // Dates as people type them; every reader of ours takes them as text.
        if ("0"..."9").contains(first) {
            return text.utf8.count >= 10 && (try? CaseDate(parsing: text))?.description == text
                || TextScanning.isISODay(text)
        }
        guard CharacterSet.letters.contains(first) else { return false }
        if text.count <= 5, ["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(text.lowercased()) { return false }
        if text.hasSuffix(" ") || text.hasSuffix(":") { return false }
        if text.contains(": ") || text.contains(" #") || text.contains("\n") { return false }
        return text.unicodeScalars.allSatisfy { plainScalars.contains($0) }
    }
}
