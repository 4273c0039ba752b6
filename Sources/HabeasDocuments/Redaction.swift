import Foundation
import HabeasCore

/// The public version's redaction: the person's names, identity document, address and birth date,
/// and the source's identity, replaced by the same pseudonym everywhere, free text included.
/// The map is kept in memory only; nothing writes it out.
public struct Redaction: Sendable {
    /// The pseudonym of the person deprived of liberty.
    public static let pseudonym = "A"
    static let particles: Set<String> = ["de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der",
                                         "den", "bin", "bint", "ibn", "al", "el", "la", "le", "y", "e", "ben", "abu"]

    struct Rule: Sendable {
        var pattern: String
        var replacement: String
        /// Short names are matched as whole words only, so "Li" leaves "police" alone.
        var wholeWord: Bool
    }
    private var rules: [Rule] = []

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
        add(file.person.idDocument, "[identity document withheld]")
        add(file.person.address, "[address withheld]")
        if let birth = file.person.birthDate {
            add(birth.description, "[date of birth withheld]")
            add(birth.longDescription, "[date of birth withheld]")
        }
        add(file.source?.name, "the source")
        // The source's own names, one by one too ("her sister Dana").
        for word in (file.source?.name ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        where !Self.particles.contains(word.lowercased()) && !names.contains(where: { $0.localizedCaseInsensitiveContains(word) }) {
            add(word, "the source")
        }
        add(file.source?.organisation, "the source")
        add(file.source?.contact, "[contact withheld]")
        // Longest first, so "Karim Massimov" goes before "Karim".
        self.rules = rules.sorted { $0.pattern.count > $1.pattern.count }
    }

    /// True when nothing needs replacing (no names at all: never for a valid case).
    public var isEmpty: Bool { rules.isEmpty }

    /// Replaces every identifying string, case- and diacritic-insensitively.
    public func apply(_ text: String) -> String {
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
