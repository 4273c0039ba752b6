/// Derives the chronology and the durations the timeline proves.
public enum Timeline {
    /// Events in chronological order: by date where it is knowable, file order within a day.
    public static func ordered(_ events: [TimelineEvent]) -> [IndexedEvent] {
        let indexed = events.enumerated().map { IndexedEvent(index: $0.offset, event: $0.element) }
        return indexed.sorted { a, b in
            switch CaseDate.order(a.event.date, b.event.date) {
            case .orderedAscending: true
            case .orderedDescending: false
            default: a.index < b.index
            }
        }
    }

    /// The date of the latest information: `reportedAsOf` when the file states it, otherwise the
    /// latest dated entry the source wrote (a timeline event, or its own submission, comments or
    /// follow-up in the procedure). Never after `asOf` (docs/legal/facts-and-dates.md; docs/case-format.md).
    public static func reportedAsOf(_ file: CaseFile, asOf: CaseDate) -> (date: CaseDate, stated: Bool) {
        let asOfDay = asOf.calendarDate
        if let stated = file.reportedAsOf {
            return (stated.dayNumber < asOfDay.dayNumber ? stated.calendarDate : asOfDay, true)
        }
        let sourceSteps: Set<ProcedureType> = [.communicationSubmitted, .urgentActionRequested, .sourceComments, .followUpSubmitted, .releasedNotified]
        let dates = file.timeline.map(\.date)
            + file.procedure.filter { sourceSteps.contains($0.type) && $0.by != FollowUpBy.government.rawValue }.map(\.date)
        let latest = dates.map(\.calendarDate).filter { $0.dayNumber <= asOfDay.dayNumber }.max { $0.dayNumber < $1.dayNumber }
        return (latest ?? asOfDay, false)
    }

    /// The custody periods: an `arrest` while free opens one, a `release` or `death` closes it
    /// (death closes the last). Shared by the timeline, the assessment and the procedure tracker.
    public static func custodyPeriods(_ events: [IndexedEvent]) -> [CustodyPeriod] {
        var result: [CustodyPeriod] = []
        for indexed in events {
            switch indexed.event.type {
            case .arrest:
                if result.last.map({ $0.end != nil }) ?? true {
                    if let last = result.last?.end, last.event.type == .death { continue }
                    result.append(CustodyPeriod(start: indexed, end: nil))
                }
            case .release, .death:
                if let last = result.indices.last, result[last].end == nil { result[last].end = indexed }
            default: break
            }
        }
        return result
    }

    /// The custody periods of a file as of a date.
    public static func custodyPeriods(_ file: CaseFile, asOf: CaseDate) -> [CustodyPeriod] {
        custodyPeriods(ordered(file.timeline).filter { $0.event.date.calendarDate.dayNumber <= asOf.dayNumber })
    }

    public static func derive(_ file: CaseFile, asOf: CaseDate) -> DerivedFacts {
        let events = ordered(file.timeline).filter { $0.event.date.calendarDate.dayNumber <= asOf.dayNumber }
        let alleged = Set(file.allegations.map(\.type))
        let kind = file.deprivation.kind
        let custody = custodyPeriods(events)
        let start = custody.first?.start
        // The first custody period carries the periods below; the latest says whether the person is detained.
        let firstEnd = custody.first?.end
        let end = custody.last?.end
        let countedTo = firstEnd?.event.date ?? asOf
        let reported = reportedAsOf(file, asOf: asOf)
        var facts = DerivedFacts(asOf: asOf, events: events, start: start, end: end, countedTo: countedTo,
                                 reportedAsOf: reported.date, gaps: [], nonJudicialAppearances: [])
        facts.custody = custody
        facts.reportedAsOfStated = reported.stated
        // The structured form of every sentence below, for interfaces in other languages.
        var phrases = Phrasebook()
        guard let start else {
            facts.gaps.append(phrases.say("When and by whom was the person arrested? Without an `arrest` event no duration can be computed.", "gap.noArrest"))
            facts.phrases = phrases
            return facts
        }
        let disappeared = kind == .enforcedDisappearance
        // An alleged state is known only to the latest information; a release ends it for certain.
        let knownTo: CaseDate = {
            if firstEnd != nil { return countedTo }
            return reported.date.dayNumber < asOf.calendarDate.dayNumber ? reported.date : asOf
        }()
        let knownOnlyToReport = firstEnd == nil
        var runningStates: [String] = []
        var runningKinds: [Period.Kind] = []

        /// Events of the first custody period that may end a period.
        func inFirstPeriod(_ e: IndexedEvent) -> Bool {
            !e.event.date.isBefore(start.event.date) && (firstEnd.map { e.event.date.isOnOrBefore($0.event.date) } ?? true)
        }
        func firstAfterStart(_ types: Set<EventType>, where extra: (TimelineEvent) -> Bool = { _ in true }) -> IndexedEvent? {
            events.first { types.contains($0.event.type) && inFirstPeriod($0) && extra($0.event) }
        }
        /// `describeKey`: the message of `describe`'s sentence, with {from}, {to} and {length}.
        func period(_ kind: Period.Kind, endedBy: IndexedEvent?, allegedBy: [String], describeKey: String,
                    describe: (CaseDate, CaseDate, String) -> String) -> Period? {
            func described(_ to: CaseDate, _ span: Span) -> Phrase.Argument {
                .phrase(Phrase(describeKey, ["from": .date(start.event.date), "to": .date(to), "length": .span(span)]))
            }
            if let endedBy {
                let span = Span(from: start.event.date, to: endedBy.event.date)
                let computation = phrases.say(
                    describe(start.event.date, endedBy.event.date, span.inWords) + " (ended by \(endedBy.event.type.rawValue), \(endedBy.path))",
                    "phrase.period.endedBy", ["what": described(endedBy.event.date, span), "event": .event(endedBy.event.type), "path": .text(endedBy.path)])
                return Period(kind: kind, from: start.event.date, to: endedBy.event.date, startEvent: start,
                              ending: .event(endedBy), span: span, computation: computation)
            }
            guard !allegedBy.isEmpty else { return nil }
            let to = firstEnd?.event.date ?? knownTo
            let span = Span(from: start.event.date, to: to)
            let until = firstEnd.map { "\($0.event.type.rawValue) on \($0.event.date)" }
                ?? "at least: last reported \(knownTo), unknown after that date"
            let untilPhrase: Phrase = firstEnd.map { Phrase("phrase.period.untilEvent", ["event": .event($0.event.type), "date": .date($0.event.date)]) }
                ?? Phrase("phrase.period.untilReported", ["date": .date(knownTo)])
            let computation = phrases.say(describe(start.event.date, to, span.inWords) + " (\(until), as alleged: \(allegedBy.joined(separator: ", ")))",
                                          "phrase.period.running", ["what": described(to, span), "until": .phrase(untilPhrase),
                                                                    "alleged": .list(allegedBy.map(Timeline.allegedArgument))])
            var result = Period(kind: kind, from: start.event.date, to: to, startEvent: start,
                                ending: .running(allegedBy: allegedBy), span: span, computation: computation)
            if firstEnd == nil && knownOnlyToReport {
                result.lastReported = knownTo
                runningStates.append(kind.label)
                runningKinds.append(kind)
            }
            return result
        }
        func allegations(_ types: [AllegationType], includeDisappearance: Bool = true) -> [String] {
            var result = types.filter(alleged.contains).map(\.rawValue)
            if includeDisappearance, disappeared { result.append("deprivation.kind enforced-disappearance") }
            return result
        }

        // Incommunicado: until the first counsel or family contact (spec, timeline vocabulary).
        let contact = firstAfterStart([.counselAccess, .familyContact])
        var incommunicadoAllegedBy = allegations([.incommunicado])
        if alleged.contains(.deniedFamilyContact) && alleged.contains(.deniedCounsel) {
            incommunicadoAllegedBy.append("denied-family-contact and denied-counsel")
        }
        facts.incommunicado = period(.incommunicado, endedBy: contact, allegedBy: incommunicadoAllegedBy, describeKey: "phrase.computation.incommunicado") { from, to, words in
            "no counsel or family contact from \(from) to \(to): \(words)"
        }
        if facts.incommunicado == nil {
            facts.gaps.append(phrases.say("When did the detainee first have contact with family or a lawyer?", "gap.firstContact"))
        }

        // Without counsel: until the first counsel-access. Incommunicado alleged implies no counsel.
        let counsel = firstAfterStart([.counselAccess])
        facts.withoutCounsel = period(.withoutCounsel, endedBy: counsel, allegedBy: allegations([.deniedCounsel, .incommunicado]), describeKey: "phrase.computation.without-counsel") { from, to, words in
            "no access to a lawyer from \(from) to \(to): \(words)"
        }
        if facts.withoutCounsel == nil {
            facts.gaps.append(phrases.say("When did the detainee first see a lawyer?", "gap.firstCounsel"))
        }

        // Without family contact: until the first family-contact (not counsel: a lawyer is not the family).
        let family = firstAfterStart([.familyContact])
        facts.withoutFamilyContact = period(.withoutFamilyContact, endedBy: family, allegedBy: allegations([.deniedFamilyContact, .incommunicado]), describeKey: "phrase.computation.without-family-contact") { from, to, words in
            "no contact with the family from \(from) to \(to): \(words)"
        }

        // Before a judge: the first appearance before a court or judge (authorityKind). A prosecutor,
        // investigator, police, security or administrative body is not one (ICCPR art. 9(3);
        // CCPR/C/GC/35 para 32). Free text (`authority`) is never read as law: an appearance whose
        // kind is not recorded ends the certain period, and the rest is a question.
        let appearances = events.filter { $0.event.type == .broughtBeforeJudge && inFirstPeriod($0) }
        facts.nonJudicialAppearances = appearances.filter { $0.event.authorityKind.map { !$0.isJudicial } ?? false }
        let judicial = appearances.first { $0.event.authorityKind?.isJudicial == true }
        let unknown = appearances.first { $0.event.authorityKind == nil }
        // The first appearance that is, or may be, before a judge (appearances are in order).
        let ending = appearances.first { $0 == judicial || $0 == unknown }
        let judgeAllegation = allegations([.notBroughtPromptlyBeforeJudge])
        facts.beforeJudge = period(.beforeJudge, endedBy: ending, allegedBy: judgeAllegation, describeKey: "phrase.computation.before-judge") { from, to, words in
            "not brought before a judge from \(from) to \(to): \(words)"
        }
        if let ending, ending.event.authorityKind == nil {
            facts.unknownAuthorityAppearance = ending
            facts.beforeJudicialAuthority = period(.beforeJudge, endedBy: judicial, allegedBy: judgeAllegation, describeKey: "phrase.computation.before-court") { from, to, words in
                "not brought before a court or judge from \(from) to \(to): \(words)"
            }
            facts.gaps.append(phrases.say("Was \(ending.event.authority ?? "the authority") before whom the detainee appeared on \(ending.event.date) a court or judge independent of the executive? Record its `authorityKind` (court, judge, prosecutor, investigator, police, security-service, military, administrative, other).",
                                          ending.event.authority == nil ? "gap.authorityKindUnnamed" : "gap.authorityKind",
                                          ["authority": .text(ending.event.authority ?? ""), "date": .date(ending.event.date)]))
        }
        if facts.beforeJudge == nil {
            if let other = facts.nonJudicialAppearances.first {
                facts.gaps.append(phrases.say("The appearance on \(other.event.date) was before \(other.event.authority ?? "a \(other.event.authorityKind!.rawValue)") (\(other.event.authorityKind!.rawValue)), which is not a judicial authority (CCPR/C/GC/35 para 32): when was the detainee first brought before a judge?",
                                              "gap.nonJudicialAppearance",
                                              ["date": .date(other.event.date), "authority": other.event.authority.map(Phrase.Argument.text) ?? .word(vocabulary: "authority-kind", key: other.event.authorityKind!.rawValue),
                                               "kind": .word(vocabulary: "authority-kind", key: other.event.authorityKind!.rawValue)]))
            } else {
                facts.gaps.append(phrases.say("When, and before which authority, was the detainee first brought before a judge?", "gap.firstJudge"))
            }
        } else if let hours = facts.beforeJudge?.span, !hours.isExact, let days = hours.calendarDays, (1...2).contains(days) {
            facts.gaps.append(phrases.say("At what time was the detainee arrested, and at what time brought before the judge? \(days == 1 ? "One calendar day" : "Two calendar days") may be more or less than the standard of promptness.",
                                          days == 1 ? "gap.judgeTimes.oneDay" : "gap.judgeTimes.twoDays"))
        }

        // Undisclosed location: until whereabouts-disclosed, when the location is alleged undisclosed
        // (a whereabouts-disclosed event is itself such an allegation).
        let disclosed = firstAfterStart([.whereaboutsDisclosed])
        let concealment = allegations([.undisclosedLocation])
        if !concealment.isEmpty || disclosed != nil {
            facts.undisclosedLocation = period(.undisclosedLocation, endedBy: disclosed, allegedBy: concealment, describeKey: "phrase.computation.undisclosed-location") { from, to, words in
                "whereabouts not disclosed from \(from) to \(to): \(words)"
            }
        }

        // Detention before judgment (GC35 para 38: pre-trial detention lasts until the first-instance
        // judgment), for criminal proceedings.
        let criminal = !file.charges.isEmpty || kind == .preTrial || kind == .postConviction
        if criminal {
            let judgment = firstAfterStart([.verdict])
            let runningBecause = kind == .preTrial && judgment == nil ? ["deprivation.kind pre-trial"] : []
            facts.pretrial = period(.pretrial, endedBy: judgment, allegedBy: runningBecause, describeKey: "phrase.computation.pretrial") { from, to, words in
                "detained without judgment from \(from) to \(to): \(words)"
            }
            if facts.pretrial == nil {
                facts.gaps.append(phrases.say("When was the first-instance judgment given, if any?", "gap.judgment"))
            }
        }

        // Detention after a sentence was completed or a release was ordered: no legal basis.
        if let lawfulEnd = firstAfterStart([.sentenceCompleted, .releaseOrdered]) {
            let span = Span(from: lawfulEnd.event.date, to: countedTo)
            let until = firstEnd.map { "until \($0.event.type.rawValue) on \($0.event.date)" } ?? "still detained as of \(asOf)"
            let untilPhrase = firstEnd.map { Phrase("phrase.afterLawfulEnd.until", ["event": .event($0.event.type), "date": .date($0.event.date)]) }
                ?? Phrase("phrase.afterLawfulEnd.still", ["date": .date(asOf)])
            facts.afterLawfulEnd = Period(
                kind: .afterLawfulEnd, from: lawfulEnd.event.date, to: countedTo, startEvent: lawfulEnd,
                ending: firstEnd.map(Period.Ending.event) ?? .running(allegedBy: ["deprivation.ongoing"]), span: span,
                computation: phrases.say("detained after \(lawfulEnd.event.type.rawValue) on \(lawfulEnd.event.date), \(until): \(span.inWords)",
                                         "phrase.computation.after-lawful-end",
                                         ["event": .event(lawfulEnd.event.type), "date": .date(lawfulEnd.event.date), "until": .phrase(untilPhrase), "length": .span(span)]))
        }

        if !runningStates.isEmpty {
            let source = reported.stated ? "reportedAsOf" : "the latest dated entry of the file"
            var kinds: [Period.Kind] = []
            for kind in runningKinds where !kinds.contains(kind) { kinds.append(kind) }
            facts.gaps.append(phrases.say("The latest information is dated \(knownTo) (\(source)): is the person still \(listed(runningStates.uniquedStrings()))? Nothing in the file shows what happened after that date; record \(reported.stated ? "a later `reportedAsOf`" : "`reportedAsOf`") or the events that ended it.",
                                          reported.stated ? "gap.stillRunning.stated" : "gap.stillRunning.latestEntry",
                                          ["date": .date(knownTo), "states": .list(kinds.map(Phrase.Argument.period))]))
        }
        facts.phrases = phrases
        return facts
    }
}

extension Timeline {
    /// What a running period rests on, for a phrase: an allegation's label, or a fact of the file.
    static func allegedArgument(_ reason: String) -> Phrase.Argument {
        if let type = AllegationType(rawValue: reason) { return .allegation(type) }
        switch reason {
        case "deprivation.kind enforced-disappearance": return .phrase(Phrase("phrase.alleged.disappearance"))
        case "deprivation.kind pre-trial": return .phrase(Phrase("phrase.alleged.pretrial"))
        case "denied-family-contact and denied-counsel":
            return .phrase(Phrase("phrase.alleged.familyAndCounsel", ["first": .allegation(.deniedFamilyContact), "second": .allegation(.deniedCounsel)]))
        default: return .text(reason)
        }
    }
}

/// "a", "a and b", "a, b and c".
func listed(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
}

extension Array where Element == String {
    func uniquedStrings() -> [String] {
        var seen = Set<String>()
        return filter { seen.insert($0).inserted }
    }
}
