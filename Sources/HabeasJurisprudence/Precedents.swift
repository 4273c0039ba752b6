import Foundation
import HabeasCore

/// A corpus opinion near a case, with what they share and why it ranks where it does.
public struct Precedent: Sendable, Equatable {
    public var opinion: CorpusOpinion
    /// Facts both have.
    public var shared: [CaseFact]
    /// Facts of the case that resemble a fact of the opinion (same family): (case's, opinion's).
    public var related: [RelatedFact]
    public var score: Double

    public struct RelatedFact: Sendable, Equatable {
        public var mine: CaseFact
        public var theirs: CaseFact
    }

    /// "shares incommunicado, undisclosed location; related: denied counsel ~ counsel not of choice".
    public var reason: String {
        var parts: [String] = []
        let main = shared.filter { if case .state = $0 { false } else { true } }
        if !main.isEmpty { parts.append("shares " + main.map(\.label).joined(separator: ", ")) }
        if !related.isEmpty { parts.append("related: " + related.map { "\($0.mine.label) ~ \($0.theirs.label)" }.joined(separator: ", ")) }
        if shared.contains(where: { if case .state = $0 { true } else { false } }) { parts.append("same State") }
        return parts.isEmpty ? "no shared facts" : parts.joined(separator: "; ")
    }

    /// "I, II, III and V", "not arbitrary", or "categories not read".
    public var findingText: String {
        if opinion.arbitrary == false { return "not arbitrary" }
        guard let categories = opinion.categories, !categories.isEmpty else { return "categories not read" }
        return "categories " + categories.sorted().map(\.rawValue).joined(separator: ", ")
    }
}

/// Ranks corpus opinions by the facts they share with a case. A rare fact weighs more than a
/// common one (inverse document frequency over the corpus), a fact of the same family counts half,
/// and the score is normalised by the sizes of both fact sets so a long file does not win by length.
public struct PrecedentFinder: Sendable {
    public let opinions: [CorpusOpinion]
    /// Each opinion's facts, as of its adoption date, without its finding.
    let facts: [Set<CaseFact>]
    let weights: [CaseFact: Double]

    public init(opinions: [CorpusOpinion]) {
        self.opinions = opinions
        let facts = opinions.map { opinion -> Set<CaseFact> in
            let asOf = (opinion.adopted ?? CaseDate.today()).calendarDate
            let file = opinion.facts
            return CaseFacts.of(file, assessment: Assessor.assess(file, asOf: asOf))
        }
        self.facts = facts
        var frequency: [CaseFact: Int] = [:]
        for set in facts { for fact in set { frequency[fact, default: 0] += 1 } }
        let n = Double(max(facts.count, 1))
        var weights: [CaseFact: Double] = [:]
        for (fact, df) in frequency { weights[fact] = log((n + 1) / (Double(df) + 1)) + 1 }
        self.weights = weights
    }

    /// The weight of an opinion whose categories were read, relative to one whose were not.
    public static let scoredBonus = 1.2
    var scoredBonus: Double { Self.scoredBonus }

    /// The bundled corpus.
    public static let shared = PrecedentFinder(opinions: Corpus.shared)

    func weight(_ fact: CaseFact) -> Double {
        // The kind of deprivation and the State matter less than what happened to the person.
        let base = weights[fact] ?? (log(Double(opinions.count + 1)) + 1)
        switch fact {
        case .state: return base * 0.5
        case .kind: return base * 0.3
        default: return base
        }
    }

    /// The opinions sharing at least one fact beyond the kind of deprivation, best first. When
    /// `category` is given, only facts bearing on that category count (the State still helps).
    public func nearest(to caseFacts: Set<CaseFact>, category: Category? = nil, limit: Int = 10, excluding name: String? = nil) -> [Precedent] {
        func relevant(_ fact: CaseFact) -> Bool {
            guard let category else { return true }
            if case .state = fact { return true }
            return fact.categories.contains(category)
        }
        let mine = caseFacts.filter(relevant)
        guard !mine.isEmpty else { return [] }
        let norm = { (set: Set<CaseFact>) in sqrt(set.reduce(0) { $0 + self.weight($1) }) }
        var results: [Precedent] = []
        for (i, opinion) in opinions.enumerated() where opinion.name != name {
            let theirs = facts[i].filter(relevant)
            let shared = mine.intersection(theirs).sorted()
            var related: [Precedent.RelatedFact] = []
            for fact in mine.subtracting(theirs).sorted() {
                if let other = fact.relatives.first(where: { theirs.contains($0) && !mine.contains($0) }) {
                    related.append(.init(mine: fact, theirs: other))
                }
            }
            let substantive = shared.contains { if case .kind = $0 { false } else if case .state = $0 { false } else { true } }
            guard substantive || !related.isEmpty else { continue }
            let overlap = shared.reduce(0) { $0 + weight($1) } + related.reduce(0) { $0 + 0.5 * weight($1.theirs) }
            let denominator = norm(mine) * norm(theirs)
            // An opinion whose categories were read ranks a little higher: its finding can be cited.
            let score = (denominator > 0 ? overlap / denominator : 0) * (opinion.isScored ? scoredBonus : 1)
            results.append(Precedent(opinion: opinion, shared: shared, related: related, score: score))
        }
        // Ties: an opinion whose categories were read first (its finding can be cited), then newer.
        results.sort {
            if abs($0.score - $1.score) > 1e-9 { return $0.score > $1.score }
            if $0.opinion.isScored != $1.opinion.isScored { return $0.opinion.isScored }
            if ($0.opinion.year ?? 0) != ($1.opinion.year ?? 0) { return ($0.opinion.year ?? 0) > ($1.opinion.year ?? 0) }
            return $0.opinion.name < $1.opinion.name
        }
        return Array(results.prefix(max(0, limit)))
    }

    /// The precedents of a case file as of a date.
    public func nearest(to file: CaseFile, asOf: CaseDate, category: Category? = nil, limit: Int = 10) -> [Precedent] {
        let assessment = Assessor.assess(file, asOf: asOf)
        return nearest(to: CaseFacts.of(file, assessment: assessment), category: category, limit: limit)
    }
}

// MARK: - Output

extension Precedent {
    public var json: Value {
        .object([
            .init("name", .string(opinion.name)),
            .init("opinion", .string(opinion.citation)),
            .init("number", opinion.number.map(Value.string) ?? .null),
            .init("state", .string(opinion.state)),
            .init("year", opinion.year.map(Value.int) ?? .null),
            .init("categories", opinion.categories.map { .array($0.sorted().map { .string($0.rawValue) }) } ?? .null),
            .init("arbitrary", opinion.arbitrary.map(Value.bool) ?? .null),
            .init("score", .double((score * 1000).rounded() / 1000)),
            .init("shared", .array(shared.map { .string($0.key) })),
            .init("related", .array(related.map { .string($0.mine.key + " ~ " + $0.theirs.key) })),
            .init("reason", .string(reason)),
            .init("title", .string(opinion.file.displayTitle)),
        ])
    }

    /// One entry of `habeas precedents`.
    public func text(rank: Int) -> String {
        var out = "\(rank). \(opinion.citation) — \(opinion.stateName)\(opinion.year.map { ", \($0)" } ?? "") — \(findingText)\n"
        out += "   \(opinion.file.displayTitle)\n"
        out += "   why: \(reason) (score \(String(format: "%.2f", score)))\n"
        return out
    }
}
