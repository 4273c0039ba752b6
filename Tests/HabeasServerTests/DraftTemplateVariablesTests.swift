import Foundation
import Testing

/// The draft templates' README lists, under each template, exactly the names the template uses,
/// so lawyers who override a template know what they can print. Read from the source tree.
@Suite("Draft template variables")
struct DraftTemplateVariablesTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/HabeasDocuments/Templates")

    /// The names in a template's tags: `{{name}}`, `{{{name}}}`, `{{#name}}`, `{{^name}}`, `{{/name}}`, `{{>name}}`, `{{&name}}`.
    static func names(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var tag = rest[open.upperBound..<close.lowerBound]
            if tag.hasPrefix("{") { tag = tag.dropFirst() }
            let isComment = tag.hasPrefix("!")
            if let first = tag.first, "#^/&>".contains(first) { tag = tag.dropFirst() }
            let name = tag.trimmingCharacters(in: .whitespaces)
            if !name.isEmpty, !isComment { names.insert(name) }
            rest = rest[close.upperBound...]
            if rest.hasPrefix("}") { rest = rest.dropFirst() }
        }
        return names
    }

    /// `### petition.mustache` followed by a line of `name`, `name`, … in backticks.
    static func documented(_ readme: String) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        var current: String?
        for line in readme.split(separator: "\n") {
            if line.hasPrefix("### "), line.hasSuffix(".mustache") {
                current = String(line.dropFirst(4))
                out[current!] = []
            } else if let name = current, line.hasPrefix("`") {
                let parts = line.split(separator: "`", omittingEmptySubsequences: false)
                for (index, part) in parts.enumerated() where index % 2 == 1 { out[name, default: []].insert(String(part)) }
            }
        }
        return out
    }

    @Test func theREADMEListsEveryVariableOfEveryTemplate() throws {
        let readme = try String(contentsOf: Self.templates.appendingPathComponent("README.md"), encoding: .utf8)
        let documented = Self.documented(readme)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.templates.path).filter { $0.hasSuffix(".mustache") }
        #expect(!files.isEmpty)
        #expect(Set(documented.keys) == Set(files), "templates without a list, or lists without a template")
        for file in files {
            let used = Self.names(in: try String(contentsOf: Self.templates.appendingPathComponent(file), encoding: .utf8))
            let listed = documented[file] ?? []
            #expect(used.subtracting(listed).isEmpty, "\(file) uses names the README does not list: \(used.subtracting(listed).sorted())")
            #expect(listed.subtracting(used).isEmpty, "the README lists names \(file) does not use: \(listed.subtracting(used).sorted())")
        }
    }

    @Test func tagsAreReadWhateverTheirKind() {
        #expect(Self.names(in: "a {{x}} {{{y}}} {{#s}}{{/s}} {{^n}}{{/n}} {{>p}} {{& r }} {{! a comment }} {{.}}") == ["x", "y", "s", "n", "p", "r", "."])
    }
}
