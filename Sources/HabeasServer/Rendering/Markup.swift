import Mustache

/// Markup the server built itself with every piece of text escaped (the SVG charts). The only
/// thing templates print with triple braces; user data never reaches a template unescaped.
struct SafeHTML: Sendable, MustacheCustomRenderable {
    let html: String
    var renderText: String { html }
    var isNull: Bool { html.isEmpty }
}

enum Escape {
    /// For text and attribute values in markup we write by hand (SVG).
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Messages from the core's validation write code-like words between backticks (`arest`).
enum Markup {
    /// Escapes first, then turns each complete pair of backticks into `<code>…</code>`, so the
    /// only markup in the result is balanced `<code>` tags, whatever the text (a case's own words
    /// are often quoted in these messages). An unpaired backtick stays as it is.
    static func message(_ text: String) -> SafeHTML {
        let parts = Escape.html(text).split(separator: "`", omittingEmptySubsequences: false)
        var html = ""
        for (index, part) in parts.enumerated() {
            if index % 2 == 0 {
                html += part
            } else if index == parts.count - 1 {
                html += "`" + part
            } else {
                html += "<code>" + part + "</code>"
            }
        }
        return SafeHTML(html: html)
    }

    /// One message in a list; templates print it as `{{{messageHTML}}}`.
    struct Line {
        var messageHTML: SafeHTML
        init(_ text: String) { messageHTML = Markup.message(text) }
    }
}
