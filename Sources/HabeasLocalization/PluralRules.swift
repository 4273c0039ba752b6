import Foundation

/// A CLDR plural category.
public enum PluralCategory: String, CaseIterable, Sendable, Codable {
    case zero, one, two, few, many, other
}

/// The CLDR plural rules of the interface languages, read from `Resources/plurals.yaml` (data
/// copied from CLDR `common/supplemental/plurals.xml`; see docs/translators.md). Only whole
/// numbers are counted in the interface, so the operands are those of an integer: n = i, v = w =
/// f = t = 0, e = 0.
public struct PluralRules: Sendable {
    /// language → ordered (category, condition); "other" is what no condition matches.
    let rules: [String: [(PluralCategory, Condition)]]

    /// The categories a language distinguishes, "other" included, in CLDR order.
    public func categories(of language: String) -> [PluralCategory] {
        (rules[language]?.map(\.0) ?? []) + [.other]
    }

    public func category(of number: Int, language: String) -> PluralCategory {
        for (category, condition) in rules[language] ?? [] where condition.holds(for: number) { return category }
        return .other
    }

    static let shared: PluralRules = {
        guard let url = Bundle.module.url(forResource: "plurals", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8),
              let rules = try? PluralRules(yaml: text) else {
            return PluralRules(rules: [:])
        }
        return rules
    }()

    init(rules: [String: [(PluralCategory, Condition)]]) { self.rules = rules }

    /// Reads the data file: `language: {category: "rule"}` per CLDR syntax (samples after `@` ignored).
    init(yaml: String) throws {
        var rules: [String: [(PluralCategory, Condition)]] = [:]
        var language: String?
        for raw in yaml.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(raw)
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if !line.hasPrefix(" ") {
                guard line.hasSuffix(":") else { throw PluralRuleError(text: line) }
                language = String(line.dropLast())
                rules[language!] = []
                continue
            }
            guard let lang = language, let colon = line.firstIndex(of: ":") else { throw PluralRuleError(text: line) }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard let category = PluralCategory(rawValue: name) else { throw PluralRuleError(text: line) }
            var rule = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if rule.hasPrefix("\"") && rule.hasSuffix("\"") && rule.count >= 2 { rule = String(rule.dropFirst().dropLast()) }
            if let at = rule.firstIndex(of: "@") { rule = rule[..<at].trimmingCharacters(in: .whitespaces) }
            if category == .other { continue }
            rules[lang]!.append((category, try Condition(rule)))
        }
        self.rules = rules
    }
}

struct PluralRuleError: Error, CustomStringConvertible {
    var text: String
    var description: String { "cannot read the plural rule \"\(text)\"" }
}

/// A CLDR plural condition: `or` of `and` of relations such as `i % 10 = 2..4` or `n != 12,13`.
struct Condition: Sendable {
    struct Relation: Sendable {
        var operand: Character
        var modulus: Int?
        var negated: Bool
        var ranges: [ClosedRange<Int>]
    }
    /// Disjunction of conjunctions.
    var alternatives: [[Relation]]

    init(_ text: String) throws {
        alternatives = try text.components(separatedBy: " or ").map { part in
            try part.components(separatedBy: " and ").map { try Condition.relation($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    static func relation(_ text: String) throws -> Relation {
        let negated = text.contains("!=")
        let sides = text.components(separatedBy: negated ? "!=" : "=")
        guard sides.count == 2 else { throw PluralRuleError(text: text) }
        let left = sides[0].split(separator: "%").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let operand = left.first?.first, left[0].count == 1, "niwvftec".contains(operand) else { throw PluralRuleError(text: text) }
        var modulus: Int?
        if left.count == 2 {
            guard let m = Int(left[1]), m > 0 else { throw PluralRuleError(text: text) }
            modulus = m
        }
        let ranges = try sides[1].split(separator: ",").map { item -> ClosedRange<Int> in
            let bounds = item.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let low = Int(bounds[0]), let high = Int(bounds.last!), bounds.count <= 2, low <= high else { throw PluralRuleError(text: text) }
            return low...high
        }
        guard !ranges.isEmpty else { throw PluralRuleError(text: text) }
        return Relation(operand: operand, modulus: modulus, negated: negated, ranges: ranges)
    }

    func holds(for number: Int) -> Bool {
        alternatives.contains { $0.allSatisfy { $0.holds(for: number) } }
    }
}

extension Condition.Relation {
    func holds(for number: Int) -> Bool {
        // Operands of a whole number: n and i are its absolute value; the fraction operands and the
        // compact exponent are 0.
        var value = operand == "n" || operand == "i" ? number.magnitude : 0
        if let modulus { value %= UInt(modulus) }
        let inside = ranges.contains { $0.lowerBound >= 0 && value >= UInt($0.lowerBound) && value <= UInt($0.upperBound) }
        return inside != negated
    }
}
