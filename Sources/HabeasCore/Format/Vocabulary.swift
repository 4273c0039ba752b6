/// The closed vocabularies of `habeas-case/1` (spec: "Closed vocabularies"). An unknown word is a
/// validation error that suggests the nearest valid words.
public protocol Vocabulary: RawRepresentable, CaseIterable, Sendable, Hashable, Codable where RawValue == String {
    /// What the vocabulary is called in error messages ("timeline type").
    static var vocabularyName: String { get }
}

extension Vocabulary {
    public static var words: [String] { allCases.map(\.rawValue) }
}

public enum Sex: String, Vocabulary {
    case female, male, other, unknown
    public static let vocabularyName = "sex"
}

public enum Profile: String, Vocabulary {
    case humanRightsDefender = "human-rights-defender"
    case journalist, lawyer
    case politicalOpposition = "political-opposition"
    case politicalFigure = "political-figure"
    case protester
    case religiousMinority = "religious-minority"
    case ethnicMinority = "ethnic-minority"
    case tradeUnionist = "trade-unionist"
    case lgbti, migrant
    case asylumSeeker = "asylum-seeker"
    case refugee, stateless, minor
    case personWithDisability = "person-with-disability"
    case academic, blogger
    public static let vocabularyName = "profile"
}

public enum DeprivationKind: String, Vocabulary {
    case preTrial = "pre-trial"
    case postConviction = "post-conviction"
    case administrative, immigration
    case houseArrest = "house-arrest"
    case psychiatric
    case enforcedDisappearance = "enforced-disappearance"
    case other
    public static let vocabularyName = "deprivation kind"
}

public enum EventType: String, Vocabulary {
    case arrest
    case detentionOrder = "detention-order"
    case broughtBeforeJudge = "brought-before-judge"
    case informedOfCharges = "informed-of-charges"
    case counselAccess = "counsel-access"
    case familyContact = "family-contact"
    case whereaboutsDisclosed = "whereabouts-disclosed"
    case medicalAccess = "medical-access"
    case transfer, hearing
    case trialStart = "trial-start"
    case verdict, appeal
    case sentenceCompleted = "sentence-completed"
    case releaseOrdered = "release-ordered"
    case judicialReviewDenied = "judicial-review-denied"
    case illTreatment = "ill-treatment"
    case confession
    case hungerStrike = "hunger-strike"
    case healthDeterioration = "health-deterioration"
    case release, death
    public static let vocabularyName = "timeline event type"
}

public enum AllegationType: String, Vocabulary {
    case noLegalBasis = "no-legal-basis"
    case noWarrant = "no-warrant"
    case notInformedOfReasons = "not-informed-of-reasons"
    case notBroughtPromptlyBeforeJudge = "not-brought-promptly-before-judge"
    case noJudicialReview = "no-judicial-review"
    case incommunicado
    case undisclosedLocation = "undisclosed-location"
    case vagueLaw = "vague-law"
    case mandatoryPretrialDetention = "mandatory-pretrial-detention"
    case prolongedPretrialDetention = "prolonged-pretrial-detention"
    case exerciseOfRights = "exercise-of-rights"
    case deniedCounsel = "denied-counsel"
    case counselNotOfChoice = "counsel-not-of-choice"
    case inadequateDefence = "inadequate-defence"
    case secretProceedings = "secret-proceedings"
    case tribunalNotIndependent = "tribunal-not-independent"
    case presumptionOfInnocenceViolated = "presumption-of-innocence-violated"
    case illTreatment = "ill-treatment"
    case coercedConfession = "coerced-confession"
    case undueDelay = "undue-delay"
    case noInterpreter = "no-interpreter"
    case noAppeal = "no-appeal"
    case doubleJeopardy = "double-jeopardy"
    case witnessesDenied = "witnesses-denied"
    case deniedFamilyContact = "denied-family-contact"
    case deniedMedicalCare = "denied-medical-care"
    case immigrationDetentionWithoutReview = "immigration-detention-without-review"
    case discrimination
    case politicallyMotivated = "politically-motivated"
    case healthAtRisk = "health-at-risk"
    public static let vocabularyName = "allegation type"
}

public enum Right: String, Vocabulary {
    case expression
    case peacefulAssembly = "peaceful-assembly"
    case association, religion, movement
    case politicalParticipation = "political-participation"
    case defendHumanRights = "defend-human-rights"
    case minorityCulture = "minority-culture"
    case privacy
    public static let vocabularyName = "right"
}

public enum DiscriminationGround: String, Vocabulary {
    case birth
    case nationalOrigin = "national-origin"
    case ethnicOrigin = "ethnic-origin"
    case socialOrigin = "social-origin"
    case language, religion
    case economicCondition = "economic-condition"
    case politicalOpinion = "political-opinion"
    case gender
    case sexualOrientation = "sexual-orientation"
    case disability
    case humanRightsDefender = "human-rights-defender"
    case otherStatus = "other-status"
    public static let vocabularyName = "discrimination ground"
}

public enum EvidenceKind: String, Vocabulary {
    case confession, testimony, document, physical, digital, expert, media
    public static let vocabularyName = "evidence kind"
}

public enum ReliedOnBy: String, Vocabulary {
    case prosecution, defence, source
    public static let vocabularyName = "reliedOnBy"
}

public enum EvidenceCircumstance: String, Vocabulary {
    case duringIncommunicado = "during-incommunicado"
    case withoutCounsel = "without-counsel"
    case underIllTreatment = "under-ill-treatment"
    case forged
    case unlawfulSearch = "unlawful-search"
    case secretProceedings = "secret-proceedings"
    public static let vocabularyName = "evidence circumstance"
}

public enum ProcedureType: String, Vocabulary {
    case communicationSubmitted = "communication-submitted"
    case urgentActionRequested = "urgent-action-requested"
    case urgentAppealSent = "urgent-appeal-sent"
    case transmittedToGovernment = "transmitted-to-government"
    case extensionRequested = "extension-requested"
    case extensionGranted = "extension-granted"
    case governmentReply = "government-reply"
    case replySentToSource = "reply-sent-to-source"
    case sourceComments = "source-comments"
    case opinionAdopted = "opinion-adopted"
    case opinionTransmitted = "opinion-transmitted"
    case followUpSubmitted = "follow-up-submitted"
    case reviewRequested = "review-requested"
    case releasedNotified = "released-notified"
    case caseFiled = "case-filed"
    public static let vocabularyName = "procedure event type"
}

/// The Working Group's five categories of arbitrary detention (A/HRC/36/38 para 8).
public enum Category: String, Vocabulary, Comparable {
    case I, II, III, IV, V
    public static let vocabularyName = "category"
    public static func < (a: Category, b: Category) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public enum ConsentGivenBy: String, Vocabulary {
    case detainee, family, representative
    public static let vocabularyName = "consentGivenBy"
}

public enum VerdictOutcome: String, Vocabulary {
    case convicted, acquitted
    public static let vocabularyName = "verdict outcome"
}

public enum IllTreatmentKind: String, Vocabulary {
    case torture, beating, threats, solitary, other
    public static let vocabularyName = "ill-treatment kind"
}

public enum FollowUpBy: String, Vocabulary {
    case source, government
    public static let vocabularyName = "by"
}

/// Who a person was brought before, or who ordered the detention (extension, docs/case-format.md).
/// Only a court or a judge independent of the executive is "a judge or other officer authorized by
/// law to exercise judicial power" (ICCPR art. 9(3); GC35 para 32).
public enum AuthorityKind: String, Vocabulary {
    case court, judge, prosecutor, investigator, police
    case securityService = "security-service"
    case military, administrative, other
    public static let vocabularyName = "authority kind"
    public var isJudicial: Bool { self == .court || self == .judge }
}
