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
        var lead: String
        var summaryHTML: SafeHTML
        var reportHTML: SafeHTML
    }

    static func about() -> AboutModel {
        let r = report
        let l = Interface.localizer
        func list(_ c: [Category]) -> String { c.isEmpty ? l.text("none") : c.map(\.rawValue).joined(separator: Interface.comma) }
        func percent(_ fraction: Double) -> String { l.text("about.percent", ["n": l.number(Int((fraction * 100).rounded()))]) }
        func pct(_ a: Int, _ b: Int) -> String {
            b == 0 ? "–" : l.text("about.ofTotal", ["part": l.number(a), "total": l.number(b), "percent": percent(Double(a) / Double(b))])
        }
        let rows = (r.categories.map { ($0.category.rawValue, $0) } + [(l.text("about.all"), r.total)]).map { name, c in
            FigureRow(category: name, truePositives: c.truePositives, falsePositives: c.falsePositives,
                      precision: c.precision.map(percent) ?? "–", found: c.found, covered: pct(c.covered, c.found))
        }
        let disagreements = r.disagreements.map { c -> DisagreementRow in
            var notes: [String] = []
            if !c.extra.isEmpty { notes.append(l.text("about.note.extra", ["list": list(c.extra)])) }
            if !c.onlyPossible.isEmpty { notes.append(l.text("about.note.onlyPossible", ["list": list(c.onlyPossible)])) }
            if !c.missed.isEmpty { notes.append(l.text("about.note.missed", ["list": list(c.missed)])) }
            return DisagreementRow(href: Route.opinion(c.name).path, citation: c.citation, state: Corpus.country(c.state),
                                   workingGroup: list(c.workingGroup), indicated: list(c.indicated), possible: list(c.possible),
                                   notes: notes.joined(separator: l.language == .ar ? "؛ " : "; "), thin: c.thin)
        }
        return AboutModel(opinions: r.scored + r.notScored.count, scored: r.scored, notScored: r.notScored.count, rows: rows,
                          exact: pct(r.exactMatches, r.scored), noneMissed: pct(r.noneMissed, r.scored),
                          precision: r.total.precision.map { "\(Int(($0 * 100).rounded()))%" } ?? "–",
                          disagreements: disagreements, hasDisagreements: !disagreements.isEmpty, opinionsHref: Route.opinions.path,
                          lead: l.text("about.lead", ["opinions": l.number(r.scored + r.notScored.count), "scored": l.number(r.scored), "notScored": l.number(r.notScored.count)]),
                          summaryHTML: Interface.html("about.summary", ["exact": "<strong>" + Escape.html(pct(r.exactMatches, r.scored)) + "</strong>",
                                                                         "noneMissed": "<strong>" + Escape.html(pct(r.noneMissed, r.scored)) + "</strong>",
                                                                         "precision": "<strong>" + Escape.html(r.total.precision.map(percent) ?? "–") + "</strong>"]),
                          reportHTML: Interface.html("about.report", ["command": "<code>habeas calibrate</code>", "json": "<code>--json</code>"]))
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
        var lead: String
        var countText: String
    }

    static func findingText(_ opinion: CorpusOpinion) -> String {
        let l = Interface.localizer
        if opinion.arbitrary == false { return l.text("opinion.notArbitrary") }
        guard let categories = opinion.categories, !categories.isEmpty else {
            return l.text(opinion.arbitrary == true ? "opinion.categoriesNotRead" : "opinion.findingNotRead")
        }
        return l.text("opinion.categories", ["list": categories.sorted().map(\.rawValue).joined(separator: Interface.comma)])
    }

    /// A word of a closed vocabulary as the opinion pages name it: English keeps the word, spaced.
    static func label<V: Vocabulary>(_ word: V) -> String {
        Interface.language == .en ? word.rawValue.replacingOccurrences(of: "-", with: " ") : Interface.localizer.label(word)
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
        let l = Interface.localizer
        return ListModel(
            rows: rows, count: rows.count, total: all.count, states: states,
            categories: Category.allCases.map { Option(value: $0.rawValue, label: l.text("case.category", ["category": $0.rawValue]), selected: $0 == category) },
            allegations: allegationTypes.map { Option(value: $0.rawValue, label: label($0), selected: $0 == allegation) },
            filtered: state != nil || category != nil || allegation != nil, clearHref: Route.opinions.path, aboutHref: Route.aboutAssessment.path,
            lead: l.plural("opinions.lead", count: all.count),
            countText: l.plural("opinions.count", count: all.count, ["shown": l.number(rows.count)]))
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
        let l = Interface.localizer
        var opinionFacts: [Line] = []
        if let number = o.number { opinionFacts.append(Line(label: l.text("opinion.number"), value: number)) }
        if let session = o.session { opinionFacts.append(Line(label: l.text("opinion.session"), value: session)) }
        if let adopted = o.adopted {
            let date = Interface.date(adopted)
            opinionFacts.append(Line(label: l.text("opinion.adopted"), value: o.opinion?.approximate == true ? l.text("opinion.approximate", ["date": date]) : date))
        }
        opinionFacts.append(Line(label: l.text("opinions.finding"), value: findingText(o)))
        if let details = o.opinion?.details { opinionFacts.append(Line(label: l.text("opinion.asRead"), value: details)) }
        var person = [Line(label: l.text("fact.name"), value: file.person.name)]
        if !file.person.otherNames.isEmpty { person.append(Line(label: l.text("opinion.with"), value: file.person.otherNames.joined(separator: Interface.comma))) }
        if let occupation = file.person.occupation { person.append(Line(label: l.text("fact.occupation"), value: occupation)) }
        if !file.person.profile.isEmpty { person.append(Line(label: l.text("fact.profile"), value: Interface.list(file.person.profile.map(label)))) }
        if let kind = file.deprivation.kind { person.append(Line(label: l.text("opinion.deprivation"), value: label(kind))) }
        let events = file.timeline.map { event in
            let date = Interface.date(event.date)
            let type = label(event.type)
            return Line(label: event.approximate == true ? l.text("opinion.approximate", ["date": date]) : date,
                        value: event.details.map { l.text("opinion.eventDetails", ["event": type, "details": $0]) } ?? type)
        }
        let allegations = file.allegations.map { a in
            let type = label(a.type)
            let qualifier = a.right.map(label) ?? a.ground.map(label)
            return Line(label: qualifier.map { l.text("opinion.allegationQualified", ["allegation": type, "qualifier": $0]) } ?? type, value: a.details ?? "")
        }
        let calibration = report.cases.first { $0.name == name }.map { c in
            func list(_ categories: [Category]) -> String { categories.isEmpty ? l.text("none") : categories.map(\.rawValue).joined(separator: Interface.comma) }
            return l.text(c.exact ? "opinion.calibration.agrees" : "opinion.calibration.differs",
                          ["date": Interface.date(c.asOf), "indicated": list(c.indicated), "possible": list(c.possible)])
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
