import Foundation
import Yams

/// One message of a catalogue: a whole sentence with named placeholders (`{count}`, `{date}`),
/// or one such sentence per CLDR plural category.
public enum Message: Sendable, Equatable {
    case text(String)
    case plural([PluralCategory: String])

    /// Every form of the message (one for a plain text).
    public var forms: [String] {
        switch self {
        case .text(let text): [text]
        case .plural(let forms): PluralCategory.allCases.compactMap { forms[$0] }
        }
    }
}

/// The messages and vocabulary labels of one language, read from `Catalogues/<lang>.yaml`.
public struct Catalogue: Sendable {
    public let language: String
    public let messages: [String: Message]
    /// `vocabulary key` → word → (label, help).
    public let vocabulary: [String: [String: VocabularyEntry]]

    public struct VocabularyEntry: Sendable, Equatable {
        public var label: String
        public var help: String
    }

    /// The file as written: `language`, `messages` (a text, or plural forms by CLDR category) and
    /// `vocabulary` (`Label | help` per word).
    private struct File: Decodable {
        var language: String
        var messages: [String: Value]
        var vocabulary: [String: [String: String]]
        enum Value: Decodable {
            case text(String)
            case forms([String: String])
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { self = .text(text) } else { self = .forms(try container.decode([String: String].self)) }
            }
        }
    }

    public init(yaml: String) throws {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            throw CatalogueError("the catalogue cannot be read: \(error)")
        }
        let language = file.language
        self.language = language
        var messages: [String: Message] = [:]
        for (key, value) in file.messages {
            switch value {
            case .text(let text):
                messages[key] = .text(text)
            case .forms(let forms):
                var plural: [PluralCategory: String] = [:]
                for (name, text) in forms {
                    guard let category = PluralCategory(rawValue: name) else {
                        throw CatalogueError("\(language): \(key): `\(name)` is not a plural category")
                    }
                    plural[category] = text
                }
                messages[key] = .plural(plural)
            }
        }
        self.messages = messages
        var vocabulary: [String: [String: VocabularyEntry]] = [:]
        for (name, words) in file.vocabulary {
            var entries: [String: VocabularyEntry] = [:]
            for (word, text) in words {
                // "Label | one-line help"
                let parts = text.components(separatedBy: " | ")
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw CatalogueError("\(language): \(name).\(word) must read `Label | help`")
                }
                entries[word] = VocabularyEntry(label: parts[0], help: parts[1])
            }
            vocabulary[name] = entries
        }
        self.vocabulary = vocabulary
    }

    init(language: String, messages: [String: Message], vocabulary: [String: [String: VocabularyEntry]]) {
        self.language = language
        self.messages = messages
        self.vocabulary = vocabulary
    }

    /// The bundled catalogue of a language (the file `Catalogues/<lang>.yaml`).
    public static func bundled(_ name: String) throws -> Catalogue {
        guard let url = Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Catalogues")
                ?? Bundle.module.url(forResource: name, withExtension: "yaml") else {
            throw CatalogueError("no catalogue \(name).yaml in the bundle")
        }
        return try Catalogue(yaml: String(contentsOf: url, encoding: .utf8))
    }

    /// The placeholders a text names, in order of first appearance (`{count}` → "count").
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = String(after[..<close])
            if !names.contains(name) { names.append(name) }
            rest = after[after.index(after: close)...]
        }
        return names
    }
}

public struct CatalogueError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
