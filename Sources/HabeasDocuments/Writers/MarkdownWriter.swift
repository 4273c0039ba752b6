import HabeasCore

/// Writes a `DraftDocument` as plain Markdown: `#` headings, numbered paragraphs, pipe tables and
/// `[^n]` footnotes. Case text is escaped so it cannot turn into markup.
public struct MarkdownWriter: Sendable {
    public init() {}

    public func write(_ document: DraftDocument) -> String {
        var parts: [String] = []
        if let todo = document.toComplete {
            parts.append("# \(escape(todo.heading))")
            if !todo.intro.isEmpty { parts.append("*\(escape(todo.intro))*") }
            parts.append(todo.items.map { "- [ ] \(escape($0))" }.joined(separator: "\n"))
            parts.append("---")
        }
        var list: [String] = []
        func flushList() {
            if !list.isEmpty { parts.append(list.joined(separator: "\n")); list = [] }
        }
        for block in document.blocks {
            if case .bullet(let content) = block { list.append("- " + inline(content)); continue }
            flushList()
            switch block {
            case .title(let t): parts.append("# \(escape(t))")
            case .subtitle(let t): parts.append("*\(escape(t))*")
            case .heading(let level, let t): parts.append(String(repeating: "#", count: min(max(level, 1), 3) + 1) + " " + escape(t))
            case .paragraph(let p):
                if let n = p.number {
                    parts.append("\(n). " + inline(p.content))
                } else if p.style == .note {
                    parts.append("> " + inline(p.content))
                } else {
                    parts.append(inline(p.content))
                }
            case .bullet: break
            case .table(let table): parts.append(self.table(table))
            case .pageBreak: parts.append("---")
            }
        }
        flushList()
        if !document.footnotes.isEmpty {
            parts.append(document.footnotes.map { note in
                "[^\(note.number)]: " + escape(note.text) + (note.url.map { " " + link($0) } ?? "")
            }.joined(separator: "\n"))
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    func inline(_ content: [Inline]) -> String {
        content.map { item in
            switch item {
            case .text(let t): escape(t)
            case .strong(let t): "**\(escape(t))**"
            case .emphasis(let t): "*\(escape(t))*"
            case .placeholder(let t): "**\\[\(escape(t))\\]**"
            case .footnote(let n, _): "[^\(n)]"
            }
        }.joined()
    }

    func table(_ table: Table) -> String {
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        func row(_ cells: [String]) -> String {
            "| " + (0..<columns).map { $0 < cells.count ? cells[$0] : "" }.joined(separator: " | ") + " |"
        }
        var lines = [row(table.header.map(escape)), "|" + Array(repeating: "---|", count: columns).joined()]
        lines += table.rows.map { row($0.map(inline)) }
        return lines.joined(separator: "\n")
    }

    /// Backslash-escapes the characters Markdown would read as markup, and `<` so no HTML passes.
    func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "\\`*_[]<>|#".contains(ch) { out.append("\\") }
            if ch == "\n" { out.append(" "); continue }
            out.append(ch)
        }
        return out
    }

    /// An autolink only for web and mail addresses; any other scheme (`javascript:`, `data:`,
    /// `vbscript:`, …) is written as escaped text, so a reader's click can never run it.
    func link(_ url: String) -> String {
        let lower = url.lowercased()
        guard ["https://", "http://", "mailto:"].contains(where: lower.hasPrefix),
              !url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else { return escape(url) }
        return "<" + url.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E") + ">"
    }
}
