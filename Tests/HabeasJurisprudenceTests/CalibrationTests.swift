import Foundation
import HabeasCore
@testable import HabeasJurisprudence
import Testing

@Suite struct CalibrationTests {
    /// A judge reached only after five days: the engine derives category I.
    let lateJudge = """
      - date: 2020-01-01
        type: arrest
      - date: 2020-01-06
        type: brought-before-judge
        authority: district court
        authorityIdentified: true
    """

    @Test func countsTruePositivesMissesAndExactMatches() throws {
        let opinions = corpus([
            ("case-a", opinionYAML(id: "case-a", timeline: "\n" + lateJudge, number: "1/2020", categories: "I")),
            ("case-b", opinionYAML(id: "case-b", number: "2/2020", categories: "II")),
            ("case-c", opinionYAML(id: "case-c", number: "3/2020", categories: nil)),
        ])
        let report = Calibration.run(opinions)
        #expect(report.scored == 2)
        #expect(report.notScored.map(\.name) == ["case-c"])
        let a = try #require(report.cases.first { $0.name == "case-a" })
        #expect(a.workingGroup == [.I])
        #expect(a.indicated.contains(.I))
        let b = try #require(report.cases.first { $0.name == "case-b" })
        #expect(b.missed == [.II], "no facts at all: the WG's category II is missed")
        #expect(!b.exact)
        let one = report.categories.first { $0.category == .I }!
        #expect(one.truePositives == 1 && one.found == 1 && one.covered == 1)
        let two = report.categories.first { $0.category == .II }!
        #expect(two.found == 1 && two.covered == 0)
        #expect(report.disagreements.contains { $0.name == "case-b" })
        #expect(report.text.contains("Disagreements"))
        #expect(report.text.contains("case-b (opinion No. 2/2020"))
    }

    @Test func theFindingIsRemovedBeforeAssessing() throws {
        // The same facts with and without the opinion event give the same assessment.
        let opinions = corpus([("case-x", opinionYAML(id: "case-x", allegations: "  - type: exercise-of-rights\n    right: expression\n", number: "9/2021", categories: "II"))])
        let opinion = try #require(opinions.first)
        let asOf = try #require(opinion.adopted)
        #expect(Assessor.assess(opinion.facts, asOf: asOf).categories == Assessor.assess(opinion.facts, asOf: asOf).categories)
        #expect(opinion.file.procedure.count == 1 && opinion.facts.procedure.isEmpty)
    }

    @Test func aNotArbitraryOpinionIsScoredAndPenalisesIndications() {
        let opinions = corpus([("case-n", opinionYAML(id: "case-n", timeline: "\n" + lateJudge, number: "4/2020", categories: "", arbitrary: false))])
        let report = Calibration.run(opinions)
        #expect(report.scored == 1)
        #expect(report.cases[0].workingGroup.isEmpty)
        #expect(report.categories.first { $0.category == .I }!.falsePositives == report.cases[0].indicated.filter { $0 == .I }.count)
    }

    @Test func jsonHasTheFigures() {
        let report = Calibration.run(corpus([("case-b", opinionYAML(id: "case-b", number: "2/2020", categories: "II"))]))
        let json = report.json
        #expect(json["scored"] == .int(1))
        #expect(json["noneMissed"] == .int(0))
        if case .array(let cats)? = json["categories"] { #expect(cats.count == 5) } else { Issue.record("no categories") }
    }

    @Test func theBundledCorpusCalibrates() {
        let report = Calibration.run(Corpus.shared)
        #expect(report.scored + report.notScored.count == Corpus.shared.count)
        #expect(report.scored >= 10)
    }
}

@Suite struct ReadmeFiguresTests {
    /// The README shows the table of a fresh `habeas calibrate` on the bundled corpus.
    @Test func theReadmeTableMatchesAFreshRun() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let report = Calibration.run(Corpus.shared)
        #expect(text.contains(report.table), "README.md: the calibration table is stale; paste the output of `habeas calibrate`")
        #expect(text.contains("\(report.exactMatches)/\(report.scored)"))
    }
}
