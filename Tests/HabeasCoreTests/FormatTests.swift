import Foundation
import Testing
@testable import HabeasCore
import HabeasTestSupport

@Suite("Case file format")
struct FormatTests {
    @Test("every fixture loads", arguments: Fixtures.all)
    func fixturesLoad(name: String) throws {
        let file = try Fixtures.load(name)
        #expect(file.id == name)
    }

    @Test("JSON and YAML round trips are lossless", arguments: Fixtures.all)
    func roundTrip(name: String) throws {
        let original = try Fixtures.load(name)
        let viaJSON = try CaseFile.load(text: original.jsonText(), file: "json")
        let viaYAML = try CaseFile.load(text: original.yamlText(), file: "yaml")
        #expect(viaJSON == original)
        #expect(viaYAML == original)
        #expect(try CaseFile.load(text: viaJSON.yamlText()) == original)
    }

    @Test("extensions are kept verbatim, types included")
    func extensionsVerbatim() throws {
        let file = try Fixtures.load("fx-immigration")
        let expected: Value = .object([
            .init("intake", .object([
                .init("receivedBy", .string("caseworker 12")),
                .init("priority", .int(2)),
                .init("flags", .array([.string("medical"), .string("NO")])),
            ])),
        ])
        #expect(file.extensions == expected)
        let back = try CaseFile.load(text: file.yamlText())
        #expect(back.extensions == expected)
    }

    @Test("text that YAML would read as another type stays text")
    func norwayProblem() throws {
        let file = try load(minimalCase(state: "NO", extraTop: "title: \"2022-01-05\""))
        #expect(file.state == "NO")
        let back = try load(file.yamlText())
        #expect(back.state == "NO")
        #expect(back.title == "2022-01-05")
    }

    @Test("booleans: true/false, and unquoted yes/no as YAML 1.1 reads them")
    func booleans() throws {
        let yes = try load(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: arrest\n    warrantShown: no\n    reasonsGiven: Yes"))
        #expect(yes.timeline[0].warrantShown == false)
        #expect(yes.timeline[0].reasonsGiven == true)
        #expect(issues(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: arrest\n    warrantShown: \"no\"")).first?.message
                == "must be `true` or `false`, found `no`")
    }

    @Test("every timeline type is accepted, with its attributes", arguments: EventType.allCases)
    func timelineTypes(type: EventType) throws {
        var attributes = ""
        for spec in type.attributeSpecs {
            let value: String
            switch spec.kind {
            case .bool: value = "true"
            case .text: value = "some text"
            case .date: value = "2022-01-02"
            case .categories: value = "[I]"
            case .word(let words, _): value = words[0]
            case .sentence: value = "P10Y"
            }
            attributes += "\n    \(spec.key): \(value)"
        }
        let timeline = "\n  - date: 2022-01-01\n    type: arrest\n  - date: 2022-01-02\n    type: \(type.rawValue)\(attributes)"
        let file = try load(minimalCase(timeline: timeline))
        #expect(file.timeline[1].type == type)
        #expect(file.timeline[1].attributes.count == type.attributeSpecs.count)
        #expect(try load(file.yamlText()) == file)
    }

    @Test("every allegation type is accepted", arguments: AllegationType.allCases)
    func allegationTypes(type: AllegationType) throws {
        var entry = "  - type: \(type.rawValue)"
        if type == .exerciseOfRights { entry += "\n    right: expression" }
        if type == .discrimination { entry += "\n    ground: religion" }
        let file = try load(minimalCase(allegations: entry))
        #expect(file.allegations[0].type == type)
    }

    @Test("every procedure type is accepted", arguments: ProcedureType.allCases)
    func procedureTypes(type: ProcedureType) throws {
        // Put the event after the events it needs, so that only the vocabulary is tested.
        let prefix = """
          - date: 2022-01-01
            type: transmitted-to-government
          - date: 2022-01-02
            type: government-reply
          - date: 2022-01-03
            type: opinion-adopted
            categories: [I]
            arbitrary: true
        """
        let needsPrefix: Set<ProcedureType> = [.governmentReply, .extensionRequested, .extensionGranted, .replySentToSource, .opinionTransmitted,
                                               .reviewRequested, .followUpSubmitted, .sourceComments]
        var entry = needsPrefix.contains(type) ? prefix + "\n" : ""
        entry += "  - date: 2022-02-01\n    type: \(type.rawValue)"
        if type == .followUpSubmitted || type == .reviewRequested { entry += "\n    by: source" }
        if type == .opinionAdopted && needsPrefix.contains(type) == false { entry += "\n    categories: [II]\n    arbitrary: true" }
        let file = try load(minimalCase(procedure: entry))
        #expect(file.procedure.contains { $0.type == type })
    }

    @Test("every word of the small vocabularies is accepted")
    func smallVocabularies() throws {
        for profile in Profile.allCases {
            let file = try load(minimalCase(extraTop: "").replacingOccurrences(of: "  name: Test Person", with: "  name: Test Person\n  profile: [\(profile.rawValue)]"))
            #expect(file.person.profile == [profile])
        }
        for kind in DeprivationKind.allCases {
            #expect(try load(minimalCase(kind: kind.rawValue)).deprivation.kind == kind)
        }
        for right in Right.allCases {
            #expect(try load(minimalCase(allegations: "  - type: exercise-of-rights\n    right: \(right.rawValue)")).allegations[0].right == right)
        }
        for ground in DiscriminationGround.allCases {
            #expect(try load(minimalCase(allegations: "  - type: discrimination\n    ground: \(ground.rawValue)")).allegations[0].ground == ground)
        }
        for kind in EvidenceKind.allCases {
            for relied in ReliedOnBy.allCases {
                let circumstances = EvidenceCircumstance.allCases.map(\.rawValue).joined(separator: ", ")
                let file = try load(minimalCase(evidence: "  - id: e1\n    title: T\n    kind: \(kind.rawValue)\n    reliedOnBy: \(relied.rawValue)\n    circumstances: [\(circumstances)]"))
                #expect(file.evidence[0].kind == kind)
                #expect(file.evidence[0].circumstances == EvidenceCircumstance.allCases)
            }
        }
    }

    /// A near miss of each vocabulary word (one letter dropped) is rejected with the word suggested.
    @Test("a near miss is rejected with its suggestion", arguments: EventType.allCases)
    func nearMissTimeline(type: EventType) {
        let word = type.rawValue
        let miss = String(word.dropLast())
        let found = issues(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: \(miss)"))
        #expect(found.count == 1)
        #expect(found.first?.path == "timeline[0].type")
        #expect(found.first?.message.contains("unknown timeline event type `\(miss)`; did you mean") == true)
        #expect(found.first?.message.contains("`\(word)`") == true)
    }

    @Test("a near miss of an allegation is rejected with its suggestion", arguments: AllegationType.allCases)
    func nearMissAllegation(type: AllegationType) {
        let miss = String(type.rawValue.dropFirst())
        let found = issues(minimalCase(allegations: "  - type: \(miss)"))
        #expect(found.first?.path == "allegations[0].type")
        #expect(found.first?.message.contains("`\(type.rawValue)`") == true)
    }

    @Test("near misses in the other vocabularies")
    func nearMissOthers() {
        let profile = issues(minimalCase().replacingOccurrences(of: "  name: Test Person", with: "  name: Test Person\n  profile: [jurnalist]"))
        #expect(profile.first?.message.hasPrefix("unknown profile `jurnalist`; did you mean `journalist`?") == true)
        #expect(profile.first?.path == "person.profile[0]")
        let kind = issues(minimalCase(kind: "pretrial"))
        #expect(kind.first?.message.hasPrefix("unknown deprivation kind `pretrial`; did you mean `pre-trial`?") == true)
        let right = issues(minimalCase(allegations: "  - type: exercise-of-rights\n    right: expresion"))
        #expect(right.first?.message.hasPrefix("unknown right `expresion`; did you mean `expression`?") == true)
        let ground = issues(minimalCase(allegations: "  - type: discrimination\n    ground: religon"))
        #expect(ground.first?.message.hasPrefix("unknown discrimination ground `religon`; did you mean `religion`?") == true)
        let circumstance = issues(minimalCase(evidence: "  - id: e1\n    title: T\n    circumstances: [forgd]"))
        #expect(circumstance.first?.message.hasPrefix("unknown evidence circumstance `forgd`; did you mean `forged`?") == true)
        let procedure = issues(minimalCase(procedure: "  - date: 2022-01-01\n    type: transmited-to-government"))
        #expect(procedure.first?.message.hasPrefix("unknown procedure event type `transmited-to-government`; did you mean `transmitted-to-government`?") == true)
        let outcome = issues(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: verdict\n    outcome: convictd"))
        #expect(outcome.first?.message.hasPrefix("unknown verdict outcome `convictd`; did you mean `convicted`?") == true)
    }
}

@Suite("Validation messages")
struct ValidationMessageTests {
    @Test("an unknown key names the nearest key and the line")
    func unknownKey() {
        let text = minimalCase(timeline: "\n  - date: 2022-01-01\n    type: arrest\n    warantShown: true")
        let found = issues(text)
        #expect(found.count == 1)
        let issue = found[0]
        #expect(issue.path == "timeline[0].warantShown")
        #expect(issue.message.hasPrefix("unknown key `warantShown`; did you mean `warrantShown`?"))
        let lines = text.components(separatedBy: "\n")
        #expect(issue.line.map { lines[$0 - 1].contains("warantShown") } == true)
        #expect(issue.description.hasPrefix("test.yaml:\(issue.line!): timeline[0].warantShown: unknown key"))
    }

    @Test("an attribute of another event type says where it belongs")
    func attributeOfAnotherType() {
        let found = issues(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: hearing\n    court: Supreme Court"))
        #expect(found.first?.message.hasPrefix("`court` is not an attribute of `hearing` (it belongs to `trial-start`)") == true)
    }

    @Test("unknown top-level key points to extensions")
    func unknownTopLevel() {
        let found = issues(minimalCase(extraTop: "notes: hello"))
        #expect(found.first?.message.hasPrefix("unknown key `notes`; put anything else under `extensions:`") == true)
    }

    @Test("bad dates get a plain message")
    func badDates() {
        #expect(issues(minimalCase(timeline: "\n  - date: \"2021-13-40\"\n    type: arrest")).first?.message
                == "`2021-13-40` is not a valid date: there is no month 13")
        #expect(issues(minimalCase(timeline: "\n  - date: 2021-02-30\n    type: arrest")).first?.message
                == "`2021-02-30` is not a valid date: February 2021 has 28 days, not 30")
        #expect(issues(minimalCase(timeline: "\n  - date: 5 Jan 2022\n    type: arrest")).first?.message.hasPrefix(
            "`5 Jan 2022` is not a valid date: use `YYYY-MM-DD`") == true)
        #expect(issues(minimalCase(timeline: "\n  - date: 2022-01-05T10:00:00\n    type: arrest")).first?.message.hasPrefix(
            "`2022-01-05T10:00:00` has a time but no UTC offset") == true)
        #expect(issues(minimalCase(timeline: "\n  - date: 2024-02-29\n    type: arrest")).isEmpty)
    }

    @Test("missing required keys are all reported at once")
    func missingKeys() {
        let found = issues("format: habeas-case/1\nid: x1\nperson: {}\ndeprivation: {kind: pre-trial}\n")
        let messages = found.map { "\($0.path): \($0.message)" }
        #expect(messages.contains("state: required key `state` is missing (e.g. `state: KZ`)"))
        #expect(messages.contains("person.name: required key `name` is missing"))
        #expect(messages.contains("deprivation.ongoing: required key `ongoing` is missing (e.g. `ongoing: true`)"))
        #expect(messages.contains("timeline: required key `timeline` is missing (e.g. `timeline: []`)"))
    }

    @Test("duplicate and unknown ids")
    func ids() {
        let found = issues(minimalCase(
            timeline: "\n  - date: 2022-01-01\n    type: arrest\n    sourceRefs: [r9]",
            allegations: "  - type: no-warrant\n    evidenceRefs: [e3]",
            evidence: "  - id: e1\n    title: A\n  - id: e1\n    title: B"))
        let messages = found.map { "\($0.path): \($0.message)" }
        #expect(messages.contains("evidence[1].id: duplicate evidence id `e1` (first used by evidence[0])"))
        #expect(messages.contains { $0.hasPrefix("allegations[0].evidenceRefs[0]: unknown evidence id `e3`") && $0.contains("defined: e1") })
        #expect(messages.contains("timeline[0].sourceRefs[0]: unknown reference id `r9`; no references are defined"))
    }

    @Test("a release before the arrest")
    func releaseBeforeArrest() {
        let found = issues(minimalCase(ongoing: false, timeline: "\n  - date: 2022-01-05\n    type: arrest\n  - date: 2022-01-02\n    type: release"))
        #expect(found.map(\.message) == ["release on 2022-01-02 is before the arrest on 2022-01-05 (timeline[0])"])
        #expect(found.first?.path == "timeline[1].date")
        #expect(found.first?.line != nil)
    }

    @Test("a birth after the arrest")
    func birthAfterArrest() {
        let text = minimalCase(timeline: "\n  - date: 2022-01-05\n    type: arrest")
        let born = { (date: String) in issues(text.replacingOccurrences(of: "  name: Test Person", with: "  name: Test Person\n  birthDate: \(date)")) }
        #expect(born("2023-01-01").map { "\($0.path): \($0.message)" } == ["person.birthDate: born on 2023-01-01, after the arrest on 2022-01-05 (timeline[0])"])
        #expect(born("1990-03-05").isEmpty)
        #expect(born("2022-01-05").isEmpty, "born on the day is odd, not impossible")
    }

    @Test("wrong shapes and booleans")
    func shapes() {
        #expect(issues(minimalCase(ongoing: true).replacingOccurrences(of: "ongoing: true", with: "ongoing: maybe")).first?.message
                == "must be `true` or `false`, found `maybe`")
        #expect(issues(minimalCase(timeline: "yes")).first?.message == "must be a list, found a single value")
        #expect(issues("format: habeas-case/1\nid: [a\n").first?.message.hasPrefix("not valid YAML or JSON") == true)
        #expect(issues("").first?.message == "the file is empty")
        #expect(issues(minimalCase(id: "Bad_ID")).first?.message.hasPrefix("`Bad_ID` is not a valid id") == true)
    }

    @Test("JSON input is read with line numbers too")
    func jsonLines() throws {
        let file = try Fixtures.load("fx-judge-50h")
        let json = file.jsonText().replacingOccurrences(of: "\"inFlagrante\"", with: "\"inFlagrant\"")
        let found = issues(json)
        #expect(found.count == 1)
        #expect(found.first?.line.map { json.components(separatedBy: "\n")[$0 - 1].contains("inFlagrant") } == true)
    }

    @Test("the shared invalid example fails with each of its mistakes", .enabled(if: Fixtures.sharedExamples != nil))
    func sharedInvalid() throws {
        let url = Fixtures.sharedExamples!.appendingPathComponent("invalid-vocabulary.yaml")
        let found = issues(try String(contentsOf: url, encoding: .utf8))
        let paths = Set(found.map(\.path))
        #expect(paths.isSuperset(of: ["timeline[1].type", "timeline[0].date", "state"]))
        #expect(found.contains { $0.path == "timeline[1].type" && $0.message.contains("`arrest`") })
    }

    @Test("every other shared example is valid", .enabled(if: Fixtures.sharedExamples != nil))
    func sharedValid() throws {
        for url in Fixtures.sharedExampleFiles() where url.lastPathComponent != "invalid-vocabulary.yaml" {
            let text = try String(contentsOf: url, encoding: .utf8)
            let found = issues(text)
            #expect(found.isEmpty, "\(url.lastPathComponent): \(found.map(\.description))")
            if found.isEmpty {
                let file = try CaseFile.load(text: text)
                #expect(try CaseFile.load(text: file.jsonText()) == file)
                #expect(try CaseFile.load(text: file.yamlText()) == file)
            }
        }
    }
}
