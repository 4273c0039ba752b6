/// The type-specific attributes of timeline and procedure events, as the spec's tables list them.
/// Decoding, encoding and error messages all read these tables, so a new attribute is one line.
public struct AttributeSpec: Sendable {
    public enum Kind: Sendable {
        case bool
        case text
        case date
        case categories
        /// One word of a closed vocabulary.
        case word([String], name: String)
        /// An ISO 8601 duration (`P10Y`), or `life` / `death` (a documented extension).
        case sentence
    }
    public var key: String
    public var kind: Kind

    init(_ key: String, _ kind: Kind) {
        self.key = key
        self.kind = kind
    }

    static func word<V: Vocabulary>(_ key: String, _ vocabulary: V.Type) -> AttributeSpec {
        AttributeSpec(key, .word(V.words, name: V.vocabularyName))
    }
}

extension EventType {
    public var attributeSpecs: [AttributeSpec] {
        switch self {
        case .arrest:
            [.init("by", .text), .init("warrantShown", .bool), .init("reasonsGiven", .bool), .init("inFlagrante", .bool),
             .init("recycled", .bool)]
        case .detentionOrder:
            [.init("authority", .text), .init("authorityIdentified", .bool), .init("detaineePresent", .bool),
             .init("public", .bool), .init("reasonsPublished", .bool), .word("authorityKind", AuthorityKind.self)]
        case .broughtBeforeJudge:
            [.init("authority", .text), .init("authorityIdentified", .bool), .word("authorityKind", AuthorityKind.self)]
        case .counselAccess:
            [.init("chosen", .bool), .init("confidential", .bool)]
        case .transfer:
            [.init("to", .text)]
        case .hearing:
            [.init("public", .bool), .init("classified", .bool)]
        case .trialStart:
            [.init("court", .text), .init("public", .bool), .init("classified", .bool), .init("militaryOrSpecialCourt", .bool)]
        case .verdict:
            [.word("outcome", VerdictOutcome.self), .init("sentence", .sentence)]
        case .appeal:
            [.init("outcome", .text)]
        case .releaseOrdered:
            [.init("by", .text)]
        case .illTreatment:
            [.word("kind", IllTreatmentKind.self)]
        case .confession:
            [.init("coerced", .bool), .init("counselPresent", .bool)]
        case .release:
            [.init("conditional", .bool)]
        case .informedOfCharges, .familyContact, .whereaboutsDisclosed, .medicalAccess, .sentenceCompleted,
             .judicialReviewDenied, .hungerStrike, .healthDeterioration, .death:
            []
        }
    }
}

extension ProcedureType {
    public var attributeSpecs: [AttributeSpec] {
        switch self {
        case .transmittedToGovernment: [.init("replyDue", .date)]
        case .replySentToSource: [.init("commentsDue", .date)]
        case .extensionGranted: [.init("until", .date)]
        case .opinionAdopted:
            [.init("number", .text), .init("session", .text), .init("categories", .categories), .init("arbitrary", .bool)]
        case .followUpSubmitted, .reviewRequested: [.word("by", FollowUpBy.self)]
        default: []
        }
    }
}

enum SentenceText {
    /// `P10Y`, `P2Y6M`, `P18M`, `P90D`, `PT72H`, or the words `life` and `death`, no longer than
    /// `CaseLimits.maxSentenceYears` (so that date arithmetic on it cannot overflow).
    static func isValid(_ text: String) -> Bool {
        if text == "life" || text == "death" { return true }
        return components(text) != nil
    }

    /// The numbers of a duration by designator, `T` parts keyed by lowercase (`h`, `m`, `s`).
    private static func components(_ text: String) -> [Character: Int]? {
        let pattern = #"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$"#
        guard text.utf8.count <= 40, text.range(of: pattern, options: .regularExpression) != nil else { return nil }
        var parts: [Character: Int] = [:]
        var number = ""
        var inTime = false
        for character in text.dropFirst() {
            if character == "T" { inTime = true; continue }
            if character.isNumber { number.append(character); continue }
            // Six digits are more than any sentence needs; longer numbers are refused before
            // any arithmetic.
            guard number.count <= 6, let value = Int(number) else { return nil }
            number = ""
            parts[inTime ? Character(character.lowercased()) : character] = value
        }
        let hours = (parts["h"] ?? 0) + (parts["m"] ?? 0) / 60 + (parts["s"] ?? 0) / 3600
        let days = (parts["Y"] ?? 0) * 366 + (parts["M"] ?? 0) * 31 + (parts["W"] ?? 0) * 7 + (parts["D"] ?? 0) + hours / 24
        guard days <= CaseLimits.maxSentenceYears * 366 else { return nil }
        return parts
    }

    /// Years, months and days of a sentence such as `P2Y6M` (weeks as 7 days); nil for `life`,
    /// `death` or a sentence in hours.
    static func calendarParts(_ text: String) -> (years: Int, months: Int, days: Int)? {
        guard !text.contains("T"), let parts = components(text) else { return nil }
        return (parts["Y"] ?? 0, parts["M"] ?? 0, (parts["W"] ?? 0) * 7 + (parts["D"] ?? 0))
    }
}
