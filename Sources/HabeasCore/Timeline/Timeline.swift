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

    public static func derive(_ file: CaseFile, asOf: CaseDate) -> DerivedFacts {
        let events = ordered(file.timeline).filter { $0.event.date.calendarDate.dayNumber <= asOf.dayNumber }
        let alleged = Set(file.allegations.map(\.type))
        let kind = file.deprivation.kind
        let start = events.first { $0.event.type == .arrest }
        let end = start.flatMap { s in
            events.first { [.release, .death].contains($0.event.type) && !$0.event.date.isBefore(s.event.date) }
        }
        let countedTo = end?.event.date ?? asOf
        var facts = DerivedFacts(asOf: asOf, events: events, start: start, end: end, countedTo: countedTo,
                                 gaps: [], nonJudicialAppearances: [])
        guard let start else {
            facts.gaps.append("When and by whom was the person arrested? Without an `arrest` event no duration can be computed.")
            return facts
        }
        let disappeared = kind == .enforcedDisappearance

        /// Events after the start that may end a period.
        func firstAfterStart(_ types: Set<EventType>, where extra: (TimelineEvent) -> Bool = { _ in true }) -> IndexedEvent? {
            events.first { types.contains($0.event.type) && !$0.event.date.isBefore(start.event.date) && extra($0.event) }
        }
        func period(_ kind: Period.Kind, endedBy: IndexedEvent?, allegedBy: [String], describe: (CaseDate, CaseDate, String) -> String) -> Period? {
            if let endedBy {
                let span = Span(from: start.event.date, to: endedBy.event.date)
                let computation = describe(start.event.date, endedBy.event.date, span.inWords) + " (ended by \(endedBy.event.type.rawValue), \(endedBy.path))"
                return Period(kind: kind, from: start.event.date, to: endedBy.event.date, startEvent: start,
                              ending: .event(endedBy), span: span, computation: computation)
            }
            guard !allegedBy.isEmpty else { return nil }
            let span = Span(from: start.event.date, to: countedTo)
            let until = end.map { "\($0.event.type.rawValue) on \($0.event.date)" } ?? "still running as of \(asOf)"
            let computation = describe(start.event.date, countedTo, span.inWords) + " (\(until), as alleged: \(allegedBy.joined(separator: ", ")))"
            return Period(kind: kind, from: start.event.date, to: countedTo, startEvent: start,
                          ending: .running(allegedBy: allegedBy), span: span, computation: computation)
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
        facts.incommunicado = period(.incommunicado, endedBy: contact, allegedBy: incommunicadoAllegedBy) { from, to, words in
            "no counsel or family contact from \(from) to \(to): \(words)"
        }
        if facts.incommunicado == nil {
            facts.gaps.append("When did the detainee first have contact with family or a lawyer?")
        }

        // Without counsel: until the first counsel-access. Incommunicado alleged implies no counsel.
        let counsel = firstAfterStart([.counselAccess])
        facts.withoutCounsel = period(.withoutCounsel, endedBy: counsel, allegedBy: allegations([.deniedCounsel, .incommunicado])) { from, to, words in
            "no access to a lawyer from \(from) to \(to): \(words)"
        }
        if facts.withoutCounsel == nil {
            facts.gaps.append("When did the detainee first see a lawyer?")
        }

        // Before a judge: the first appearance before a judicial authority. A prosecutor is not one
        // (CCPR/C/GC/35 para 32), so such an appearance does not end the period.
        let appearances = events.filter { $0.event.type == .broughtBeforeJudge && !$0.event.date.isBefore(start.event.date) }
        facts.nonJudicialAppearances = appearances.filter { isProsecutor($0.event.authority) }
        let judge = appearances.first { !isProsecutor($0.event.authority) }
        facts.beforeJudge = period(.beforeJudge, endedBy: judge, allegedBy: allegations([.notBroughtPromptlyBeforeJudge])) { from, to, words in
            "not brought before a judge from \(from) to \(to): \(words)"
        }
        if facts.beforeJudge == nil {
            if let prosecutor = facts.nonJudicialAppearances.first {
                facts.gaps.append("The appearance on \(prosecutor.event.date) was before \(prosecutor.event.authority ?? "a prosecutor"), which is not a judicial authority (CCPR/C/GC/35 para 32): when was the detainee first brought before a judge?")
            } else {
                facts.gaps.append("When, and before which authority, was the detainee first brought before a judge?")
            }
        } else if let hours = facts.beforeJudge?.span, !hours.isExact, let days = hours.calendarDays, days == 2 {
            facts.gaps.append("At what time was the detainee arrested, and at what time brought before the judge? Two calendar days may be more or less than 48 hours.")
        }

        // Undisclosed location: until whereabouts-disclosed, when the location is alleged undisclosed
        // (a whereabouts-disclosed event is itself such an allegation).
        let disclosed = firstAfterStart([.whereaboutsDisclosed])
        let concealment = allegations([.undisclosedLocation])
        if !concealment.isEmpty || disclosed != nil {
            facts.undisclosedLocation = period(.undisclosedLocation, endedBy: disclosed, allegedBy: concealment) { from, to, words in
                "whereabouts not disclosed from \(from) to \(to): \(words)"
            }
        }

        // Detention before trial: until the trial starts (or a verdict), for criminal proceedings.
        let criminal = !file.charges.isEmpty || kind == .preTrial || kind == .postConviction
        if criminal {
            let trial = firstAfterStart([.trialStart]) ?? firstAfterStart([.verdict])
            let runningBecause = kind == .preTrial && trial == nil ? ["deprivation.kind pre-trial"] : []
            facts.pretrial = period(.pretrial, endedBy: trial, allegedBy: runningBecause) { from, to, words in
                "detained without trial from \(from) to \(to): \(words)"
            }
            if facts.pretrial == nil {
                facts.gaps.append("When did the trial start?")
            }
        }

        // Detention after a sentence was completed or a release was ordered: no legal basis.
        if let lawfulEnd = firstAfterStart([.sentenceCompleted, .releaseOrdered]) {
            let span = Span(from: lawfulEnd.event.date, to: countedTo)
            let until = end.map { "until \($0.event.type.rawValue) on \($0.event.date)" } ?? "still detained as of \(asOf)"
            facts.afterLawfulEnd = Period(
                kind: .afterLawfulEnd, from: lawfulEnd.event.date, to: countedTo, startEvent: lawfulEnd,
                ending: end.map(Period.Ending.event) ?? .running(allegedBy: ["deprivation.ongoing"]), span: span,
                computation: "detained after \(lawfulEnd.event.type.rawValue) on \(lawfulEnd.event.date), \(until): \(span.inWords)")
        }
        return facts
    }

    /// Whether an authority named in a `brought-before-judge` event is a prosecution service.
    static func isProsecutor(_ authority: String?) -> Bool {
        guard let text = authority?.lowercased() else { return false }
        return ["prosecut", "procura", "fiscalía", "fiscalia", "parquet"].contains { text.contains($0) }
    }
}
