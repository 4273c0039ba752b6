import HabeasCore
import HabeasDocuments
import HabeasLocalization
import HabeasStore

/// `/cases/{id}`: everything about one case as of a date. Optional fields are never named like a
/// layout field (`title`, `csrf`, `nav`): Mustache looks a missing name up in the outer context.
enum CaseShow {
    struct Fact {
        var label: String
        var value: String
    }
    struct Figure {
        var label: String
        var value: String
        var computation: String
        var known: Bool
    }
    struct GroundRow {
        var allegation: String
        var word: Word
        var origin: String
        var strength: String
        var computation: String?
        var details: String?
        var sourceText: String?
        var note: String?
        var provisions: [String]
        var hasProvisions: Bool
    }
    struct CategoryRow {
        var category: String
        var finding: String
        /// "Category I", "Category I: indicated", in the interface language.
        var name: String
        var heading: String
        var help: String
        var findingClass: String
        var indicated: Bool
        var grounds: [GroundRow]
        var hasGrounds: Bool
    }
    struct EvidenceRow {
        var id: String
        var name: String
        var tainted: Bool
        var because: String
        var provisions: String
        var notes: [String]
    }
    struct EventRow {
        var date: String
        var dateText: String
        var type: String
        var word: Word
        var approximate: Bool
        var details: String?
    }
    struct DeadlineRow {
        var label: String
        var due: String
        /// The due date as the interface language writes dates.
        var dueText: String
        var status: String
        var overdue: Bool
        var rule: String
    }
    struct Download {
        var label: String
        var href: String
        var format: String
    }
    struct Model {
        var id: String
        var heading: String
        var asOf: String
        var asOfIsToday: Bool
        var revision: Int
        var currentRevision: Int
        var isOld: Bool
        var oldRevisionText: String
        /// "Categories indicated: <strong>I and III</strong> (as of …)." with its parts escaped.
        var indicatedHTML: SafeHTML
        var stageHTML: SafeHTML
        var documentsIntro: String
        var person: [Fact]
        var deprivation: [Fact]
        var charges: [String]
        var hasCharges: Bool
        var summaryText: String?
        var chart: SafeHTML
        var figures: [Figure]
        var events: [EventRow]
        var categories: [CategoryRow]
        var indicatedList: String
        var urgentEligible: Bool
        var urgentReasons: [String]
        var evidence: [EvidenceRow]
        var hasEvidence: Bool
        var gaps: [String]
        var remedies: [String]
        var referrals: [String]
        var safeguards: [String]
        var hasSafeguards: Bool
        var stage: String
        var nextStep: String
        var deadlines: [DeadlineRow]
        var hasDeadlines: Bool
        var procedureNotes: [String]
        var downloads: [Download]
        var editHref: String
        var yamlHref: String
        var historyHref: String
        var filesHref: String
        var downloadHref: String
        var deleteHref: String
        var selfHref: String
        var languageDrafts: [Download] = []
        /// A viewer's page: built from the redacted file, without the actions.
        var redacted = false
        /// The nearest opinions of the Working Group (JurisprudencePages.swift).
        var precedents: [JurisprudencePages.PrecedentRow] = []
        var hasPrecedents = false
    }

    /// `redacted`: a viewer's page, of a file already redacted: no actions, and drafts redacted.
    static func build(_ stored: StoredCase, asOf: CaseDate, today: CaseDate, redacted: Bool = false) -> Model {
        let file = stored.file
        let assessment = Assessor.assess(file, asOf: asOf)
        let facts = assessment.derived
        let procedure = ProcedureTracker.status(of: file, asOf: asOf)

        let l = Interface.localizer
        let english = l.language == .en
        let comma = Interface.comma
        // Sentences the core wrote in English, in the interface language where the catalogue has them.
        let book = assessment.phrases.merging(procedure.phrases) { first, _ in first }
        func say(_ text: String) -> String { Interface.say(text, book) }
        // Vocabulary words show their label in the interface language; English keeps today's words.
        var person: [Fact] = [Fact(label: l.text("fact.name"), value: file.person.name)]
        if !file.person.otherNames.isEmpty { person.append(Fact(label: l.text("fact.otherNames"), value: file.person.otherNames.joined(separator: comma))) }
        if let sex = file.person.sex { person.append(Fact(label: l.text("fact.sex"), value: english ? sex.rawValue : l.label(sex))) }
        if let birth = file.person.birthDate { person.append(Fact(label: l.text("fact.born"), value: english ? birth.longDescription : l.date(birth))) }
        if !file.person.nationalities.isEmpty { person.append(Fact(label: l.text("fact.nationality"), value: file.person.nationalities.joined(separator: comma))) }
        if let occupation = file.person.occupation { person.append(Fact(label: l.text("fact.occupation"), value: occupation)) }
        if !file.person.profile.isEmpty {
            person.append(Fact(label: l.text("fact.profile"), value: file.person.profile.map { english ? $0.rawValue : l.label($0) }.joined(separator: comma)))
        }

        var deprivation: [Fact] = [Fact(label: l.text("fact.state"), value: file.state)]
        if let kind = file.deprivation.kind { deprivation.append(Fact(label: l.text("fact.kind"), value: english ? kind.rawValue : l.label(kind))) }
        deprivation.append(Fact(label: l.text("fact.ongoing"), value: l.text(file.deprivation.ongoing ? "answer.yes" : "answer.no")))
        if let heldBy = file.deprivation.heldBy { deprivation.append(Fact(label: l.text("fact.heldBy"), value: heldBy)) }
        for place in file.deprivation.places {
            var text = place.name
            if let from = place.from { text = l.text("place.from", ["place": text, "date": Interface.date(from)]) }
            if let to = place.to { text = l.text("place.to", ["place": text, "date": Interface.date(to)]) }
            if place.official == false { text = l.text("place.unofficial", ["place": text]) }
            deprivation.append(Fact(label: l.text("fact.place"), value: text))
        }
        if let details = file.deprivation.details { deprivation.append(Fact(label: l.text("fact.details"), value: details)) }
        // What the figures below can rest on (docs/legal/facts-and-dates.md, docs/legal/custody-periods.md).
        let latest = Interface.date(facts.reportedAsOf)
        deprivation.append(Fact(label: l.text("fact.latest"), value: facts.reportedAsOfStated ? latest : l.text("latest.unstated", ["date": latest])))
        if facts.custody.count > 1 {
            deprivation.append(Fact(label: l.text("fact.custody"), value: facts.custody.map { period in
                english
                    ? "\(period.start.event.date.calendarDate) to \(period.end.map { "\($0.event.date.calendarDate) (\($0.event.type.rawValue))" } ?? "now")"
                    : period.end.map { l.text("case.custody.ended", ["from": Interface.date(period.start.event.date.calendarDate),
                                                                     "to": Interface.date($0.event.date.calendarDate), "event": l.label($0.event.type)]) }
                        ?? l.text("case.custody.now", ["from": Interface.date(period.start.event.date.calendarDate)])
            }.joined(separator: english ? "; " : l.language == .ar ? "؛ " : "; ")))
        }

        let periods: [(Period.Kind, Period?)] = [
            (.incommunicado, facts.incommunicado), (.withoutCounsel, facts.withoutCounsel), (.beforeJudge, facts.beforeJudge),
            (.undisclosedLocation, facts.undisclosedLocation), (.pretrial, facts.pretrial), (.afterLawfulEnd, facts.afterLawfulEnd),
        ]
        let figures = periods.map { kind, period in
            Figure(label: Charts.title(kind), value: period.map { Charts.figure($0) } ?? l.text("unknown"),
                   computation: period.map { say($0.computation) } ?? l.text("figure.notShown"), known: period != nil)
        }

        let categories = assessment.categories.map { finding in
            let grounds = finding.grounds.map { g in
                GroundRow(allegation: g.allegation.rawValue, word: Interface.word(g.allegation),
                          origin: l.text(g.derived ? "case.ground.derived" : "case.ground.alleged"),
                          strength: english ? g.strength.rawValue : l.text("strength." + g.strength.rawValue), computation: g.computation.map(say), details: g.details,
                          sourceText: g.details.map { l.text("case.ground.source", ["text": $0]) }, note: g.note.map(say),
                          provisions: g.provisions, hasProvisions: !g.provisions.isEmpty)
            }
            let findingText = english ? finding.finding.rawValue : l.text("finding." + finding.finding.rawValue)
            return CategoryRow(category: finding.category.rawValue, finding: findingText,
                               name: l.text("case.category", ["category": finding.category.rawValue]),
                               heading: l.text("case.categoryFinding", ["category": finding.category.rawValue, "finding": findingText]),
                               help: l.help(finding.category),
                               findingClass: "finding-\(finding.finding.rawValue)", indicated: finding.finding == .indicated,
                               grounds: grounds, hasGrounds: !grounds.isEmpty)
        }
        let indicated = assessment.indicatedCategories.map(\.rawValue)

        let evidence = assessment.evidence.map { item in
            EvidenceRow(id: item.id, name: file.evidence.first { $0.id == item.id }?.title ?? item.id, tainted: item.tainted,
                        because: item.because.map { english ? $0.rawValue : l.label($0) }.joined(separator: comma),
                        provisions: item.provisions.joined(separator: "; "), notes: item.notes.map(say))
        }
        let deadlines = procedure.deadlines.map { d in
            english
                ? DeadlineRow(label: d.kind.label, due: d.due.description, dueText: d.due.description, status: d.status.rawValue, overdue: d.status == .overdue,
                              rule: d.rule + " (" + d.citation + ")" + (d.notes.isEmpty ? "" : " " + d.notes.joined(separator: " ")))
                : DeadlineRow(label: l.text("deadline." + d.kind.rawValue), due: d.due.description, dueText: Interface.date(d.due),
                              status: l.text("deadlineStatus." + d.status.rawValue), overdue: d.status == .overdue,
                              rule: l.text("case.deadlineRule", ["rule": say(d.rule), "citation": say(d.citation)])
                                  + (d.notes.isEmpty ? "" : " " + d.notes.map(say).joined(separator: " ")))
        }
        let stageText = english ? procedure.stage.rawValue : l.text("stage." + procedure.stage.rawValue)
        let asOfParam: String? = asOf == today ? nil : asOf.description
        var downloads: [Download] = []
        var languageDrafts: [Download] = []
        for (kind, key) in [(DocumentKind.petition, "download.petition"), (.urgentAction, "download.urgentAction"), (.chronology, "download.chronology"), (.summary, "download.summary")] {
            for format in [DraftFormat.docx, .html] {
                downloads.append(Download(label: l.text(format == .docx ? "download.docx" : "download.html", ["document": l.text(key)]),
                                          href: Route.apiDraft(file.id, file: "\(kind.rawValue).\(format.rawValue)").with([("asOf", asOfParam ?? ""), ("redact", redacted ? "true" : "")]),
                                          format: format.rawValue))
                // What the language choice submits to (its form adds `lang`, `asOf` and, for a viewer, `redact`).
                languageDrafts.append(Download(label: l.text(format == .docx ? "download.docx" : "download.html", ["document": l.text(key)]),
                                               href: Route.apiDraft(file.id, file: "\(kind.rawValue).\(format.rawValue)").path, format: format.rawValue))
            }
        }
        if !redacted { downloads.append(Download(label: l.text("download.yaml"), href: Route.caseDownload(file.id).path, format: "yaml")) }

        var model = Model(
            id: file.id, heading: file.displayTitle, asOf: asOf.description, asOfIsToday: asOf == today,
            revision: stored.revision.number, currentRevision: stored.currentRevision, isOld: stored.revision.number != stored.currentRevision,
            oldRevisionText: l.text("case.oldRevision", ["revision": String(stored.revision.number), "current": String(stored.currentRevision)]),
            indicatedHTML: Interface.html("case.indicated", ["list": "<strong>" + Escape.html(indicated.isEmpty ? l.text("none") : Interface.list(indicated)) + "</strong>",
                                                             "date": Escape.html(Interface.date(asOf))]),
            stageHTML: Interface.html("case.stage", ["stage": "<strong>" + Escape.html(stageText) + "</strong>"]),
            documentsIntro: l.text("case.documents.intro", ["date": Interface.date(asOf)]),
            person: person, deprivation: deprivation,
            charges: file.charges.map { c in [c.label, c.law.map { "(\($0))" }, c.details.map { "— \($0)" }].compactMap { $0 }.joined(separator: " ") },
            hasCharges: !file.charges.isEmpty, summaryText: file.summary,
            chart: Charts.timeline(facts, caseTitle: file.displayTitle), figures: figures,
            events: facts.events.map {
                EventRow(date: $0.event.date.description, dateText: Interface.date($0.event.date), type: $0.event.type.rawValue,
                         word: Interface.word($0.event.type), approximate: $0.event.approximate == true, details: $0.event.details)
            },
            categories: categories,
            indicatedList: english ? (indicated.isEmpty ? "none" : indicated.joined(separator: " and ")) : (indicated.isEmpty ? l.text("none") : Interface.list(indicated)),
            urgentEligible: assessment.urgentAction.eligible, urgentReasons: assessment.urgentAction.reasons.map(say),
            evidence: evidence, hasEvidence: !evidence.isEmpty,
            gaps: assessment.gaps.map(say), remedies: assessment.remedies.map(say), referrals: assessment.referrals.map(say),
            safeguards: assessment.safeguards.map(say), hasSafeguards: !assessment.safeguards.isEmpty,
            stage: stageText, nextStep: say(procedure.next), deadlines: deadlines, hasDeadlines: !deadlines.isEmpty,
            procedureNotes: procedure.notes.map(say), downloads: downloads,
            editHref: Route.caseEdit(file.id).path, yamlHref: Route.caseYAML(file.id).path,
            historyHref: Route.caseHistory(file.id).path, filesHref: Route.caseFiles(file.id).path, downloadHref: Route.caseDownload(file.id).path,
            deleteHref: Route.caseDelete(file.id).path, selfHref: Route.caseShow(file.id).path)
        model.redacted = redacted
        model.languageDrafts = languageDrafts
        model.precedents = JurisprudencePages.precedentRows(file, asOf: asOf)
        model.hasPrecedents = !model.precedents.isEmpty
        return model
    }
}
