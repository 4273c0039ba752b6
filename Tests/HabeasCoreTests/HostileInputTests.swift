import Foundation
import Testing
@testable import HabeasCore

/// Issue 10: what a hostile or careless file must never do — grow memory without bound, trap on
/// arithmetic, or be accepted and then fail to read back.
@Suite("Hostile input: case files")
struct HostileCaseFileTests {
    /// A 1 KB "billion laughs": ten levels of ten aliases each.
    static let aliasBomb: String = {
        var text = "format: habeas-case/1\nid: bomb\nstate: KZ\nperson: {name: X}\ndeprivation: {kind: pre-trial, ongoing: true}\ntimeline: []\nextensions:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",")
            text += "  a\(level): &a\(level) [\(refs)]\n"
        }
        return text
    }()

    @Test func aliasBombIsRefusedBeforeItGrows() {
        #expect(Self.aliasBomb.utf8.count < 1024)
        let found = issues(Self.aliasBomb)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("aliases") == true)
        #expect(found.first?.line == 8, "the line of the first anchor")
    }

    @Test func aSingleAliasIsRefusedToo() {
        let text = minimalCase(extraTop: "title: &t Name\nsummary: *t")
        #expect(issues(text).contains { $0.message.contains("anchors and aliases") })
    }

    static func nested(_ depth: Int) -> String {
        // `extensions:` is level 1; each `[` adds one.
        minimalCase(extraTop: "extensions:\n  deep: " + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth))
    }

    @Test func nestingBeyondTheLimitIsRefusedWithTheLimitNamed() {
        for depth in [CaseLimits.maxDepth, 1_000, 5_000] {
            let found = issues(Self.nested(depth))
            #expect(!found.isEmpty, "depth \(depth)")
            #expect(found.contains { $0.message.contains("\(CaseLimits.maxDepth)") || $0.message.contains("not valid YAML") }, "depth \(depth)")
        }
    }

    @Test func nestingWithinTheLimitIsAcceptedAndRoundTrips() throws {
        let file = try load(Self.nested(CaseLimits.maxDepth - 3))
        let again = try CaseFile.load(text: ValueWriter.json(file.value), file: nil)
        #expect(again == file)
        let yamlAgain = try CaseFile.load(text: file.yamlText(), file: nil)
        #expect(yamlAgain == file)
    }

    @Test func hugeSentencesAreRefusedNotTrapped() throws {
        for sentence in ["P9223372036854775807Y", "P99999999999999999999999Y", "P1000000D", "P151Y", "P200Y6M", "PT99999999999H"] {
            let text = minimalCase(timeline: "\n  - {date: 2022-01-05, type: arrest}\n  - {date: 2022-06-01, type: verdict, outcome: convicted, sentence: \(sentence)}")
            let found = issues(text)
            #expect(found.contains { $0.path == "timeline[1].sentence" && $0.message.contains("150 years") }, "\(sentence)")
        }
        // The longest allowed sentence still assesses without trapping.
        let longest = try load(minimalCase(timeline: "\n  - {date: 2022-01-05, type: arrest}\n  - {date: 2022-06-01, type: verdict, outcome: convicted, sentence: P150Y}"))
        _ = Assessor.assess(longest, asOf: date("2100-12-31"))
    }

    @Test func datesOutsideThePlausibleRangeAreRefused() {
        for text in ["0000-01-01", "1899-12-31", "2101-01-01", "9999-12-31"] {
            let found = issues(minimalCase(timeline: "\n  - {date: \(text), type: arrest}"))
            #expect(found.contains { $0.path == "timeline[0].date" && $0.message.contains("1900–2100") }, "\(text)")
        }
        #expect(issues(minimalCase(timeline: "\n  - {date: 1900-01-01, type: arrest}\n  - {date: 2100-12-31, type: release}")).isEmpty)
    }

    @Test func listsHaveALimit() {
        let events = (0...CaseLimits.maxListItems).map { _ in "  - {date: 2022-01-05, type: hunger-strike}" }.joined(separator: "\n")
        let found = issues(minimalCase(timeline: "\n" + events))
        #expect(found.contains { $0.path == "timeline" && $0.message.contains("\(CaseLimits.maxListItems)") })
    }

    @Test func overlongValuesAndFilesAreRefused() {
        let long = String(repeating: "x", count: CaseLimits.maxValueLength + 1)
        #expect(issues(minimalCase(extraTop: "summary: \(long)")).contains { $0.message.contains("longer than") })
        let huge = minimalCase(extraTop: "summary: " + String(repeating: "y", count: CaseLimits.maxTextBytes))
        #expect(issues(huge).contains { $0.message.contains("MB") })
    }
}
