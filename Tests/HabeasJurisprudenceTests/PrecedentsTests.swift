import HabeasCore
@testable import HabeasJurisprudence
import Testing

@Suite struct PrecedentsTests {
    let opinions = corpus([
        ("cut-off", opinionYAML(id: "cut-off", allegations: "  - type: incommunicado\n  - type: undisclosed-location\n", number: "1/2020", categories: "I")),
        ("speech", opinionYAML(id: "speech", allegations: "  - type: exercise-of-rights\n    right: expression\n", number: "2/2020", categories: "II")),
        ("family", opinionYAML(id: "family", allegations: "  - type: denied-family-contact\n", number: "3/2020", categories: "I, III")),
        ("same-state", opinionYAML(id: "same-state", state: "KZ", number: "4/2020", categories: "III")),
    ])

    func query(_ allegations: String, state: String = "QQ") throws -> CaseFile {
        try CaseFile.load(text: opinionYAML(id: "query", state: state, allegations: allegations, arbitrary: nil).replacingOccurrences(of: "type: opinion-adopted", with: "type: communication-submitted"))
    }

    @Test func sharedRareFactsRankFirstAndUnrelatedOpinionsAreLeftOut() throws {
        let finder = PrecedentFinder(opinions: opinions)
        let results = finder.nearest(to: try query("  - type: incommunicado\n  - type: undisclosed-location\n"), asOf: CaseDate(year: 2021, month: 1, day: 1))
        #expect(results.map(\.opinion.name) == ["cut-off", "family"])
        #expect(results[0].shared.contains(.allegation(.incommunicado)))
        #expect(results[0].reason.contains("shares incommunicado, undisclosed location"))
        // Denied family contact is of the same family as incommunicado: related, half weight.
        #expect(results[1].related.contains { $0.theirs == .allegation(.deniedFamilyContact) })
        #expect(results[1].reason.contains("related:"))
        #expect(results[0].score > results[1].score)
    }

    @Test func theStateAloneIsNotAPrecedent() throws {
        let finder = PrecedentFinder(opinions: opinions)
        let results = finder.nearest(to: try query("  - type: exercise-of-rights\n    right: expression\n", state: "KZ"), asOf: CaseDate(year: 2021, month: 1, day: 1))
        #expect(results.map(\.opinion.name) == ["speech"])
    }

    @Test func aCategoryKeepsOnlyFactsBearingOnIt() throws {
        let finder = PrecedentFinder(opinions: opinions)
        let q = try query("  - type: incommunicado\n  - type: exercise-of-rights\n    right: expression\n")
        let two = finder.nearest(to: q, asOf: CaseDate(year: 2021, month: 1, day: 1), category: .II)
        #expect(two.map(\.opinion.name) == ["speech"])
        let one = finder.nearest(to: q, asOf: CaseDate(year: 2021, month: 1, day: 1), category: .I)
        #expect(one.first?.opinion.name == "cut-off")
    }

    @Test func massimovGetsIncommunicadoOrSecrecyOpinionsFirstWithTheirCategories() throws {
        let file = try CaseFile.load(text: massimovYAML)
        let results = PrecedentFinder.shared.nearest(to: file, asOf: massimovAsOf, limit: 5)
        #expect(results.count == 5)
        let secrecy: Set<CaseFact> = [.allegation(.incommunicado), .allegation(.undisclosedLocation), .allegation(.secretProceedings)]
        // The nearest opinion concerns incommunicado detention or secrecy, and so do most of the
        // first five (others share the secret order's consequences: no legal basis, no reasons).
        #expect(results.first.map { !secrecy.isDisjoint(with: $0.shared) } == true)
        #expect(results.filter { !secrecy.isDisjoint(with: $0.shared) }.count >= 3)
        #expect(results.first?.opinion.isScored == true)
        #expect(results.first!.text(rank: 1).contains("categories "))
    }
}
