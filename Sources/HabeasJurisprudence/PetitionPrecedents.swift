import HabeasCore
import HabeasDocuments

/// Chooses the Working Group's own opinions that the petition cites in the argument of each
/// category it claims: two to four opinions that found that category on facts the case shares,
/// and, when one of the nearest opinions did *not* find the category, that one too, said plainly.
public enum PetitionPrecedents {
    /// At most this many supporting opinions per category.
    public static let maxSupporting = 3

    public static func citations(for file: CaseFile, asOf: CaseDate, assessment: Assessment? = nil,
                                 finder: PrecedentFinder = .shared) -> [PrecedentCitation] {
        let assessment = assessment ?? Assessor.assess(file, asOf: asOf)
        let facts = CaseFacts.of(file, assessment: assessment)
        let argued: [Category] = {
            if let claimed = file.categoriesClaimed, !claimed.isEmpty { return claimed.sorted() }
            return assessment.indicatedCategories
        }()
        var out: [PrecedentCitation] = []
        for category in argued {
            // Only opinions adopted by the as-of date: a draft dated in the past cites what existed then.
            let ranked = finder.nearest(to: facts, category: category, limit: 60).filter { precedent in
                guard let adopted = precedent.opinion.adopted else { return false }
                return adopted.calendarDate.isOnOrBefore(asOf.calendarDate) && precedent.opinion.number != nil
                    && !substantive(precedent).isEmpty
            }
            let supporting = ranked.filter { $0.opinion.categories?.contains(category) == true }.prefix(maxSupporting)
            for precedent in supporting {
                out.append(citation(precedent, category: category, contrary: false))
            }
            // The nearest opinions that went the other way are cited as such, never as support.
            let nearest = ranked.prefix(3)
            if let against = nearest.first(where: { $0.opinion.isScored && $0.opinion.categories?.contains(category) != true }) {
                out.append(citation(against, category: category, contrary: true))
            }
        }
        return out
    }

    /// The shared facts that bear on the argument (not the State or the kind of deprivation).
    static func substantive(_ precedent: Precedent) -> [String] {
        let shared = precedent.shared.filter {
            switch $0 { case .state, .kind: false; default: true }
        }.map(\.label)
        let related = precedent.related.map { "\($0.theirs.label) (here: \($0.mine.label))" }
        return Array((shared + related).prefix(3))
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    static func concerning(_ opinion: CorpusOpinion) -> String {
        let person = opinion.file.person
        let others = person.otherNames.isEmpty ? "" : " and others"
        return "\(person.name)\(others) (\(opinion.stateName)\(opinion.year.map { ", \($0)" } ?? ""))"
    }

    static func citation(_ precedent: Precedent, category: Category, contrary: Bool) -> PrecedentCitation {
        let opinion = precedent.opinion
        let facts = list(substantive(precedent))
        let para = opinion.paragraph(for: category).map { ", para. \($0)" } ?? ""
        let sentence: String
        if contrary {
            let found = opinion.categories.map { $0.isEmpty ? "no category" : "category " + list($0.sorted().map(\.rawValue)) } ?? "other categories"
            sentence = "By contrast, in its \(opinion.citation) concerning \(concerning(opinion)), which also involved \(facts), "
                + "the Working Group did not find category \(category.rawValue); it found \(found)."
        } else {
            sentence = "The Working Group has found a deprivation of liberty arbitrary under category \(category.rawValue) "
                + "on facts that also included \(facts), in the case of \(concerning(opinion)) (\(opinion.citation)\(para))."
        }
        var footnote = opinion.citation.prefix(1).uppercased() + opinion.citation.dropFirst()
        if let symbol = opinion.symbol { footnote += " (\(symbol))" }
        footnote += ", " + opinion.file.person.name + ", " + opinion.stateName
        if let adopted = opinion.adopted { footnote += ", adopted \(opinion.opinion?.approximate == true ? "about " : "")\(adopted.longDescription)" }
        if let categories = opinion.categories { footnote += "; categories found: " + (categories.isEmpty ? "none" : categories.sorted().map(\.rawValue).joined(separator: ", ")) }
        if !opinion.sources.isEmpty { footnote += ". Read in: " + opinion.sources.map(\.text).joined(separator: "; ") }
        footnote += "."
        return PrecedentCitation(category: category, sentence: sentence, key: opinion.name, footnote: footnote,
                                 url: opinion.sources.first?.url, contrary: contrary)
    }
}
