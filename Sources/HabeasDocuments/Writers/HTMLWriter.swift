import HabeasCore

/// Writes a `DraftDocument` as one self-contained, printable HTML file: the stylesheet inline
/// (`document.css`: print CSS with `@page` and page counters), no scripts, no external resources,
/// every piece of text escaped.
public struct HTMLWriter: Sendable {
    public var stylesheet: String

    public init(stylesheet: String) {
        self.stylesheet = stylesheet
    }

    public func write(_ document: DraftDocument) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="\(XML.escape(document.metadata.language))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Habeas">
        <title>\(XML.escape(document.metadata.title))</title>
        <style>
        \(stylesheet.replacingOccurrences(of: "</", with: "<\\/"))
        </style>
        </head>
        <body>

        """
        if let todo = document.toComplete {
            html += "<section class=\"to-complete\">\n<h1>\(XML.escape(todo.heading))</h1>\n"
            if !todo.intro.isEmpty { html += "<p class=\"note\">\(XML.escape(todo.intro))</p>\n" }
            html += "<ul>\n" + todo.items.map { "<li><mark>\(XML.escape($0))</mark></li>" }.joined(separator: "\n") + "\n</ul>\n</section>\n"
        }
        html += "<main>\n"
        var inList = false
        for block in document.blocks {
            if case .bullet = block {} else if inList { html += "</ul>\n"; inList = false }
            switch block {
            case .title(let t): html += "<h1 class=\"title\">\(XML.escape(t))</h1>\n"
            case .subtitle(let t): html += "<p class=\"subtitle\">\(XML.escape(t))</p>\n"
            case .heading(let level, let t):
                let tag = "h\(min(max(level, 1), 3) + 1)"
                html += "<\(tag)>\(XML.escape(t))</\(tag)>\n"
            case .paragraph(let p):
                if let n = p.number {
                    html += "<p class=\"numbered\" id=\"para-\(n)\"><span class=\"num\">\(n).</span>\(inline(p.content))</p>\n"
                } else {
                    html += "<p class=\"\(p.style.rawValue)\">\(inline(p.content))</p>\n"
                }
            case .bullet(let content):
                if !inList { html += "<ul>\n"; inList = true }
                html += "<li>\(inline(content))</li>\n"
            case .table(let table): html += self.table(table)
            case .pageBreak: html += "<div class=\"page-break\"></div>\n"
            }
        }
        if inList { html += "</ul>\n" }
        html += "</main>\n"
        if !document.footnotes.isEmpty {
            html += "<section class=\"footnotes\">\n<hr>\n<ol>\n"
            for note in document.footnotes {
                var text = XML.escape(note.text)
                if let url = note.url { text += " <span class=\"url\">\(XML.escape(url))</span>" }
                html += "<li id=\"fn\(note.number)\" value=\"\(note.number)\">\(text) <a class=\"back\" href=\"#fnref\(note.number)\" aria-label=\"Back to the text\">↩</a></li>\n"
            }
            html += "</ol>\n</section>\n"
        }
        return html + "</body>\n</html>\n"
    }

    func inline(_ content: [Inline]) -> String {
        content.map { item in
            switch item {
            case .text(let t): XML.escape(t)
            case .strong(let t): "<strong>\(XML.escape(t))</strong>"
            case .emphasis(let t): "<em>\(XML.escape(t))</em>"
            case .placeholder(let t): "<mark class=\"to-complete\">[\(XML.escape(t))]</mark>"
            case .footnote(let n, let first):
                "<sup class=\"fnref\"><a href=\"#fn\(n)\"\(first ? " id=\"fnref\(n)\"" : "")>\(n)</a></sup>"
            }
        }.joined()
    }

    func table(_ table: Table) -> String {
        var html = "<table>\n"
        if !table.header.isEmpty {
            html += "<thead><tr>" + table.header.map { "<th>\(XML.escape($0))</th>" }.joined() + "</tr></thead>\n"
        }
        html += "<tbody>\n"
        for row in table.rows {
            html += "<tr>" + row.map { "<td>\(inline($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }
}
