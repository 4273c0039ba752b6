/// Assesses a case against categories I–V as the Working Group reasons (shared/domain/), from the
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

    /// The 48-hour standard (GC35 para 33; Basic Principles on the Role of Lawyers 7): exact with
    /// hours; with calendar dates, 3 days or more certainly exceed it, 2 days may or may not.
    enum Threshold { case exceeded, uncertain, within }

    static func beyond48Hours(_ span: Span) -> Threshold {
        if let hours = span.exactHours { return hours > 48 ? .exceeded : .within }
        let days = span.calendarDays ?? 0
        return days >= 3 ? .exceeded : days == 2 ? .uncertain : .within
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
        udhrOnly = RuleBook.notPartyToICCPR.contains(file.state)
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
        let ground = Ground(allegation: rule.allegation, derived: derived, computation: computation,
                            provisions: cited(provisions ?? rule.provisions), facts: facts, strength: strength,
                            rule: rule.id, details: details, note: note)
        grounds.append((rule.category, ground))
    }

    /// ICCPR provisions are dropped for a State not party to it (the UDHR applies).
    func cited(_ provisions: [String]) -> [String] {
        udhrOnly ? provisions.filter { !$0.hasPrefix("ICCPR") && !$0.hasPrefix("CCPR/") } : provisions
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

        if let period = facts.beforeJudge, !typed.contains(.notBroughtPromptlyBeforeJudge) {
            let provisions = criminal ? nil : ["ICCPR art. 9(4)", "ICCPR art. 9(3)", "CCPR/C/GC/35 para 33"]
            switch Assessor.beyond48Hours(period.span) {
            case .exceeded:
                add(RuleBook.row("I.derived.judge-48h"), derived: true, computation: period.computation, facts: periodFacts(period), provisions: provisions)
            case .uncertain:
                add(RuleBook.row("I.derived.judge-48h"), derived: true, computation: period.computation, facts: periodFacts(period),
                    provisions: provisions, strength: .supporting, note: "Counted in calendar days: it may be more or less than 48 hours.")
            case .within: break
            }
        } else if facts.beforeJudge == nil, let prosecutor = facts.nonJudicialAppearances.first, let start = facts.start,
                  !typed.contains(.notBroughtPromptlyBeforeJudge) {
            let span = Span(from: start.event.date, to: prosecutor.event.date)
            if Assessor.beyond48Hours(span) == .exceeded {
                add(RuleBook.row("I.derived.judge-48h"), derived: true,
                    computation: "no judge from \(start.event.date); the first appearance, on \(prosecutor.event.date) (\(span.inWords) later), was before \(prosecutor.event.authority ?? "a prosecutor"), not a judicial authority",
                    facts: [start.path, prosecutor.path])
            }
        }
        if let period = facts.incommunicado, !typed.contains(.incommunicado) {
            switch Assessor.beyond48Hours(period.span) {
            case .exceeded:
                add(RuleBook.row("I.derived.incommunicado"), derived: true, computation: period.computation, facts: periodFacts(period))
            case .uncertain:
                add(RuleBook.row("I.derived.incommunicado"), derived: true, computation: period.computation, facts: periodFacts(period),
                    strength: .supporting, note: "Counted in calendar days: it may be more or less than 48 hours.")
            case .within: break
            }
        }
        if let period = facts.undisclosedLocation, !typed.contains(.undisclosedLocation) {
            add(RuleBook.row("I.derived.undisclosed"), derived: true, computation: period.computation, facts: periodFacts(period))
        }
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
            switch Assessor.beyond48Hours(period.span) {
            case .exceeded:
                add(RuleBook.row("III.derived.counsel-48h"), derived: true, computation: period.computation, facts: periodFacts(period))
            case .uncertain:
                add(RuleBook.row("III.derived.counsel-48h"), derived: true, computation: period.computation, facts: periodFacts(period),
                    strength: .supporting, note: "Counted in calendar days: it may be more or less than 48 hours.")
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
            for trial in facts.events where trial.event.type == .trialStart && trial.event.militaryOrSpecialCourt == true {
                add(RuleBook.row("III.derived.special-court"), derived: true,
                    computation: "tried from \(trial.event.date) by a military or special court (\(trial.event.court ?? "court not named"))", facts: [trial.path])
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
    }

    /// Category V from who the person is, once Category II stands: only a supporting ground, since
    /// discrimination needs facts showing targeting (wgad-categories.md, Category V [U]).
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
        assessment.referrals = Remedies.referrals(file: file, grounds: grounds.map(\.ground))
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
        if let period = facts.incommunicado, case .running = period.ending {
            reasons.append("The person has been held incommunicado for \(period.span.inWords) and still was on \(asOf).")
        }
        if let period = facts.undisclosedLocation, case .running = period.ending {
            reasons.append("The person's whereabouts have been concealed for \(period.span.inWords) and still were on \(asOf).")
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
        var result = facts.gaps
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
        // Offences that typically punish expression, assembly or association (wgad-categories.md,
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
            result.append("\(file.state) is listed as not party to the ICCPR: only the UDHR is cited. Check the current ratification status before filing.")
        }
        for evidence in EvidenceAssessor.assess(file, facts: facts, udhrOnly: udhrOnly) {
            result += evidence.notes.filter { $0.hasSuffix("?") }
        }
        return result.uniqued()
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
