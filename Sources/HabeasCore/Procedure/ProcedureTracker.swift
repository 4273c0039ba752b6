/// The Working Group's procedure as a state machine over `procedure[]`, with the rules of
/// A/HRC/36/38 as summarised in docs/legal/working-group-procedure.md (§2, §5, §6, §7 and the table in §10).
/// Pure: the same case and as-of date always give the same status, and nothing dated after
/// the as-of date is looked at.
public enum ProcedureTracker {
    /// Para 15: the Government has 60 (calendar) days from the transmission (§2.2).
    static let replyDays = 60
    /// Para 16: one extension of at most one month, added to the original deadline (§2.3; the
    /// length is reported, not read in the text, hence kept in one place).
    static let extensionMonths = 1
    /// Para 20: follow-up within six months of the transmission of the opinion (§5).
    static let followUpMonths = 6

    static let replyCitation = "A/HRC/36/38 para 15"
    static let extensionCitation = "A/HRC/36/38 para 16"
    static let commentsCitation = "date set by the secretariat case by case (OHCHR individual complaints procedure); A/HRC/36/38 sets no time limit"
    static let followUpCitation = "A/HRC/36/38 para 20"
    static let reviewCitation = "A/HRC/36/38 para 21 (no time limit verified; period configured locally)"
    static let releaseCitation = "A/HRC/36/38 para 17(a)"

    public static func status(of file: CaseFile, asOf: CaseDate, rules: ProcedureRules = ProcedureRules()) -> ProcedureStatus {
        let asOf = asOf.calendarDate
        // Only what had happened by the as-of date; by calendar day, file order within a day.
        let events = file.procedure.enumerated()
            .filter { $0.element.date.calendarDate.dayNumber <= asOf.dayNumber }
            .sorted { ($0.element.date.dayNumber, $0.offset) < ($1.element.date.dayNumber, $1.offset) }
            .map(\.element)

        var status = ProcedureStatus(caseID: file.id, title: file.displayTitle, asOf: asOf, stage: .draft, next: "")
        status.stage = stageFromEvents(events)
        status.urgentAction = urgentTrack(events)
        if let urgent = status.urgentAction, urgent.state == .appealSent {
            status.notes.append("Urgent appeal sent on \(urgent.date.calendarDate): the methods of work set no reply deadline for urgent appeals, so none is tracked (docs/legal/working-group-procedure.md §4).")
        }
        release(file, events, asOf: asOf, into: &status)

        var deadlines = governmentReply(events, asOf: asOf)
        deadlines += sourceComments(events, asOf: asOf)
        let followUp = followUp(events, asOf: asOf, rules: rules)
        deadlines += followUp.deadlines
        status.notes += followUp.notes

        if status.stage == .filed, let filed = events.last(where: { $0.type == .caseFiled }) {
            for i in deadlines.indices where deadlines[i].status == .open || deadlines[i].status == .overdue {
                deadlines[i].status = .superseded
                deadlines[i].notes.append("The case was filed on \(filed.date.calendarDate) (\(releaseCitation)).")
            }
        }
        status.deadlines = deadlines
        closeSettled(&status)

        // Time moves a case on where no event does (§10 rows 7, 8 and 15).
        switch status.stage {
        case .transmitted, .extended:
            if let reply = status.current(.governmentReply), reply.status == .overdue, reply.completedBy == nil {
                status.stage = .readyForDeliberation
            }
        case .replyToSource:
            if let comments = status.current(.sourceComments), comments.status == .overdue, comments.completedBy == nil {
                status.stage = .readyForDeliberation
            }
        case .followUpOpen:
            if followUp.bothReported { status.stage = .followUpClosed }
        default: break
        }

        if let review = events.last(where: { $0.type == .reviewRequested }), review.by == FollowUpBy.government.rawValue,
           let reply = status.current(.governmentReply), reply.status != .met {
            status.notes.append("The Government asked for a review on \(review.date.calendarDate), but it did not reply within the time limits: para 21 allows a Government's request only if it did (A/HRC/36/38 paras 15, 16 and 21).")
        }
        status.next = nextStep(status, events, phrases: &status.phrases)
        for deadline in status.deadlines { status.phrases.merge(deadline.phrases) { old, _ in old } }
        return status
    }

    // MARK: - Stage

    /// Events only move the regular procedure forward (§10), except a revised opinion after a
    /// review (row 17: back to row 13).
    static func stageFromEvents(_ events: [ProcedureEvent]) -> ProcedureStage {
        var stage = ProcedureStage.draft
        func advance(_ to: ProcedureStage) { if to > stage { stage = to } }
        for event in events {
            switch event.type {
            case .communicationSubmitted, .urgentActionRequested, .urgentAppealSent: advance(.submitted)
            case .transmittedToGovernment: advance(.transmitted)
            case .extensionRequested: break
            case .extensionGranted: if stage == .transmitted { stage = .extended }
            case .governmentReply, .replySentToSource: advance(.replyToSource)
            case .sourceComments: advance(.readyForDeliberation)
            case .opinionAdopted:
                if stage == .reviewRequested { stage = .opinionAdopted } else { advance(.opinionAdopted) }
            case .opinionTransmitted: advance(.followUpOpen)
            case .followUpSubmitted: advance(.followUpOpen)
            case .reviewRequested: advance(.reviewRequested)
            case .releasedNotified: break // a flag, not a state (§7)
            case .caseFiled: stage = .filed
            }
        }
        return stage
    }

    static func urgentTrack(_ events: [ProcedureEvent]) -> UrgentActionTrack? {
        if let sent = events.first(where: { $0.type == .urgentAppealSent }) {
            return UrgentActionTrack(state: .appealSent, date: sent.date)
        }
        return events.first { $0.type == .urgentActionRequested }.map { UrgentActionTrack(state: .requested, date: $0.date) }
    }

    /// Released if the Working Group was told, or the latest custody period (the timeline's own
    /// notion, `Timeline.custodyPeriods`) ended in a release by the as-of date.
    static func release(_ file: CaseFile, _ events: [ProcedureEvent], asOf: CaseDate, into status: inout ProcedureStatus) {
        if let latest = Timeline.custodyPeriods(file, asOf: asOf).last, let end = latest.end, end.event.type == .release {
            status.released = true
            status.releasedOn = end.event.date.calendarDate
        }
        if events.contains(where: { $0.type == .releasedNotified }) {
            status.released = true
            status.releaseNotified = true
        }
    }

    /// Marks what no one can act on any more: answered or superseded deadlines, the reply and
    /// comments periods once an opinion is adopted, follow-up once it is closed or the case filed.
    static func closeSettled(_ status: inout ProcedureStatus) {
        for i in status.deadlines.indices {
            let deadline = status.deadlines[i]
            let movedOn: Bool
            switch deadline.kind {
            case .governmentReply, .sourceComments: movedOn = status.stage >= .opinionAdopted
            case .followUp, .reviewRequest: movedOn = status.stage == .followUpClosed || status.stage == .filed
            }
            status.deadlines[i].closed = deadline.status == .met || deadline.status == .superseded
                || deadline.completedBy != nil || (deadline.status == .overdue && movedOn)
        }
    }

    // MARK: - Deadlines

    static func anchor(_ event: ProcedureEvent) -> ProcedureAnchor { ProcedureAnchor(type: event.type, date: event.date) }

    static func days(_ n: Int) -> String { abs(n) == 1 ? "1 day" : "\(abs(n)) days" }

    /// Met when answered on or before the due date; overdue when answered late or not at all
    /// once the due date has passed (the due date itself is still in time).
    static func judge(_ deadline: inout Deadline, answer: ProcedureEvent?, asOf: CaseDate, what: String) {
        guard let answer else {
            deadline.status = asOf.dayNumber > deadline.due.dayNumber ? .overdue : .open
            return
        }
        deadline.completedBy = anchor(answer)
        let late = answer.date.dayNumber - deadline.due.dayNumber
        if late <= 0 {
            deadline.status = .met
        } else {
            deadline.status = .overdue
            deadline.notes.append("\(what) on \(answer.date.calendarDate), \(days(late)) after the due date.")
        }
    }

    static func first(_ type: ProcedureType, in events: [ProcedureEvent], from start: CaseDate, before end: CaseDate? = nil,
                      where condition: (ProcedureEvent) -> Bool = { _ in true }) -> ProcedureEvent? {
        events.first { event in
            event.type == type && event.date.dayNumber >= start.dayNumber
                && (end.map { event.date.dayNumber < $0.dayNumber } ?? true) && condition(event)
        }
    }

    /// §2.2–2.4, §10 rows 4–7: transmission + 60 days unless the letter states a date; one
    /// extension adds a calendar month to the original date, which is kept as superseded.
    static func governmentReply(_ events: [ProcedureEvent], asOf: CaseDate) -> [Deadline] {
        let transmissions = events.filter { $0.type == .transmittedToGovernment }
        guard let transmission = transmissions.first else { return [] }
        let sent = transmission.date.calendarDate
        let computed = sent.addingDays(replyDays)
        let stated = transmission.replyDue?.calendarDate
        let original = stated ?? computed
        var book = Phrasebook()
        let rule = stated == nil
            ? book.say("The Government replies within 60 days of the transmission of the communication: \(sent) + 60 days = \(computed).",
                       "rule.reply", ["sent": .date(sent), "due": .date(computed)])
            : book.say("The Government replies by the date the transmittal letter states (\(original)); the rule of 60 days from the transmission gives \(computed).",
                       "rule.replyStated", ["stated": .date(original), "computed": .date(computed)])
        var first = Deadline(kind: .governmentReply, due: original, computedDue: computed, statedDue: stated,
                             from: anchor(transmission), rule: rule, citation: replyCitation)
        first.phrases = book
        if let stated, stated != computed {
            let difference = stated.dayNumber - computed.dayNumber
            first.notes.append("The letter states \(stated), \(days(difference)) \(difference > 0 ? "later" : "earlier") than the computed \(computed); the stated date is used.")
        }
        if transmission.approximate == true {
            first.notes.append(first.phrases.say("The transmission date is approximate, so the computed due date is too.", "deadlineNote.approximate"))
        }
        for again in transmissions.dropFirst() {
            first.notes.append("transmitted-to-government again on \(again.date.calendarDate): the reply period counts from the first transmission.")
        }
        let reply = self.first(.governmentReply, in: events, from: sent)
        guard let grant = self.first(.extensionGranted, in: events, from: sent) else {
            judge(&first, answer: reply, asOf: asOf, what: "The Government replied")
            lateReplyNote(&first)
            return [first]
        }
        // The grant's own date (`until`) counts; one month is assumed only when it states none.
        let assumed = original.addingMonths(extensionMonths)
        let extended = grant.until?.calendarDate ?? assumed
        first.status = .superseded
        first.notes.append("Superseded: an extension was granted on \(grant.date.calendarDate), so the reply is due \(extended).")
        var second = Deadline(
            kind: .governmentReply, due: extended, computedDue: assumed, statedDue: grant.until?.calendarDate, from: anchor(grant),
            rule: grant.until == nil
                ? "One extension of at most one month, added to the original deadline: \(original) + 1 month = \(extended). The grant states no date: one full month is assumed."
                : "The extension granted states the date \(extended) (`until`); at most one month may be added to the original deadline \(original).",
            citation: extensionCitation)
        if grant.until == nil {
            second.notes.append("Assumed: the grant records no date (`until`), so one full month is assumed.")
        } else if extended.dayNumber > assumed.dayNumber {
            second.notes.append("The stated date \(extended) is later than one month after \(original) (\(assumed)), the most para 16 allows.")
        }
        if grant.date.dayNumber > original.dayNumber {
            second.notes.append("The extension was granted after the original due date \(original) had passed; para 16 expects the request before the deadline.")
        }
        judge(&second, answer: reply, asOf: asOf, what: "The Government replied")
        lateReplyNote(&second)
        return [first, second]
    }

    /// A reply received after its deadline: the source may ask, in its comments, that it be
    /// disregarded (A/HRC/36/38 paras 15-16: the Working Group may adopt an opinion on the
    /// information it has once the time limit has passed [U]; docs/legal/procedure.md).
    static func lateReplyNote(_ deadline: inout Deadline) {
        guard deadline.status == .overdue, let answer = deadline.completedBy else { return }
        deadline.late = true
        deadline.notes.append("Late reply (received \(answer.date.calendarDate), due \(deadline.due)): in its comments the source may ask the Working Group to disregard it.")
    }

    /// §2.5, §10 row 8: no rule computes this date; only the one the secretariat sets counts.
    static func sourceComments(_ events: [ProcedureEvent], asOf: CaseDate) -> [Deadline] {
        let sends = events.filter { $0.type == .replySentToSource }
        var deadlines: [Deadline] = []
        for (i, send) in sends.enumerated() {
            guard let stated = send.commentsDue?.calendarDate else { continue }
            let later = i + 1 < sends.count ? sends[i + 1] : nil
            var deadline = Deadline(
                kind: .sourceComments, due: stated, computedDue: nil, statedDue: stated, from: anchor(send),
                rule: "The source comments on the Government's reply by the date the secretariat set (\(stated)); the methods of work set no time limit.",
                citation: commentsCitation)
            deadline.phrases.say(deadline.rule, "rule.comments", ["due": .date(stated)])
            deadline.phrases.say(commentsCitation, "citation.comments")
            let comments = first(.sourceComments, in: events, from: send.date, before: later?.date)
            judge(&deadline, answer: comments, asOf: asOf, what: "The source commented")
            if let later, deadline.status != .met {
                deadline.status = .superseded
                deadline.notes.append("Superseded: a reply was sent to the source again on \(later.date.calendarDate).")
            }
            deadlines.append(deadline)
        }
        return deadlines
    }

    struct FollowUp {
        var deadlines: [Deadline] = []
        var notes: [String] = []
        /// Both the source and the Government reported on the latest opinion (§10 row 15).
        var bothReported = false
    }

    /// §5, §10 rows 14–16: six calendar months from the transmission of each opinion (a revised
    /// one after a review supersedes the earlier period). An adoption alone sets no date.
    static func followUp(_ events: [ProcedureEvent], asOf: CaseDate, rules: ProcedureRules) -> FollowUp {
        // The first transmission after each adoption counts; a second one of the same opinion
        // (to the source, 48 hours after the Government, para 18) does not restart the period.
        // A transmission with no adoption recorded still counts: the source often learns of the
        // opinion only when it is transmitted.
        var transmissions: [ProcedureEvent] = []
        var awaiting = true
        var untransmitted: ProcedureEvent?
        for event in events {
            if event.type == .opinionAdopted {
                awaiting = true
                untransmitted = event
            } else if event.type == .opinionTransmitted, awaiting {
                transmissions.append(event)
                awaiting = false
                untransmitted = nil
            }
        }
        var result = FollowUp()
        if let adoption = untransmitted {
            result.notes.append("The opinion adopted on \(adoption.date.calendarDate) is not recorded as transmitted: follow-up is due 6 months after the transmission date, which is not known yet (\(followUpCitation)).")
        }
        for (k, transmission) in transmissions.enumerated() {
            let sent = transmission.date.calendarDate
            let due = sent.addingMonths(followUpMonths)
            let later = k + 1 < transmissions.count ? transmissions[k + 1] : nil
            var deadline = Deadline(
                kind: .followUp, due: due, computedDue: due, statedDue: nil, from: anchor(transmission),
                rule: "The source and the Government report on follow-up within 6 months of the transmission of the opinion: \(sent) + 6 months = \(due).",
                citation: followUpCitation)
            deadline.phrases.say(deadline.rule, "rule.followUp", ["sent": .date(sent), "due": .date(due)])
            // `by` absent is the source's own record of its report.
            let fromSource = first(.followUpSubmitted, in: events, from: sent, before: later?.date) { $0.by != FollowUpBy.government.rawValue }
            let fromGovernment = first(.followUpSubmitted, in: events, from: sent, before: later?.date) { $0.by == FollowUpBy.government.rawValue }
            judge(&deadline, answer: fromSource, asOf: asOf, what: "The source reported")
            if let fromGovernment {
                deadline.notes.append("The Government reported on \(fromGovernment.date.calendarDate)\(fromGovernment.date.dayNumber > due.dayNumber ? ", after the due date" : "").")
            } else if deadline.status != .open {
                deadline.notes.append("No follow-up report from the Government is recorded.")
            }
            if let later, deadline.status != .met {
                deadline.status = .superseded
                deadline.notes.append("Superseded: a revised opinion was transmitted on \(later.date.calendarDate).")
            }
            result.deadlines.append(deadline)
            if later == nil { result.bothReported = fromSource != nil && fromGovernment != nil }
        }
        if let months = rules.reviewRequestMonths, let transmission = transmissions.last {
            let sent = transmission.date.calendarDate
            let due = sent.addingMonths(months)
            var deadline = Deadline(
                kind: .reviewRequest, due: due, computedDue: due, statedDue: nil, from: anchor(transmission),
                rule: "A period of \(months) month\(months == 1 ? "" : "s") from the transmission of the opinion, set locally: \(sent) + \(months) months = \(due). The methods of work set no verified time limit; have it checked.",
                citation: reviewCitation)
            judge(&deadline, answer: first(.reviewRequested, in: events, from: sent), asOf: asOf, what: "Review requested")
            result.deadlines.append(deadline)
        }
        return result
    }

    // MARK: - Next step

    /// `phrases`: receives the structured form of the sentence, made of one or more messages
    /// (`phrase.twoSentences` joins them).
    static func nextStep(_ status: ProcedureStatus, _ events: [ProcedureEvent], phrases: inout Phrasebook) -> String {
        var next: String
        var parts: [Phrase] = []
        func say(_ english: String, _ key: String, _ arguments: [String: Phrase.Argument] = [:]) -> String {
            parts.append(Phrase(key, arguments))
            return english
        }
        switch status.stage {
        case .draft:
            next = say("File the communication with the Working Group's secretariat (hrc-wg-ad@un.org).", "next.draft")
        case .submitted:
            next = say("The Working Group transmits the communication to the Government, which then has 60 days to reply (\(replyCitation)).", "next.submitted")
        case .transmitted, .extended:
            let reply = status.current(.governmentReply)
            next = reply.map { say("Government reply due \($0.due) (\($0.citation)).", "next.replyDue", ["date": .date($0.due), "citation": .text($0.citation)]) }
                ?? say("Government reply.", "next.reply")
            if status.stage == .transmitted, let reply,
               let request = first(.extensionRequested, in: events, from: reply.from.date) {
                next += " " + say("The Government asked for an extension on \(request.date.calendarDate): at most one month, once (\(extensionCitation)).",
                                  "next.extensionAsked", ["date": .date(request.date.calendarDate)])
            }
        case .replyToSource:
            if let comments = status.current(.sourceComments), comments.status == .open {
                next = say("Source comments on the Government's reply due \(comments.due) (date set by the secretariat).", "next.commentsDue", ["date": .date(comments.due)])
            } else if events.contains(where: { $0.type == .replySentToSource }) {
                next = say("Source comments on the Government's reply; no date is recorded (the secretariat sets one case by case).", "next.commentsNoDate")
            } else {
                next = say("The secretariat sends the Government's reply to the source for comments.", "next.replyToSource")
            }
        case .readyForDeliberation:
            var first: String?
            if let reply = status.current(.governmentReply), reply.status == .overdue, reply.completedBy == nil {
                first = say("The Government did not reply by \(reply.due): the Working Group may adopt an opinion on the information it has (A/HRC/36/38 paras 15–16).",
                            "next.noReply", ["date": .date(reply.due)])
            } else if let comments = status.current(.sourceComments), comments.status == .overdue, comments.completedBy == nil {
                first = say("The date set for the source's comments (\(comments.due)) has passed.", "next.commentsPassed", ["date": .date(comments.due)])
            }
            next = say("Deliberation at a regular session of the Working Group (three a year: about April, August/September and November).", "next.deliberation")
            if let first { next = first + " " + next }
        case .opinionAdopted:
            next = say("Transmission of the opinion to the Government, then to the source; follow-up is due 6 months after the transmission, whose date is not known yet (\(followUpCitation)).", "next.opinionAdopted")
        case .followUpOpen:
            if let followUp = status.current(.followUp) {
                switch followUp.status {
                case .open: next = say("Follow-up information due \(followUp.due) from the source and the Government (\(followUpCitation)).", "next.followUpDue", ["date": .date(followUp.due)])
                case .overdue where followUp.completedBy == nil:
                    next = say("Follow-up information was due \(followUp.due) and no report from the source is recorded (\(followUpCitation)).", "next.followUpMissed", ["date": .date(followUp.due)])
                default: next = say("The Government's follow-up report; the Working Group reports on implementation to the Human Rights Council (\(followUpCitation)).", "next.followUpGovernment")
                }
            } else {
                next = say("Follow-up reports from the source and the Government (\(followUpCitation)).", "next.followUpReports")
            }
        case .followUpClosed:
            next = say("None pending: both parties reported on follow-up; the Working Group may reopen it if new concerns arise (\(followUpCitation)).", "next.followUpClosed")
        case .reviewRequested:
            next = say("The Working Group's decision on the request for review (A/HRC/36/38 para 21).", "next.review")
        case .filed:
            next = say("None: the case is filed (\(releaseCitation)).", "next.filed")
        }
        if status.released, status.stage < .opinionAdopted {
            if status.releaseNotified {
                next += " " + say("The person has been released: the Working Group may file the case or still give an opinion on the detention (\(releaseCitation)).", "next.releasedNotified")
            } else if let on = status.releasedOn {
                next += " " + say("Tell the Working Group that the person was released on \(on): it may file the case or still give an opinion (\(releaseCitation)).", "next.tellReleasedOn", ["date": .date(on)])
            } else {
                next += " " + say("Tell the Working Group that the person was released: it may file the case or still give an opinion (\(releaseCitation)).", "next.tellReleased")
            }
        }
        phrases[next] = parts.dropFirst().reduce(parts[0]) { Phrase("phrase.twoSentences", ["first": .phrase($0), "second": .phrase($1)]) }
        return next
    }
}
