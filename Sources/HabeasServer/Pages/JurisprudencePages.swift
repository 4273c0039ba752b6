import Foundation
import HabeasCore
import HabeasJurisprudence
import HabeasLocalization
import Hummingbird

/// The corpus of the Working Group's opinions in the web application: the engine's track record
/// ("About the assessment"), a browser of the opinions with filters, each opinion's facts and
/// findings, and the precedents shown on a case page.
enum JurisprudencePages {
    /// Computed once: the corpus does not change while the server runs.
    static let report = Calibration.run(Corpus.shared)

    // MARK: About the assessment

    struct FigureRow { var category: String; var truePositives: Int; var falsePositives: Int; var precision: String; var found: Int; var covered: String }
    struct DisagreementRow { var href: String; var citation: String; var state: String; var workingGroup: String; var indicated: String; var possible: String; var notes: String; var thin: Bool }
    struct AboutModel {
        var opinions: Int
        var scored: Int
        var notScored: Int
        var rows: [FigureRow]
        var exact: String
        var noneMissed: String
        var precision: String
        var disagreements: [DisagreementRow]
        var hasDisagreements: Bool
        var opinionsHref: String
    }

    static func about() -> AboutModel {
        let r = report
        func list(_ c: [Category]) -> String { c.isEmpty ? "none" : c.map(\.rawValue).joined(separator: ", ") }
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "–" : "\(a) of \(b) (\(Int((Double(a) / Double(b) * 100).rounded()))%)" }
        let rows = (r.categories.map { ($0.category.rawValue, $0) } + [("all", r.total)]).map { name, c in
            FigureRow(category: name, truePositives: c.truePositives, falsePositives: c.falsePositives,
                      precision: c.precision.map { "\(Int(($0 * 100).rounded()))%" } ?? "–", found: c.found, covered: pct(c.covered, c.found))
        }
        let disagreements = r.disagreements.map { c -> DisagreementRow in
            var notes: [String] = []
            if !c.extra.isEmpty { notes.append("indicated, not found: \(list(c.extra))") }
            if !c.onlyPossible.isEmpty { notes.append("found, only possible: \(list(c.onlyPossible))") }
            if !c.missed.isEmpty { notes.append("missed: \(list(c.missed))") }
            return DisagreementRow(href: Route.opinion(c.name).path, citation: c.citation, state: Corpus.country(c.state),
                                   workingGroup: list(c.workingGroup), indicated: list(c.indicated), possible: list(c.possible),
                                   notes: notes.joined(separator: "; "), thin: c.thin)
        }
        return AboutModel(opinions: r.scored + r.notScored.count, scored: r.scored, notScored: r.notScored.count, rows: rows,
                          exact: pct(r.exactMatches, r.scored), noneMissed: pct(r.noneMissed, r.scored),
                          precision: r.total.precision.map { "\(Int(($0 * 100).rounded()))%" } ?? "–",
                          disagreements: disagreements, hasDisagreements: !disagreements.isEmpty, opinionsHref: Route.opinions.path)
    }

    // MARK: The opinions

    struct Option { var value: String; var label: String; var selected: Bool }
    struct OpinionRow { var href: String; var citation: String; var title: String; var state: String; var year: String; var finding: String }
    struct ListModel {
        var rows: [OpinionRow]
        var count: Int
        var total: Int
        var states: [Option]
        var categories: [Option]
        var allegations: [Option]
        var filtered: Bool
        var clearHref: String
        var aboutHref: String
    }

    static func findingText(_ opinion: CorpusOpinion) -> String {
        if opinion.arbitrary == false { return "not arbitrary" }
        guard let categories = opinion.categories, !categories.isEmpty else {
            return opinion.arbitrary == true ? "arbitrary; categories not read" : "finding not read"
        }
        return "categories " + categories.sorted().map(\.rawValue).joined(separator: ", ")
    }

    /// Filters from the query string; unknown values are ignored (a list, not an error).
    static func list(_ query: [String: String]) -> ListModel {
        let all = Corpus.shared
        let state = query["state"].map { $0.uppercased() }.flatMap { s in all.contains { $0.state == s } ? s : nil }
        let category = query["category"].flatMap { Category(rawValue: $0.uppercased()) }
        let allegation = query["allegation"].flatMap { AllegationType(rawValue: $0) }
        let shown = all.filter { o in
            (state == nil || o.state == state)
                && (category == nil || o.categories?.contains(category!) == true)
                && (allegation == nil || o.file.allegations.contains { $0.type == allegation })
        }.sorted { ($0.adopted?.dayNumber ?? 0) > ($1.adopted?.dayNumber ?? 0) }
        let rows = shown.map { o in
            OpinionRow(href: Route.opinion(o.name).path, citation: o.citation, title: o.file.displayTitle, state: o.stateName,
                       year: o.year.map(String.init) ?? "", finding: findingText(o))
        }
        let states = Set(all.map(\.state)).map { ($0, Corpus.country($0)) }.sorted { $0.1 < $1.1 }
            .map { Option(value: $0.0, label: $0.1, selected: $0.0 == state) }
        let allegationTypes = Set(all.flatMap { $0.file.allegations.map(\.type) }).sorted { $0.rawValue < $1.rawValue }
        return ListModel(
            rows: rows, count: rows.count, total: all.count, states: states,
            categories: Category.allCases.map { Option(value: $0.rawValue, label: "Category \($0.rawValue)", selected: $0 == category) },
            allegations: allegationTypes.map { Option(value: $0.rawValue, label: $0.rawValue.replacingOccurrences(of: "-", with: " "), selected: $0 == allegation) },
            filtered: state != nil || category != nil || allegation != nil, clearHref: Route.opinions.path, aboutHref: Route.aboutAssessment.path)
    }

    struct Line { var label: String; var value: String }
    struct SourceRow { var text: String; var url: String? }
    struct OpinionModel {
        var title: String
        var citation: String
        var symbol: String?
        var state: String
        var finding: String
        var opinionFacts: [Line]
        var person: [Line]
        var events: [Line]
        var allegations: [Line]
        var hasAllegations: Bool
        var hasEvents: Bool
        var details: String?
        var sources: [SourceRow]
        var calibration: String?
        var listHref: String
    }

    static func opinion(_ name: String) -> OpinionModel? {
        guard let o = Corpus.shared.first(where: { $0.name == name }) else { return nil }
        let file = o.file
        var opinionFacts: [Line] = []
        if let number = o.number { opinionFacts.append(Line(label: "Number", value: number)) }
        if let session = o.session { opinionFacts.append(Line(label: "Session", value: session)) }
        if let adopted = o.adopted { opinionFacts.append(Line(label: "Adopted", value: adopted.description + (o.opinion?.approximate == true ? " (approximate)" : ""))) }
        opinionFacts.append(Line(label: "Finding", value: findingText(o)))
        if let details = o.opinion?.details { opinionFacts.append(Line(label: "As read", value: details)) }
        var person = [Line(label: "Name", value: file.person.name)]
        if !file.person.otherNames.isEmpty { person.append(Line(label: "With", value: file.person.otherNames.joined(separator: ", "))) }
        if let occupation = file.person.occupation { person.append(Line(label: "Occupation", value: occupation)) }
        if !file.person.profile.isEmpty { person.append(Line(label: "Profile", value: file.person.profile.map(\.rawValue).joined(separator: ", "))) }
        if let kind = file.deprivation.kind { person.append(Line(label: "Deprivation", value: kind.rawValue)) }
        let events = file.timeline.map { Line(label: $0.date.description + ($0.approximate == true ? " (approx.)" : ""), value: $0.type.rawValue + ($0.details.map { ": " + $0 } ?? "")) }
        let allegations = file.allegations.map { a in
            Line(label: a.type.rawValue + (a.right.map { " (\($0.rawValue))" } ?? "") + (a.ground.map { " (\($0.rawValue))" } ?? ""), value: a.details ?? "")
        }
        let calibration = report.cases.first { $0.name == name }.map { c in
            "Assessed without the opinion, as of \(c.asOf): indicated \(c.indicated.isEmpty ? "none" : c.indicated.map(\.rawValue).joined(separator: ", ")); possible \(c.possible.isEmpty ? "none" : c.possible.map(\.rawValue).joined(separator: ", ")). " + (c.exact ? "Agrees with the Working Group." : "Differs from the Working Group.")
        }
        return OpinionModel(title: file.displayTitle, citation: o.citation, symbol: o.symbol, state: o.stateName, finding: findingText(o),
                            opinionFacts: opinionFacts, person: person, events: events, allegations: allegations,
                            hasAllegations: !allegations.isEmpty, hasEvents: !events.isEmpty, details: file.deprivation.details,
                            sources: o.sources.map { SourceRow(text: $0.text, url: $0.url) }, calibration: calibration, listHref: Route.opinions.path)
    }

    // MARK: Precedents on the case page

    struct PrecedentRow { var href: String; var citation: String; var state: String; var year: String; var finding: String; var reason: String }

    static func precedentRows(_ file: CaseFile, asOf: CaseDate, limit: Int = 5) -> [PrecedentRow] {
        let english = Interface.language == .en
        return PrecedentFinder.shared.nearest(to: file, asOf: asOf, limit: limit).map { p in
            PrecedentRow(href: Route.opinion(p.opinion.name).path, citation: english ? p.opinion.citation : localizedCitation(p.opinion),
                         state: english ? p.opinion.stateName : localizedCountry(p.opinion.state),
                         year: p.opinion.year.map(String.init) ?? "",
                         finding: english ? findingText(p.opinion) : localizedFinding(p.opinion),
                         reason: english ? p.reason : localizedReason(p))
        }
    }

    /// `CorpusOpinion.citation` in the interface language.
    static func localizedCitation(_ opinion: CorpusOpinion) -> String {
        let l = Interface.localizer
        if let number = opinion.number { return l.text("precedent.opinionNumber", ["number": number]) }
        if let session = opinion.session { return l.text("precedent.opinionSession", ["session": session]) }
        if let adopted = opinion.adopted { return l.text("precedent.opinionAdopted", ["date": Interface.date(adopted)]) }
        return l.text("precedent.opinionUnnumbered")
    }

    /// The country's name in the interface language (Foundation's region names).
    static func localizedCountry(_ code: String) -> String {
        Interface.localizer.locale.localizedString(forRegionCode: code.uppercased()) ?? code
    }

    static func localizedFinding(_ opinion: CorpusOpinion) -> String {
        let l = Interface.localizer
        if opinion.arbitrary == false { return l.text("precedent.notArbitrary") }
        guard let categories = opinion.categories, !categories.isEmpty else {
            return l.text(opinion.arbitrary == true ? "precedent.categoriesNotRead" : "precedent.findingNotRead")
        }
        return l.text("precedent.categories", ["list": Interface.list(categories.sorted().map(\.rawValue))])
    }

    /// `Precedent.reason` in the interface language: the shared facts under their labels.
    static func localizedReason(_ precedent: Precedent) -> String {
        let l = Interface.localizer
        func label(_ fact: CaseFact) -> String {
            switch fact {
            case .allegation(let a): l.label(a)
            case .right(let r): l.text("precedent.fact.right", ["right": l.label(r)])
            case .ground(let g): l.text("precedent.fact.ground", ["ground": l.label(g)])
            case .profile(let p): l.text("precedent.fact.profile", ["profile": l.label(p)])
            case .state(let s): l.text("precedent.fact.state", ["state": localizedCountry(s)])
            case .kind(let k): l.text("precedent.fact.kind", ["kind": l.label(k)])
            case .militaryOrSpecialCourt: l.text("precedent.fact.militaryCourt")
            }
        }
        var parts: [String] = []
        let main = precedent.shared.filter { if case .state = $0 { false } else { true } }
        if !main.isEmpty { parts.append(l.text("precedent.shares", ["facts": main.map(label).joined(separator: Interface.comma)])) }
        if !precedent.related.isEmpty {
            let pairs = precedent.related.map { l.text("precedent.pair", ["mine": label($0.mine), "theirs": label($0.theirs)]) }
            parts.append(l.text("precedent.related", ["facts": pairs.joined(separator: Interface.comma)]))
        }
        if precedent.shared.contains(where: { if case .state = $0 { true } else { false } }) { parts.append(l.text("precedent.sameState")) }
        return parts.isEmpty ? l.text("precedent.noSharedFacts") : parts.joined(separator: l.language == .ar ? "؛ " : "; ")
    }
}
