/// One person deprived of liberty, as the source alleges it: the `habeas-case/1` format
/// (`docs/case-format.md` in this repository describes it and its compatible extensions).
public struct CaseFile: Sendable, Equatable {
    public static let formatName = "habeas-case/1"

    public var format: String = CaseFile.formatName
    public var id: String
    public var title: String?
    /// The detaining State, ISO 3166-1 alpha-2.
    public var state: String
    public var person: Person
    public var deprivation: Deprivation
    public var charges: [Charge] = []
    public var timeline: [TimelineEvent] = []
    public var allegations: [Allegation] = []
    public var evidence: [EvidenceItem] = []
    public var procedure: [ProcedureEvent] = []
    public var domesticRemedies: [DomesticRemedy] = []
    public var source: Source?
    public var categoriesClaimed: [Category]?
    public var summary: String?
    public var references: [Reference] = []
    /// The date of the latest information the source has (an extension, docs/case-format.md):
    /// an alleged ongoing state is known to run only to this date. Absent: see `Timeline.reportedAsOf`.
    public var reportedAsOf: CaseDate?
    /// The language the case's free text is written in (summary, details, quotations): a BCP 47
    /// tag such as `ru` or `pt-BR` (an extension, docs/case-format.md). Drafts say so; absent, they
    /// say the language is not stated.
    public var language: String?
    /// The mass events ("Almaty, January 2022") the case belongs to, by group id: slugs with the
    /// rule of `id` (an extension, docs/case-format.md). The store indexes membership from it.
    public var groups: [String] = []
    /// Anything else, kept verbatim on every round trip.
    public var extensions: Value?

    public init(id: String, state: String, person: Person, deprivation: Deprivation) {
        self.id = id
        self.state = state
        self.person = person
        self.deprivation = deprivation
    }

    /// The display title: `title`, or "name (state)".
    public var displayTitle: String { title ?? "\(person.name) (\(state))" }
}

public struct Person: Sendable, Equatable {
    public var name: String
    public var otherNames: [String] = []
    public var sex: Sex?
    public var birthDate: CaseDate?
    public var nationalities: [String] = []
    public var idDocument: String?
    public var occupation: String?
    public var address: String?
    public var profile: [Profile] = []
    /// False for a member of the armed forces; a military court is a Category III ground only
    /// for a civilian (extension, docs/case-format.md). Absent: unknown.
    public var civilian: Bool?
    public init(name: String) { self.name = name }
}

public struct Deprivation: Sendable, Equatable {
    public var kind: DeprivationKind?
    public var ongoing: Bool
    public var places: [Place] = []
    public var heldBy: String?
    public var details: String?
    /// Whether the necessity and proportionality of the detention were assessed for this person
    /// (Revised Deliberation No. 5; GC35 para 38). Extension, docs/case-format.md.
    public var individualAssessment: Bool?
    /// Whether a court reviews the detention automatically and periodically (Revised Deliberation No. 5).
    public var periodicReview: Bool?
    /// The maximum period the law sets for this detention (ISO 8601 duration such as `P6M`), or `none`.
    public var legalMaximum: String?
    /// False when no decision authorising the detention was ever issued (extension, docs/case-format.md).
    public var orderIssued: Bool?
    public init(kind: DeprivationKind? = nil, ongoing: Bool) {
        self.kind = kind
        self.ongoing = ongoing
    }
}

public struct Place: Sendable, Equatable {
    public var name: String
    public var from: CaseDate?
    public var to: CaseDate?
    public var official: Bool?
    public init(name: String) { self.name = name }
}

public struct Charge: Sendable, Equatable {
    public var label: String
    public var law: String?
    public var details: String?
    public init(label: String) { self.label = label }
}

/// A value of a type-specific attribute of a timeline or procedure event.
public enum AttributeValue: Sendable, Equatable {
    case bool(Bool)
    case text(String)
    case date(CaseDate)
    case categories([Category])

    public var bool: Bool? { if case .bool(let v) = self { v } else { nil } }
    public var text: String? { if case .text(let v) = self { v } else { nil } }
    public var date: CaseDate? { if case .date(let v) = self { v } else { nil } }
    public var categories: [Category]? { if case .categories(let v) = self { v } else { nil } }
}

/// A dated event of the deprivation (spec: "Timeline vocabulary").
public struct TimelineEvent: Sendable, Equatable {
    public var date: CaseDate
    public var type: EventType
    public var approximate: Bool?
    public var place: String?
    public var details: String?
    public var sourceRefs: [String] = []
    /// The type-specific attributes (`warrantShown`, `authority`, …), keyed as in the file.
    public var attributes: [String: AttributeValue] = [:]

    public init(date: CaseDate, type: EventType, attributes: [String: AttributeValue] = [:]) {
        self.date = date
        self.type = type
        self.attributes = attributes
    }

    public func flag(_ key: String) -> Bool? { attributes[key]?.bool }
    public func text(_ key: String) -> String? { attributes[key]?.text }

    public var by: String? { text("by") }
    public var warrantShown: Bool? { flag("warrantShown") }
    public var reasonsGiven: Bool? { flag("reasonsGiven") }
    public var inFlagrante: Bool? { flag("inFlagrante") }
    public var authority: String? { text("authority") }
    public var authorityIdentified: Bool? { flag("authorityIdentified") }
    public var detaineePresent: Bool? { flag("detaineePresent") }
    public var isPublic: Bool? { flag("public") }
    public var reasonsPublished: Bool? { flag("reasonsPublished") }
    public var chosen: Bool? { flag("chosen") }
    public var confidential: Bool? { flag("confidential") }
    public var classified: Bool? { flag("classified") }
    public var militaryOrSpecialCourt: Bool? { flag("militaryOrSpecialCourt") }
    public var court: String? { text("court") }
    public var coerced: Bool? { flag("coerced") }
    public var counselPresent: Bool? { flag("counselPresent") }
    public var conditional: Bool? { flag("conditional") }
    public var outcome: String? { text("outcome") }
    public var sentence: String? { text("sentence") }
    public var transferTo: String? { text("to") }
    public var illTreatmentKind: IllTreatmentKind? { text("kind").flatMap(IllTreatmentKind.init(rawValue:)) }
    public var authorityKind: AuthorityKind? { text("authorityKind").flatMap(AuthorityKind.init(rawValue:)) }
    public var recycled: Bool? { flag("recycled") }
}

/// A typed claim of the source (spec: "Allegations vocabulary").
public struct Allegation: Sendable, Equatable {
    public var type: AllegationType
    public var details: String?
    public var evidenceRefs: [String] = []
    public var sourceRefs: [String] = []
    public var right: Right?
    public var ground: DiscriminationGround?
    public init(type: AllegationType, right: Right? = nil, ground: DiscriminationGround? = nil) {
        self.type = type
        self.right = right
        self.ground = ground
    }
}

public struct EvidenceItem: Sendable, Equatable {
    public var id: String
    public var title: String
    public var kind: EvidenceKind?
    public var obtained: CaseDate?
    public var reliedOnBy: ReliedOnBy?
    public var circumstances: [EvidenceCircumstance] = []
    public var details: String?
    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// A dated event of the case before the Working Group.
public struct ProcedureEvent: Sendable, Equatable {
    public var date: CaseDate
    public var type: ProcedureType
    public var approximate: Bool?
    public var details: String?
    public var attributes: [String: AttributeValue] = [:]

    public init(date: CaseDate, type: ProcedureType, attributes: [String: AttributeValue] = [:]) {
        self.date = date
        self.type = type
        self.attributes = attributes
    }

    public var replyDue: CaseDate? { attributes["replyDue"]?.date }
    public var commentsDue: CaseDate? { attributes["commentsDue"]?.date }
    public var number: String? { attributes["number"]?.text }
    public var session: String? { attributes["session"]?.text }
    public var categories: [Category]? { attributes["categories"]?.categories }
    public var arbitrary: Bool? { attributes["arbitrary"]?.bool }
    public var by: String? { attributes["by"]?.text }
    public var until: CaseDate? { attributes["until"]?.date }
}

public struct DomesticRemedy: Sendable, Equatable {
    public var date: CaseDate?
    public var action: String
    public var outcome: String?
    public init(action: String) { self.action = action }
}

public struct Source: Sendable, Equatable {
    public var name: String?
    public var organisation: String?
    public var contact: String?
    public var relationship: String?
    public var consent: Bool?
    public var consentGivenBy: ConsentGivenBy?
    public var confidential: Bool?
    public init() {}
}

public struct Reference: Sendable, Equatable {
    public var id: String
    public var text: String
    public var url: String?
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}
