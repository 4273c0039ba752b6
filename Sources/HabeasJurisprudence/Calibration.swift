import HabeasCore

/// How often the assessment agrees with the Working Group on the corpus: each scored opinion is
/// assessed with its finding removed, as of the adoption date, and the categories compared.
public struct CalibrationReport: Sendable, Equatable {
    /// One opinion's comparison.
    public struct Case: Sendable, Equatable {
        public var name: String
        public var citation: String
        public var state: String
        public var asOf: CaseDate
        /// The Working Group's categories (empty: not arbitrary).
        public var workingGroup: [Category]
        public var indicated: [Category]
        public var possible: [Category]
        /// The encoder marked the facts as thin.
        public var thin: Bool

        /// Indicated exactly the Working Group's categories.
        public var exact: Bool { Set(indicated) == Set(workingGroup) }
        /// The Working Group's categories the engine called neither indicated nor possible.
        public var missed: [Category] { workingGroup.filter { !indicated.contains($0) && !possible.contains($0) } }
        /// Indicated but not found by the Working Group.
        public var extra: [Category] { indicated.filter { !workingGroup.contains($0) } }
        /// Found by the Working Group, only `possible` here.
        public var onlyPossible: [Category] { workingGroup.filter { possible.contains($0) } }
    }

    /// Per category: true and false positives of `indicated`, and coverage of the Working Group's findings.
    public struct CategoryFigures: Sendable, Equatable {
        public var category: Category
        /// Indicated and found by the Working Group.
        public var truePositives = 0
        /// Indicated, not found.
        public var falsePositives = 0
        /// Found by the Working Group.
        public var found = 0
        /// Found, and called indicated or possible.
        public var covered = 0

        /// Share of `indicated` that the Working Group found; nil when nothing was indicated.
        public var precision: Double? { truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives) }
        /// Share of the Working Group's findings called indicated or possible; nil when none.
        public var coverage: Double? { found == 0 ? nil : Double(covered) / Double(found) }
    }

    public var cases: [Case]
    /// Opinions left out, with why (categories not read, no adoption date).
    public var notScored: [(name: String, reason: String)]
    public var categories: [CategoryFigures]

    public static func == (a: CalibrationReport, b: CalibrationReport) -> Bool {
        a.cases == b.cases && a.categories == b.categories && a.notScored.map(\.name) == b.notScored.map(\.name)
            && a.notScored.map(\.reason) == b.notScored.map(\.reason)
    }

    public var scored: Int { cases.count }
    /// Cases whose indicated set equals the Working Group's.
    public var exactMatches: Int { cases.filter(\.exact).count }
    /// Cases where none of the Working Group's categories was missed.
    public var noneMissed: Int { cases.filter { $0.missed.isEmpty }.count }
    /// All categories together.
    public var total: CategoryFigures {
        var t = CategoryFigures(category: .I)
        for c in categories {
            t.truePositives += c.truePositives; t.falsePositives += c.falsePositives
            t.found += c.found; t.covered += c.covered
        }
        return t
    }
    public var disagreements: [Case] { cases.filter { !$0.exact } }
}

public enum Calibration {
    /// Runs the assessment on every scored opinion, as of its adoption date, without its finding.
    public static func run(_ opinions: [CorpusOpinion]) -> CalibrationReport {
        var cases: [CalibrationReport.Case] = []
        var notScored: [(String, String)] = []
        for opinion in opinions.sorted(by: { $0.name < $1.name }) {
            guard opinion.isScored, let adopted = opinion.adopted else {
                notScored.append((opinion.name, opinion.opinion?.arbitrary == nil && opinion.categories == nil
                    ? "finding not read" : "categories not read"))
                continue
            }
            let asOf = adopted.calendarDate
            let assessment = Assessor.assess(opinion.facts, asOf: asOf)
            let found = opinion.arbitrary == false ? [] : (opinion.categories ?? [])
            cases.append(.init(
                name: opinion.name, citation: opinion.citation, state: opinion.state, asOf: asOf,
                workingGroup: found.sorted(),
                indicated: assessment.categories.filter { $0.finding == .indicated }.map(\.category).sorted(),
                possible: assessment.categories.filter { $0.finding == .possible }.map(\.category).sorted(),
                thin: opinion.isThin))
        }
        var figures = Category.allCases.map { CalibrationReport.CategoryFigures(category: $0) }
        for c in cases {
            for i in figures.indices {
                let category = figures[i].category
                let wg = c.workingGroup.contains(category)
                if c.indicated.contains(category) {
                    if wg { figures[i].truePositives += 1 } else { figures[i].falsePositives += 1 }
                }
                if wg {
                    figures[i].found += 1
                    if c.indicated.contains(category) || c.possible.contains(category) { figures[i].covered += 1 }
                }
            }
        }
        return CalibrationReport(cases: cases, notScored: notScored, categories: figures)
    }
}

// MARK: - Output

extension CalibrationReport {
    static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(Int((value * 100).rounded())) + "%"
    }

    static func ratio(_ a: Int, _ b: Int) -> String {
        b == 0 ? "–" : "\(a)/\(b) (\(percent(Double(a) / Double(b))))"
    }

    static func list(_ categories: [Category]) -> String {
        categories.isEmpty ? "none" : categories.map(\.rawValue).joined(separator: ", ")
    }

    /// The per-category table as Markdown (also used in the README).
    public var table: String {
        var out = "| category | indicated: true pos. | indicated: false pos. | precision of indicated | found by the WG | indicated or possible |\n"
        out += "|---|---:|---:|---:|---:|---:|\n"
        for (name, c) in categories.map({ ($0.category.rawValue, $0) }) + [("all", total)] {
            out += "| \(name) | \(c.truePositives) | \(c.falsePositives) | \(Self.percent(c.precision)) | \(c.found) | \(Self.ratio(c.covered, c.found)) |\n"
        }
        return out
    }

    /// The plain-text report of `habeas calibrate`.
    public var text: String {
        var out = "Calibration on \(cases.count + notScored.count) opinions: \(scored) scored, \(notScored.count) not scored (categories not read).\n"
        out += "Each scored opinion is assessed without its opinion-adopted event, as of its adoption date.\n\n"
        out += table
        out += "\nExact match (indicated = the Working Group's categories): \(Self.ratio(exactMatches, scored))\n"
        out += "None of the Working Group's categories missed (each indicated or possible): \(Self.ratio(noneMissed, scored))\n"
        out += "Precision of indicated, all categories: \(Self.percent(total.precision))\n"
        let dis = disagreements
        out += "\nDisagreements (\(dis.count)):\n"
        if dis.isEmpty { out += "  none\n" }
        for c in dis {
            out += "- \(c.name) (\(c.citation), \(c.state), as of \(c.asOf))\(c.thin ? " [thin file]" : "")\n"
            out += "    Working Group: \(Self.list(c.workingGroup)); engine indicated: \(Self.list(c.indicated)); possible: \(Self.list(c.possible))\n"
            var notes: [String] = []
            if !c.extra.isEmpty { notes.append("indicated, not found: \(Self.list(c.extra))") }
            if !c.onlyPossible.isEmpty { notes.append("found, only possible: \(Self.list(c.onlyPossible))") }
            if !c.missed.isEmpty { notes.append("missed: \(Self.list(c.missed))") }
            if !notes.isEmpty { out += "    " + notes.joined(separator: "; ") + "\n" }
        }
        if !notScored.isEmpty {
            out += "\nNot scored (\(notScored.count)): " + notScored.map { "\($0.name) (\($0.reason))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// The JSON of `habeas calibrate --json`.
    public var json: Value {
        func number(_ v: Double?) -> Value { v.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
        func cats(_ c: [Category]) -> Value { .array(c.map { .string($0.rawValue) }) }
        let perCategory: [Value] = categories.map { c in
            .object([
                .init("category", .string(c.category.rawValue)),
                .init("truePositives", .int(c.truePositives)),
                .init("falsePositives", .int(c.falsePositives)),
                .init("precision", number(c.precision)),
                .init("foundByWorkingGroup", .int(c.found)),
                .init("indicatedOrPossible", .int(c.covered)),
                .init("coverage", number(c.coverage)),
            ])
        }
        let caseValues: [Value] = cases.map { c in
            .object([
                .init("name", .string(c.name)),
                .init("opinion", .string(c.citation)),
                .init("state", .string(c.state)),
                .init("asOf", .string(c.asOf.description)),
                .init("workingGroup", cats(c.workingGroup)),
                .init("indicated", cats(c.indicated)),
                .init("possible", cats(c.possible)),
                .init("exact", .bool(c.exact)),
                .init("missed", cats(c.missed)),
                .init("extra", cats(c.extra)),
                .init("thin", .bool(c.thin)),
            ])
        }
        return .object([
            .init("opinions", .int(cases.count + notScored.count)),
            .init("scored", .int(scored)),
            .init("exactMatches", .int(exactMatches)),
            .init("exactMatchRate", number(scored == 0 ? nil : Double(exactMatches) / Double(scored))),
            .init("noneMissed", .int(noneMissed)),
            .init("noneMissedRate", number(scored == 0 ? nil : Double(noneMissed) / Double(scored))),
            .init("precisionOfIndicated", number(total.precision)),
            .init("coverage", number(total.coverage)),
            .init("categories", .array(perCategory)),
            .init("cases", .array(caseValues)),
            .init("disagreements", .array(disagreements.map { .string($0.name) })),
            .init("notScored", .array(notScored.map { .object([.init("name", .string($0.name)), .init("reason", .string($0.reason))]) })),
        ])
    }
}
