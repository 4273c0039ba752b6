/// Assesses a case against categories I–V as the Working Group reasons (docs/legal/), from the
/// typed allegations and the allegations the timeline proves. It never reads the procedure, so an
/// `opinion-adopted` event cannot influence it.
public enum Assessor {
    public static func assess(_ file: CaseFile, asOf: CaseDate) -> Assessment {
        var context = Context(file: file, asOf: asOf)
        context.collectTypedGrounds()
        context.collectDerivedGrounds()
        context.collectProfileGround()
        return context.result()
    }

    /// Whether a span exceeds a standard in hours (GC35 para 33; Basic Principles on the Role of
    /// Lawyers 7). With date-times it is exact. With calendar dates it is a range: d calendar days
    /// are more than (d-1)*24 and fewer than (d+1)*24 hours, so the standard is certainly exceeded
    /// only when the lower bound reaches it (docs/legal/promptness.md). An approximate start date never gives
    /// more than `uncertain`.
    enum Threshold { case exceeded, uncertain, within }

    static func compare(_ span: Span, hours standard: Double, approximate: Bool = false) -> Threshold {
        let result: Threshold
        if let hours = span.exactHours {
            result = hours > standard ? .exceeded : .within
        } else {
            let days = Double(span.calendarDays ?? 0)
            result = (days - 1) * 24 >= standard ? .exceeded : (days + 1) * 24 <= standard ? .within : .uncertain
        }
        return approximate && result == .exceeded ? .uncertain : result
    }

    static func beyond48Hours(_ span: Span) -> Threshold { compare(span, hours: 48) }

    /// "50 hours", or from calendar dates "between 24 and 72 hours".
    public static func hoursInWords(_ span: Span) -> String {
        if span.isExact { return span.inWords }
        let days = span.calendarDays ?? 0
        return "between \(max(0, days - 1) * 24) and \((days + 1) * 24) hours (\(days) calendar day\(days == 1 ? "" : "s"))"
    }
}

/// The standard of promptness for this person and this detention (docs/legal/promptness.md).
struct PromptnessStandard {
    /// Nil where no fixed number of hours applies (immigration and other administrative detention:
    /// "promptly" and effective review, ICCPR art. 9(4)).
    var hours: Double?
    var rule: String
    var provisions: [String]
    var words: String

    static func of(_ file: CaseFile, arrest: TimelineEvent?) -> PromptnessStandard {
        if let kind = file.deprivation.kind, [.immigration, .administrative, .psychiatric].contains(kind) {
            return PromptnessStandard(hours: nil, rule: "I.derived.review-promptly",
                                      provisions: ["ICCPR art. 9(4)", "UDHR art. 9", "A/HRC/30/37 principle 8", "Revised Deliberation No. 5"],
                                      words: "prompt review by a court (no fixed number of hours applies outside criminal arrest)")
        }
        if isChild(file.person, on: arrest?.date) {
            return PromptnessStandard(hours: 24, rule: "I.derived.judge-24h-child",
                                      provisions: ["ICCPR art. 9(3)", "CRC art. 37(d)", "CCPR/C/GC/35 para 33", "CRC/C/GC/24 para 90"],
                                      words: "24 hours, the standard for a child")
        }
        return PromptnessStandard(hours: 48, rule: "I.derived.judge-48h",
                                  provisions: ["ICCPR art. 9(3)", "CCPR/C/GC/35 para 33", "Body of Principles, principle 11"],
                                  words: "48 hours")
    }

    /// Under 18 on the arrest date (from `birthDate`), or profiled `minor`.
    static func isChild(_ person: Person, on date: CaseDate?) -> Bool {
        if let birth = person.birthDate, let date {
            let eighteenth = birth.calendarDate.addingMonths(18 * 12)
            return date.calendarDate.dayNumber < eighteenth.dayNumber
        }
        return person.profile.contains(.minor)
    }
}

private struct Context {
    let file: CaseFile
    let asOf: CaseDate
    let facts: DerivedFacts
    let criminal: Bool
    let udhrOnly: Bool
    var grounds: [(category: Category, ground: Ground)] = []
    var gaps: [String] = []

    init(file: CaseFile, asOf: CaseDate) {
        self.file = file
        self.asOf = asOf
        facts = Timeline.derive(file, asOf: asOf)
        let criminalEvents: Set<EventType> = [.informedOfCharges, .trialStart, .verdict]
        criminal = !file.charges.isEmpty || [.preTrial, .postConviction].contains(file.deprivation.kind)
            || facts.events.contains { criminalEvents.contains($0.event.type) }
        udhrOnly = TreatyTable.binding("ICCPR art. 9", state: file.state) == false
        standard = PromptnessStandard.of(file, arrest: facts.start?.event)
    }

    let standard: PromptnessStandard
    var approximateArrest: Bool { facts.start?.event.approximate == true }

    /// The threshold of a period measured from the arrest, against `hours`.
    /// An approximate arrest date lowers the promptness finding only (docs/legal/promptness.md).
    func threshold(_ period: Period, hours: Double, promptness: Bool = false) -> Assessor.Threshold {
        Assessor.compare(period.span, hours: hours, approximate: promptness && approximateArrest)
    }

    func uncertainNote(_ hours: Double, promptness: Bool = false) -> String {
        promptness && approximateArrest
            ? "The arrest date is approximate: whether more than \(Span.format(hours)) hours passed cannot be settled."
            : "Counted in calendar days: it may be more or less than \(Span.format(hours)) hours."
    }

    var alleged: Set<AllegationType> { Set(file.allegations.map(\.type)) }

    // MARK: Grounds

    mutating func add(_ rule: AssessmentRule, derived: Bool, computation: String? = nil, facts: [String],
                      details: String? = nil, provisions: [String]? = nil, strength: Ground.Strength? = nil, note: String? = nil) {
        var strength = strength ?? rule.strength
        var note = note
        if rule.needsCriminalProceedings && !criminal && strength == .sufficient {
            strength = .supporting
            note = "No criminal charge, trial or criminal detention is recorded, and the fair-trial guarantees of ICCPR art. 14 apply to criminal proceedings."
        }
        let kept = cited(provisions ?? rule.provisions)
        // A category is never sufficient with no binding provision left to cite (docs/legal/treaty-status.md):
        // the UDHR, or a treaty the State is a party to; standards alone only support.
        if strength == .sufficient, !kept.contains(where: { $0.hasPrefix("UDHR") || (Treaty.of($0) != nil && TreatyTable.binding($0, state: file.state) == true) }) {
            strength = .supporting
            let uncertain = (provisions ?? rule.provisions).filter { TreatyTable.binding($0, state: file.state) == nil }
            note = [note, uncertain.isEmpty
                ? "No provision binding on \(file.state) is left to cite (see the treaty status in `habeas rules`)."
                : "Whether \(file.state) is bound by \(uncertain.joined(separator: ", ")) is not settled in the treaty table: check before relying on it."].compactMap { $0 }.joined(separator: " ")
        }
        let ground = Ground(allegation: rule.allegation, derived: derived, computation: computation,
                            provisions: kept, facts: facts, strength: strength,
                            rule: rule.id, details: details, note: note)
        grounds.append((rule.category, ground))
    }

    /// Treaty provisions are cited only for a State party (the UDHR applies to every State);
    /// uncertain ones stay, and the ground says so (see `add`).
    func cited(_ provisions: [String]) -> [String] {
        provisions.filter { TreatyTable.binding($0, state: file.state) != false }
    }

    mutating func collectTypedGrounds() {
        for (index, allegation) in file.allegations.enumerated() {
            let factsCited = ["allegations[\(index)]"] + allegation.evidenceRefs.map { "evidence[\($0)]" }
            switch allegation.type {
            case .exerciseOfRights:
                let rule = RuleBook.row("II.exercise-of-rights")
                guard let right = allegation.right else {
                    add(rule, derived: false, facts: factsCited, details: allegation.details,
                        provisions: ["UDHR art. 19", "ICCPR art. 19"], strength: .supporting,
                        note: "The allegation does not name the right exercised.")
                    gaps.append("Which right was the person exercising when detained (allegations[\(index)].right)?")
                    continue
                }
                let listed = right != .privacy
                add(rule, derived: false, facts: factsCited, details: allegation.details,
                    provisions: RuleBook.rightProvisions[right] ?? [], strength: listed ? .sufficient : .supporting,
                    note: listed ? nil : "Privacy (ICCPR art. 17) is not among the rights Category II lists (A/HRC/36/38 para 8(b)).")
            case .immigrationDetentionWithoutReview:
                let migrantProfiles: Set<Profile> = [.migrant, .asylumSeeker, .refugee, .stateless]
                let isMigrant = file.deprivation.kind == .immigration || !migrantProfiles.isDisjoint(with: file.person.profile)
                var provisions = RuleBook.row("IV.immigration-without-review").provisions
                if !Set(file.person.profile).isDisjoint(with: [.refugee, .asylumSeeker]) {
                    provisions.append("Refugee Convention art. 31")
                }
                add(RuleBook.row("IV.immigration-without-review"), derived: false, facts: factsCited, details: allegation.details,
                    provisions: provisions, strength: isMigrant ? .sufficient : .supporting,
                    note: isMigrant ? nil : "Category IV concerns asylum seekers, migrants and refugees; neither the deprivation kind nor the profile says so.")
                if !isMigrant { gaps.append("Is the person an asylum seeker, migrant or refugee held in immigration detention (deprivation.kind, person.profile)?") }
            case .healthAtRisk, .deniedMedicalCare:
                continue  // urgent action and referrals, not a category
            default:
                guard let rule = RuleBook.rows.first(where: { $0.allegation == allegation.type && $0.derivedWhen == nil }) else { continue }
                var strength = rule.strength
                var note: String?
                // A typed claim that the recorded times contradict only supports.
                if let measured = measuredWithin48Hours(allegation.type) {
                    strength = .supporting
                    note = measured
                }
                // Where the timeline measures the period the source complains of, say so.
                let measured = measuredPeriod(allegation.type)
                add(rule, derived: false, computation: measured?.computation,
                    facts: factsCited + (measured.map(periodFacts) ?? []).filter { !factsCited.contains($0) },
                    details: allegation.details, strength: strength, note: note)
            }
        }
    }

    func measuredPeriod(_ type: AllegationType) -> Period? {
        switch type {
        case .incommunicado: facts.incommunicado
        case .undisclosedLocation: facts.undisclosedLocation
        case .deniedCounsel: facts.withoutCounsel
        case .notBroughtPromptlyBeforeJudge: facts.beforeJudge
        case .prolongedPretrialDetention: facts.pretrial
        default: nil
        }
    }

    /// When the timeline measures the period an allegation complains of as 48 hours or less.
    func measuredWithin48Hours(_ type: AllegationType) -> String? {
        let period: Period?
        switch type {
        case .notBroughtPromptlyBeforeJudge: period = facts.beforeJudge
        case .deniedCounsel: period = facts.withoutCounsel
        default: return nil
        }
        guard let period, case .event = period.ending, Assessor.beyond48Hours(period.span) == .within else { return nil }
        return "The timeline records \(period.span.inWords): \(period.computation)."
    }

    mutating func collectDerivedGrounds() {
        let typed = alleged
        func path(_ e: IndexedEvent) -> String { e.path }

        if !typed.contains(.notBroughtPromptlyBeforeJudge) { judgeGrounds() }
        if let period = facts.incommunicado, !typed.contains(.incommunicado) {
            switch threshold(period, hours: 48) {
            case .exceeded:
                add(RuleBook.row("I.derived.incommunicado"), derived: true, computation: period.computation, facts: periodFacts(period))
            case .uncertain:
                add(RuleBook.row("I.derived.incommunicado"), derived: true, computation: period.computation, facts: periodFacts(period),
                    strength: .supporting, note: uncertainNote(48))
            case .within: break
            }
        }
        if let period = facts.undisclosedLocation, !typed.contains(.undisclosedLocation) {
            add(RuleBook.row("I.derived.undisclosed"), derived: true, computation: period.computation, facts: periodFacts(period))
        }
        recyclingGrounds()
        pretrialGrounds()
        for arrest in facts.events where arrest.event.type == .arrest {
            if arrest.event.warrantShown == false, arrest.event.inFlagrante != true, !typed.contains(.noWarrant) {
                add(RuleBook.row("I.derived.no-warrant"), derived: true,
                    computation: "arrest on \(arrest.event.date): no warrant shown, not in flagrante", facts: [arrest.path])
            }
            if arrest.event.reasonsGiven == false, !typed.contains(.notInformedOfReasons) {
                add(RuleBook.row("I.derived.no-reasons"), derived: true,
                    computation: "arrest on \(arrest.event.date): no reasons given", facts: [arrest.path])
            }
            break  // the first arrest starts the deprivation
        }
        if let period = facts.afterLawfulEnd, period.span.days > 0 {
            add(RuleBook.row("I.derived.after-lawful-end"), derived: true, computation: period.computation, facts: [period.startEvent.path])
        }
        for order in facts.events where order.event.type == .detentionOrder {
            let e = order.event
            if e.authorityIdentified == false {
                add(RuleBook.row("I.derived.unidentified-authority"), derived: true,
                    computation: "detention ordered on \(e.date) by an authority that is not identified (\(e.authority ?? "unnamed"))", facts: [order.path])
            } else if e.isPublic == false, e.detaineePresent == false, e.reasonsPublished == false {
                add(RuleBook.row("I.derived.unidentified-authority"), derived: true,
                    computation: "detention ordered on \(e.date) in secret: not public, without the detainee, no reasons published", facts: [order.path])
            }
        }
        if let denied = facts.events.first(where: { $0.event.type == .judicialReviewDenied }), !typed.contains(.noJudicialReview) {
            add(RuleBook.row("I.derived.review-denied"), derived: true,
                computation: "a challenge to the lawfulness of detention was refused or not heard on \(denied.event.date)", facts: [denied.path])
        }

        // Category III.
        if let period = facts.withoutCounsel, !typed.contains(.deniedCounsel) {
            switch threshold(period, hours: 48) {
            case .exceeded:
                add(RuleBook.row("III.derived.counsel-48h"), derived: true, computation: period.computation, facts: periodFacts(period))
            case .uncertain:
                add(RuleBook.row("III.derived.counsel-48h"), derived: true, computation: period.computation, facts: periodFacts(period),
                    strength: .supporting, note: uncertainNote(48))
            case .within: break
            }
        }
        for confession in facts.events where confession.event.type == .confession {
            let e = confession.event
            if e.coerced == true, !typed.contains(.coercedConfession) {
                add(RuleBook.row("III.derived.coerced-confession"), derived: true,
                    computation: "confession on \(e.date) obtained by coercion", facts: [confession.path])
            }
            if e.counselPresent == false {
                add(RuleBook.row("III.derived.confession-without-counsel"), derived: true,
                    computation: "confession on \(e.date) taken without counsel present", facts: [confession.path])
            }
        }
        let illTreatment = facts.events.filter { $0.event.type == .illTreatment }
        if !illTreatment.isEmpty, !typed.contains(.illTreatment) {
            let kinds = illTreatment.map { "\($0.event.illTreatmentKind?.rawValue ?? "ill-treatment") on \($0.event.date)" }
            add(RuleBook.row("III.derived.ill-treatment"), derived: true,
                computation: "alleged ill-treatment: " + kinds.joined(separator: ", "), facts: illTreatment.map(path))
        }
        if !typed.contains(.secretProceedings) {
            for trial in facts.events where trial.event.type == .trialStart && (trial.event.isPublic == false || trial.event.classified == true) {
                add(RuleBook.row("III.derived.secret-trial"), derived: true,
                    computation: "trial from \(trial.event.date) \(trial.event.classified == true ? "classified" : "not public")", facts: [trial.path])
            }
            for hearing in facts.events where hearing.event.type == .hearing && hearing.event.classified == true {
                add(RuleBook.row("III.derived.secret-trial"), derived: true,
                    computation: "classified hearing on \(hearing.event.date)", facts: [hearing.path])
            }
            let closed = facts.events.filter { $0.event.type == .hearing && $0.event.isPublic == false && $0.event.classified != true }
            if !closed.isEmpty {
                add(RuleBook.row("III.derived.closed-hearing"), derived: true,
                    computation: "hearings not public on " + closed.map(\.event.date.description).joined(separator: ", "), facts: closed.map(path))
            }
        }
        if !typed.contains(.tribunalNotIndependent) {
            // A military court is a ground only for a civilian (GC32 para 22 [U]; docs/legal/pretrial.md).
            for trial in facts.events where trial.event.type == .trialStart && trial.event.militaryOrSpecialCourt == true {
                let computation = "tried from \(trial.event.date) by a military or special court (\(trial.event.court ?? "court not named"))"
                switch file.person.civilian {
                case true?:
                    add(RuleBook.row("III.derived.special-court"), derived: true, computation: computation + "; the person is a civilian", facts: [trial.path, "person.civilian"])
                case false?:
                    gaps.append("The person is not a civilian (person.civilian: false): trial by a military court is not in itself a ground; was that court independent and impartial?")
                case nil:
                    add(RuleBook.row("III.derived.special-court"), derived: true, computation: computation, facts: [trial.path],
                        strength: .supporting, note: "A military court counts against the detention only where the person is a civilian; the file does not say (person.civilian).")
                    gaps.append("Is the person a civilian (person.civilian)? Trial of a civilian by a military court is a Category III ground.")
                }
            }
            for appearance in facts.events where appearance.event.type == .broughtBeforeJudge && appearance.event.authorityIdentified == false {
                add(RuleBook.row("III.derived.special-court"), derived: true,
                    computation: "brought on \(appearance.event.date) before an authority that is not identified (\(appearance.event.authority ?? "unnamed"))", facts: [appearance.path])
            }
        }
        let counsel = facts.events.filter { $0.event.type == .counselAccess }
        if !counsel.isEmpty, counsel.allSatisfy({ $0.event.chosen == false }), !typed.contains(.counselNotOfChoice) {
            add(RuleBook.row("III.derived.appointed-counsel"), derived: true,
                computation: "every lawyer recorded was not of the detainee's choosing (first on \(counsel[0].event.date))", facts: counsel.map(path))
            gaps.append("Did the detainee or the family ask for a lawyer of their choice, and was that lawyer refused?")
        }
        if !counsel.isEmpty, counsel.allSatisfy({ $0.event.confidential == false }), !typed.contains(.inadequateDefence) {
            add(RuleBook.row("III.derived.no-confidential-counsel"), derived: true,
                computation: "no confidential meeting with a lawyer recorded (first access on \(counsel[0].event.date))", facts: counsel.map(path))
        }

        // Category IV.
        if file.deprivation.kind == .immigration, !typed.contains(.immigrationDetentionWithoutReview),
           typed.contains(.noJudicialReview) || facts.events.contains(where: { $0.event.type == .judicialReviewDenied }) {
            add(RuleBook.row("IV.derived.immigration-no-review"), derived: true,
                computation: "immigration detention from \(facts.start?.event.date.description ?? "an unknown date") with review of its lawfulness refused or unavailable",
                facts: facts.events.filter { $0.event.type == .judicialReviewDenied }.map(path))
            gaps.append("Is the immigration detention subject to any periodic administrative or judicial review, and is there a maximum period (Category IV)?")
        }
        migrationGrounds()
    }

    /// Category V from who the person is, once Category II stands: only a supporting ground, since
    /// discrimination needs facts showing targeting (docs/legal/categories.md, Category V [U]).
    mutating func collectProfileGround() {
        let targeted: [Profile] = [.humanRightsDefender, .journalist, .blogger, .lawyer, .politicalOpposition,
                                   .religiousMinority, .ethnicMinority, .lgbti]
        guard !alleged.contains(.discrimination),
              grounds.contains(where: { $0.category == .II && $0.ground.strength == .sufficient }),
              let profile = file.person.profile.first(where: targeted.contains) else { return }
        add(RuleBook.row("V.derived.targeted-profile"), derived: true,
            computation: "detained for exercising a right, and the person is a \(profile.rawValue) (person.profile)",
            facts: ["person.profile"])
    }

    func periodFacts(_ period: Period) -> [String] {
        var result = [period.startEvent.path]
        switch period.ending {
        case .event(let end): result.append(end.path)
        case .running(let allegedBy):
            for reason in allegedBy {
                if let type = AllegationType(rawValue: reason), let index = file.allegations.firstIndex(where: { $0.type == type }) {
                    result.append("allegations[\(index)]")
                }
            }
        }
        return result
    }

    // MARK: Result

    func result() -> Assessment {
        let categories = Category.allCases.map { category -> CategoryFinding in
            let list = grounds.filter { $0.category == category }.map(\.ground)
            let finding: Finding = list.contains { $0.strength == .sufficient } ? .indicated : list.isEmpty ? .notIndicated : .possible
            return CategoryFinding(category: category, finding: finding, grounds: list)
        }
        let evidence = EvidenceAssessor.assess(file, facts: facts, udhrOnly: udhrOnly)
        var assessment = Assessment(
            caseID: file.id, asOf: asOf, categories: categories, urgentAction: urgentAction(),
            evidence: evidence, derived: facts, gaps: [], remedies: [], referrals: [], udhrOnly: udhrOnly)
        assessment.gaps = allGaps(categories)
        assessment.remedies = Remedies.requested(file: file, assessment: assessment, ongoing: ongoing)
        assessment.referrals = Remedies.referrals(file: file, grounds: grounds.map(\.ground), categoryIV: assessment.finding(for: .IV).finding == .indicated)
        assessment.safeguards = Remedies.safeguards(file: file, facts: facts, criminal: criminal)
        if TreatyTable.status(file.state, .iccpr) == nil {
            assessment.gaps.append("The ratification status of \(file.state) is not in the treaty table: check that it is a party to each treaty cited (ICCPR, CAT, CRC …) before filing (`habeas rules`).")
        }
        return assessment
    }

    /// Deprived of liberty as of `asOf`: no release or death recorded by then, and the file says
    /// the deprivation is ongoing or records its end only later.
    var ongoing: Bool {
        guard facts.end == nil else { return false }
        let endsLater = file.timeline.contains { [.release, .death].contains($0.type) && asOf.isBefore($0.date.calendarDate) }
        return file.deprivation.ongoing || endsLater
    }

    /// A/HRC/36/38 paras 22-24 [U]: sufficiently reliable allegations and continued detention that
    /// seriously endangers health, physical or psychological integrity or life.
    func urgentAction() -> UrgentAction {
        var reasons: [String] = []
        let typed = alleged
        if typed.contains(.healthAtRisk) { reasons.append("The source alleges that continued detention endangers the person's health, physical or psychological integrity or life.") }
        if typed.contains(.illTreatment) || facts.events.contains(where: { $0.event.type == .illTreatment }) {
            reasons.append("The person is alleged to have been tortured or ill-treated in custody.")
        }
        if typed.contains(.deniedMedicalCare) { reasons.append("The person is alleged to be denied medical care.") }
        if let strike = facts.events.last(where: { $0.event.type == .hungerStrike }) { reasons.append("The person has been on hunger strike since \(strike.event.date).") }
        if let health = facts.events.last(where: { $0.event.type == .healthDeterioration }) { reasons.append("The person's health was reported to deteriorate on \(health.event.date).") }
        if let period = facts.incommunicado, facts.custody.count == 1, case .running = period.ending {
            reasons.append("The person has been held incommunicado for \(period.figure).")
        }
        if let period = facts.undisclosedLocation, facts.custody.count == 1, case .running = period.ending {
            reasons.append("The person's whereabouts have been concealed for \(period.figure).")
        }
        if facts.rearrested, let latest = facts.custody.last, latest.end == nil {
            reasons.append("The person was released and arrested again on \(latest.start.event.date), and is detained since.")
        }
        if facts.events.contains(where: { $0.event.type == .verdict && $0.event.sentence == "death" }) {
            reasons.append("The person has been sentenced to death.")
        }
        guard ongoing else {
            return UrgentAction(eligible: false, reasons: reasons.isEmpty ? [] : ["The person is no longer detained as of \(asOf); urgent action concerns continued detention (A/HRC/36/38 paras 22-24)."])
        }
        if reasons.isEmpty {
            return UrgentAction(eligible: false, reasons: ["No serious threat to health, integrity or life is recorded (A/HRC/36/38 paras 22-24); the regular procedure applies."])
        }
        return UrgentAction(eligible: true, reasons: reasons + ["These allegations, if reliable, show that continued detention seriously endangers the person (A/HRC/36/38 paras 22-24); an urgent appeal does not prejudge the opinion."])
    }

    /// A sentence that, counted from the arrest, has run out while the person is still held:
    /// detention beyond it has no legal basis (Category I), but remission, credit for time served
    /// and the start date vary, so it is a question, not a ground.
    func sentenceQuestion() -> String? {
        guard ongoing, let start = facts.start,
              !facts.events.contains(where: { $0.event.type == .sentenceCompleted }),
              let verdict = facts.events.last(where: { $0.event.type == .verdict && $0.event.outcome == "convicted" }),
              let sentence = verdict.event.sentence,
              let (years, months, days) = SentenceText.calendarParts(sentence) else { return nil }
        let end = start.event.date.calendarDate.addingMonths(years * 12 + months).addingDays(days)
        guard end.isBefore(asOf) else { return nil }
        return "The sentence of \(sentence) imposed on \(verdict.event.date.calendarDate), counted from the arrest on \(start.event.date.calendarDate), would have ended on \(end): is the person held beyond it? If so, record `sentence-completed`."
    }

    func allGaps(_ categories: [CategoryFinding]) -> [String] {
        // The timeline's questions, then those the grounds raised.
        var result = facts.gaps + gaps
        let arrest = facts.start?.event
        if let arrest {
            if arrest.warrantShown == nil && arrest.inFlagrante != true { result.append("Was a warrant shown at the arrest (timeline arrest `warrantShown`)?") }
            if arrest.reasonsGiven == nil { result.append("Was the person told the reasons for the arrest at the time (`reasonsGiven`)?") }
            if arrest.approximate == true { result.append("What is the exact date (and time) of the arrest?") }
        }
        if let question = sentenceQuestion() { result.append(question) }
        if criminal && file.charges.isEmpty { result.append("What charges, if any, have been brought, and under which law?") }
        let typed = alleged
        let speechProfiles: [Profile] = [.journalist, .blogger, .humanRightsDefender, .politicalOpposition, .protester, .tradeUnionist, .lawyer, .academic]
        if !typed.contains(.exerciseOfRights), let profile = file.person.profile.first(where: speechProfiles.contains) {
            result.append("The person is a \(profile.rawValue): was the detention a response to their expression, assembly, association or other protected activity (Category II, exercise-of-rights)?")
        }
        // Offences that typically punish expression, assembly or association (docs/legal/categories.md,
        // Category II and "Laws too vague or broad"): a question, never a finding.
        let rightsOffences = ["false news", "false information", "insult", "defam", "extremis", "propaganda", "separatis",
                              "assembly", "rally", "protest", "demonstration", "public order", "hooliganism", "mass riots",
                              "prohibited group", "banned group", "illegal organi", "undesirable organi", "blasphem", "apostasy"]
        if !typed.contains(.exerciseOfRights),
           let charge = file.charges.first(where: { charge in rightsOffences.contains { charge.label.lowercased().contains($0) } }) {
            result.append("The charge \"\(charge.label)\" often punishes expression, assembly or association: did the person only exercise such a right (Category II), and is the offence vague (Category I)?")
        }
        let groupProfiles: [Profile] = [.religiousMinority, .ethnicMinority, .lgbti, .personWithDisability, .humanRightsDefender, .migrant, .stateless]
        if !typed.contains(.discrimination), let profile = file.person.profile.first(where: groupProfiles.contains) {
            result.append("Was the person targeted as a \(profile.rawValue)? Category V needs facts showing discrimination (statements, a pattern, comparators).")
        }
        for finding in categories where finding.finding == .possible {
            result.append("Category \(finding.category.rawValue) is only possible: which facts would show \(finding.grounds.map(\.allegation.rawValue).uniqued().joined(separator: ", ")) on their own?")
        }
        if let source = file.source, source.consent != true {
            result.append("Has the detainee or the family consented to the submission (source.consent)?")
        } else if file.source == nil {
            result.append("Who is the source, and has the detainee or the family consented to the submission?")
        }
        if udhrOnly {
            result.append("\(file.state) is listed as not party to the ICCPR: its provisions are not cited, and the grounds rest on the Universal Declaration. Check the current ratification status before filing.")
        }
        for evidence in EvidenceAssessor.assess(file, facts: facts, udhrOnly: udhrOnly) {
            result += evidence.notes.filter { $0.hasSuffix("?") }
        }
        return result.uniqued()
    }
}

extension Context {
    /// Promptly before a judge (ICCPR art. 9(3); GC35 paras 32-33): the standard of this person
    /// and detention, counted to the first court or judge (docs/legal/promptness.md).
    mutating func judgeGrounds() {
        guard let start = facts.start else { return }
        guard let hours = standard.hours else {
            if facts.beforeJudge == nil || facts.unknownAuthorityAppearance != nil {
                gaps.append("Was the lawfulness of the detention reviewed promptly by a court (ICCPR art. 9(4); A/HRC/30/37 principle 8)? For \(file.deprivation.kind?.rawValue ?? "this") detention the standard is prompt and effective review, not a fixed number of hours.")
            }
            return
        }
        let rule = RuleBook.row(standard.rule)
        if let period = facts.beforeJudge {
            let computation = "\(period.computation); standard: \(standard.words)"
            switch threshold(period, hours: hours, promptness: true) {
            case .exceeded:
                add(rule, derived: true, computation: computation, facts: periodFacts(period), provisions: standard.provisions)
            case .uncertain:
                add(rule, derived: true, computation: computation, facts: periodFacts(period), provisions: standard.provisions,
                    strength: .supporting, note: "\(Assessor.hoursInWords(period.span)): " + uncertainNote(hours, promptness: true))
            case .within:
                guard let unknown = facts.unknownAuthorityAppearance else { break }
                var computation = computation
                var cited = periodFacts(period)
                if let later = facts.beforeJudicialAuthority {
                    computation = "\(later.computation); standard: \(standard.words)"
                    cited = periodFacts(later)
                }
                add(RuleBook.row("I.derived.judge-unknown-kind"), derived: true, computation: computation, facts: cited,
                    provisions: standard.provisions,
                    note: "The appearance on \(unknown.event.date) was before an authority whose kind is not recorded: only a court or judge independent of the executive counts (GC35 para 32).")
            }
        } else if let other = facts.nonJudicialAppearances.first {
            let span = Span(from: start.event.date, to: other.event.date)
            if Assessor.compare(span, hours: hours, approximate: approximateArrest) == .exceeded {
                add(rule, derived: true,
                    computation: "no judge from \(start.event.date); the first appearance, on \(other.event.date) (\(span.inWords) later), was before \(other.event.authority ?? "a \(other.event.authorityKind?.rawValue ?? "prosecutor")"), not a judicial authority; standard: \(standard.words)",
                    facts: [start.path, other.path], provisions: standard.provisions)
            }
        }
    }

    /// Re-arrest after a release order, an acquittal or a completed sentence (docs/legal/custody-periods.md;
    /// docs/legal/categories.md, Category I: detention "despite … an acquittal or release order").
    mutating func recyclingGrounds() {
        for (i, period) in facts.custody.enumerated() where i > 0 {
            let previous = facts.custody[i - 1]
            guard let release = previous.end, release.event.type == .release else { continue }
            let arrest = period.start
            let before = facts.events.filter { !$0.event.date.isBefore(previous.start.event.date) && $0.event.date.isOnOrBefore(release.event.date) }
            let basisEnd = before.last {
                [.releaseOrdered, .sentenceCompleted].contains($0.event.type) || ($0.event.type == .verdict && $0.event.outcome == VerdictOutcome.acquitted.rawValue)
            }
            let gap = Span(from: release.event.date, to: arrest.event.date)
            var computation = "released on \(release.event.date) and arrested again on \(arrest.event.date), \(gap.inWords) later"
            if let basisEnd { computation += ", after \(basisEnd.event.type.rawValue) on \(basisEnd.event.date)" }
            let cited = [basisEnd?.path, release.path, arrest.path].compactMap { $0 }
            if arrest.event.recycled == true {
                add(RuleBook.row("I.derived.recycling"), derived: true, computation: computation + " (typed `recycled`)", facts: cited)
            } else {
                // Only the sequence: a new arrest may rest on a new, lawful ground, so it only supports.
                add(RuleBook.row("I.derived.recycling"), derived: true, computation: computation, facts: cited, strength: .supporting,
                    note: "Only the sequence suggests that the new detention continues the one that was ended.")
                gaps.append("Was the arrest on \(arrest.event.date) on the same or similar charges as the detention that ended on \(release.event.date)\(basisEnd == nil ? ", and was that release ordered by a court, an acquittal or the end of a sentence (record `release-ordered`, the verdict or `sentence-completed`)" : "")? If the new arrest continues the ended detention, mark it `recycled: true`.")
            }
        }
    }

    /// Pre-trial detention counted to judgment (GC35 para 38 [U]): a length in years is flagged.
    mutating func pretrialGrounds() {
        guard criminal, let period = facts.pretrial, period.span.days >= 365 else { return }
        if !alleged.contains(.prolongedPretrialDetention) {
            add(RuleBook.row("III.derived.long-pretrial"), derived: true, computation: period.computation, facts: periodFacts(period))
        }
        gaps.append("Detention before judgment has lasted \(period.figure): was it individually assessed and periodically reviewed by a court, and what justifies its length (GC35 para 38)?")
        if alleged.contains(.mandatoryPretrialDetention) || file.deprivation.individualAssessment == false {
            let why = alleged.contains(.mandatoryPretrialDetention) ? "mandatory pre-trial detention (alleged)" : "never individually assessed (deprivation.individualAssessment: false)"
            add(RuleBook.row("I.derived.pretrial-not-reviewed"), derived: true, computation: "\(period.computation); \(why)",
                facts: periodFacts(period) + ["deprivation"])
        }
    }

    /// Revised Deliberation No. 5 (docs/legal/migration.md): migration detention must be exceptional,
    /// individually assessed, ordered, limited by law, periodically reviewed, never of a child.
    mutating func migrationGrounds() {
        let migrantProfiles: Set<Profile> = [.migrant, .asylumSeeker, .refugee, .stateless]
        let kind = file.deprivation.kind
        let migration = kind == .immigration || (kind == .administrative && !migrantProfiles.isDisjoint(with: file.person.profile))
        guard migration, let start = facts.start else { return }
        let d = file.deprivation
        // Known to last only to the latest information while it is still open (docs/legal/facts-and-dates.md).
        let knownTo = facts.custody.first?.end?.event.date ?? facts.reportedAsOf
        let length = Span(from: start.event.date, to: knownTo)
        let since = "migration detention from \(start.event.date) (\(facts.custody.first?.end == nil ? "at least " : "")\(length.inWords) to \(knownTo))"
        let hasOrder = facts.events.contains { $0.event.type == .detentionOrder }
        if d.orderIssued == false {
            add(RuleBook.row("IV.derived.no-order"), derived: true, computation: "\(since): no decision ordering it was ever issued", facts: ["deprivation.orderIssued"])
            add(RuleBook.row("I.derived.no-order"), derived: true, computation: "\(since): no decision ordering it was ever issued", facts: ["deprivation.orderIssued"])
        } else if d.orderIssued == nil && !hasOrder {
            gaps.append("Was any written decision ordering the migration detention issued (deprivation.orderIssued)?")
        }
        switch d.periodicReview {
        case false?: add(RuleBook.row("IV.derived.no-periodic-review"), derived: true, computation: "\(since): no automatic, periodic review by a court", facts: ["deprivation.periodicReview"])
        case nil: gaps.append("Does a court review the migration detention automatically and periodically (deprivation.periodicReview)?")
        case true?: break
        }
        switch d.legalMaximum {
        case "none"?:
            add(RuleBook.row("IV.derived.no-maximum"), derived: true, computation: "\(since): the law sets no maximum period", facts: ["deprivation.legalMaximum"])
        case let maximum?:
            if let (years, months, days) = SentenceText.calendarParts(maximum) {
                let limit = start.event.date.calendarDate.addingMonths(years * 12 + months).addingDays(days)
                if limit.dayNumber < knownTo.calendarDate.dayNumber {
                    let beyond = "\(since): beyond the legal maximum of \(maximum), which ended on \(limit)"
                    add(RuleBook.row("I.derived.beyond-maximum"), derived: true, computation: beyond, facts: [facts.start!.path, "deprivation.legalMaximum"])
                }
            }
        case nil: gaps.append("What maximum period does the law set for this migration detention (deprivation.legalMaximum: a duration such as P6M, or none)?")
        }
        switch d.individualAssessment {
        case false?: add(RuleBook.row("IV.derived.no-individual-assessment"), derived: true, computation: "\(since): no individual assessment of necessity, proportionality or alternatives", facts: ["deprivation.individualAssessment"])
        case nil: gaps.append("Were the necessity and proportionality of the migration detention, and alternatives to it, assessed for this person (deprivation.individualAssessment)?")
        case true?: break
        }
        if PromptnessStandard.isChild(file.person, on: start.event.date) {
            add(RuleBook.row("IV.derived.child"), derived: true, computation: "\(since): the person was a child when detained", facts: ["person"])
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
