import Foundation
import HabeasCore

/// Messages, plurals, vocabulary labels, dates and numbers in one interface language. A key
/// missing from a catalogue falls back to English, then to the key itself: never a crash (the
/// catalogue tests fail on the first missing key, so this is only a last resort).
public struct Localizer: Sendable {
    public let language: Language
    let catalogue: Catalogue
    let english: Catalogue

    public init(_ language: Language) {
        self.language = language
        let english = Localizer.catalogues[.en] ?? Catalogue(language: "en", messages: [:], vocabulary: [:])
        self.english = english
        self.catalogue = Localizer.catalogues[language] ?? english
    }

    /// Catalogues are read once; the pseudo-locale is derived from English.
    static let catalogues: [Language: Catalogue] = {
        var result: [Language: Catalogue] = [:]
        for language in Language.offered {
            if let catalogue = try? Catalogue.bundled(language.catalogueName) { result[language] = catalogue }
        }
        if let english = result[.en] { result[.pseudo] = PseudoLocale.catalogue(from: english) }
        return result
    }()

    /// The catalogue of a language as bundled, or the error that keeps it from loading (tests).
    public static func catalogue(_ language: Language) throws -> Catalogue {
        if language == .pseudo { return PseudoLocale.catalogue(from: try Catalogue.bundled("en")) }
        return try Catalogue.bundled(language.catalogueName)
    }

    public static var pluralRules: PluralRules { PluralRules.shared }

    // MARK: Messages

    /// A whole message with its named placeholders filled in.
    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        let message = catalogue.messages[key] ?? english.messages[key]
        let template: String
        switch message {
        case .text(let text): template = text
        case .plural(let forms): template = forms[.other] ?? key
        case nil: return key
        }
        return Self.fill(template, arguments)
    }

    /// A message chosen by the plural category of `count` (CLDR rules), with `{count}` formatted
    /// in the language's digits and grouping.
    public func plural(_ key: String, count: Int, _ arguments: [String: String] = [:]) -> String {
        var arguments = arguments
        arguments["count"] = number(count)
        let message = catalogue.messages[key] ?? english.messages[key]
        let forms: [PluralCategory: String]
        switch message {
        case .plural(let f): forms = f
        case .text(let text): return Self.fill(text, arguments)
        case nil: return key
        }
        let category = PluralRules.shared.category(of: count, language: language.pluralLanguage)
        return Self.fill(forms[category] ?? forms[.other] ?? key, arguments)
    }

    /// A plural message for a number with a fraction ("2.5"), which CLDR counts as `other` in the
    /// interface languages except French 0–1.x; the number is shown as given.
    public func plural(_ key: String, decimal: String) -> String {
        var arguments = ["count": decimal]
        let message = catalogue.messages[key] ?? english.messages[key]
        guard case .plural(let forms) = message else { return text(key, arguments) }
        let category: PluralCategory = language == .fr && decimal.hasPrefix("0") || language == .fr && decimal.hasPrefix("1.") ? .one : .other
        arguments["count"] = decimal
        return Self.fill(forms[category] ?? forms[.other] ?? key, arguments)
    }

    /// The month and year, abbreviated in the language ("Jan 2022", "янв. 2022 г.").
    public func monthYear(year: Int, month: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let value = calendar.date(from: DateComponents(year: year, month: month, day: 1)) else { return "\(year)-\(month)" }
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.setLocalizedDateFormatFromTemplate("MMMy")
        return formatter.string(from: value)
    }

    public func has(_ key: String) -> Bool { catalogue.messages[key] != nil }

    /// Fills named placeholders in one pass: a value that itself contains `{name}` is not filled again.
    public static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { rest = rest[open...]; break }
            let name = String(after[..<close])
            result += arguments[name] ?? "{\(name)}"
            rest = after[after.index(after: close)...]
        }
        return result + rest
    }

    // MARK: Vocabulary

    /// The label of a word of a closed vocabulary ("arrest" → "Арест"); the word itself if the
    /// catalogue lacks it.
    public func label<V: Vocabulary>(_ word: V) -> String {
        entry(word)?.label ?? word.rawValue
    }

    /// One line of help about a word of a closed vocabulary.
    public func help<V: Vocabulary>(_ word: V) -> String {
        entry(word)?.help ?? ""
    }

    func entry<V: Vocabulary>(_ word: V) -> Catalogue.VocabularyEntry? {
        let key = VocabularyKeys.key(of: V.self)
        return catalogue.vocabulary[key]?[word.rawValue] ?? english.vocabulary[key]?[word.rawValue]
    }

    // MARK: Dates and numbers (Foundation with the language's locale: checked on Linux by the tests)

    public var locale: Locale { Locale(identifier: language.localeIdentifier) }

    /// A calendar date in the language's long style ("5 января 2022 г.", "5 janvier 2022").
    public func date(_ date: CaseDate) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let value = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) else {
            return date.calendarDate.description
        }
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.dateStyle = .long
        formatter.timeStyle = .none
        let text = formatter.string(from: value)
        return language == .pseudo ? PseudoLocale.transform(text) : text
    }

    /// A whole number with the language's grouping ("1 234", "1.234").
    public func number(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.locale = locale
        formatter.numberStyle = .decimal
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }
}
