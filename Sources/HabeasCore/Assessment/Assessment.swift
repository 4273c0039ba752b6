/// The assessment of one case as of a date, in the shape of the spec's "Output of the assessment".
public struct Assessment: Sendable, Equatable {
    public var caseID: String
    public var asOf: CaseDate
    /// Always the five categories, I to V, in order.
    public var categories: [CategoryFinding]
    public var urgentAction: UrgentAction
    public var evidence: [EvidenceFinding]
    public var derived: DerivedFacts
    public var gaps: [String]
    public var remedies: [String]
    public var referrals: [String]
    /// Safeguards at arrest the timeline shows or leaves open (informed of charges, family, consul).
    public var safeguards: [String] = []
    /// True when the detaining State is not a party to the ICCPR: only the UDHR is cited.
    public var udhrOnly: Bool
    /// The structured form of the sentences above (computations, notes, gaps, reasons, remedies),
    /// by their English text, for interfaces in other languages.
    public var phrases: Phrasebook = [:]

    public func finding(for category: Category) -> CategoryFinding {
        categories.first { $0.category == category }!
    }

    public var indicatedCategories: [Category] {
        categories.filter { $0.finding == .indicated }.map(\.category)
    }
}

public enum Finding: String, Sendable, Equatable {
    /// A ground that on its own supports the category is present.
    case indicated
    /// Only supporting grounds.
    case possible
    case notIndicated = "not-indicated"
}

public struct CategoryFinding: Sendable, Equatable {
    public var category: Category
    public var finding: Finding
    public var grounds: [Ground]
}

/// One reason for a category: an allegation, typed by the source or derived from the timeline.
public struct Ground: Sendable, Equatable {
    public enum Strength: String, Sendable {
        /// Suffices on its own for the category.
        case sufficient
        /// Supports the category only together with others, or where the law is uncertain.
        case supporting
    }
    public var allegation: AllegationType
    public var derived: Bool
    /// How a derived ground was computed, in words.
    public var computation: String?
    public var provisions: [String]
    /// The facts it rests on: paths such as `timeline[3]`, `allegations[0]`, `evidence[e1]`.
    public var facts: [String]
    public var strength: Strength
    /// The row of the rules table that produced it.
    public var rule: String
    /// The source's own words, when the ground is a typed allegation.
    public var details: String?
    /// Why a ground is only supporting here (e.g. art. 14 not engaged).
    public var note: String?
}

public struct UrgentAction: Sendable, Equatable {
    public var eligible: Bool
    public var reasons: [String]
}

public struct EvidenceFinding: Sendable, Equatable {
    public var id: String
    public var tainted: Bool
    /// Every circumstance that taints it, typed or derived.
    public var because: [EvidenceCircumstance]
    /// The circumstances derived from the timeline (a subset of `because`).
    public var derivedCircumstances: [EvidenceCircumstance]
    public var provisions: [String]
    /// Why it is not tainted, or what could not be told from the dates.
    public var notes: [String]
    /// Not tainted on the file, but it may be: an item found through a statement taken in a
    /// tainted window, or a statement in a window the dates cannot settle (docs/legal/evidence.md).
    public var possiblyTainted: Bool = false
    /// The structured form of `notes`, by their English text.
    public var phrases: Phrasebook = [:]
}
