/// One row of the rules table: an allegation (typed or derived) and what it supports.
///
/// The table is the whole of the legal mapping: the engine reads it, `habeas rules` prints it for a
/// lawyer to review. Every row cites the passage of the domain notes (`docs/legal/`) it encodes;
/// evidence markers [V] verified, [O] standard in opinions, [U] unverified are kept from there.
public struct AssessmentRule: Sendable, Equatable {
    public var id: String
    public var allegation: AllegationType
    public var category: Category
    public var strength: Ground.Strength
    /// For a derived row: the condition on the timeline, in words. Nil for a typed allegation.
    public var derivedWhen: String?
    public var provisions: [String]
    public var citation: String
    /// Fair-trial rows (ICCPR art. 14) suffice only where there are criminal proceedings
    /// (charges, a trial, or pre-trial/post-conviction detention); elsewhere they only support.
    public var needsCriminalProceedings: Bool

    init(_ id: String, _ allegation: AllegationType, _ category: Category, _ strength: Ground.Strength,
         when derivedWhen: String? = nil, provisions: [String], cite citation: String, criminal: Bool = false) {
        self.id = id
        self.allegation = allegation
        self.category = category
        self.strength = strength
        self.derivedWhen = derivedWhen
        self.provisions = provisions
        self.citation = citation
        self.needsCriminalProceedings = criminal
    }
}

public enum RuleBook {
    static let catI = "docs/legal/categories.md, Category I"
    static let catIII = "docs/legal/categories.md, Category III"

    /// The rows, typed allegations first, then the derived ones.
    public static let rows: [AssessmentRule] = [
        // Category I: no legal basis (A/HRC/36/38 para 8(a)).
        .init("I.no-legal-basis", .noLegalBasis, .I, .sufficient,
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)"],
              cite: "\(catI), definition: no legal basis can be invoked (A/HRC/36/38 para 8(a)) [V]"),
        .init("I.no-warrant", .noWarrant, .I, .sufficient,
              provisions: ["UDHR arts. 3 and 9", "ICCPR art. 9(1)"],
              cite: "\(catI), 'No warrant shown, no reasons given at arrest' [O]; Opinion 11/2023 (Mamai) [V]"),
        .init("I.not-informed-of-reasons", .notInformedOfReasons, .I, .sufficient,
              provisions: ["ICCPR art. 9(2)", "UDHR art. 9", "Body of Principles, principle 10"],
              cite: "\(catI), 'No warrant shown, no reasons given at arrest': reasons at once, charges promptly [O]"),
        .init("I.not-brought-promptly", .notBroughtPromptlyBeforeJudge, .I, .sufficient,
              provisions: ["ICCPR art. 9(3)", "CCPR/C/GC/35 para 33", "Body of Principles, principle 11"],
              cite: "\(catI), 'Not brought promptly before a judge': about 48 hours (GC35 para 33) [V]", criminal: false),
        .init("I.no-judicial-review", .noJudicialReview, .I, .sufficient,
              provisions: ["ICCPR art. 9(4)", "UDHR art. 8", "A/HRC/30/37 paras 2-3 and 11"],
              cite: "\(catI), 'No effective challenge to lawfulness (habeas corpus)' [O]"),
        .init("I.incommunicado", .incommunicado, .I, .sufficient,
              provisions: ["UDHR art. 6", "ICCPR art. 16", "ICCPR art. 9(3)", "ICCPR art. 9(4)", "CCPR/C/GC/35 para 35"],
              cite: "\(catI), 'Incommunicado detention and enforced disappearance' [U on GC35 paragraphs]"),
        .init("I.undisclosed-location", .undisclosedLocation, .I, .sufficient,
              provisions: ["UDHR art. 6", "ICCPR art. 16", "ICCPR art. 9(1)", "CCPR/C/GC/35 para 17"],
              cite: "\(catI), 'Incommunicado detention and enforced disappearance'; 'Secret or undisclosed detention' [U on GC35 para 17]"),
        .init("I.vague-law", .vagueLaw, .I, .sufficient,
              provisions: ["UDHR art. 11(2)", "ICCPR art. 15(1)", "CCPR/C/GC/35 para 22"],
              cite: "\(catI), 'Laws too vague or broad to be applied foreseeably' [U on GC35 para 22]"),

        // Category II: exercise of rights (A/HRC/36/38 para 8(b)); provisions by right in `rightProvisions`.
        .init("II.exercise-of-rights", .exerciseOfRights, .II, .sufficient,
              provisions: [],
              cite: "docs/legal/categories.md, Category II: UDHR arts 7, 13, 14, 18-21; ICCPR arts 12, 18, 19, 21, 22, 25-27 [V]"),

        // Category III: fair trial (A/HRC/36/38 para 8(c)); the test is gravity.
        .init("III.denied-counsel", .deniedCounsel, .III, .sufficient,
              provisions: ["ICCPR art. 14(3)(b)", "ICCPR art. 14(3)(d)", "UDHR art. 11(1)",
                           "Basic Principles on the Role of Lawyers, principles 1 and 7", "A/HRC/30/37 principle 9 and guideline 8"],
              cite: "\(catIII), 'Denial of counsel … or late access to a lawyer' (no later than 48 hours) [U on numbering]", criminal: true),
        .init("III.counsel-not-of-choice", .counselNotOfChoice, .III, .sufficient,
              provisions: ["ICCPR art. 14(3)(b)", "ICCPR art. 14(3)(d)", "Basic Principles on the Role of Lawyers, principle 1"],
              cite: "\(catIII), 'counsel not of one's choice'; Massimov (Blackstone Chambers, para 109) [V]", criminal: true),
        .init("III.inadequate-defence", .inadequateDefence, .III, .sufficient,
              provisions: ["ICCPR art. 14(3)(b)", "Basic Principles on the Role of Lawyers, principles 8, 21 and 22"],
              cite: "\(catIII), 'No adequate time or facilities to prepare, no access to evidence' [U on numbering]", criminal: true),
        .init("III.secret-proceedings", .secretProceedings, .III, .sufficient,
              provisions: ["ICCPR art. 14(1)", "UDHR art. 10"],
              cite: "\(catIII), 'Closed, secret or \"top secret\" trials without justification'", criminal: true),
        .init("III.tribunal-not-independent", .tribunalNotIndependent, .III, .sufficient,
              provisions: ["ICCPR art. 14(1)", "UDHR art. 10"],
              cite: "\(catIII), 'Lack of an independent and impartial tribunal, including … military or special courts'", criminal: true),
        .init("III.presumption-of-innocence", .presumptionOfInnocenceViolated, .III, .sufficient,
              provisions: ["ICCPR art. 14(2)", "UDHR art. 11(1)"],
              cite: "\(catIII), 'Presumption of innocence breached'", criminal: true),
        .init("III.coerced-confession", .coercedConfession, .III, .sufficient,
              provisions: ["ICCPR art. 7", "ICCPR art. 14(3)(g)", "Convention against Torture art. 15", "UDHR art. 5"],
              cite: "\(catIII), 'Torture, ill-treatment and coerced confessions' [O]", criminal: true),
        .init("III.ill-treatment", .illTreatment, .III, .supporting,
              provisions: ["ICCPR art. 7", "ICCPR art. 10(1)", "UDHR art. 5", "Body of Principles, principle 21"],
              cite: "\(catIII), 'Torture, ill-treatment and coerced confessions'; grave on its own only when it bears on the trial, otherwise a referral (para 33(a)) [O]", criminal: true),
        .init("III.mandatory-pretrial", .mandatoryPretrialDetention, .III, .sufficient,
              provisions: ["ICCPR art. 9(3)", "ICCPR art. 14(2)", "CCPR/C/GC/35 para 38"],
              cite: "\(catIII), 'Long pre-trial detention': pre-trial detention the exception, decided individually (GC35 para 38) [U]", criminal: true),
        // The source's claim that the delay is unreasonable suffices; the engine never derives it
        // from a length, since no length is fixed (some opinions use Category I instead [U]).
        // UDHR art. 10 as in the derived row of the same allegation: Category III is measured
        // against the fair-trial standards of the UDHR too, which bind every State (calibration:
        // opinion 8/2012 concerning Saudi Arabia, not party to the ICCPR, found III).
        .init("III.prolonged-pretrial", .prolongedPretrialDetention, .III, .sufficient,
              provisions: ["ICCPR art. 9(3)", "ICCPR art. 14(3)(c)", "UDHR art. 10", "Body of Principles, principles 38 and 39"],
              cite: "\(catIII), definition: the fair-trial standards 'in the UDHR and the instruments the State has accepted'; 'Long pre-trial detention or undue delay' (GC35 para 38) [U]", criminal: true),
        .init("III.undue-delay", .undueDelay, .III, .sufficient,
              provisions: ["ICCPR art. 14(3)(c)"],
              cite: "\(catIII), 'Long pre-trial detention or undue delay' [U]", criminal: true),
        .init("III.witnesses-denied", .witnessesDenied, .III, .sufficient,
              provisions: ["ICCPR art. 14(3)(e)"],
              cite: "\(catIII), 'inability to call or examine witnesses'", criminal: true),
        .init("III.no-interpreter", .noInterpreter, .III, .sufficient,
              provisions: ["ICCPR art. 14(3)(f)"],
              cite: "Category III definition: non-observance of the fair-trial standards (A/HRC/36/38 para 8(c)); ICCPR art. 14(3)(f) [U]", criminal: true),
        .init("III.no-appeal", .noAppeal, .III, .sufficient,
              provisions: ["ICCPR art. 14(5)"],
              cite: "\(catIII), 'No appeal'", criminal: true),
        .init("III.double-jeopardy", .doubleJeopardy, .III, .sufficient,
              provisions: ["ICCPR art. 14(7)"],
              cite: "Category III definition (A/HRC/36/38 para 8(c)); ICCPR art. 14(7) [U]", criminal: true),
        .init("III.denied-family-contact", .deniedFamilyContact, .III, .supporting,
              provisions: ["ICCPR art. 10(1)", "Nelson Mandela Rules, rule 58", "Body of Principles, principles 15 and 19"],
              cite: "\(catIII), 'Conditions that undermine the defence, such as … denial of family contact' [U on numbering]", criminal: true),

        // Category IV: migrants in prolonged administrative custody without review (para 8(d)).
        .init("IV.immigration-without-review", .immigrationDetentionWithoutReview, .IV, .sufficient,
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)", "ICCPR art. 9(4)", "Revised Deliberation No. 5 on deprivation of liberty of migrants"],
              cite: "docs/legal/categories.md, Category IV definition [V]; Revised Deliberation No. 5 (2018) [V: ASIL]"),

        // Category V: discrimination (para 8(e); A/HRC/30/37 para 10(e)).
        .init("V.discrimination", .discrimination, .V, .sufficient,
              provisions: ["UDHR arts. 2 and 7", "ICCPR art. 2(1)", "ICCPR art. 26"],
              cite: "docs/legal/categories.md, Category V definition [V]"),
        .init("V.politically-motivated", .politicallyMotivated, .V, .supporting,
              provisions: ["UDHR arts. 2 and 7", "ICCPR art. 26"],
              cite: "docs/legal/categories.md, Category V: political opponents targeted for their opinion; a pattern must be shown [U]"),

        .init("V.derived.targeted-profile", .discrimination, .V, .supporting,
              when: "Category II is indicated and the person is a human rights defender, journalist, blogger, lawyer, political opponent or member of a minority",
              provisions: ["UDHR arts. 2 and 7", "ICCPR art. 26"],
              cite: "docs/legal/categories.md, Category V, typical fact patterns: defenders, journalists, opposition and minorities targeted for that status [U: a pattern must be shown]"),

        // Derived from the timeline.
        .init("I.derived.judge-48h", .notBroughtPromptlyBeforeJudge, .I, .sufficient,
              when: "criminal arrest of an adult: more than 48 hours from the arrest to the first brought-before-judge with authorityKind court or judge; from calendar dates only when the lower bound ((days-1)*24) reaches 48; an approximate arrest date or a range across 48: possible",
              provisions: ["ICCPR art. 9(3)", "CCPR/C/GC/35 para 33", "Body of Principles, principle 11"],
              cite: "\(catI), 'Not brought promptly before a judge': 48 hours (GC35 para 33) [V]; only a judicial authority (GC35 para 32) [U]; docs/legal/promptness.md"),
        .init("I.derived.judge-24h-child", .notBroughtPromptlyBeforeJudge, .I, .sufficient,
              when: "as I.derived.judge-48h, for a person under 18 on the arrest date (birthDate, or profile minor): more than 24 hours",
              provisions: ["ICCPR art. 9(3)", "CRC art. 37(d)", "CCPR/C/GC/35 para 33", "CRC/C/GC/24 para 90"],
              cite: "GC35 para 33: 24 hours for juveniles [U]; CRC General Comment No. 24 (2019) para 90 [U]; docs/legal/promptness.md"),
        .init("I.derived.judge-unknown-kind", .notBroughtPromptlyBeforeJudge, .I, .supporting,
              when: "the first appearance within the standard was before an authority whose authorityKind is not recorded (free text is never read as law)",
              provisions: ["ICCPR art. 9(3)", "CCPR/C/GC/35 para 32"],
              cite: "GC35 para 32: a judicial authority independent of the executive, not a prosecutor [U]; docs/legal/promptness.md"),
        .init("I.derived.recycling", .noLegalBasis, .I, .sufficient,
              when: "a new custody period after a release (typically after a release-ordered, an acquittal or a sentence-completed): sufficient when the new arrest has recycled: true, possible when only the sequence suggests it",
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)"],
              cite: "\(catI), 'Detention after the sentence ends, despite amnesty or an acquittal or release order' [V: definition]; docs/legal/custody-periods.md"),
        .init("I.derived.pretrial-not-reviewed", .mandatoryPretrialDetention, .I, .sufficient,
              when: "detention before judgment of a year or more that was mandatory (alleged) or never individually assessed (deprivation.individualAssessment: false)",
              provisions: ["ICCPR art. 9(3)", "UDHR art. 9", "CCPR/C/GC/35 para 38"],
              cite: "GC35 para 38: pre-trial detention must rest on an individual determination and be periodically reviewed [U]; docs/legal/categories.md Category III notes that opinions also place review defects under I; docs/legal/pretrial.md"),
        .init("III.derived.long-pretrial", .prolongedPretrialDetention, .III, .supporting,
              when: "detention before judgment (arrest to verdict, or still running) of a year or more; no length is fixed by law, so it only supports",
              provisions: ["ICCPR art. 9(3)", "ICCPR art. 14(3)(c)", "UDHR art. 10"],
              cite: "\(catIII), 'Long pre-trial detention or undue delay' (GC35 para 38) [U]; docs/legal/pretrial.md", criminal: true),
        .init("IV.derived.no-order", .immigrationDetentionWithoutReview, .IV, .sufficient,
              when: "migration detention (kind immigration, or administrative of a migrant, asylum seeker, refugee or stateless person) with deprivation.orderIssued: false",
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)", "ICCPR art. 9(4)", "Revised Deliberation No. 5 on deprivation of liberty of migrants"],
              cite: "Revised Deliberation No. 5 (A/HRC/39/45 annex): detention by a decision that can be reviewed [U on paragraph]; docs/legal/migration.md"),
        .init("I.derived.no-order", .noLegalBasis, .I, .sufficient,
              when: "migration detention with deprivation.orderIssued: false: no decision was ever invoked",
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)"],
              cite: "\(catI), definition: no legal basis can be invoked (A/HRC/36/38 para 8(a)) [V]; docs/legal/migration.md"),
        .init("IV.derived.no-periodic-review", .immigrationDetentionWithoutReview, .IV, .sufficient,
              when: "migration detention with deprivation.periodicReview: false",
              provisions: ["UDHR art. 9", "ICCPR art. 9(4)", "Revised Deliberation No. 5 on deprivation of liberty of migrants"],
              cite: "Category IV definition: custody 'with no possibility of administrative or judicial review' [V]; Revised Deliberation No. 5: automatic, periodic judicial review [U on paragraph]; docs/legal/migration.md"),
        .init("IV.derived.no-maximum", .immigrationDetentionWithoutReview, .IV, .supporting,
              when: "migration detention with deprivation.legalMaximum: none",
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)", "Revised Deliberation No. 5 on deprivation of liberty of migrants"],
              cite: "docs/legal/categories.md, Category IV typical facts: 'no maximum period, or indefinite detention'; Revised Deliberation No. 5 [U on paragraph]; docs/legal/migration.md"),
        .init("I.derived.beyond-maximum", .noLegalBasis, .I, .sufficient,
              when: "migration detention longer than deprivation.legalMaximum",
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)"],
              cite: "\(catI): detention 'beyond maximum … limits' [V: definition]; docs/legal/migration.md"),
        .init("IV.derived.no-individual-assessment", .immigrationDetentionWithoutReview, .IV, .supporting,
              when: "migration detention with deprivation.individualAssessment: false (mandatory or automatic detention)",
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)", "Revised Deliberation No. 5 on deprivation of liberty of migrants"],
              cite: "docs/legal/categories.md, Category IV typical facts: 'mandatory or automatic detention … no individual assessment'; docs/legal/migration.md"),
        .init("IV.derived.child", .immigrationDetentionWithoutReview, .IV, .sufficient,
              when: "migration detention of a person under 18 (birthDate or profile minor)",
              provisions: ["UDHR art. 9", "CRC art. 37(b)", "ICCPR art. 9(1)", "Revised Deliberation No. 5 on deprivation of liberty of migrants"],
              cite: "docs/legal/categories.md, Category IV typical facts: 'children detained for migration reasons'; Revised Deliberation No. 5: never a child [U on paragraph]; docs/legal/migration.md"),
        .init("I.derived.incommunicado", .incommunicado, .I, .sufficient,
              when: "more than 48 hours with no counsel or family contact after the arrest",
              provisions: ["UDHR art. 6", "ICCPR art. 16", "ICCPR art. 9(3)", "ICCPR art. 9(4)", "CCPR/C/GC/35 para 35"],
              cite: "\(catI), 'Incommunicado detention …' (GC35 para 35: prevents prompt presentation to a judge) [U]"),
        .init("I.derived.undisclosed", .undisclosedLocation, .I, .sufficient,
              when: "whereabouts concealed after the arrest (alleged, enforced disappearance, or ended by whereabouts-disclosed)",
              provisions: ["UDHR art. 6", "ICCPR art. 16", "ICCPR art. 9(1)", "CCPR/C/GC/35 para 17"],
              cite: "\(catI), 'Incommunicado detention and enforced disappearance' [U on GC35 para 17]"),
        .init("I.derived.no-warrant", .noWarrant, .I, .sufficient,
              when: "arrest with warrantShown: false and not inFlagrante",
              provisions: ["UDHR arts. 3 and 9", "ICCPR art. 9(1)"],
              cite: "\(catI), 'No warrant shown, no reasons given at arrest' [O]"),
        .init("I.derived.no-reasons", .notInformedOfReasons, .I, .sufficient,
              when: "arrest with reasonsGiven: false",
              provisions: ["ICCPR art. 9(2)", "UDHR art. 9", "Body of Principles, principle 10"],
              cite: "\(catI), 'No warrant shown, no reasons given at arrest' [O]"),
        .init("I.derived.after-lawful-end", .noLegalBasis, .I, .sufficient,
              when: "detained after sentence-completed or release-ordered",
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)"],
              cite: "\(catI), 'Detention after the sentence ends, despite amnesty or … release order' [V: definition]"),
        .init("I.derived.unidentified-authority", .noLegalBasis, .I, .sufficient,
              when: "detention-order by an unidentified authority, or taken in secret (not public, detainee absent, no reasons published)",
              provisions: ["UDHR art. 9", "ICCPR art. 9(1)", "ICCPR art. 9(4)"],
              cite: "\(catI), 'Secret or undisclosed detention decisions or hearings': Massimov 2022, paras 101-107 [V]"),
        .init("I.derived.review-denied", .noJudicialReview, .I, .sufficient,
              when: "a judicial-review-denied event",
              provisions: ["ICCPR art. 9(4)", "UDHR art. 8", "A/HRC/30/37 paras 2-3 and 11"],
              cite: "\(catI), 'No effective challenge to lawfulness (habeas corpus)' [O]"),
        .init("III.derived.counsel-48h", .deniedCounsel, .III, .sufficient,
              when: "more than 48 hours from the arrest to the first counsel-access; 2 calendar days without hours: possible",
              provisions: ["ICCPR art. 14(3)(b)", "ICCPR art. 14(3)(d)", "Basic Principles on the Role of Lawyers, principle 7", "A/HRC/30/37 principle 9 and guideline 8"],
              cite: "\(catIII), Basic Principles on the Role of Lawyers principle 7: access no later than 48 hours [U on numbering]", criminal: true),
        .init("III.derived.confession-without-counsel", .deniedCounsel, .III, .sufficient,
              when: "a confession with counselPresent: false",
              provisions: ["ICCPR art. 14(3)(b)", "ICCPR art. 14(3)(g)", "A/HRC/30/37 principle 9 and guideline 8"],
              cite: "\(catIII), 'Denial of counsel'; legal assistance immediately after apprehension (A/HRC/30/37 principle 9) [O]", criminal: true),
        .init("III.derived.coerced-confession", .coercedConfession, .III, .sufficient,
              when: "a confession with coerced: true",
              provisions: ["ICCPR art. 7", "ICCPR art. 14(3)(g)", "Convention against Torture art. 15", "UDHR art. 5"],
              cite: "\(catIII), 'Torture, ill-treatment and coerced confessions' [O]", criminal: true),
        .init("III.derived.ill-treatment", .illTreatment, .III, .supporting,
              when: "an ill-treatment event",
              provisions: ["ICCPR art. 7", "ICCPR art. 10(1)", "UDHR art. 5"],
              cite: "\(catIII), 'Torture, ill-treatment and coerced confessions' [O]", criminal: true),
        .init("III.derived.secret-trial", .secretProceedings, .III, .sufficient,
              when: "a trial-start that is not public or is classified, or a classified hearing",
              provisions: ["ICCPR art. 14(1)", "UDHR art. 10"],
              cite: "\(catIII), 'Closed, secret or \"top secret\" trials without justification'", criminal: true),
        .init("III.derived.closed-hearing", .secretProceedings, .III, .supporting,
              when: "a hearing that is not public (closed pre-trial hearings can be justified)",
              provisions: ["ICCPR art. 14(1)"],
              cite: "\(catIII), 'Closed, secret … trials without justification'; a closed hearing is not always unjustified [U]", criminal: true),
        .init("III.derived.special-court", .tribunalNotIndependent, .III, .sufficient,
              when: "a trial-start with militaryOrSpecialCourt: true of a civilian (person.civilian; unknown: possible), or a judge or tribunal with authorityIdentified: false",
              provisions: ["ICCPR art. 14(1)", "UDHR art. 10"],
              cite: "\(catIII), 'civilians tried by military or special courts' and unidentified tribunals", criminal: true),
        .init("III.derived.appointed-counsel", .counselNotOfChoice, .III, .supporting,
              when: "every counsel-access recorded has chosen: false",
              provisions: ["ICCPR art. 14(3)(d)", "Basic Principles on the Role of Lawyers, principle 1"],
              cite: "\(catIII), 'counsel not of one's choice'; an appointed lawyer is not a breach in itself [U]", criminal: true),
        .init("III.derived.no-confidential-counsel", .inadequateDefence, .III, .supporting,
              when: "every counsel-access recorded has confidential: false",
              provisions: ["ICCPR art. 14(3)(b)", "Basic Principles on the Role of Lawyers, principles 8 and 22"],
              cite: "\(catIII), confidential communication with counsel (Basic Principles 8, 22) [U on numbering]", criminal: true),
        .init("IV.derived.immigration-no-review", .immigrationDetentionWithoutReview, .IV, .supporting,
              when: "immigration detention with judicial review denied or alleged unavailable; 'prolonged' has no fixed length",
              provisions: ["UDHR art. 8", "ICCPR art. 9(4)", "Revised Deliberation No. 5 on deprivation of liberty of migrants"],
              cite: "docs/legal/categories.md, Category IV definition: 'prolonged administrative custody … without review' [V]"),
    ]

    public static func row(_ id: String) -> AssessmentRule {
        guard let row = rows.first(where: { $0.id == id }) else { preconditionFailure("no rule \(id)") }
        return row
    }

    /// Category II provisions for each right (docs/legal/categories.md, Category II fact patterns).
    /// Privacy is not among the rights Category II lists, so it only supports (`possible`).
    public static let rightProvisions: [Right: [String]] = [
        .expression: ["UDHR art. 19", "ICCPR art. 19"],
        .peacefulAssembly: ["UDHR art. 20", "ICCPR art. 21"],
        .association: ["UDHR art. 20", "ICCPR art. 22"],
        .religion: ["UDHR art. 18", "ICCPR art. 18"],
        .movement: ["UDHR art. 13", "ICCPR art. 12"],
        .politicalParticipation: ["UDHR art. 21", "ICCPR art. 25"],
        .defendHumanRights: ["UDHR arts. 19 and 20", "ICCPR arts. 19 and 22"],
        .minorityCulture: ["ICCPR art. 27"],
        .privacy: ["UDHR art. 12", "ICCPR art. 17"],
    ]

    /// States not party to the ICCPR, from the treaty table (docs/legal/treaty-status.md).
    public static var notPartyToICCPR: Set<String> {
        Set(TreatyTable.rows.filter { $0.treaty == .iccpr && ($0.status == .notParty || $0.status == .signatory) }.map(\.state))
    }}
