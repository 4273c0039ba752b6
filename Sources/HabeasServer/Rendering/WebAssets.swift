import Foundation
import Mustache

/// The bundled templates and static files (Web/ in the target's resources).
struct WebAssets: Sendable {
    let library: MustacheLibrary
    let stylesheet: String
    let script: String

    static func directory() -> URL? { Bundle.module.url(forResource: "Web", withExtension: nil) }

    static func load() throws -> WebAssets {
        guard let web = directory() else {
            throw WebError.badRequest("the Web resources are missing from the bundle")
        }
        let templates = web.appendingPathComponent("templates")
        var library = MustacheLibrary()
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path).sorted() where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        let css = try String(contentsOf: web.appendingPathComponent("static/habeas.css"), encoding: .utf8)
        let js = try String(contentsOf: web.appendingPathComponent("static/habeas.js"), encoding: .utf8)
        return WebAssets(library: library, stylesheet: css, script: js)
    }
}
