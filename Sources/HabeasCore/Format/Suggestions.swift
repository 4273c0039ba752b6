/// "Did you mean …" for unknown words and keys (also the spreadsheet import's vocabulary matching).
public enum Suggestions {
    /// Words people type for an event or allegation that the vocabulary names differently.
    /// Edit distance cannot find these (kidnapping is nowhere near arrest).
    static let synonyms: [String: [String]] = [
        "kidnapping": ["arrest"], "abduction": ["arrest"], "abducted": ["arrest"], "detention": ["arrest", "detention-order"],
        "apprehension": ["arrest"], "detained": ["arrest"], "raid": ["arrest"], "capture": ["arrest"],
        "lawyer": ["counsel-access"], "counsel": ["counsel-access"], "attorney": ["counsel-access"],
        "visit": ["family-contact"], "family": ["family-contact"],
        "trial": ["trial-start"], "conviction": ["verdict"], "sentence": ["verdict"], "judgment": ["verdict"],
        "torture": ["ill-treatment"], "beating": ["ill-treatment"], "abuse": ["ill-treatment"],
        "released": ["release"], "freed": ["release"], "disappearance": ["undisclosed-location", "enforced-disappearance"],
        "judge": ["brought-before-judge"], "court": ["hearing", "brought-before-judge"],
        "habeas-corpus": ["judicial-review-denied", "no-judicial-review"],
    ]

    /// The nearest valid words to `word`, best first (at most three).
    public static func nearest(to word: String, in candidates: [String]) -> [String] {
        let lowered = word.lowercased()
        if let direct = synonyms[lowered]?.filter(candidates.contains), !direct.isEmpty { return direct }
        if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return [exact] }
        let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }.sorted { $0.1 < $1.1 }
        guard let best = scored.first else { return [] }
        // Close matches only; a far-off guess is noise. Prefixes count as close ("counsel" → "counsel-access").
        let limit = max(2, lowered.count / 3)
        let close = scored.filter { $0.1 <= max(limit, best.1) && $0.1 <= limit }.prefix(3).map(\.0)
        let prefixed = candidates.filter { $0.hasPrefix(lowered) || lowered.hasPrefix($0) }
        let result = Array(close) + prefixed.filter { !close.contains($0) }
        return Array(result.prefix(3))
    }

    /// " (did you mean `a`?)" or "" when nothing is close.
    public static func hint(for word: String, in candidates: [String]) -> String {
        let near = nearest(to: word, in: candidates)
        guard !near.isEmpty else { return "" }
        return "; did you mean " + near.map { "`\($0)`" }.joined(separator: " or ") + "?"
    }

    /// "; did you mean `a`? Valid: a, b, c" or ". Valid: a, b, c": the suggestion, then every
    /// valid alternative, so the message alone is enough to fix the file.
    static func alternatives(for word: String, in candidates: [String], label: String = "Valid") -> String {
        let near = hint(for: word, in: candidates)
        return (near.isEmpty ? ". " : near + " ") + label + ": " + candidates.joined(separator: ", ")
    }

    /// Levenshtein distance.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
