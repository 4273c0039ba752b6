/// The interface languages. Case files keep their English keys whatever the language: only what
/// is shown changes, so a file written in Cairo opens in Almaty.
public enum Language: String, CaseIterable, Sendable, Hashable, Codable {
    case en, ru, fr, es, ar
    /// A pseudo-locale for tests: the English catalogue with accented letters and about 40% more
    /// length, so that text which is not translated, or that overflows its box, shows up.
    case pseudo = "en-XA"

    /// The languages a user may choose; the pseudo-locale is selectable but not offered.
    public static let offered: [Language] = [.en, .ru, .fr, .es, .ar]

    /// The language's name in itself, for the switcher.
    public var nativeName: String {
        switch self {
        case .en: "English"
        case .ru: "Русский"
        case .fr: "Français"
        case .es: "Español"
        case .ar: "العربية"
        case .pseudo: "Ëñĝļîšĥ (pseudo)"
        }
    }

    /// Arabic is written right to left (`<html dir="rtl">`).
    public var isRightToLeft: Bool { self == .ar }
    public var direction: String { isRightToLeft ? "rtl" : "ltr" }

    /// The catalogue file a language reads (the pseudo-locale is derived from English).
    var catalogueName: String { self == .pseudo ? "en" : rawValue }

    /// The language whose plural rules apply.
    var pluralLanguage: String { self == .pseudo ? "en" : rawValue }

    /// The Foundation locale for dates and numbers.
    public var localeIdentifier: String { self == .pseudo ? "en" : rawValue }

    /// Parses a language tag as stored in a cookie or given on the command line (`ru`, `ru-KZ`,
    /// `en-XA`); nil for anything else.
    public init?(tag: String) {
        let tag = tag.trimmingCharacters(in: .whitespaces)
        guard tag.utf8.count <= 35 else { return nil }
        if tag.caseInsensitiveCompare("en-XA") == .orderedSame { self = .pseudo; return }
        let primary = tag.split(separator: "-", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        guard let language = Language.offered.first(where: { $0.rawValue == primary }) else { return nil }
        self = language
    }
}

import Foundation
