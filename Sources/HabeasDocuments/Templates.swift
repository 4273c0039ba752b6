import Foundation
import Mustache

/// The wording of every draft: Mustache templates and data files bundled under `Templates/`, each
/// overridable by a file with the same name in a `--templates DIR` folder, so a lawyer can change
/// phrasing without recompiling.
public struct TemplateSet: Sendable {
    /// File name → text, bundled first, then overrides.
    public private(set) var files: [String: String]
    let library: MustacheLibrary

    public enum Error: Swift.Error, CustomStringConvertible {
        case missingBundle
        case unreadable(String)
        case invalidTemplate(name: String, reason: String)
        case missingTemplate(String)

        public var description: String {
            switch self {
            case .missingBundle: "the bundled templates cannot be found"
            case .unreadable(let path): "\(path): cannot be read"
            case .invalidTemplate(let name, let reason): "template \(name): \(reason)"
            case .missingTemplate(let name): "no template named \(name)"
            }
        }
    }

    /// The bundled templates, overridden by any same-named file in `overrides`.
    public static func load(overrides: URL? = nil) throws -> TemplateSet {
        guard let bundled = Bundle.module.url(forResource: "Templates", withExtension: nil) else { throw Error.missingBundle }
        var files = try read(directory: bundled)
        if let overrides {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: overrides.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw Error.unreadable(overrides.path)
            }
            files.merge(try read(directory: overrides)) { _, override in override }
        }
        return try TemplateSet(files: files)
    }

    public init(files: [String: String]) throws {
        self.files = files
        var library = MustacheLibrary()
        for (name, text) in files where name.hasSuffix(".mustache") {
            let templateName = String(name.dropLast(".mustache".count))
            do {
                // Every template renders in the draft markup, escaping case text (see `Markup`).
                library.register(try MustacheTemplate(string: Markup.pragma + text), named: templateName)
            } catch {
                throw Error.invalidTemplate(name: name, reason: "\(error)")
            }
        }
        self.library = library
    }

    /// The top-level files, and those of each language's folder as `fr/petition.mustache`.
    private static func read(directory: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        for folder in [nil] + DraftLanguage.allCases.compactMap(\.folder) {
            let dir = folder.map { directory.appendingPathComponent($0) } ?? directory
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names where name.hasSuffix(".mustache") || name.hasSuffix(".txt") || name.hasSuffix(".css") {
                let url = dir.appendingPathComponent(name)
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw Error.unreadable(url.path) }
                files[folder.map { "\($0)/\(name)" } ?? name] = text
            }
        }
        return files
    }

    /// The name of a template or data file in `language` (`fr/petition`, `es/wording.txt`).
    static func name(_ name: String, in language: DraftLanguage) -> String {
        language.folder.map { "\($0)/\(name)" } ?? name
    }

    func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard library.getTemplate(named: name) != nil, let text = library.render(context, withTemplate: name) else {
            throw Error.missingTemplate(name)
        }
        return text
    }

    func text(_ name: String) throws -> String {
        guard let text = files[name] else { throw Error.missingTemplate(name) }
        return text
    }

    var instruments: InstrumentTable {
        InstrumentTable(parsing: files["instruments.txt"] ?? "")
    }

    /// The instruments as cited in `language`: its own table, matched by the same (English) prefixes.
    func instruments(_ language: DraftLanguage) -> InstrumentTable {
        InstrumentTable(parsing: files[Self.name("instruments.txt", in: language)] ?? files["instruments.txt"] ?? "")
    }

    /// The wording catalogue of `language` (`fr/wording.txt`); empty for English, whose wording is the key.
    func wording(_ language: DraftLanguage) -> WordingCatalogue {
        WordingCatalogue(language: language, parsing: language == .en ? "" : files[Self.name("wording.txt", in: language)] ?? "")
    }
}
