import Foundation
import Testing
import HabeasTestSupport
@testable import HabeasCore

/// `validate()` on a typed case is the one validator: it finds exactly what `load(text:)` finds
/// on the same case written as YAML (with lines there), and what `decode(_:)` finds on its value.
@Suite("Typed validation")
struct ValidationTests {
    /// Changes that each break one rule on the values (not the shape) of a case.
    static let mutations: [(name: String, apply: @Sendable (inout CaseFile) -> Void)] = [
        ("id", { $0.id = "Not An Id" }),
        ("state", { $0.state = "kz" }),
        ("format", { $0.format = "habeas-case/2" }),
        ("nationality", { $0.person.nationalities += ["KZ", "Kazakh"] }),
        ("legal maximum", { $0.deprivation.legalMaximum = "life" }),
        ("sentence", { $0.timeline.append(TimelineEvent(date: date("2022-03-01"), type: .verdict, attributes: ["sentence": .text("ten years")])) }),
        ("verdict outcome", { $0.timeline.append(TimelineEvent(date: date("2022-03-02"), type: .verdict, attributes: ["outcome": .text("convictd")])) }),
        ("authority kind", { $0.timeline.append(TimelineEvent(date: date("2022-03-03"), type: .broughtBeforeJudge, attributes: ["authorityKind": .text("jugde")])) }),
        ("right on another type", { $0.allegations.append(Allegation(type: .noWarrant, right: .expression)) }),
        ("ground on another type", { $0.allegations.append(Allegation(type: .incommunicado, ground: .religion)) }),
        ("unknown evidence", { var a = Allegation(type: .noWarrant); a.evidenceRefs = ["nowhere"]; $0.allegations.append(a) }),
        ("unknown reference", { var e = TimelineEvent(date: date("2022-03-04"), type: .hungerStrike); e.sourceRefs = ["nobody"]; $0.timeline.append(e) }),
        ("duplicate evidence", { $0.evidence += [EvidenceItem(id: "e-twice", title: "One"), EvidenceItem(id: "e-twice", title: "Two")] }),
        ("duplicate reference", { $0.references += [Reference(id: "r-twice", text: "One"), Reference(id: "r-twice", text: "Two")] }),
        ("release before arrest", { $0.timeline += [TimelineEvent(date: date("2001-01-02"), type: .release)] }),
        ("place ends before it starts", { var p = Place(name: "Cell"); p.from = date("2022-02-02"); p.to = date("2022-01-01"); $0.deprivation.places.append(p) }),
        ("second extension", { $0.procedure += [ProcedureEvent(date: date("2022-05-01"), type: .transmittedToGovernment),
                                                ProcedureEvent(date: date("2022-05-02"), type: .extensionGranted),
                                                ProcedureEvent(date: date("2022-05-03"), type: .extensionGranted)] }),
        ("too many names", { $0.person.otherNames = (0...CaseLimits.maxListItems).map { "Name \($0)" } }),
        ("value too long", { $0.summary = String(repeating: "x", count: CaseLimits.maxValueLength + 1) }),
    ]

    static func pathsAndMessages(_ issues: [CaseIssue]) -> [String] {
        issues.map { "\($0.path): \($0.message)" }.sorted()
    }

    static func loadIssues(_ text: String) -> [CaseIssue] {
        do { _ = try CaseFile.load(text: text, file: "typed.yaml"); return [] } catch { return error.issues }
    }

    static func decodeIssues(_ value: Value) -> [CaseIssue] {
        do { _ = try CaseFile.decode(value); return [] } catch { return error.issues }
    }

    @Test("a valid case has no issues, typed or read", arguments: Fixtures.all)
    func fixturesAreValid(name: String) throws {
        let file = try Fixtures.load(name)
        #expect(file.validate().isEmpty)
        #expect(try file.validated() == file)
        #expect(try CaseFile.decode(file.value) == file)
    }

    /// Property: over every fixture and every mutation (alone, and with the next one), the typed
    /// validator, the text loader and the value decoder report the same issues.
    @Test("validate() finds what load(text:) and decode(_:) find", arguments: Fixtures.all)
    func sameIssuesAsText(name: String) throws {
        let original = try Fixtures.load(name)
        let mutations = Self.mutations
        for (i, mutation) in mutations.enumerated() {
            // A value over a bound stops the reading of text before any other check, so it is
            // tried alone.
            let next = mutations[(i + 1) % mutations.count]
            let bound = "value too long"
            for other in mutation.name == bound || next.name == bound ? [nil] : [nil, next] {
                var file = original
                mutation.apply(&file)
                other?.apply(&file)
                let label = mutation.name + (other.map { " + " + $0.name } ?? "")
                let typed = file.validate()
                #expect(!typed.isEmpty, "\(name): \(label) found nothing")
                #expect(typed.allSatisfy { $0.line == nil })
                let text = Self.loadIssues(file.yamlText())
                #expect(Self.pathsAndMessages(text) == Self.pathsAndMessages(typed), "\(name): \(label)")
                // Read from text, every issue with a path has a line.
                #expect(text.allSatisfy { $0.path.isEmpty || $0.line != nil }, "\(name): \(label)")
                #expect(Self.pathsAndMessages(Self.decodeIssues(file.value)) == Self.pathsAndMessages(typed), "\(name): \(label)")
                #expect(throws: CaseValidationError.self) { _ = try file.validated() }
            }
        }
    }

    @Test("a typed attribute the table does not list, or of the wrong kind, is reported")
    func typedAttributes() throws {
        var file = try Fixtures.load("fx-clean-47h")
        file.timeline.append(TimelineEvent(date: date("2022-03-01"), type: .arrest, attributes: ["court": .text("x"), "warrantShown": .text("no")]))
        let found = Self.pathsAndMessages(file.validate())
        let last = file.timeline.count - 1
        #expect(found.contains { $0.hasPrefix("timeline[\(last)].court: `court` is not an attribute of `arrest` (it belongs to `trial-start`)") })
        #expect(found.contains("timeline[\(last)].warrantShown: must be `true` or `false`"))
    }

    @Test("an item left out for its own error does not shift the paths and lines of the next")
    func pathsAfterDroppedItems() {
        let text = minimalCase(timeline: """

              - date: 2022-13-01
                type: arrest
              - date: 2022-02-01
                type: verdict
                sentence: ten years
            """)
        let found = Self.loadIssues(text)
        let sentence = found.first { $0.message.contains("`ten years` is not an ISO 8601 duration") }
        #expect(sentence?.path == "timeline[1].sentence")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(sentence?.line.map { lines[$0 - 1].contains("sentence: ten years") } == true)
        #expect(found.contains { $0.path == "timeline[0].date" })
    }

    @Test("an issue inside a part already reported is not repeated")
    func noRepeatOfPlaceholders() {
        let found = Self.loadIssues(minimalCase().replacingOccurrences(of: "id: test-case\n", with: ""))
        #expect(found.filter { $0.path == "id" }.map(\.message) == ["required key `id` is missing (e.g. `id: kz-massimov`)"])
    }
}
