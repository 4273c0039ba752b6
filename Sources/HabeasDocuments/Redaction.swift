import Foundation
import HabeasCore

/// The public version's redaction, by field. Every field that identifies the person or the source
/// is left out or replaced: names (in every script and spelling `otherNames` lists) by one
/// pseudonym, the identity document, address, birth date, contact and occupation by a note. Free
/// text cannot be cleaned word by word — "two-time Prime Minister" names a man as surely as his
/// name does — so a passage that quotes any of those other fields is withheld whole, and in what
/// remains the listed names are replaced. The map is kept in memory only; nothing writes it out.
public struct Redaction: Sendable {
    /// The pseudonym of the person deprived of liberty.
    public static let pseudonym = "A"
    /// What stands in place of a passage that quotes an identifying field.
    public static let withheld = "[passage withheld: it may identify the person]"
    static let particles: Set<String> = ["de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der",
                                         "den", "bin", "bint", "ibn", "al", "el", "la", "le", "y", "e", "ben", "abu"]
    /// Words too common to identify anyone when they appear in an occupation or an address.
    static let commonWords: Set<String> = ["of", "the", "and", "for", "in", "at", "on", "to", "a", "an", "former", "formerly",
                                           "de", "la", "el", "del", "des", "du", "le", "les", "y", "et"]

    struct Rule: Sendable {
        var pattern: String
        var replacement: String
        /// Short names are matched as whole words only, so "Li" leaves "police" alone.
        var wholeWord: Bool
    }
    /// Names and their pseudonyms.
    private var rules: [Rule] = []
    /// Phrases of the other identifying fields, folded (lowercase, no diacritics): a passage that
    /// contains one is withheld.
    private var quotedPhrases: [[String]] = []

    public init(for file: CaseFile) {
        var rules: [Rule] = []
        func add(_ text: String?, _ replacement: String) {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return }
            rules.append(Rule(pattern: text, replacement: replacement, wholeWord: text.count < 4))
        }
        let names = [file.person.name] + file.person.otherNames
        for name in names {
            add(name, Self.pseudonym)
            let words = name.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
            for word in words {
                add(word, Self.pseudonym)
                for part in word.split(separator: "-").map(String.init) where part != word { add(part, Self.pseudonym) }
            }
        }
        rules.removeAll { Self.particles.contains($0.pattern.lowercased()) || $0.pattern == Self.pseudonym }
        add(file.source?.name, "the source")
        // The source's own names, one by one too ("her sister Dana").
        for word in (file.source?.name ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        where !Self.particles.contains(word.lowercased()) && !names.contains(where: { $0.localizedCaseInsensitiveContains(word) }) {
            add(word, "the source")
        }
        add(file.source?.organisation, "the source")
        // Longest first, so "Karim Massimov" goes before "Karim".
        self.rules = rules.sorted { $0.pattern.count > $1.pattern.count }

        var phrases: [[String]] = []
        func quote(_ text: String?) {
            guard let text, !text.isEmpty else { return }
            let words = Self.words(text)
            // The whole value; a single word only when it is a number or an address ("Blogger"
            // alone identifies nobody, "N12345678" or "dana@example.org" does).
            if words.count > 1 || words.first.map({ $0.contains("@") || $0.contains(where: \.isNumber) }) == true {
                phrases.append(words)
            }
            // Two significant words in a row ("Prime Minister", "Abai Avenue") identify as well
            // as the whole; single words of an occupation ("Blogger") do not.
            let significant = words.map { !Self.commonWords.contains($0) && ($0.count >= 3 || $0.contains(where: \.isNumber)) }
            for i in words.indices.dropLast() where significant[i] && significant[i + 1] {
                phrases.append([words[i], words[i + 1]])
            }
            // A document number or a telephone number alone.
            for word in words where word.filter(\.isNumber).count >= 4 { phrases.append([word]) }
        }
        quote(file.person.occupation)
        quote(file.person.idDocument)
        quote(file.person.address)
        for part in (file.source?.contact ?? "").split(whereSeparator: { ",;".contains($0) }) { quote(String(part)) }
        if let birth = file.person.birthDate {
            let d = birth.calendarDate
            for form in [d.description, d.longDescription, String(format: "%02d.%02d.%04d", d.day, d.month, d.year),
                         String(format: "%02d/%02d/%04d", d.day, d.month, d.year), String(format: "%02d/%02d/%04d", d.month, d.day, d.year),
                         d.longDescription.split(separator: " ").map(String.init).rotatedMonthFirst] {
                quote(form)
            }
        }
        self.quotedPhrases = phrases.filter { !$0.isEmpty }
    }

    /// Lowercased, diacritic-free words (letters, digits, `@`, `.`, `+` inside), for matching
    /// phrases whatever the punctuation and spacing between them.
    static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var words: [String] = []
        var current = ""
        for character in folded {
            if character.isLetter || character.isNumber || (!current.isEmpty && "@.+_".contains(character)) {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current.trimmingCharacters(in: CharacterSet(charactersIn: ".+_")))
                current = ""
            }
        }
        if !current.isEmpty { words.append(current.trimmingCharacters(in: CharacterSet(charactersIn: ".+_"))) }
        return words.filter { !$0.isEmpty }
    }

    /// Whether `text` quotes an identifying field other than a name.
    func quotesIdentifyingField(_ text: String) -> Bool {
        guard !quotedPhrases.isEmpty else { return false }
        let words = Self.words(text)
        guard !words.isEmpty else { return false }
        for phrase in quotedPhrases where phrase.count <= words.count {
            for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
                if Array(words[start..<start + phrase.count]) == phrase { return true }
            }
        }
        return false
    }

    /// True when nothing needs replacing (no names at all: never for a valid case).
    public var isEmpty: Bool { rules.isEmpty }

    /// The passage withheld if it quotes an identifying field; otherwise with every listed name
    /// replaced, case- and diacritic-insensitively.
    public func apply(_ text: String) -> String {
        if quotesIdentifyingField(text) { return Self.withheld }
        var result = text
        for rule in rules {
            if rule.wholeWord {
                let escaped = NSRegularExpression.escapedPattern(for: rule.pattern)
                guard let regex = try? NSRegularExpression(pattern: "(?<![\\p{L}\\p{N}])\(escaped)(?![\\p{L}\\p{N}])", options: [.caseInsensitive]) else { continue }
                let range = NSRange(result.startIndex..., in: result)
                result = regex.stringByReplacingMatches(in: result, range: range, withTemplate: NSRegularExpression.escapedTemplate(for: rule.replacement))
            } else {
                result = result.replacingOccurrences(of: rule.pattern, with: rule.replacement, options: [.caseInsensitive, .diacriticInsensitive])
            }
        }
        return result
    }

    /// Whether `text` still contains an identifying string.
    public func leaks(in text: String) -> Bool { apply(text) != text }

    func apply(_ text: String?) -> String? { text.map { apply($0) } }

    /// The case with every identifying field replaced or dropped.
    public func redact(_ file: CaseFile) -> CaseFile {
        var out = file
        out.id = "case"
        out.title = file.title.map { apply($0) }
        out.person.name = Self.pseudonym
        out.person.otherNames = []
        out.person.idDocument = file.person.idDocument == nil ? nil : "[identity document withheld]"
        out.person.address = file.person.address == nil ? nil : "[address withheld]"
        out.person.birthDate = nil
        // A free-text occupation ("former Prime Minister") identifies; the profile words stay.
        out.person.occupation = nil
        out.deprivation.heldBy = apply(file.deprivation.heldBy)
        out.deprivation.details = apply(file.deprivation.details)
        out.deprivation.places = file.deprivation.places.map { var p = $0; p.name = apply(p.name); return p }
        out.charges = file.charges.map { var c = $0; c.label = apply(c.label); c.law = apply(c.law); c.details = apply(c.details); return c }
        out.timeline = file.timeline.map { event in
            var e = event
            e.details = apply(event.details)
            e.place = apply(event.place)
            e.attributes = event.attributes.mapValues { if case .text(let t) = $0 { .text(apply(t)) } else { $0 } }
            return e
        }
        out.allegations = file.allegations.map { var a = $0; a.details = apply(a.details); return a }
        out.evidence = file.evidence.map { var e = $0; e.title = apply(e.title); e.details = apply(e.details); return e }
        out.procedure = file.procedure.map { event in
            var e = event
            e.details = apply(event.details)
            e.attributes = event.attributes.mapValues { if case .text(let t) = $0 { .text(apply(t)) } else { $0 } }
            return e
        }
        out.domesticRemedies = file.domesticRemedies.map { var r = $0; r.action = apply(r.action); r.outcome = apply(r.outcome); return r }
        if var source = file.source {
            source.name = nil
            source.organisation = nil
            source.contact = nil
            source.relationship = nil
            out.source = source
        }
        out.summary = apply(file.summary)
        out.references = file.references.map { ref in
            var r = ref
            r.text = apply(ref.text)
            // An address that names the person (a campaign site) cannot be shown at all.
            if let url = ref.url, leaks(in: url) { r.url = nil }
            return r
        }
        out.extensions = nil
        return out
    }
}

private extension Array where Element == String {
    /// `["17", "April", "1988"]` → `April 17, 1988`.
    var rotatedMonthFirst: String { count == 3 ? "\(self[1]) \(self[0]), \(self[2])" : joined(separator: " ") }
}
