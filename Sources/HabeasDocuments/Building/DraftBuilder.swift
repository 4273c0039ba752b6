import Foundation
import HabeasCore

/// The context of each kind of draft, on top of `DraftContext.common()`.
enum DraftBuilder {
    static func context(_ kind: DocumentKind, _ c: inout DraftContext) throws -> [String: Any] {
        // The analysis is built before the common part so the facts section can cite the
        // references no ground cites; numbering still follows the order of the text.
        var analysis: [String: Any] = [:]
        if kind == .petition || kind == .summary {
            let categories = try c.categoryContexts()
            analysis["categories"] = categories.isEmpty ? nil : categories
            let numerals = c.arguedCategories.map(\.rawValue)
            analysis["categoriesText"] = numerals.isEmpty ? nil : (numerals.count == 1 ? "category " : "categories ") + Wording.list(numerals)
            // Other languages word "la catégorie I" / "les catégories I et III" in their templates.
            analysis["categoryNumerals"] = numerals.isEmpty ? nil : c.list(numerals)
            analysis["severalCategories"] = numerals.count > 1
            if categories.isEmpty {
                analysis["noCategories"] = Markup.raw(Markup.placeholder(c.w("at least one category (I to V) the source argues, with the facts that support it")))
            }
        }
        var values = try c.common()
        values.merge(analysis) { _, new in new }
        values["otherReferences"] = c.remainingReferenceCites()
        switch kind {
        case .petition: petition(&values, &c)
        case .urgentAction: urgentAction(&values, &c)
        case .followUp: followUp(&values, &c)
        case .comments: comments(&values, &c)
        case .chronology, .summary: break
        }
        values["urgentRequested"] = c.file.procedure.contains { $0.type == .urgentActionRequested }
        values["urgentEligible"] = c.assessment.urgentAction.eligible
        values["hasRemedies"] = !c.assessment.remedies.isEmpty
        values["hasReferrals"] = !c.assessment.referrals.isEmpty
        // The remedies and referrals are the assessment's closed set of phrases, each in the catalogue.
        values["remedies"] = c.assessment.remedies.isEmpty ? nil : c.assessment.remedies.map { c.w($0) }
        values["referrals"] = c.assessment.referrals.isEmpty ? nil : c.assessment.referrals.map { c.w($0) }
        values["findings"] = findings(c)
        let annexes = c.annexes.annexes
        values["annexesText"] = annexes.isEmpty ? nil : c.list(annexes.map { annex in
            let label = c.annexLabel(annex.number)
            return annex.file.date.map { c.w("{title} of {date} ({annex})", ["title": annex.file.title, "date": c.long($0), "annex": label]) }
                ?? c.w("{title} ({annex})", ["title": annex.file.title, "annex": label])
        })
        values["hasAnnexes"] = !annexes.isEmpty
        values["annexes"] = annexes.isEmpty ? nil : annexes.map { annex -> [String: Any] in
            ["number": annex.number, "title": annex.file.title, "date": annex.file.date.map { c.long($0) } ?? c.w("undated"),
             "sha256": annex.file.sha256]
        }
        procedure(&values, c)
        return values
    }

    /// Every category with its finding, for the summary.
    static func findings(_ c: DraftContext) -> [[String: Any]] {
        c.assessment.categories.map { finding in
            [
                "numeral": finding.category.rawValue,
                "finding": c.t.word(finding.finding.rawValue),
                "indicated": finding.finding == .indicated,
                "provisions": c.list(finding.grounds.flatMap(\.provisions).reduce(into: [String]()) { list, p in
                    if !list.contains(p) { list.append(p) }
                }.map { c.plainProvision($0) }),
            ]
        }
    }

    static func petition(_ v: inout [String: Any], _ c: inout DraftContext) {
        let source = c.file.source
        v["sourceName"] = c.required(source?.name ?? source?.organisation, "the name of the source (person or organisation)")
        v["sourceOrganisation"] = source?.name != nil ? source?.organisation : nil
        v["sourceContact"] = c.required(source?.contact, "the source's postal address, email and telephone")
        v["sourceRelationship"] = source?.relationship
        v["consent"] = source?.consent == true ? c.w("Yes") : c.required(nil, "the consent of the person detained or of the family")
        v["consentGivenBy"] = c.required(source?.consentGivenBy.map { c.t.word($0.rawValue) }, "who gave consent (the detainee, the family or a representative)")
        v["sourceConfidential"] = source?.confidential != false
        v["domesticRemediesMissing"] = c.file.domesticRemedies.isEmpty
        for gap in c.assessment.gaps { c.addTodo(gap) }
        // Safeguards at arrest the file leaves open (informed of charges, family, consul).
        for safeguard in c.assessment.safeguards where safeguard.hasSuffix("?") { c.addTodo(safeguard) }
        if c.file.summary == nil {
            v["summary"] = c.required(nil, "a chronological account of the arrest, detention, charges, trial and treatment")
        }
        let submitted = c.file.procedure.first { $0.type == .communicationSubmitted }
        v["submissionDate"] = c.required(submitted.map { c.long($0.date) }, "the date of submission")
        v["signature"] = c.required(nil, "the signature of the source")
    }

    static func urgentAction(_ v: inout [String: Any], _ c: inout DraftContext) {
        let urgent = c.assessment.urgentAction
        v["eligible"] = urgent.eligible
        // The reasons are the assessment's own sentences, in English: another language's draft shows
        // each where it belongs as a passage to translate, so nothing English is filed unawares.
        v["reasons"] = urgent.reasons.isEmpty ? nil : urgent.reasons.map { reason in
            c.language == .en ? Wording.longDates(reason)
                : Markup.raw(Markup.placeholder(c.w("to be translated (the assessment's reason, in English): {text}", ["text": Wording.longDates(reason)])))
        }
        if !urgent.eligible {
            c.addTodo(c.w("The assessment finds no ground for urgent action (a risk to health, physical or psychological integrity or life, or other particular circumstances): add the facts that justify it, or file a regular communication only."))
        }
        v["sourceName"] = c.required(c.file.source?.name ?? c.file.source?.organisation, "the name of the source (person or organisation)")
        v["sourceContact"] = c.required(c.file.source?.contact, "the source's postal address, email and telephone")
        v["signature"] = c.required(nil, "the signature of the source")
    }

    static func followUp(_ v: inout [String: Any], _ c: inout DraftContext) {
        if !c.file.procedure.contains(where: { $0.type == .opinionAdopted && $0.date.isOnOrBefore(c.asOf) }) {
            v["noOpinion"] = c.required(nil, "the opinion of the Working Group (number, date of adoption and of transmission): none is recorded")
        }
        v["compensation"] = c.required(nil, "whether compensation or other reparations have been made, and in what form")
        v["investigation"] = c.required(nil, "whether the violation has been investigated, and with what outcome")
        v["lawsChanged"] = c.required(nil, "whether laws or practice have been changed in line with the opinion")
        v["otherSteps"] = c.required(nil, "any other step taken to implement the opinion")
        v["signature"] = c.required(nil, "the signature of the source")
    }

    /// The source's comments on the Government's reply. The reply is sent to the source for
    /// comments (OHCHR complaints page [V]; docs/legal/working-group-procedure.md §2.5); the methods
    /// of work set no time limit, so only a date the secretariat set (`commentsDue`) is stated.
    static func comments(_ v: inout [String: Any], _ c: inout DraftContext) {
        let events = c.file.procedure.filter { $0.date.isOnOrBefore(c.asOf) }
        if let reply = events.last(where: { $0.type == .governmentReply }) {
            var r: [String: Any] = ["replyDate": c.long(reply.date)]
            if let sent = events.last(where: { $0.type == .replySentToSource && !$0.date.isBefore(reply.date) }) {
                r["sentOn"] = c.long(sent.date)
                r["commentsDue"] = c.long(sent.commentsDue)
            }
            v["reply"] = r
        } else {
            v["noReply"] = c.required(nil, "the Government's reply (a government-reply event with its date): none is recorded, and the comments answer it")
        }
        v["comments"] = c.required(nil, "the source's comments on each point of the Government's reply: what it contests, with the facts and evidence, and what the reply leaves unanswered")
        v["signature"] = c.required(nil, "the signature of the source")
    }

    /// The procedure before the Working Group as the case records it.
    static func procedure(_ v: inout [String: Any], _ c: DraftContext) {
        let events = c.file.procedure.filter { $0.date.isOnOrBefore(c.asOf) }
        // Due dates come from the procedure tracker, the one place the methods of work are encoded.
        let status = ProcedureTracker.status(of: c.file, asOf: c.asOf)
        if let submitted = events.first(where: { $0.type == .communicationSubmitted }) {
            v["submitted"] = c.long(submitted.date)
        }
        if let transmitted = events.last(where: { $0.type == .transmittedToGovernment }) {
            v["transmitted"] = c.long(transmitted.date)
            if let reply = status.current(.governmentReply) { v["replyDue"] = c.long(reply.due) }
        }
        if let opinion = events.last(where: { $0.type == .opinionAdopted }) {
            var o: [String: Any] = ["date": c.long(opinion.date)]
            o["number"] = opinion.number
            o["session"] = opinion.session
            o["categories"] = opinion.categories.map { c.list($0.map(\.rawValue)) }
            o["arbitrary"] = opinion.arbitrary != false
            if let transmitted = events.last(where: { $0.type == .opinionTransmitted && !$0.date.isBefore(opinion.date) }) {
                o["transmitted"] = c.long(transmitted.date)
                if let followUp = status.current(.followUp) { o["followUpDue"] = c.long(followUp.due) }
            } else {
                o["transmitted"] = c.required(nil, "the date the opinion was transmitted to the source")
            }
            v["opinion"] = o
        }
        if let release = c.facts.end, release.event.type == .release {
            v["releaseDate"] = c.date(release.event.date, approximate: release.event.approximate)
            v["releaseConditional"] = release.event.conditional == true
        }
    }
}
