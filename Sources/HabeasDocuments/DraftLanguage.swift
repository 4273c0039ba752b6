import Foundation
import HabeasCore

/// The language a draft is written in: the Working Group's working languages (English, French,
/// Spanish; docs/drafting-languages.md). Each has its own templates (`Templates/fr/…`,
/// `Templates/es/…`) and its own wording catalogue (`wording.txt`); this type holds only what is
/// grammar rather than wording: dates, numbers, lists, names and forms of address.
public enum DraftLanguage: String, Sendable, CaseIterable {
    case en, fr, es

    /// "en, fr or es", for error messages.
    public static var validValues: String { "en, fr or es" }

    /// The folder of its templates under `Templates/` (English: the top level).
    var folder: String? { self == .en ? nil : rawValue }

    /// The document's language property (DOCX `w:lang`, HTML `lang`).
    public var tag: String {
        switch self {
        case .en: "en-GB"
        case .fr: "fr-FR"
        case .es: "es-ES"
        }
    }

    var locale: Locale { Locale(identifier: tag.replacingOccurrences(of: "-", with: "_")) }

    // MARK: Dates and numbers

    static let frenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                               "septembre", "octobre", "novembre", "décembre"]
    static let spanishMonths = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                                "septiembre", "octubre", "noviembre", "diciembre"]

    /// "5 January 2022", "5 janvier 2022" ("1er" for the first), "5 de enero de 2022"; a time as
    /// "23:10" (English, Spanish) or "23 h 10" (French), with its offset from UTC.
    func date(_ date: CaseDate) -> String {
        let offset = date.time.map { time -> String in
            let sign = time.offsetMinutes < 0 ? "-" : "+"
            let magnitude = abs(time.offsetMinutes)
            return String(format: "UTC%@%02d:%02d", sign, magnitude / 60, magnitude % 60)
        }
        switch self {
        case .en:
            return date.longDescription
        case .fr:
            var text = "\(date.day == 1 ? "1er" : String(date.day)) \(Self.frenchMonths[date.month - 1]) \(date.year)"
            if let time = date.time, let offset { text += String(format: ", à %d h %02d (%@)", time.hour, time.minute, offset) }
            return text
        case .es:
            var text = "\(date.day) de \(Self.spanishMonths[date.month - 1]) de \(date.year)"
            if let time = date.time, let offset { text += String(format: ", a las %02d:%02d (%@)", time.hour, time.minute, offset) }
            return text
        }
    }

    /// A number as written in the language: "13.6" / "13,6"; thousands "1,234" / "1 234" / "1234"
    /// (Spanish style writes four-digit numbers without a separator, the UN's too).
    func number(_ value: Double) -> String {
        let whole = value == value.rounded()
        let text = whole ? String(Int(value)) : String(format: "%.1f", value)
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        let negative = integer.hasPrefix("-")
        if negative { integer.removeFirst() }
        // English groups from 1,000; French from 1 000 (narrow no-break space); Spanish from
        // 10 000, four-digit numbers being written without a separator (RAE, and UN Spanish style).
        let (separator, minimum): (String, Int) = switch self {
        case .en: (",", 4)
        case .fr: ("\u{202F}", 4)
        case .es: ("\u{202F}", 5)
        }
        if integer.count >= minimum {
            var grouped: [String] = []
            var rest = Substring(integer)
            while rest.count > 3 { grouped.insert(String(rest.suffix(3)), at: 0); rest = rest.dropLast(3) }
            grouped.insert(String(rest), at: 0)
            integer = grouped.joined(separator: separator)
        }
        let decimal = self == .en ? "." : ","
        return (negative ? "-" : "") + integer + (parts.count > 1 ? decimal + parts[1] : "")
    }

    func number(_ value: Int) -> String { number(Double(value)) }

    private func days(_ n: Double) -> String {
        let one = n == 1
        switch self {
        case .en: return "\(number(n)) day\(one ? "" : "s")"
        // French: singular below 2 ("1,5 jour"); Spanish: plural except exactly one.
        case .fr: return "\(number(n)) jour\(n < 2 ? "" : "s")"
        case .es: return "\(number(n)) día\(one ? "" : "s")"
        }
    }

    private func hours(_ n: Double) -> String {
        switch self {
        case .en: return "\(number(n)) hour\(n == 1 ? "" : "s")"
        case .fr: return "\(number(n)) heure\(n < 2 ? "" : "s")"
        case .es: return "\(number(n)) hora\(n == 1 ? "" : "s")"
        }
    }

    /// `Span.inWords` in the language: "72 jours", "50 horas", "13,6 jours (325,5 heures)".
    func span(_ span: Span) -> String {
        if self == .en { return span.inWords }
        if let exact = span.exactHours {
            let h = (exact * 10).rounded() / 10
            if exact < 72 { return hours(h) }
            return "\(days(span.days)) (\(hours(h)))"
        }
        return days(Double(span.calendarDays ?? 0))
    }

    /// `Assessor.hoursInWords` in the language: exact hours, or from calendar dates a range.
    func hoursRange(_ span: Span) -> String {
        if self == .en { return Assessor.hoursInWords(span) }
        if span.isExact { return self.span(span) }
        let d = span.calendarDays ?? 0
        let low = number(max(0, d - 1) * 24), high = number((d + 1) * 24)
        switch self {
        case .fr: return "entre \(low) et \(high) heures (\(number(d)) jour\(d < 2 ? "" : "s") civil\(d < 2 ? "" : "s"))"
        default: return "entre \(low) y \(high) horas (\(number(d)) día\(d == 1 ? "" : "s") natural\(d == 1 ? "" : "es"))"
        }
    }

    // MARK: Lists

    /// "a, b and c", "a, b et c", "a, b y c" (Spanish "e" before an /i/ sound: "Francia e Italia").
    func list(_ items: [String]) -> String {
        switch self {
        case .en: return Wording.list(items)
        case .fr: return Wording.list(items, conjunction: "et")
        case .es:
            guard let last = items.last else { return "" }
            let lower = last.lowercased()
            let iSound = (lower.hasPrefix("i") || lower.hasPrefix("hi") || lower.hasPrefix("í") || lower.hasPrefix("hí"))
                && !lower.hasPrefix("hie") && !lower.hasPrefix("hia")
                // A Roman numeral is read as a number ("I y III": "uno y tres").
                && !last.allSatisfy { "IVXLCDM".contains($0) }
            return Wording.list(items, conjunction: iSound ? "e" : "y")
        }
    }

    // MARK: Countries and languages

    /// The country's name in the language (CLDR names through Foundation; the code when unknown).
    func country(_ code: String) -> String {
        locale.localizedString(forRegionCode: code.uppercased()) ?? code
    }

    /// The name of a language (`ru` → "Russian", "russe", "ruso"), in the draft's language; nil
    /// when Foundation does not know the tag.
    func languageName(_ tag: String) -> String? {
        let name = locale.localizedString(forIdentifier: tag.replacingOccurrences(of: "-", with: "_"))
        guard let name, name.lowercased() != tag.lowercased() else { return nil }
        return name
    }
}

extension DraftLanguage {
    /// The person as the draft names and refers to them. French and Spanish agree in gender:
    /// `e` (French: "arrêté{{e}}") and `o` (Spanish: "detenid{{o}}") give the ending, and both
    /// languages write a neutral double form when the sex is not recorded ("arrêté(e)", "detenido/a").
    func personNames(_ person: Person) -> Wording.PersonNames {
        var names = Wording.PersonNames(person)
        switch self {
        case .en:
            break
        case .fr:
            switch person.sex {
            case .male: names.subject = "M. \(names.familyName)"; names.he = "il"; names.e = ""
            case .female: names.subject = "Mme \(names.familyName)"; names.he = "elle"; names.e = "e"
            default: names.subject = person.name; names.he = "il ou elle"; names.e = "(e)"
            }
            names.ofSubject = "de " + names.subject
            names.toSubject = "à " + names.subject
            names.his = ""; names.him = ""
        case .es:
            switch person.sex {
            case .male:
                names.subject = "el Sr. \(names.familyName)"; names.ofSubject = "del Sr. \(names.familyName)"
                names.toSubject = "al Sr. \(names.familyName)"; names.he = "él"; names.o = "o"
            case .female:
                names.subject = "la Sra. \(names.familyName)"; names.ofSubject = "de la Sra. \(names.familyName)"
                names.toSubject = "a la Sra. \(names.familyName)"; names.he = "ella"; names.o = "a"
            default:
                names.subject = person.name; names.ofSubject = "de " + person.name
                names.toSubject = "a " + person.name; names.he = "la persona"; names.o = "o/a"
            }
            names.his = ""; names.him = ""
        }
        return names
    }
}

extension DraftLanguage {
    /// French names the Government with the country's article ("du Kazakhstan", "de l'Égypte");
    /// the forms below are those of the States the Working Group hears most from. Elsewhere the
    /// draft says "the Government of the State concerned" and names it, which is never wrong.
    static let frenchOf: [String: String] = [
        "AF": "de l'Afghanistan", "AE": "des Émirats arabes unis", "AZ": "de l'Azerbaïdjan", "BD": "du Bangladesh",
        "BH": "de Bahreïn", "BI": "du Burundi", "BY": "du Bélarus", "CL": "du Chili", "MT": "de Malte", "CM": "du Cameroun", "CN": "de la Chine", "CU": "de Cuba",
        "DO": "de la République dominicaine", "DZ": "de l'Algérie", "EG": "de l'Égypte", "ER": "de l'Érythrée", "ET": "de l'Éthiopie",
        "GE": "de la Géorgie", "IN": "de l'Inde", "IQ": "de l'Iraq", "IR": "de la République islamique d'Iran", "KE": "du Kenya",
        "KG": "du Kirghizistan", "KH": "du Cambodge", "KW": "du Koweït", "KZ": "du Kazakhstan", "LK": "de Sri Lanka",
        "LY": "de l'État de Libye", "MA": "du Maroc", "MM": "du Myanmar", "MX": "du Mexique", "MY": "de la Malaisie",
        "NI": "du Nicaragua", "PE": "du Pérou", "PK": "du Pakistan", "PH": "des Philippines", "RU": "de la Fédération de Russie",
        "RW": "du Rwanda", "SA": "de l'Arabie saoudite", "SD": "du Soudan", "SN": "du Sénégal", "SV": "d'El Salvador",
        "SY": "de la République arabe syrienne", "TH": "de la Thaïlande", "TJ": "du Tadjikistan", "TM": "du Turkménistan",
        "TN": "de la Tunisie", "TR": "de la Türkiye", "UZ": "de l'Ouzbékistan", "VE": "de la République bolivarienne du Venezuela",
        "VN": "du Viet Nam", "YE": "du Yémen", "ZW": "du Zimbabwe",
    ]

    /// After "to"/"of" with the article contracted: "au Gouvernement …", "del Gobierno …".
    func government(_ code: String, contracted preposition: String) -> String {
        let base = government(code)
        switch (self, preposition) {
        case (.fr, "to"): return "au" + base.dropFirst(2)
        case (.fr, _): return "du" + base.dropFirst(2)
        case (.es, "to"): return "al" + base.dropFirst(2)
        case (.es, _): return "del" + base.dropFirst(2)
        default: return "\(preposition) \(base)"
        }
    }

    /// "the Government of Kazakhstan", "le Gouvernement du Kazakhstan", "el Gobierno de Kazajstán".
    func government(_ code: String) -> String {
        switch self {
        case .en: "the Government of \(country(code))"
        case .fr: Self.frenchOf[code.uppercased()].map { "le Gouvernement \($0)" } ?? "le Gouvernement de l'État concerné (\(country(code)))"
        case .es: "el Gobierno de \(country(code))"
        }
    }
}
