import Foundation
import Mustache

/// The small line-based markup the templates render to, parsed into a `DraftDocument`.
///
/// Blocks (one per line, leading spaces ignored): `= title`, `~ subtitle`, `#`/`##`/`###` headings,
/// `¶ numbered paragraph`, `- bullet`, `> note`, plain text (a body paragraph), `::pagebreak`,
/// `::table A | B`, `::row a | b`, `::endtable`, `::todo Heading | Intro`. A text line right after
/// a paragraph or bullet continues it; a blank line ends it.
/// Inline: `**strong**`, `*emphasis*`, `[^key]` a footnote from the catalog, `[?what]` information
/// to complete, `\x` a literal x. Case data is escaped on the way in (`Markup.escape`), so a name
/// or a detail can never open a heading, a footnote or a table cell.
public enum Markup {
    /// Marks a context value as markup already (built by code from escaped text), not to escape again.
    static let rawSentinel: Character = "\u{E000}"

    static func raw(_ markup: String) -> String { String(rawSentinel) + markup }

    /// Escapes case text for the markup: whitespace folded to single spaces, special characters
    /// behind a backslash, a leading block marker neutralised.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var pendingSpace = false
        for ch in text {
            if ch == rawSentinel { continue }
            if ch.isWhitespace || ch.isNewline {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            if "\\[]*|".contains(ch) || (out.isEmpty && "=~#¶->:".contains(ch)) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// A footnote citation marker for `key` (keys are sanitised: letters, digits and `:._-`).
    static func cite(_ key: String) -> String { "[^\(sanitizeKey(key))]" }

    /// A highlighted "to complete" marker.
    static func placeholder(_ what: String) -> String { "[?\(escape(what))]" }

    static func sanitizeKey(_ key: String) -> String {
        String(key.map { $0.isLetter || $0.isNumber || ":._-".contains($0) ? $0 : "_" })
    }

    /// The Mustache content type the templates render in: case text is escaped for the markup.
    struct ContentType: MustacheContentType {
        func escapeText(_ text: String) -> String {
            if text.first == Markup.rawSentinel { return String(text.dropFirst()) }
            return Markup.escape(text)
        }
    }

    static let contentTypeName = "HABEAS_DRAFT"
    /// Registered once, lazily and thread-safely (a `static let` initialiser runs once).
    static let registered: Bool = {
        MustacheContentTypes.register(ContentType(), named: contentTypeName)
        return true
    }()
    static var pragma: String {
        _ = registered
        return "{{% CONTENT_TYPE: \(contentTypeName) }}"
    }
}

/// What a footnote key stands for.
public struct FootnoteSource: Sendable, Equatable {
    public var text: String
    public var url: String?
    public init(text: String, url: String? = nil) {
        self.text = text
        self.url = url
    }
}

/// Parses rendered markup into blocks, numbering paragraphs and footnotes in order of appearance.
struct MarkupParser {
    var catalog: [String: FootnoteSource]
    private(set) var blocks: [Block] = []
    private(set) var footnotes: [Footnote] = []
    private(set) var placeholders: [String] = []
    private(set) var todoHeading: String?
    private(set) var todoIntro: String = ""
    private var numbers: [String: Int] = [:]
    private var paragraphNumber = 0
    private var table: Table?
    /// The last block when it may take continuation lines.
    private var open: (kind: OpenKind, text: String)?
    private enum OpenKind { case numbered, body, note, bullet }

    init(catalog: [String: FootnoteSource]) { self.catalog = catalog }

    mutating func parse(_ text: String) {
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { closeOpen(); continue }
            if let (kind, rest) = Self.textBlock(line) {
                closeOpen()
                open = (kind, rest)
                continue
            }
            if !line.hasPrefix("::"), !Self.isStructural(line), let current = open {
                open = (current.kind, current.text + " " + line)
                continue
            }
            closeOpen()
            if line.hasPrefix("::") {
                directive(String(line.dropFirst(2)))
            } else if line.hasPrefix("= ") {
                blocks.append(.title(plain(String(line.dropFirst(2)))))
            } else if line.hasPrefix("~ ") {
                blocks.append(.subtitle(plain(String(line.dropFirst(2)))))
            } else if let level = Self.headingLevel(line) {
                blocks.append(.heading(level: level, text: plain(String(line.dropFirst(level + 1)))))
            } else {
                open = (.body, line)
            }
        }
        closeOpen()
        if table != nil { directive("endtable") }
    }

    private static func textBlock(_ line: String) -> (OpenKind, String)? {
        if line.hasPrefix("¶ ") { return (.numbered, String(line.dropFirst(2))) }
        if line.hasPrefix("- ") { return (.bullet, String(line.dropFirst(2))) }
        if line.hasPrefix("> ") { return (.note, String(line.dropFirst(2))) }
        return nil
    }

    private static func isStructural(_ line: String) -> Bool {
        line.hasPrefix("= ") || line.hasPrefix("~ ") || headingLevel(line) != nil
    }

    private static func headingLevel(_ line: String) -> Int? {
        for level in (1...3).reversed() where line.hasPrefix(String(repeating: "#", count: level) + " ") {
            return level
        }
        return nil
    }

    private mutating func closeOpen() {
        guard let current = open else { return }
        open = nil
        let content = inline(current.text)
        switch current.kind {
        case .numbered:
            paragraphNumber += 1
            blocks.append(.paragraph(Paragraph(number: paragraphNumber, content: content)))
        case .body: blocks.append(.paragraph(Paragraph(number: nil, content: content)))
        case .note: blocks.append(.paragraph(Paragraph(number: nil, content: content, style: .note)))
        case .bullet: blocks.append(.bullet(content))
        }
    }

    private mutating func directive(_ body: String) {
        let (name, argument) = body.firstIndex(of: " ").map { (String(body[..<$0]), String(body[$0...]).trimmingCharacters(in: .whitespaces)) } ?? (body, "")
        switch name {
        case "pagebreak":
            blocks.append(.pageBreak)
        case "table":
            if table != nil { directive("endtable") }
            table = Table(header: Self.cells(argument).map { plain($0) }, rows: [])
        case "row":
            let cells = Self.cells(argument).map { inline($0) }
            if table == nil { table = Table(header: [], rows: []) }
            table?.rows.append(cells)
        case "endtable":
            if let finished = table, !finished.rows.isEmpty { blocks.append(.table(finished)) }
            table = nil
        case "todo":
            let parts = Self.cells(argument)
            todoHeading = parts.first.map { plain($0) } ?? "To complete before filing"
            todoIntro = parts.dropFirst().map { plain($0) }.joined(separator: " ")
        default:
            blocks.append(.paragraph(Paragraph(number: nil, content: inline("::" + body))))
        }
    }

    /// Splits on unescaped `|`.
    static func cells(_ text: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for ch in text {
            if escaped { current.append("\\"); current.append(ch); escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "|" { cells.append(current.trimmingCharacters(in: .whitespaces)); current = ""; continue }
            current.append(ch)
        }
        if escaped { current.append("\\") }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }

    /// The text of inline markup without its formatting (headings and table headers).
    private mutating func plain(_ text: String) -> String { inline(text).plainText }

    mutating func inline(_ text: String) -> [Inline] {
        var result: [Inline] = []
        var buffer = ""
        let chars = Array(text)
        var i = 0
        func flush() {
            if !buffer.isEmpty { result.append(.text(buffer)); buffer = "" }
        }
        /// Reads up to the closing delimiter, honouring escapes; nil when it never closes.
        func readUntil(_ closing: String, from start: Int) -> (String, Int)? {
            let close = Array(closing)
            var j = start
            var out = ""
            while j < chars.count {
                if chars[j] == "\\", j + 1 < chars.count { out.append(chars[j + 1]); j += 2; continue }
                if j + close.count <= chars.count, Array(chars[j..<j + close.count]) == close { return (out, j + close.count) }
                out.append(chars[j]); j += 1
            }
            return nil
        }
        while i < chars.count {
            let ch = chars[i]
            if ch == "\\", i + 1 < chars.count {
                buffer.append(chars[i + 1]); i += 2; continue
            }
            if ch == "[", i + 1 < chars.count, chars[i + 1] == "^" || chars[i + 1] == "?",
               let (inner, next) = readUntil("]", from: i + 2) {
                flush()
                if chars[i + 1] == "^" {
                    if let note = footnote(inner) { result.append(note) }
                } else {
                    result.append(.placeholder(inner))
                    if !placeholders.contains(inner) { placeholders.append(inner) }
                }
                i = next
                continue
            }
            if ch == "*" {
                let isStrong = i + 1 < chars.count && chars[i + 1] == "*"
                if let (inner, next) = readUntil(isStrong ? "**" : "*", from: i + (isStrong ? 2 : 1)), !inner.isEmpty {
                    flush()
                    result.append(isStrong ? .strong(inner) : .emphasis(inner))
                    i = next
                    continue
                }
            }
            buffer.append(ch)
            i += 1
        }
        flush()
        return result
    }

    /// An instrument is footnoted where it is first cited only, as legal texts do; a reference
    /// cited again repeats its number.
    private mutating func footnote(_ raw: String) -> Inline? {
        let key = Markup.sanitizeKey(raw)
        if let number = numbers[key] { return key.hasPrefix("inst:") ? nil : .footnote(number: number, first: false) }
        guard let source = catalog[key] else {
            let what = "a source for note “\(key)”"
            if !placeholders.contains(what) { placeholders.append(what) }
            return .placeholder(what)
        }
        let number = footnotes.count + 1
        numbers[key] = number
        footnotes.append(Footnote(number: number, key: key, text: source.text, url: source.url))
        return .footnote(number: number, first: true)
    }
}
