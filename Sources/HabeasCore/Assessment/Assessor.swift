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
    /// The message of `words`.
    var wordsKey: String = "standard.48h"

    static func of(_ file: CaseFile, arrest: TimelineEvent?) -> PromptnessStandard {
        if let kind = file.deprivation.kind, [.immigration, .administrative, .psychiatric].contains(kind) {
            return PromptnessStandard(hours: nil, rule: "I.derived.review-promptly",
                                      provisions: ["ICCPR art. 9(4)", "UDHR art. 9", "A/HRC/30/37 principle 8", "Revised Deliberation No. 5"],
                                      words: "prompt review by a court (no fixed number of hours applies outside criminal arrest)", wordsKey: "standard.review")
        }
        if isChild(file.person, on: arrest?.date) {
            return PromptnessStandard(hours: 24, rule: "I.derived.judge-24h-child",
                                      provisions: ["ICCPR art. 9(3)", "CRC art. 37(d)", "CCPR/C/GC/35 para 33", "CRC/C/GC/24 para 90"],
                                      words: "24 hours, the standard for a child", wordsKey: "standard.child")
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
    /// The structured form of the sentences written here, for interfaces in other languages.
    var phrases = Phrasebook()

    /// A sentence already written (a period's computation) as a phrase argument, or as written.
    func argument(_ english: String) -> Phrase.Argument {
        (phrases[english] ?? facts.phrases[english]).map(Phrase.Argument.phrase) ?? .text(english)
    }

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

    mutating func uncertainNote(_ hours: Double, promptness: Bool = false) -> String {
        promptness && approximateArrest
            ? phrases.say("The arrest date is approximate: whether more than \(Span.format(hours)) hours passed cannot be settled.", "note.approximateArrest", ["hours": .phrase(Phrase("hours", ["count": .count(Int(hours))]))])
            : phrases.say("Counted in calendar days: it may be more or less than \(Span.format(hours)) hours.", "note.calendarDays", ["hours": .phrase(Phrase("hours", ["count": .count(Int(hours))]))])
    }

    var alleged: Set<AllegationType> { Set(file.allegations.map(\.type)) }

    // MARK: Grounds

    mutating func add(_ rule: AssessmentRule, derived: Bool, computation: String? = nil, facts: [String],
                      details: String? = nil, provisions: [String]? = nil, strength: Ground.Strength? = nil, note: String? = nil) {
        var strength = strength ?? rule.strength
        var note = note
        if rule.needsCriminalProceedings && !criminal && strength == .sufficient {
            strength = .supporting
            note = phrases.say("No criminal charge, trial or criminal detention is recorded, and the fair-trial guarantees of ICCPR art. 14 apply to criminal proceedings.", "note.notCriminal")
        }
        let kept = cited(provisions ?? rule.provisions)
        // A category is never sufficient with no binding provision left to cite (docs/legal/treaty-status.md):
        // the UDHR, or a treaty the State is a party to; standards alone only support.
        if strength == .sufficient, !kept.contains(where: { $0.hasPrefix("UDHR") || (Treaty.of($0) != nil && TreatyTable.binding($0, state: file.state) == true) }) {
            strength = .supporting
            let uncertain = (provisions ?? rule.provisions).filter { TreatyTable.binding($0, state: file.state) == nil }
            let added = uncertain.isEmpty
                ? phrases.say("No provision binding on \(file.state) is left to cite (see the treaty status in `habeas rules`).", "note.noBinding", ["state": .text(file.state)])
                : phrases.say("Whether \(file.state) is bound by \(uncertain.joined(separator: ", ")) is not settled in the treaty table: check before relying on it.",
                              "note.bindingUnsettled", ["state": .text(file.state), "provisions": .text(uncertain.joined(separator: ", "))])
            if let before = note {
                note = phrases.say(before + " " + added, "phrase.twoSentences", ["first": argument(before), "second": argument(added)])
            } else {
                note = added
            }
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
                        note: phrases.say("The allegation does not name the right exercised.", "note.rightNotNamed"))
                    gaps.append(phrases.say("Which right was the person exercising when detained (allegations[\(index)].right)?", "gap.rightExercised", ["path": .text("allegations[\(index)].right")]))
                    continue
                }
                let listed = right != .privacy
                add(rule, derived: false, facts: factsCited, details: allegation.details,
                    provisions: RuleBook.rightProvisions[right] ?? [], strength: listed ? .sufficient : .supporting,
                    note: listed ? nil : phrases.say("Privacy (ICCPR art. 17) is not among the rights Category II lists (A/HRC/36/38 para 8(b)).", "note.privacy"))
            case .immigrationDetentionWithoutReview:
                let migrantProfiles: Set<Profile> = [.migrant, .asylumSeeker, .refugee, .stateless]
                let isMigrant = file.deprivation.kind == .immigration || !migrantProfiles.isDisjoint(with: file.person.profile)
                var provisions = RuleBook.row("IV.immigration-without-review").provisions
                if !Set(file.person.profile).isDisjoint(with: [.refugee, .asylumSeeker]) {
                    provisions.append("Refugee Convention art. 31")
                }
                add(RuleBook.row("IV.immigration-without-review"), derived: false, facts: factsCited, details: allegation.details,
                    provisions: provisions, strength: isMigrant ? .sufficient : .supporting,
                    note: isMigrant ? nil : phrases.say("Category IV concerns asylum seekers, migrants and refugees; neither the deprivation kind nor the profile says so.", "note.notMigrant"))
                if !isMigrant { gaps.append(phrases.say("Is the person an asylum seeker, migrant or refugee held in immigration detention (deprivation.kind, person.profile)?", "gap.migrant")) }
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
    mutating func measuredWithin48Hours(_ type: AllegationType) -> String? {
        let period: Period?
        switch type {
        case .notBroughtPromptlyBeforeJudge: period = facts.beforeJudge
        case .deniedCounsel: period = facts.withoutCounsel
        default: return nil
        }
        guard let period, case .event = period.ending, Assessor.beyond48Hours(period.span) == .within else { return nil }
        return phrases.say("The timeline records \(period.span.inWords): \(period.computation).", "note.timelineRecords",
                           ["length": .span(period.span), "computation": argument(period.computation)])
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
                let note = uncertainNote(48)
                add(RuleBook.row("I.derived.incommunicado"), derived: true, computation: period.computation, facts: periodFacts(period),
                    strength: .supporting, note: note)
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
                    computation: phrases.say("arrest on \(arrest.event.date): no warrant shown, not in flagrante", "computation.noWarrant", ["date": .date(arrest.event.date)]), facts: [arrest.path])
            }
            if arrest.event.reasonsGiven == false, !typed.contains(.notInformedOfReasons) {
                add(RuleBook.row("I.derived.no-reasons"), derived: true,
                    computation: phrases.say("arrest on \(arrest.event.date): no reasons given", "computation.noReasons", ["date": .date(arrest.event.date)]), facts: [arrest.path])
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
                    computation: phrases.say("detention ordered on \(e.date) by an authority that is not identified (\(e.authority ?? "unnamed"))",
                                             e.authority == nil ? "computation.unidentifiedAuthorityUnnamed" : "computation.unidentifiedAuthority",
                                             ["date": .date(e.date), "authority": .text(e.authority ?? "")]), facts: [order.path])
            } else if e.isPublic == false, e.detaineePresent == false, e.reasonsPublished == false {
                add(RuleBook.row("I.derived.unidentified-authority"), derived: true,
                    computation: phrases.say("detention ordered on \(e.date) in secret: not public, without the detainee, no reasons published", "computation.secretOrder", ["date": .date(e.date)]), facts: [order.path])
            }
        }
        if let denied = facts.events.first(where: { $0.event.type == .judicialReviewDenied }), !typed.contains(.noJudicialReview) {
            add(RuleBook.row("I.derived.review-denied"), derived: true,
                computation: phrases.say("a challenge to the lawfulness of detention was refused or not heard on \(denied.event.date)", "computation.reviewDenied", ["date": .date(denied.event.date)]), facts: [denied.path])
        }

        // Category III.
        if let period = facts.withoutCounsel, !typed.contains(.deniedCounsel) {
            switch threshold(period, hours: 48) {
            case .exceeded:
                add(RuleBook.row("III.derived.counsel-48h"), derived: true, computation: period.computation, facts: periodFacts(period))
            case .uncertain:
                let note = uncertainNote(48)
                add(RuleBook.row("III.derived.counsel-48h"), derived: true, computation: period.computation, facts: periodFacts(period),
                    strength: .supporting, note: note)
            case .within: break
            }
        }
        for confession in facts.events where confession.event.type == .confession {
            let e = confession.event
            if e.coerced == true, !typed.contains(.coercedConfession) {
                add(RuleBook.row("III.derived.coerced-confession"), derived: true,
                    computation: phrases.say("confession on \(e.date) obtained by coercion", "computation.coercedConfession", ["date": .date(e.date)]), facts: [confession.path])
            }
            if e.counselPresent == false {
                add(RuleBook.row("III.derived.confession-without-counsel"), derived: true,
                    computation: phrases.say("confession on \(e.date) taken without counsel present", "computation.confessionWithoutCounsel", ["date": .date(e.date)]), facts: [confession.path])
            }
        }
        let illTreatment = facts.events.filter { $0.event.type == .illTreatment }
        if !illTreatment.isEmpty, !typed.contains(.illTreatment) {
            let kinds = illTreatment.map { "\($0.event.illTreatmentKind?.rawValue ?? "ill-treatment") on \($0.event.date)" }
            let kindPhrases: [Phrase.Argument] = illTreatment.map {
                .phrase(Phrase("computation.illTreatmentOn", ["kind": $0.event.illTreatmentKind.map { .word(vocabulary: "ill-treatment-kind", key: $0.rawValue) } ?? .event(.illTreatment),
                                                              "date": .date($0.event.date)]))
            }
            add(RuleBook.row("III.derived.ill-treatment"), derived: true,
                computation: phrases.say("alleged ill-treatment: " + kinds.joined(separator: ", "), "computation.illTreatment", ["list": .list(kindPhrases)]),
                facts: illTreatment.map(path))
        }
        if !typed.contains(.secretProceedings) {
            for trial in facts.events where trial.event.type == .trialStart && (trial.event.isPublic == false || trial.event.classified == true) {
                add(RuleBook.row("III.derived.secret-trial"), derived: true,
                    computation: phrases.say("trial from \(trial.event.date) \(trial.event.classified == true ? "classified" : "not public")",
                                             trial.event.classified == true ? "computation.trialClassified" : "computation.trialNotPublic", ["date": .date(trial.event.date)]),
                    facts: [trial.path])
            }
            for hearing in facts.events where hearing.event.type == .hearing && hearing.event.classified == true {
                add(RuleBook.row("III.derived.secret-trial"), derived: true,
                    computation: phrases.say("classified hearing on \(hearing.event.date)", "computation.classifiedHearing", ["date": .date(hearing.event.date)]), facts: [hearing.path])
            }
            let closed = facts.events.filter { $0.event.type == .hearing && $0.event.isPublic == false && $0.event.classified != true }
            if !closed.isEmpty {
                add(RuleBook.row("III.derived.closed-hearing"), derived: true,
                    computation: phrases.say("hearings not public on " + closed.map(\.event.date.description).joined(separator: ", "), "computation.closedHearings",
                                             ["dates": .list(closed.map { .date($0.event.date) })]), facts: closed.map(path))
            }
        }
        if !typed.contains(.tribunalNotIndependent) {
            // A military court is a ground only for a civilian (GC32 para 22 [U]; docs/legal/pretrial.md).
            for trial in facts.events where trial.event.type == .trialStart && trial.event.militaryOrSpecialCourt == true {
                let computation = "tried from \(trial.event.date) by a military or special court (\(trial.event.court ?? "court not named"))"
                let tried = Phrase(trial.event.court == nil ? "computation.militaryCourtUnnamed" : "computation.militaryCourt",
                                   ["date": .date(trial.event.date), "court": .text(trial.event.court ?? "")])
                switch file.person.civilian {
                case true?:
                    add(RuleBook.row("III.derived.special-court"), derived: true,
                        computation: phrases.say(computation + "; the person is a civilian", "computation.civilian", ["computation": .phrase(tried)]), facts: [trial.path, "person.civilian"])
                case false?:
                    gaps.append(phrases.say("The person is not a civilian (person.civilian: false): trial by a military court is not in itself a ground; was that court independent and impartial?", "gap.notCivilian"))
                case nil:
                    phrases[computation] = tried
                    add(RuleBook.row("III.derived.special-court"), derived: true, computation: computation, facts: [trial.path],
                        strength: .supporting, note: phrases.say("A military court counts against the detention only where the person is a civilian; the file does not say (person.civilian).", "note.civilianUnknown"))
                    gaps.append(phrases.say("Is the person a civilian (person.civilian)? Trial of a civilian by a military court is a Category III ground.", "gap.civilian"))
                }
            }
            for appearance in facts.events where appearance.event.type == .broughtBeforeJudge && appearance.event.authorityIdentified == false {
                add(RuleBook.row("III.derived.special-court"), derived: true,
                    computation: phrases.say("brought on \(appearance.event.date) before an authority that is not identified (\(appearance.event.authority ?? "unnamed"))",
                                             appearance.event.authority == nil ? "computation.unidentifiedJudgeUnnamed" : "computation.unidentifiedJudge",
                                             ["date": .date(appearance.event.date), "authority": .text(appearance.event.authority ?? "")]), facts: [appearance.path])
            }
        }
        let counsel = facts.events.filter { $0.event.type == .counselAccess }
        if !counsel.isEmpty, counsel.allSatisfy({ $0.event.chosen == false }), !typed.contains(.counselNotOfChoice) {
            add(RuleBook.row("III.derived.appointed-counsel"), derived: true,
                computation: phrases.say("every lawyer recorded was not of the detainee's choosing (first on \(counsel[0].event.date))", "computation.appointedCounsel", ["date": .date(counsel[0].event.date)]), facts: counsel.map(path))
            gaps.append(phrases.say("Did the detainee or the family ask for a lawyer of their choice, and was that lawyer refused?", "gap.counselOfChoice"))
        }
        if !counsel.isEmpty, counsel.allSatisfy({ $0.event.confidential == false }), !typed.contains(.inadequateDefence) {
            add(RuleBook.row("III.derived.no-confidential-counsel"), derived: true,
                computation: phrases.say("no confidential meeting with a lawyer recorded (first access on \(counsel[0].event.date))", "computation.noConfidentialCounsel", ["date": .date(counsel[0].event.date)]), facts: counsel.map(path))
        }

        // Category IV.
        if file.deprivation.kind == .immigration, !typed.contains(.immigrationDetentionWithoutReview),
           typed.contains(.noJudicialReview) || facts.events.contains(where: { $0.event.type == .judicialReviewDenied }) {
            add(RuleBook.row("IV.derived.immigration-no-review"), derived: true,
                computation: phrases.say("immigration detention from \(facts.start?.event.date.description ?? "an unknown date") with review of its lawfulness refused or unavailable",
                                         facts.start == nil ? "computation.immigrationNoReviewUndated" : "computation.immigrationNoReview",
                                         ["date": facts.start.map { .date($0.event.date) } ?? .text("")]),
                facts: facts.events.filter { $0.event.type == .judicialReviewDenied }.map(path))
            gaps.append(phrases.say("Is the immigration detention subject to any periodic administrative or judicial review, and is there a maximum period (Category IV)?", "gap.immigrationReview"))
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
            computation: phrases.say("detained for exercising a right, and the person is a \(profile.rawValue) (person.profile)", "computation.targetedProfile", ["profile": .profile(profile)]),
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

    mutating func result() -> Assessment {
        let categories = Category.allCases.map { category -> CategoryFinding in
            let list = grounds.filter { $0.category == category }.map(\.ground)
            let finding: Finding = list.contains { $0.strength == .sufficient } ? .indicated : list.isEmpty ? .notIndicated : .possible
            return CategoryFinding(category: category, finding: finding, grounds: list)
        }
        let evidence = EvidenceAssessor.assess(file, facts: facts, udhrOnly: udhrOnly)
        var assessment = Assessment(
            caseID: file.id, asOf: asOf, categories: categories, urgentAction: UrgentAction(eligible: false, reasons: []),
            evidence: evidence, derived: facts, gaps: [], remedies: [], referrals: [], udhrOnly: udhrOnly)
        assessment.urgentAction = urgentAction()
        assessment.gaps = allGaps(categories)
        assessment.remedies = Remedies.requested(file: file, assessment: assessment, ongoing: ongoing)
        assessment.referrals = Remedies.referrals(file: file, grounds: grounds.map(\.ground), categoryIV: assessment.finding(for: .IV).finding == .indicated)
        assessment.safeguards = Remedies.safeguards(file: file, facts: facts, criminal: criminal, phrases: &phrases)
        if TreatyTable.status(file.state, .iccpr) == nil {
            assessment.gaps.append(phrases.say("The ratification status of \(file.state) is not in the treaty table: check that it is a party to each treaty cited (ICCPR, CAT, CRC …) before filing (`habeas rules`).",
                                               "gap.ratification", ["state": .text(file.state)]))
        }
        assessment.phrases = facts.phrases.merging(phrases) { _, new in new }
        // Only the remedies and mandates named here, not the whole fixed book on every case.
        for text in assessment.remedies + assessment.referrals where assessment.phrases[text] == nil {
            assessment.phrases[text] = Remedies.phrases[text]
        }
        for finding in evidence { assessment.phrases.merge(finding.phrases) { old, _ in old } }
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
    mutating func urgentAction() -> UrgentAction {
        var reasons: [String] = []
        let typed = alleged
        if typed.contains(.healthAtRisk) { reasons.append(phrases.say("The source alleges that continued detention endangers the person's health, physical or psychological integrity or life.", "urgent.healthAtRisk")) }
        if typed.contains(.illTreatment) || facts.events.contains(where: { $0.event.type == .illTreatment }) {
            reasons.append(phrases.say("The person is alleged to have been tortured or ill-treated in custody.", "urgent.illTreatment"))
        }
        if typed.contains(.deniedMedicalCare) { reasons.append(phrases.say("The person is alleged to be denied medical care.", "urgent.deniedMedicalCare")) }
        if let strike = facts.events.last(where: { $0.event.type == .hungerStrike }) {
            reasons.append(phrases.say("The person has been on hunger strike since \(strike.event.date).", "urgent.hungerStrike", ["date": .date(strike.event.date)]))
        }
        if let health = facts.events.last(where: { $0.event.type == .healthDeterioration }) {
            reasons.append(phrases.say("The person's health was reported to deteriorate on \(health.event.date).", "urgent.healthDeterioration", ["date": .date(health.event.date)]))
        }
        if let period = facts.incommunicado, facts.custody.count == 1, case .running = period.ending {
            reasons.append(phrases.say("The person has been held incommunicado for \(period.figure).", "urgent.incommunicado", ["figure": period.figureArgument]))
        }
        if let period = facts.undisclosedLocation, facts.custody.count == 1, case .running = period.ending {
            reasons.append(phrases.say("The person's whereabouts have been concealed for \(period.figure).", "urgent.concealed", ["figure": period.figureArgument]))
        }
        if facts.rearrested, let latest = facts.custody.last, latest.end == nil {
            reasons.append(phrases.say("The person was released and arrested again on \(latest.start.event.date), and is detained since.", "urgent.rearrested", ["date": .date(latest.start.event.date)]))
        }
        if facts.events.contains(where: { $0.event.type == .verdict && $0.event.sentence == "death" }) {
            reasons.append(phrases.say("The person has been sentenced to death.", "urgent.death"))
        }
        guard ongoing else {
            return UrgentAction(eligible: false, reasons: reasons.isEmpty ? [] : [phrases.say("The person is no longer detained as of \(asOf); urgent action concerns continued detention (A/HRC/36/38 paras 22-24).", "urgent.notDetained", ["date": .date(asOf)])])
        }
        if reasons.isEmpty {
            return UrgentAction(eligible: false, reasons: [phrases.say("No serious threat to health, integrity or life is recorded (A/HRC/36/38 paras 22-24); the regular procedure applies.", "urgent.none")])
        }
        return UrgentAction(eligible: true, reasons: reasons + [phrases.say("These allegations, if reliable, show that continued detention seriously endangers the person (A/HRC/36/38 paras 22-24); an urgent appeal does not prejudge the opinion.", "urgent.warranted")])
    }

    /// A sentence that, counted from the arrest, has run out while the person is still held:
    /// detention beyond it has no legal basis (Category I), but remission, credit for time served
    /// and the start date vary, so it is a question, not a ground.
    mutating func sentenceQuestion() -> String? {
        guard ongoing, let start = facts.start,
              !facts.events.contains(where: { $0.event.type == .sentenceCompleted }),
              let verdict = facts.events.last(where: { $0.event.type == .verdict && $0.event.outcome == "convicted" }),
              let sentence = verdict.event.sentence,
              let (years, months, days) = SentenceText.calendarParts(sentence) else { return nil }
        let end = start.event.date.calendarDate.addingMonths(years * 12 + months).addingDays(days)
        guard end.isBefore(asOf) else { return nil }
        return phrases.say("The sentence of \(sentence) imposed on \(verdict.event.date.calendarDate), counted from the arrest on \(start.event.date.calendarDate), would have ended on \(end): is the person held beyond it? If so, record `sentence-completed`.",
                           "gap.sentenceServed", ["sentence": .text(sentence), "verdict": .date(verdict.event.date.calendarDate),
                                                  "arrest": .date(start.event.date.calendarDate), "end": .date(end)])
    }

    mutating func allGaps(_ categories: [CategoryFinding]) -> [String] {
        // The timeline's questions, then those the grounds raised.
        var result = facts.gaps + gaps
        let arrest = facts.start?.event
        if let arrest {
            if arrest.warrantShown == nil && arrest.inFlagrante != true { result.append(phrases.say("Was a warrant shown at the arrest (timeline arrest `warrantShown`)?", "gap.warrant")) }
            if arrest.reasonsGiven == nil { result.append(phrases.say("Was the person told the reasons for the arrest at the time (`reasonsGiven`)?", "gap.reasons")) }
            if arrest.approximate == true { result.append(phrases.say("What is the exact date (and time) of the arrest?", "gap.exactArrest")) }
        }
        if let question = sentenceQuestion() { result.append(question) }
        if criminal && file.charges.isEmpty { result.append(phrases.say("What charges, if any, have been brought, and under which law?", "gap.charges")) }
        let typed = alleged
        let speechProfiles: [Profile] = [.journalist, .blogger, .humanRightsDefender, .politicalOpposition, .protester, .tradeUnionist, .lawyer, .academic]
        if !typed.contains(.exerciseOfRights), let profile = file.person.profile.first(where: speechProfiles.contains) {
            result.append(phrases.say("The person is a \(profile.rawValue): was the detention a response to their expression, assembly, association or other protected activity (Category II, exercise-of-rights)?",
                                      "gap.speechProfile", ["profile": .profile(profile)]))
        }
        // Offences that typically punish expression, assembly or association (docs/legal/categories.md,
        // Category II and "Laws too vague or broad"): a question, never a finding.
        let rightsOffences = ["false news", "false information", "insult", "defam", "extremis", "propaganda", "separatis",
                              "assembly", "rally", "protest", "demonstration", "public order", "hooliganism", "mass riots",
                              "prohibited group", "banned group", "illegal organi", "undesirable organi", "blasphem", "apostasy"]
        if !typed.contains(.exerciseOfRights),
           let charge = file.charges.first(where: { charge in
               let label = charge.label.lowercased()
               return rightsOffences.contains { TextScanning.contains(label, $0) }
           }) {
            result.append(phrases.say("The charge \"\(charge.label)\" often punishes expression, assembly or association: did the person only exercise such a right (Category II), and is the offence vague (Category I)?",
                                      "gap.rightsOffence", ["charge": .text(charge.label)]))
        }
        let groupProfiles: [Profile] = [.religiousMinority, .ethnicMinority, .lgbti, .personWithDisability, .humanRightsDefender, .migrant, .stateless]
        if !typed.contains(.discrimination), let profile = file.person.profile.first(where: groupProfiles.contains) {
            result.append(phrases.say("Was the person targeted as a \(profile.rawValue)? Category V needs facts showing discrimination (statements, a pattern, comparators).",
                                      "gap.targetedProfile", ["profile": .profile(profile)]))
        }
        for finding in categories where finding.finding == .possible {
            let shown = finding.grounds.map(\.allegation).uniqued()
            result.append(phrases.say("Category \(finding.category.rawValue) is only possible: which facts would show \(shown.map(\.rawValue).joined(separator: ", ")) on their own?",
                                      "gap.onlyPossible", ["category": .text(finding.category.rawValue), "allegations": .list(shown.map(Phrase.Argument.allegation))]))
        }
        if let source = file.source, source.consent != true {
            result.append(phrases.say("Has the detainee or the family consented to the submission (source.consent)?", "gap.consent"))
        } else if file.source == nil {
            result.append(phrases.say("Who is the source, and has the detainee or the family consented to the submission?", "gap.source"))
        }
        if udhrOnly {
            result.append(phrases.say("\(file.state) is listed as not party to the ICCPR: its provisions are not cited, and the grounds rest on the Universal Declaration. Check the current ratification status before filing.",
                                      "gap.udhrOnly", ["state": .text(file.state)]))
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
                gaps.append(phrases.say("Was the lawfulness of the detention reviewed promptly by a court (ICCPR art. 9(4); A/HRC/30/37 principle 8)? For \(file.deprivation.kind?.rawValue ?? "this") detention the standard is prompt and effective review, not a fixed number of hours.",
                                        "gap.promptReview", ["kind": file.deprivation.kind.map { .word(vocabulary: "deprivation-kind", key: $0.rawValue) } ?? .text("—")]))
            }
            return
        }
        let rule = RuleBook.row(standard.rule)
        if let period = facts.beforeJudge {
            let computation = phrases.say("\(period.computation); standard: \(standard.words)", "computation.withStandard",
                                          ["computation": argument(period.computation), "standard": .phrase(Phrase(standard.wordsKey))])
            switch threshold(period, hours: hours, promptness: true) {
            case .exceeded:
                add(rule, derived: true, computation: computation, facts: periodFacts(period), provisions: standard.provisions)
            case .uncertain:
                let uncertain = uncertainNote(hours, promptness: true)
                let note = phrases.say("\(Assessor.hoursInWords(period.span)): " + uncertain, "note.hoursUncertain",
                                       ["length": .span(period.span), "note": argument(uncertain)])
                add(rule, derived: true, computation: computation, facts: periodFacts(period), provisions: standard.provisions,
                    strength: .supporting, note: note)
            case .within:
                guard let unknown = facts.unknownAuthorityAppearance else { break }
                var computation = computation
                var cited = periodFacts(period)
                if let later = facts.beforeJudicialAuthority {
                    computation = phrases.say("\(later.computation); standard: \(standard.words)", "computation.withStandard",
                                              ["computation": argument(later.computation), "standard": .phrase(Phrase(standard.wordsKey))])
                    cited = periodFacts(later)
                }
                add(RuleBook.row("I.derived.judge-unknown-kind"), derived: true, computation: computation, facts: cited,
                    provisions: standard.provisions,
                    note: phrases.say("The appearance on \(unknown.event.date) was before an authority whose kind is not recorded: only a court or judge independent of the executive counts (GC35 para 32).",
                                      "note.unknownAuthority", ["date": .date(unknown.event.date)]))
            }
        } else if let other = facts.nonJudicialAppearances.first {
            let span = Span(from: start.event.date, to: other.event.date)
            if Assessor.compare(span, hours: hours, approximate: approximateArrest) == .exceeded {
                add(rule, derived: true,
                    computation: phrases.say("no judge from \(start.event.date); the first appearance, on \(other.event.date) (\(span.inWords) later), was before \(other.event.authority ?? "a \(other.event.authorityKind?.rawValue ?? "prosecutor")"), not a judicial authority; standard: \(standard.words)",
                                             "computation.noJudge", ["from": .date(start.event.date), "date": .date(other.event.date), "length": .span(span),
                                                                     "authority": other.event.authority.map(Phrase.Argument.text)
                                                                        ?? .word(vocabulary: "authority-kind", key: other.event.authorityKind?.rawValue ?? "prosecutor"),
                                                                     "standard": .phrase(Phrase(standard.wordsKey))]),
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
            var recycled = Phrase("computation.recycling", ["release": .date(release.event.date), "arrest": .date(arrest.event.date), "length": .span(gap)])
            if let basisEnd {
                computation += ", after \(basisEnd.event.type.rawValue) on \(basisEnd.event.date)"
                recycled = Phrase("computation.recyclingAfter", ["computation": .phrase(recycled), "event": .event(basisEnd.event.type), "date": .date(basisEnd.event.date)])
            }
            let cited = [basisEnd?.path, release.path, arrest.path].compactMap { $0 }
            if arrest.event.recycled == true {
                add(RuleBook.row("I.derived.recycling"), derived: true,
                    computation: phrases.say(computation + " (typed `recycled`)", "computation.recyclingTyped", ["computation": .phrase(recycled)]), facts: cited)
            } else {
                // Only the sequence: a new arrest may rest on a new, lawful ground, so it only supports.
                phrases[computation] = recycled
                add(RuleBook.row("I.derived.recycling"), derived: true, computation: computation, facts: cited, strength: .supporting,
                    note: phrases.say("Only the sequence suggests that the new detention continues the one that was ended.", "note.sequenceOnly"))
                gaps.append(phrases.say("Was the arrest on \(arrest.event.date) on the same or similar charges as the detention that ended on \(release.event.date)\(basisEnd == nil ? ", and was that release ordered by a court, an acquittal or the end of a sentence (record `release-ordered`, the verdict or `sentence-completed`)" : "")? If the new arrest continues the ended detention, mark it `recycled: true`.",
                                        basisEnd == nil ? "gap.sameChargesBasis" : "gap.sameCharges",
                                        ["arrest": .date(arrest.event.date), "release": .date(release.event.date)]))
            }
        }
    }

    /// Pre-trial detention counted to judgment (GC35 para 38 [U]): a length in years is flagged.
    mutating func pretrialGrounds() {
        guard criminal, let period = facts.pretrial, period.span.days >= 365 else { return }
        if !alleged.contains(.prolongedPretrialDetention) {
            add(RuleBook.row("III.derived.long-pretrial"), derived: true, computation: period.computation, facts: periodFacts(period))
        }
        gaps.append(phrases.say("Detention before judgment has lasted \(period.figure): was it individually assessed and periodically reviewed by a court, and what justifies its length (GC35 para 38)?",
                                "gap.longPretrial", ["figure": period.figureArgument]))
        if alleged.contains(.mandatoryPretrialDetention) || file.deprivation.individualAssessment == false {
            let mandatory = alleged.contains(.mandatoryPretrialDetention)
            let why = mandatory ? "mandatory pre-trial detention (alleged)" : "never individually assessed (deprivation.individualAssessment: false)"
            add(RuleBook.row("I.derived.pretrial-not-reviewed"), derived: true,
                computation: phrases.say("\(period.computation); \(why)", mandatory ? "computation.mandatoryPretrial" : "computation.notAssessedPretrial",
                                         ["computation": argument(period.computation)]),
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
        let sincePhrase: Phrase.Argument = .phrase(Phrase(facts.custody.first?.end == nil ? "computation.migrationSinceAtLeast" : "computation.migrationSince",
                                                          ["from": .date(start.event.date), "length": .span(length), "to": .date(knownTo)]))
        func detained(_ english: String, _ key: String, _ more: [String: Phrase.Argument] = [:]) -> String {
            phrases.say("\(since): " + english, "computation.migration." + key, more.merging(["since": sincePhrase]) { a, _ in a })
        }
        let hasOrder = facts.events.contains { $0.event.type == .detentionOrder }
        if d.orderIssued == false {
            let noOrder = detained("no decision ordering it was ever issued", "noOrder")
            add(RuleBook.row("IV.derived.no-order"), derived: true, computation: noOrder, facts: ["deprivation.orderIssued"])
            add(RuleBook.row("I.derived.no-order"), derived: true, computation: noOrder, facts: ["deprivation.orderIssued"])
        } else if d.orderIssued == nil && !hasOrder {
            gaps.append(phrases.say("Was any written decision ordering the migration detention issued (deprivation.orderIssued)?", "gap.migrationOrder"))
        }
        switch d.periodicReview {
        case false?:
            let computation = detained("no automatic, periodic review by a court", "noReview")
            add(RuleBook.row("IV.derived.no-periodic-review"), derived: true, computation: computation, facts: ["deprivation.periodicReview"])
        case nil: gaps.append(phrases.say("Does a court review the migration detention automatically and periodically (deprivation.periodicReview)?", "gap.migrationReview"))
        case true?: break
        }
        switch d.legalMaximum {
        case "none"?:
            let computation = detained("the law sets no maximum period", "noMaximum")
            add(RuleBook.row("IV.derived.no-maximum"), derived: true, computation: computation, facts: ["deprivation.legalMaximum"])
        case let maximum?:
            if let (years, months, days) = SentenceText.calendarParts(maximum) {
                let limit = start.event.date.calendarDate.addingMonths(years * 12 + months).addingDays(days)
                if limit.dayNumber < knownTo.calendarDate.dayNumber {
                    let beyond = detained("beyond the legal maximum of \(maximum), which ended on \(limit)", "beyondMaximum",
                                           ["maximum": .text(maximum), "date": .date(limit)])
                    add(RuleBook.row("I.derived.beyond-maximum"), derived: true, computation: beyond, facts: [facts.start!.path, "deprivation.legalMaximum"])
                }
            }
        case nil: gaps.append(phrases.say("What maximum period does the law set for this migration detention (deprivation.legalMaximum: a duration such as P6M, or none)?", "gap.migrationMaximum"))
        }
        switch d.individualAssessment {
        case false?:
            let computation = detained("no individual assessment of necessity, proportionality or alternatives", "noAssessment")
            add(RuleBook.row("IV.derived.no-individual-assessment"), derived: true, computation: computation, facts: ["deprivation.individualAssessment"])
        case nil: gaps.append(phrases.say("Were the necessity and proportionality of the migration detention, and alternatives to it, assessed for this person (deprivation.individualAssessment)?", "gap.migrationAssessment"))
        case true?: break
        }
        if PromptnessStandard.isChild(file.person, on: start.event.date) {
            let computation = detained("the person was a child when detained", "child")
            add(RuleBook.row("IV.derived.child"), derived: true, computation: computation, facts: ["person"])
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
