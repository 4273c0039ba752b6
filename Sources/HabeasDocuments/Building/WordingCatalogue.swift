import Foundation

/// The words the builders put into a draft (placeholders, vocabulary, the remedies and referrals
/// the assessment chooses) in one language, read from `Templates/<lang>/wording.txt`: one entry a
/// line, `English :: translation`. The English text is the key, so English needs no file, and a
/// lawyer can correct a translation by overriding the file (`--templates DIR` with `fr/wording.txt`).
///
/// Whole phrases only: where a phrase carries a value, the entry names it (`{date}`, `{n}`) and
/// each language places it where its grammar wants. `{e}` (French) and `{o}` (Spanish) are the
/// person's gender ending (`DraftLanguage.personNames`).
public struct WordingCatalogue: Sendable {
    public let language: DraftLanguage
    public let entries: [String: String]
    /// English phrases asked for and not found: drafted in English. Tests require none.
    let misses = Misses()

    public init(language: DraftLanguage, parsing text: String) {
        self.language = language
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), let separator = line.range(of: " :: ") else { continue }
            let key = line[..<separator.lowerBound].trimmingCharacters(in: .whitespaces)
            let value = line[separator.upperBound...].trimmingCharacters(in: .whitespaces)
            if !key.isEmpty, !value.isEmpty { entries[key] = value }
        }
        self.entries = entries
    }

    /// `english` in the language, its `{name}` slots filled from `values`.
    func callAsFunction(_ english: String, _ values: [String: String] = [:]) -> String {
        var text = english
        if language != .en {
            if let found = entries[english] { text = found } else { misses.add(english) }
        }
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// A closed vocabulary word (`pre-trial`, `human-rights-defender`), looked up as its words.
    func word(_ raw: String) -> String { self(Wording.words(raw)) }

    /// The phrases drafted in English for want of an entry, in order of first use.
    public var missing: [String] { misses.list }

    final class Misses: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ item: String) { lock.lock(); if !items.contains(item) { items.append(item) }; lock.unlock() }
        var list: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }
}
