/// A sentence the core writes in English, in a form an interface can put in another language: a
/// catalogue key and its named arguments. The English text stays exactly as written (the CLI, the
/// JSON and the drafts print it); HabeasLocalization renders a phrase in another language. The
/// core knows only the keys, never the catalogues.
public struct Phrase: Sendable, Hashable {
    public var key: String
    public var arguments: [String: Argument]

    public init(_ key: String, _ arguments: [String: Argument] = [:]) {
        self.key = key
        self.arguments = arguments
    }

    public indirect enum Argument: Sendable, Hashable {
        /// Shown as written: free text of the case file, citations, paths, State codes.
        case text(String)
        /// A date, written as the interface language writes dates.
        case date(CaseDate)
        /// A length of time ("72 days", "50 hours").
        case span(Span)
        /// A whole number (a plural message may depend on it).
        case count(Int)
        /// A word of a closed vocabulary: the catalogue's vocabulary key ("event") and the word ("arrest").
        case word(vocabulary: String, key: String)
        /// Another message (a period's name, a nested clause).
        case phrase(Phrase)
        /// Items joined as the language joins a list.
        case list([Argument])
    }
}

/// The phrases of a result, by the English sentence they produce: an interface looks an English
/// sentence up here and, if it is found, shows it in its own language.
public typealias Phrasebook = [String: Phrase]

extension Dictionary where Key == String, Value == Phrase {
    /// Records the structured form of `english` and returns `english` unchanged.
    @discardableResult
    public mutating func say(_ english: String, _ key: String, _ arguments: [String: Phrase.Argument] = [:]) -> String {
        self[english] = Phrase(key, arguments)
        return english
    }
}

extension Phrase.Argument {
    public static func event(_ type: EventType) -> Phrase.Argument { .word(vocabulary: "event", key: type.rawValue) }
    public static func allegation(_ type: AllegationType) -> Phrase.Argument { .word(vocabulary: "allegation", key: type.rawValue) }
    public static func profile(_ profile: Profile) -> Phrase.Argument { .word(vocabulary: "profile", key: profile.rawValue) }
    public static func period(_ kind: Period.Kind) -> Phrase.Argument { .phrase(Phrase("phrase.periodState." + kind.rawValue)) }
}
