import Foundation
import HabeasCore

/// A word of a closed vocabulary as people type it in a sheet: the format's word in any case
/// and spacing, or a common English or Russian word for it. Anything else is refused with the
/// nearest words (`Suggestions`), never guessed: a profile or a kind of detention changes the
/// assessment.
enum VocabularyMatch {
    struct Refusal: Error { var message: String }

    static func sex(_ text: String) -> Result<Sex, Refusal> {
        let synonyms: [String: Sex] = [
            "m": .male, "f": .female, "man": .male, "woman": .female, "м": .male, "ж": .female, "муж": .male, "жен": .female,
            "мужской": .male, "женский": .female, "мужчина": .male, "женщина": .female,
        ]
        return match(text, Sex.self, synonyms: synonyms)
    }

    static func profile(_ text: String) -> Result<Profile, Refusal> {
        let synonyms: [String: Profile] = [
            "human rights defender": .humanRightsDefender, "hrd": .humanRightsDefender, "activist": .humanRightsDefender,
            "правозащитник": .humanRightsDefender, "правозащитница": .humanRightsDefender,
            "журналист": .journalist, "журналистка": .journalist, "reporter": .journalist,
            "адвокат": .lawyer, "юрист": .lawyer,
            "opposition": .politicalOpposition, "оппозиция": .politicalOpposition, "оппозиционер": .politicalOpposition,
            "politician": .politicalFigure, "политик": .politicalFigure,
            "protestor": .protester, "протестующий": .protester, "участник митинга": .protester, "митингующий": .protester,
            "religious": .religiousMinority, "верующий": .religiousMinority,
            "union": .tradeUnionist, "профсоюз": .tradeUnionist, "профсоюзный активист": .tradeUnionist,
            "мигрант": .migrant, "беженец": .refugee, "лицо без гражданства": .stateless, "несовершеннолетний": .minor,
            "child": .minor, "ребенок": .minor, "academic": .academic, "учёный": .academic, "ученый": .academic,
            "блогер": .blogger, "blogger": .blogger,
        ]
        return match(text, Profile.self, synonyms: synonyms)
    }

    static func kind(_ text: String) -> Result<DeprivationKind, Refusal> {
        let synonyms: [String: DeprivationKind] = [
            "pretrial": .preTrial, "pre trial": .preTrial, "содержание под стражей": .preTrial, "арест": .preTrial, "сизо": .preTrial,
            "convicted": .postConviction, "post conviction": .postConviction, "осужден": .postConviction, "осуждён": .postConviction,
            "административный арест": .administrative, "административное задержание": .administrative,
            "домашний арест": .houseArrest, "house arrest": .houseArrest,
            "психиатрический стационар": .psychiatric, "disappeared": .enforcedDisappearance, "исчезновение": .enforcedDisappearance,
        ]
        return match(text, DeprivationKind.self, synonyms: synonyms)
    }

    private static func match<V: Vocabulary>(_ text: String, _ vocabulary: V.Type, synonyms: [String: V]) -> Result<V, Refusal> {
        let lowered = TextScanning.trimmed(text.lowercased().replacingOccurrences(of: "ё", with: "е"), newlines: false)
        let hyphenated = lowered.split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" }).joined(separator: "-")
        if let value = V(rawValue: hyphenated) { return .success(value) }
        let spaced = lowered.split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" }).joined(separator: " ")
        if let value = synonyms[spaced] ?? synonyms[spaced.replacingOccurrences(of: "ё", with: "е")] { return .success(value) }
        let near = Suggestions.nearest(to: hyphenated, in: V.words)
        let hint = near.isEmpty ? "" : "; did you mean " + near.map { "`\($0)`" }.joined(separator: " or ") + "?"
        return .failure(Refusal(message: "`\(text)` is not a \(V.vocabularyName)\(hint) Valid: \(V.words.joined(separator: ", "))"))
    }
}

/// Country names (English and Russian, as the system's locale data has them) and ISO codes.
enum Countries {
    static let names: [String: String] = {
        var map: [String: String] = [:]
        for region in Locale.Region.isoRegions {
            let code = region.identifier
            guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else { continue }
            for language in ["en", "ru"] {
                if let name = Locale(identifier: language).localizedString(forRegionCode: code) {
                    map[ColumnMapping.normalise(name)] = code
                }
            }
        }
        return map
    }()

    static let isoCodes = Set(Locale.Region.isoRegions.map(\.identifier))

    static func code(_ text: String) -> String? {
        let trimmed = TextScanning.trimmed(text, newlines: false)
        if trimmed.count == 2, trimmed.allSatisfy({ $0.isASCII && $0.isLetter }) {
            let upper = trimmed.uppercased()
            return isoCodes.contains(upper) ? upper : nil
        }
        return names[ColumnMapping.normalise(trimmed)]
    }
}
