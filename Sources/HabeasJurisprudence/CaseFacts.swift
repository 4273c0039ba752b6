import HabeasCore

/// A fact two cases can share, for ranking precedents: an allegation (typed, or derived from the
/// timeline by the assessment), a right exercised, a discrimination ground, a profile, the State,
/// the kind of deprivation or of court.
public enum CaseFact: Hashable, Sendable, Comparable {
    case allegation(AllegationType)
    case right(Right)
    case ground(DiscriminationGround)
    case profile(Profile)
    case state(String)
    case kind(DeprivationKind)
    case militaryOrSpecialCourt

    /// What a lawyer reads: "incommunicado", "exercise of religion", "profile: journalist".
    public var label: String {
        switch self {
        case .allegation(let a): return a.rawValue.replacingOccurrences(of: "-", with: " ")
        case .right(let r): return "exercise of " + r.rawValue.replacingOccurrences(of: "-", with: " ")
        case .ground(let g): return "discrimination on " + g.rawValue.replacingOccurrences(of: "-", with: " ")
        case .profile(let p): return "profile: " + p.rawValue.replacingOccurrences(of: "-", with: " ")
        case .state(let s): return "same State (\(Corpus.country(s)))"
        case .kind(let k): return "deprivation: " + k.rawValue.replacingOccurrences(of: "-", with: " ")
        case .militaryOrSpecialCourt: return "military or special court"
        }
    }

    /// A stable key for JSON and sorting.
    public var key: String {
        switch self {
        case .allegation(let a): return "allegation:" + a.rawValue
        case .right(let r): return "right:" + r.rawValue
        case .ground(let g): return "ground:" + g.rawValue
        case .profile(let p): return "profile:" + p.rawValue
        case .state(let s): return "state:" + s
        case .kind(let k): return "kind:" + k.rawValue
        case .militaryOrSpecialCourt: return "court:military-or-special"
        }
    }

    public static func < (a: CaseFact, b: CaseFact) -> Bool { a.key < b.key }

    /// The categories whose argument this fact bears on (docs/legal/categories.md, "Typical fact patterns").
    /// State, kind and profile facts bear on none by themselves except where noted.
    public var categories: Set<Category> {
        switch self {
        case .allegation(let a): return Self.allegationCategories[a] ?? []
        case .right: return [.II]
        case .ground: return [.V]
        case .profile(let p):
            switch p {
            case .migrant, .asylumSeeker, .refugee, .stateless: return [.IV]
            case .humanRightsDefender, .journalist, .religiousMinority, .ethnicMinority, .lgbti, .politicalOpposition: return [.V]
            default: return []
            }
        case .kind(let k): return k == .immigration ? [.IV] : (k == .enforcedDisappearance ? [.I] : [])
        case .militaryOrSpecialCourt: return [.III]
        case .state: return []
        }
    }

    /// Category I: no legal basis, no warrant or reasons, no prompt judge, no review, secret
    /// detention; II: exercise of rights; III: fair trial; IV: immigration; V: discrimination.
    static let allegationCategories: [AllegationType: Set<Category>] = [
        .noLegalBasis: [.I], .noWarrant: [.I], .notInformedOfReasons: [.I], .notBroughtPromptlyBeforeJudge: [.I],
        .noJudicialReview: [.I, .IV], .incommunicado: [.I], .undisclosedLocation: [.I], .vagueLaw: [.I, .II],
        .mandatoryPretrialDetention: [.III], .prolongedPretrialDetention: [.III], .exerciseOfRights: [.II],
        .deniedCounsel: [.III], .counselNotOfChoice: [.III], .inadequateDefence: [.III], .secretProceedings: [.I, .III],
        .tribunalNotIndependent: [.III], .presumptionOfInnocenceViolated: [.III], .illTreatment: [.III],
        .coercedConfession: [.III], .undueDelay: [.III], .noInterpreter: [.III], .noAppeal: [.III],
        .doubleJeopardy: [.III], .witnessesDenied: [.III], .deniedFamilyContact: [.I, .III], .deniedMedicalCare: [.III],
        .immigrationDetentionWithoutReview: [.IV], .discrimination: [.V], .politicallyMotivated: [.II, .V],
        .healthAtRisk: [],
    ]

    /// Facts of one family resemble each other (half weight when only related): being cut off,
    /// counsel, the judge, the legal basis, the tribunal, coercion.
    static let families: [[AllegationType]] = [
        [.incommunicado, .undisclosedLocation, .deniedFamilyContact],
        [.deniedCounsel, .counselNotOfChoice, .inadequateDefence],
        [.notBroughtPromptlyBeforeJudge, .noJudicialReview],
        [.noLegalBasis, .noWarrant, .notInformedOfReasons, .vagueLaw],
        [.secretProceedings, .tribunalNotIndependent],
        [.illTreatment, .coercedConfession],
        [.prolongedPretrialDetention, .mandatoryPretrialDetention, .undueDelay],
    ]

    /// The other facts of this fact's family.
    var relatives: [CaseFact] {
        guard case .allegation(let a) = self, let family = Self.families.first(where: { $0.contains(a) }) else { return [] }
        return family.filter { $0 != a }.map { .allegation($0) }
    }
}

public enum CaseFacts {
    /// The facts of a case as of a date: its typed allegations, what its timeline proves (the
    /// assessment's derived grounds), rights, grounds, profiles, State, kind, and a military or
    /// special court. Never reads `opinion-adopted` (the assessment does not either).
    public static func of(_ file: CaseFile, assessment: Assessment) -> Set<CaseFact> {
        var facts: Set<CaseFact> = [.state(file.state.uppercased())]
        if let kind = file.deprivation.kind { facts.insert(.kind(kind)) }
        for allegation in file.allegations {
            facts.insert(.allegation(allegation.type))
            if let right = allegation.right { facts.insert(.right(right)) }
            if let ground = allegation.ground { facts.insert(.ground(ground)) }
        }
        for finding in assessment.categories {
            for ground in finding.grounds where ground.derived {
                facts.insert(.allegation(ground.allegation))
            }
        }
        for profile in file.person.profile { facts.insert(.profile(profile)) }
        if file.timeline.contains(where: { $0.militaryOrSpecialCourt == true }) { facts.insert(.militaryOrSpecialCourt) }
        return facts
    }
}
