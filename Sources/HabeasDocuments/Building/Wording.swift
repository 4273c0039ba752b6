import Foundation
import HabeasCore

/// Small wording helpers shared by the builders: names, pronouns, countries, lists.
enum Wording {
    static func country(_ code: String) -> String {
        Locale(identifier: "en_GB").localizedString(forRegionCode: code.uppercased()) ?? code
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
        }
    }

    static func date(_ date: CaseDate?, approximate: Bool? = nil) -> String? {
        guard let date else { return nil }
        return approximate == true ? "\(date.longDescription) (approximate)" : date.longDescription
    }

    /// "on 5 January 2022", "on or about 5 January 2022".
    static func onDate(_ date: CaseDate?, approximate: Bool? = nil) -> String? {
        guard let date else { return nil }
        return (approximate == true ? "on or about " : "on ") + date.longDescription
    }

    /// ISO dates inside computed text ("from 2022-01-05 to 2022-03-18") written out for a document.
    static func longDates(_ text: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "\\b(\\d{4}-\\d{2}-\\d{2})(T[0-9:+\\-Z.]+)?\\b") else { return text }
        var result = text
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let range = Range(match.range, in: result), let date = try? CaseDate(parsing: String(result[range])) else { continue }
            result.replaceSubrange(range, with: date.longDescription)
        }
        return result
    }

    /// A computation as the timeline words it, for a document: dates written out, and the
    /// file's own vocabulary ("as alleged: deprivation.kind pre-trial") put in words.
    static func computation(_ text: String) -> String {
        var result = longDates(text)
        if let regex = try? NSRegularExpression(pattern: ", as alleged: [^)]*\\)") {
            result = regex.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result), withTemplate: ", as the source alleges)")
        }
        return result
    }

    static func deprivationKind(_ kind: DeprivationKind) -> String {
        switch kind {
        case .preTrial: "pre-trial detention"
        case .postConviction: "detention after conviction"
        case .administrative: "administrative detention"
        case .immigration: "immigration detention"
        case .houseArrest: "house arrest"
        case .psychiatric: "psychiatric detention"
        case .enforcedDisappearance: "enforced disappearance"
        case .other: "other deprivation of liberty"
        }
    }

    /// A context without the absent values (an absent value must be falsy to Mustache, not "nil").
    static func values(_ pairs: [String: Any?]) -> [String: Any] {
        pairs.compactMapValues { $0 }
    }

    /// Marks the first and last item of a list (`isFirst`, `isLast`) for separators and headings.
    static func marked(_ items: [[String: Any]]) -> [[String: Any]] {
        items.enumerated().map { index, item in
            var item = item
            if index == 0 { item["isFirst"] = true }
            if index == items.count - 1 { item["isLast"] = true }
            return item
        }
    }

    static func yesNo(_ flag: Bool?) -> String? {
        flag.map { $0 ? "Yes" : "No" }
    }

    static func capitalizedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// "Mr. Massimov", "Ms. Mamai", or the full name when the sex is not recorded.
    struct PersonNames {
        var fullName: String
        var familyName: String
        var firstName: String?
        var subject: String
        var he: String, his: String, him: String
        /// "de M. X" / "del Sr. X", "à M. X" / "al Sr. X" (set by `DraftLanguage.personNames`).
        var ofSubject: String, toSubject: String
        /// The gender ending of an agreeing word: French "e" ("arrêtée"), Spanish "o"/"a" ("detenida").
        var e = "", o = "o"

        init(_ person: Person) {
            let words = person.name.split(whereSeparator: \.isWhitespace).map(String.init)
            fullName = person.name
            familyName = words.last ?? person.name
            firstName = words.count > 1 ? words.dropLast().joined(separator: " ") : nil
            switch person.sex {
            case .male:
                subject = "Mr. \(familyName)"; he = "he"; his = "his"; him = "him"
            case .female:
                subject = "Ms. \(familyName)"; he = "she"; his = "her"; him = "her"
            default:
                subject = person.name; he = "they"; his = "their"; him = "them"
            }
            ofSubject = "of " + subject
            toSubject = "to " + subject
        }
    }

    static func words(_ raw: String) -> String { raw.replacingOccurrences(of: "-", with: " ") }

    /// The Mustache key for a vocabulary word: `detention-order` → `detentionOrder`.
    static func key(_ raw: String) -> String {
        let parts = raw.split(separator: "-")
        guard let first = parts.first else { return raw }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Array where Element == [String: Any] {
    var marked: [[String: Any]] { Wording.marked(self) }
}
