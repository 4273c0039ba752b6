import Foundation
import Mustache

/// The bundled templates and static files (Web/ in the target's resources).
struct WebAssets: Sendable {
    let library: MustacheLibrary
    let stylesheet: String
    let script: String

    struct BundleError: Error, CustomStringConvertible {
        var description: String
    }

    static func directory() -> URL? { Bundle.module.url(forResource: "Web", withExtension: nil) }

    /// Every file of `Template`, and no partial that is not one: a missing one is a build defect
    /// found at start, not an empty page later.
    static func load() throws -> WebAssets {
        guard let web = directory() else { throw BundleError(description: "the Web resources are missing from the bundle") }
        let templates = web.appendingPathComponent("templates")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".mustache") })
        var library = MustacheLibrary()
        for template in Template.allCases {
            guard files.contains(template.rawValue + ".mustache") else { throw BundleError(description: "no template \(template.rawValue)") }
            let text = try String(contentsOf: templates.appendingPathComponent(template.rawValue + ".mustache"), encoding: .utf8)
            for partial in partials(in: text) where Template(rawValue: partial) == nil {
                throw BundleError(description: "\(template.rawValue) includes an unknown partial \(partial)")
            }
            try library.register(text, named: template.rawValue)
        }
        let css = try String(contentsOf: web.appendingPathComponent("static/habeas.css"), encoding: .utf8)
        let js = try String(contentsOf: web.appendingPathComponent("static/habeas.js"), encoding: .utf8)
        return WebAssets(library: library, stylesheet: css, script: js)
    }

    /// The names in `{{>name}}` tags.
    static func partials(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{>") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }
}
