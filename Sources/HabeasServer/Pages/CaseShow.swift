import HabeasCore
import HabeasDocuments
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
        var origin: String
        var strength: String
        var computation: String?
        var details: String?
        var note: String?
        var provisions: [String]
        var hasProvisions: Bool
    }
    struct CategoryRow {
        var category: String
        var finding: String
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
        var type: String
        var approximate: Bool
        var details: String?
    }
    struct DeadlineRow {
        var label: String
        var due: String
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

        var person: [Fact] = [Fact(label: "Name", value: file.person.name)]
        if !file.person.otherNames.isEmpty { person.append(Fact(label: "Other names", value: file.person.otherNames.joined(separator: ", "))) }
        if let sex = file.person.sex { person.append(Fact(label: "Sex", value: sex.rawValue)) }
        if let birth = file.person.birthDate { person.append(Fact(label: "Born", value: birth.longDescription)) }
        if !file.person.nationalities.isEmpty { person.append(Fact(label: "Nationality", value: file.person.nationalities.joined(separator: ", "))) }
        if let occupation = file.person.occupation { person.append(Fact(label: "Occupation", value: occupation)) }
        if !file.person.profile.isEmpty { person.append(Fact(label: "Profile", value: file.person.profile.map(\.rawValue).joined(separator: ", "))) }

        var deprivation: [Fact] = [Fact(label: "Detaining State", value: file.state)]
        if let kind = file.deprivation.kind { deprivation.append(Fact(label: "Kind", value: kind.rawValue)) }
        deprivation.append(Fact(label: "Ongoing", value: file.deprivation.ongoing ? "yes" : "no"))
        if let heldBy = file.deprivation.heldBy { deprivation.append(Fact(label: "Held by", value: heldBy)) }
        for place in file.deprivation.places {
            var text = place.name
            if let from = place.from { text += " from \(from)" }
            if let to = place.to { text += " to \(to)" }
            if place.official == false { text += " (unofficial)" }
            deprivation.append(Fact(label: "Place", value: text))
        }
        if let details = file.deprivation.details { deprivation.append(Fact(label: "Details", value: details)) }
        // What the figures below can rest on (docs/legal/facts-and-dates.md, docs/legal/custody-periods.md).
        deprivation.append(Fact(label: "Latest information",
                                value: facts.reportedAsOf.description + (facts.reportedAsOfStated ? "" : " (latest dated entry; no reportedAsOf)")))
        if facts.custody.count > 1 {
            deprivation.append(Fact(label: "Custody periods", value: facts.custody.map { period in
                "\(period.start.event.date.calendarDate) to \(period.end.map { "\($0.event.date.calendarDate) (\($0.event.type.rawValue))" } ?? "now")"
            }.joined(separator: "; ")))
        }

        let periods: [(Period.Kind, Period?)] = [
            (.incommunicado, facts.incommunicado), (.withoutCounsel, facts.withoutCounsel), (.beforeJudge, facts.beforeJudge),
            (.undisclosedLocation, facts.undisclosedLocation), (.pretrial, facts.pretrial), (.afterLawfulEnd, facts.afterLawfulEnd),
        ]
        let figures = periods.map { kind, period in
            Figure(label: Charts.title(kind), value: period.map { Charts.figure($0) } ?? "unknown",
                   computation: period?.computation ?? "Not shown by the timeline (see the open questions).", known: period != nil)
        }

        let categories = assessment.categories.map { finding in
            let grounds = finding.grounds.map { g in
                GroundRow(allegation: g.allegation.rawValue, origin: g.derived ? "derived from the timeline" : "alleged by the source",
                          strength: g.strength.rawValue, computation: g.computation, details: g.details, note: g.note,
                          provisions: g.provisions, hasProvisions: !g.provisions.isEmpty)
            }
            return CategoryRow(category: finding.category.rawValue, finding: finding.finding.rawValue,
                               findingClass: "finding-\(finding.finding.rawValue)", indicated: finding.finding == .indicated,
                               grounds: grounds, hasGrounds: !grounds.isEmpty)
        }
        let indicated = assessment.indicatedCategories.map(\.rawValue)

        let evidence = assessment.evidence.map { item in
            EvidenceRow(id: item.id, name: file.evidence.first { $0.id == item.id }?.title ?? item.id, tainted: item.tainted,
                        because: item.because.map(\.rawValue).joined(separator: ", "),
                        provisions: item.provisions.joined(separator: "; "), notes: item.notes)
        }
        let deadlines = procedure.deadlines.map { d in
            DeadlineRow(label: d.kind.label, due: d.due.description, status: d.status.rawValue, overdue: d.status == .overdue,
                        rule: d.rule + " (" + d.citation + ")" + (d.notes.isEmpty ? "" : " " + d.notes.joined(separator: " ")))
        }
        let asOfParam: String? = asOf == today ? nil : asOf.description
        var downloads: [Download] = []
        for (kind, label) in [(DocumentKind.petition, "Petition"), (.urgentAction, "Urgent-action request"), (.chronology, "Chronology"), (.summary, "Public summary")] {
            for format in [DraftFormat.docx, .html] {
                downloads.append(Download(label: "\(label) (\(format == .docx ? "Word, DOCX" : "web page, HTML"))",
                                          href: Route.apiDraft(file.id, file: "\(kind.rawValue).\(format.rawValue)").with([("asOf", asOfParam ?? ""), ("redact", redacted ? "true" : "")]),
                                          format: format.rawValue))
            }
        }
        // The drafts the language choice submits to (its form adds `lang`, `asOf` and, for a viewer, `redact`).
        let languageDrafts = [(DocumentKind.petition, DraftFormat.docx, "Petition (DOCX)"), (.petition, .html, "Petition (HTML)"),
                              (.urgentAction, .docx, "Urgent-action request (DOCX)"), (.chronology, .docx, "Chronology (DOCX)"),
                              (.summary, .docx, "Public summary (DOCX)")]
            .map { Download(label: $0.2, href: Route.apiDraft(file.id, file: "\($0.0.rawValue).\($0.1.rawValue)").path, format: $0.1.rawValue) }
        if !redacted { downloads.append(Download(label: "Case file (YAML)", href: Route.caseDownload(file.id).path, format: "yaml")) }

        var model = Model(
            id: file.id, heading: file.displayTitle, asOf: asOf.description, asOfIsToday: asOf == today,
            revision: stored.revision.number, currentRevision: stored.currentRevision, isOld: stored.revision.number != stored.currentRevision,
            person: person, deprivation: deprivation,
            charges: file.charges.map { c in [c.label, c.law.map { "(\($0))" }, c.details.map { "— \($0)" }].compactMap { $0 }.joined(separator: " ") },
            hasCharges: !file.charges.isEmpty, summaryText: file.summary,
            chart: Charts.timeline(facts, caseTitle: file.displayTitle), figures: figures,
            events: facts.events.map { EventRow(date: $0.event.date.description, type: $0.event.type.rawValue, approximate: $0.event.approximate == true, details: $0.event.details) },
            categories: categories,
            indicatedList: indicated.isEmpty ? "none" : indicated.joined(separator: " and "),
            urgentEligible: assessment.urgentAction.eligible, urgentReasons: assessment.urgentAction.reasons,
            evidence: evidence, hasEvidence: !evidence.isEmpty,
            gaps: assessment.gaps, remedies: assessment.remedies, referrals: assessment.referrals,
            safeguards: assessment.safeguards, hasSafeguards: !assessment.safeguards.isEmpty,
            stage: procedure.stage.rawValue, nextStep: procedure.next, deadlines: deadlines, hasDeadlines: !deadlines.isEmpty,
            procedureNotes: procedure.notes, downloads: downloads,
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
