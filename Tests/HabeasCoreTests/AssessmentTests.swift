import Foundation
import Testing
@testable import HabeasCore
import HabeasTestSupport

@Suite("Assessment")
struct AssessmentTests {
    func assess(_ text: String, asOf: String = "2022-06-01") throws -> Assessment {
        Assessor.assess(try load(text), asOf: date(asOf))
    }

    func findings(_ a: Assessment) -> [String: String] {
        Dictionary(uniqueKeysWithValues: a.categories.map { ($0.category.rawValue, $0.finding.rawValue) })
    }

    @Test("Massimov as of 2022-03-18: I and III indicated, urgent action, 72 days")
    func massimov() throws {
        let a = Assessor.assess(try Fixtures.load("kz-massimov"), asOf: date("2022-03-18"))
        #expect(a.finding(for: .I).finding == .indicated)
        #expect(a.finding(for: .III).finding == .indicated)
        #expect(a.finding(for: .II).finding == .notIndicated)
        #expect(a.finding(for: .IV).finding == .notIndicated)
        #expect(a.finding(for: .V).finding != .indicated)
        #expect(a.urgentAction.eligible)
        #expect(a.derived.daysIncommunicado == 72)
        let incommunicado = a.finding(for: .I).grounds.first { $0.allegation == .incommunicado }
        #expect(incommunicado?.provisions.contains("ICCPR art. 16") == true)
        #expect(incommunicado?.computation?.contains("72 days") == true)
        #expect(a.remedies.first == "Release the person immediately and unconditionally.")
        #expect(a.referrals.contains("Working Group on Enforced or Involuntary Disappearances"))
    }

    @Test("the JSON has the spec's shape")
    func jsonShape() throws {
        let a = Assessor.assess(try Fixtures.load("kz-massimov"), asOf: date("2022-03-18"))
        let json = a.json
        #expect(json["case"] == .string("kz-massimov"))
        #expect(json["asOf"] == .string("2022-03-18"))
        guard case .array(let categories)? = json["categories"] else { Issue.record("no categories"); return }
        #expect(categories.map { $0["category"] } == ["I", "II", "III", "IV", "V"].map(Value.string))
        #expect(json["urgentAction"]?["eligible"] == .bool(true))
        #expect(json["derived"]?["daysIncommunicado"] == .int(72))
        #expect(json["derived"]?["hoursBeforeJudge"] == .null)
        for key in ["evidence", "gaps", "remedies", "referrals"] { #expect(json[key] != nil) }
        let text = ValueWriter.json(json)
        #expect(text.contains("\"finding\": \"indicated\""))
    }

    /// Expected outcomes of the fixtures, stored like the shared examples in an opinion-adopted event.
    @Test("fixtures end to end", arguments: Fixtures.all.filter { $0 != "kz-massimov" })
    func fixtures(name: String) throws {
        let file = try Fixtures.load(name)
        let (indicated, expected) = score(file)
        #expect(indicated == expected, "\(name)")
    }

    @Test("fixture evidence taint")
    func fixtureTaint() throws {
        let a = Assessor.assess(try Fixtures.load("fx-disappeared-confession"), asOf: date("2021-11-19"))
        let taint = Dictionary(uniqueKeysWithValues: a.evidence.map { ($0.id, Set($0.because)) })
        #expect(taint["e1"] == [.underIllTreatment, .duringIncommunicado, .withoutCounsel])
        #expect(taint["e2"] == [])  // physical evidence: the exclusionary rule concerns statements (issue 12 §7)
        #expect(taint["e3"] == [])
        #expect(taint["e4"] == [])
        let clean = Assessor.assess(try Fixtures.load("fx-clean-47h"), asOf: date("2022-01-01"))
        #expect(clean.evidence.allSatisfy { !$0.tainted })
    }

    @Test("the opinion-adopted event never changes the assessment")
    func ignoresOpinion() throws {
        for name in Fixtures.all {
            var file = try Fixtures.load(name)
            let with = Assessor.assess(file, asOf: date("2024-01-01"))
            file.procedure.removeAll { $0.type == .opinionAdopted }
            #expect(Assessor.assess(file, asOf: date("2024-01-01")) == with)
            // Added beside the other procedure events (the source's own submission dates the latest information).
            file.procedure.append(ProcedureEvent(date: date("2023-01-01"), type: .opinionAdopted,
                                                 attributes: ["categories": .categories([.II, .IV]), "arbitrary": .bool(true)]))
            #expect(Assessor.assess(file, asOf: date("2024-01-01")) == with)
        }
    }

    // MARK: Each rule on a minimal case

    static let arrestNoWarrant = "\n  - date: 2022-01-01T10:00:00+00:00\n    type: arrest\n    warrantShown: false\n    reasonsGiven: true"
    static let cleanArrest = "\n  - date: 2022-01-01T10:00:00+00:00\n    type: arrest\n    warrantShown: true\n    reasonsGiven: true"

    @Test("typed allegations map to their category and strength", arguments: [
        ("no-legal-basis", "I", "indicated"), ("no-warrant", "I", "indicated"), ("not-informed-of-reasons", "I", "indicated"),
        ("not-brought-promptly-before-judge", "I", "indicated"), ("no-judicial-review", "I", "indicated"),
        ("incommunicado", "I", "indicated"), ("undisclosed-location", "I", "indicated"), ("vague-law", "I", "indicated"),
        ("denied-counsel", "III", "indicated"), ("counsel-not-of-choice", "III", "indicated"), ("inadequate-defence", "III", "indicated"),
        ("secret-proceedings", "III", "indicated"), ("tribunal-not-independent", "III", "indicated"),
        ("presumption-of-innocence-violated", "III", "indicated"), ("coerced-confession", "III", "indicated"),
        ("ill-treatment", "III", "possible"), ("mandatory-pretrial-detention", "III", "indicated"),
        ("prolonged-pretrial-detention", "III", "indicated"), ("undue-delay", "III", "indicated"), ("witnesses-denied", "III", "indicated"),
        ("no-interpreter", "III", "indicated"), ("no-appeal", "III", "indicated"), ("double-jeopardy", "III", "indicated"),
        ("denied-family-contact", "III", "possible"), ("discrimination\n    ground: religion", "V", "indicated"),
        ("politically-motivated", "V", "possible"), ("exercise-of-rights\n    right: expression", "II", "indicated"),
        ("exercise-of-rights\n    right: privacy", "II", "possible"), ("exercise-of-rights", "II", "possible"),
    ])
    func typedRule(allegation: String, category: String, finding: String) throws {
        let a = try assess(minimalCase(timeline: Self.cleanArrest, allegations: "  - type: \(allegation)"))
        #expect(findings(a)[category] == finding)
        // Incommunicado also means without counsel, which the criminal case makes a III ground.
        let others = findings(a).filter { $0.key != category && $0.value != "not-indicated" && !(allegation == "incommunicado" && $0.key == "III") }
        #expect(others.isEmpty, "\(allegation) also gave \(others)")
    }

    @Test("immigration detention without review: IV for a migrant, possible otherwise")
    func categoryIV() throws {
        let migrant = try assess(minimalCase(kind: "immigration", timeline: Self.cleanArrest,
                                             allegations: "  - type: immigration-detention-without-review"))
        #expect(migrant.finding(for: .IV).finding == .indicated)
        let national = try assess(minimalCase(kind: "administrative", timeline: Self.cleanArrest,
                                              allegations: "  - type: immigration-detention-without-review"))
        #expect(national.finding(for: .IV).finding == .possible)
        let derived = try assess(minimalCase(kind: "immigration", timeline: Self.cleanArrest + "\n  - date: 2022-03-01\n    type: judicial-review-denied"))
        #expect(derived.finding(for: .IV).finding == .possible)
        #expect(derived.finding(for: .I).finding == .indicated)
    }

    @Test("fair-trial grounds only support outside criminal proceedings")
    func criminalOnly() throws {
        let administrative = try assess(minimalCase(kind: "administrative", timeline: Self.cleanArrest, allegations: "  - type: denied-counsel"))
        #expect(administrative.finding(for: .III).finding == .possible)
        #expect(administrative.finding(for: .III).grounds.first?.note?.contains("ICCPR art. 14") == true)
    }

    @Test("judge at 47 hours is prompt, at 50 hours it is not; 2 calendar days is possible")
    func judgeThreshold() throws {
        func judge(at time: String) throws -> Assessment {
            try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: \(time)\n    type: brought-before-judge\n    authority: Court\n    authorityKind: court"))
        }
        #expect(try judge(at: "2022-01-03T09:00:00+00:00").finding(for: .I).finding == .notIndicated)
        #expect(try judge(at: "2022-01-03T12:00:00+00:00").finding(for: .I).finding == .indicated)
        let plain = try assess(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: arrest\n    warrantShown: true\n    reasonsGiven: true\n  - date: 2022-01-03\n    type: brought-before-judge\n    authorityKind: court"))
        #expect(plain.finding(for: .I).finding == .possible)
        #expect(plain.gaps.contains { $0.contains("Two calendar days") })
    }

    @Test("counsel at 30 hours is in time, at 3 days it is not")
    func counselThreshold() throws {
        let inTime = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-01-02T16:00:00+00:00\n    type: counsel-access\n    chosen: true\n    confidential: true"))
        #expect(inTime.finding(for: .III).finding == .notIndicated)
        let late = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-01-04T16:00:00+00:00\n    type: counsel-access\n    chosen: true\n    confidential: true"))
        #expect(late.finding(for: .III).finding == .indicated)
        #expect(late.finding(for: .I).finding == .indicated)  // and 78 hours incommunicado
    }

    @Test("a typed claim that the recorded hours contradict only supports")
    func contradictedClaim() throws {
        let a = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-01-02T10:00:00+00:00\n    type: brought-before-judge",
                                       allegations: "  - type: not-brought-promptly-before-judge"))
        #expect(a.finding(for: .I).finding == .possible)
        #expect(a.finding(for: .I).grounds.first?.note?.contains("24 hours") == true)
    }

    @Test("derived grounds from arrest, orders, confessions, trials and review")
    func derivedGrounds() throws {
        let noWarrant = try assess(minimalCase(timeline: Self.arrestNoWarrant))
        #expect(noWarrant.finding(for: .I).grounds.map(\.allegation) == [.noWarrant])
        #expect(noWarrant.finding(for: .I).grounds.first?.derived == true)

        let inFlagrante = try assess(minimalCase(timeline: Self.arrestNoWarrant + "\n    inFlagrante: true"))
        #expect(inFlagrante.finding(for: .I).finding == .notIndicated)

        let secretOrder = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-01-02\n    type: detention-order\n    authorityIdentified: false"))
        #expect(secretOrder.finding(for: .I).grounds.first?.rule == "I.derived.unidentified-authority")

        let confession = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-01-01T12:00:00+00:00\n    type: confession\n    coerced: true\n    counselPresent: false"))
        #expect(Set(confession.finding(for: .III).grounds.map(\.allegation)) == [.coercedConfession, .deniedCounsel])

        let military = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-03-01\n    type: trial-start\n    public: true\n    militaryOrSpecialCourt: true"))
        #expect(military.finding(for: .III).grounds.map(\.allegation) == [.tribunalNotIndependent])

        let closedTrial = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-03-01\n    type: trial-start\n    public: false"))
        #expect(closedTrial.finding(for: .III).finding == .indicated)

        let closedHearing = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-03-01\n    type: hearing\n    public: false"))
        #expect(closedHearing.finding(for: .III).finding == .possible)

        let review = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-03-01\n    type: judicial-review-denied"))
        #expect(review.finding(for: .I).grounds.map(\.allegation) == [.noJudicialReview])

        let afterRelease = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-03-01\n    type: release-ordered\n    by: court"))
        #expect(afterRelease.finding(for: .I).grounds.first?.rule == "I.derived.after-lawful-end")

        let beaten = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-01-01\n    type: ill-treatment\n    kind: beating"))
        #expect(beaten.finding(for: .III).finding == .possible)
        #expect(beaten.urgentAction.eligible)
        #expect(beaten.referrals.first?.hasPrefix("Special Rapporteur on torture") == true)
    }

    @Test("urgent action needs an ongoing deprivation and a serious threat")
    func urgentAction() throws {
        let threatened = try assess(minimalCase(timeline: Self.cleanArrest, allegations: "  - type: health-at-risk"))
        #expect(threatened.urgentAction.eligible)
        let calm = try assess(minimalCase(timeline: Self.cleanArrest))
        #expect(!calm.urgentAction.eligible)
        let released = try assess(minimalCase(ongoing: false, timeline: Self.cleanArrest + "\n  - date: 2022-02-01\n    type: release", allegations: "  - type: health-at-risk"))
        #expect(!released.urgentAction.eligible)
        let hungerStrike = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-02-01\n    type: hunger-strike"))
        #expect(hungerStrike.urgentAction.eligible)
        let deathSentence = try assess(minimalCase(timeline: Self.cleanArrest + "\n  - date: 2022-02-01\n    type: verdict\n    outcome: convicted\n    sentence: death"))
        #expect(deathSentence.urgentAction.eligible)
    }

    @Test("a State not party to the ICCPR is assessed on the UDHR")
    func udhrOnly() throws {
        let a = try assess(minimalCase(state: "MM", timeline: Self.arrestNoWarrant))
        #expect(a.udhrOnly)
        #expect(a.finding(for: .I).grounds.first?.provisions == ["UDHR arts. 3 and 9"])
    }

    @Test("source and defence evidence is never tainted; boundaries are exclusive")
    func evidenceRules() throws {
        let text = minimalCase(
            timeline: Self.cleanArrest + "\n  - date: 2022-01-05T10:00:00+00:00\n    type: counsel-access\n    chosen: true",
            evidence: """
              - id: e1
                title: Interview
                kind: testimony
                obtained: 2022-01-02T10:00:00+00:00
                reliedOnBy: prosecution
              - id: e2
                title: Family photos
                kind: media
                obtained: 2022-01-02
                reliedOnBy: source
              - id: e3
                title: Statement at the moment counsel arrived
                kind: testimony
                obtained: 2022-01-05T10:00:00+00:00
                reliedOnBy: prosecution
              - id: e4
                title: Forged receipt
                kind: document
                reliedOnBy: prosecution
                circumstances: [forged]
            """)
        let a = try assess(text)
        let byID = Dictionary(uniqueKeysWithValues: a.evidence.map { ($0.id, $0) })
        #expect(byID["e1"]?.because == [.duringIncommunicado, .withoutCounsel])
        #expect(byID["e1"]?.derivedCircumstances == [.duringIncommunicado, .withoutCounsel])
        #expect(byID["e2"]?.tainted == false)
        #expect(byID["e3"]?.tainted == false)
        #expect(byID["e4"]?.because == [.forged])
        #expect(a.gaps.contains("When was e4 obtained (evidence `obtained`)?"))
    }

    @Test("gaps ask what would settle a category")
    func gaps() throws {
        let a = try assess(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: arrest"))
        #expect(a.gaps.contains("Was a warrant shown at the arrest (timeline arrest `warrantShown`)?"))
        #expect(a.gaps.contains("When did the detainee first see a lawyer?"))
    }

    @Test("the rules table cites a source for every row and covers every category")
    func rulesTable() {
        #expect(RuleBook.rows.allSatisfy { !$0.citation.isEmpty })
        #expect(Set(RuleBook.rows.map(\.category)) == Set(Category.allCases))
        #expect(Set(RuleBook.rows.map(\.id)).count == RuleBook.rows.count)
        let text = RuleBook.text()
        #expect(text.contains("I.derived.judge-48h"))
        #expect(text.contains("GC35 para 33"))
    }

    /// Every shared example with an `opinion-adopted` event that has `categories` must give
    /// `indicated` for exactly those categories (the event removed, as of its date).
    @Test("shared examples match the Working Group's findings", .enabled(if: Fixtures.sharedExamples != nil))
    func sharedExamples() throws {
        var mismatches: [String] = []
        var scored = 0
        for url in Fixtures.sharedExampleFiles() where url.lastPathComponent != "invalid-vocabulary.yaml" {
            let file = try CaseFile.load(text: String(contentsOf: url, encoding: .utf8))
            guard file.procedure.contains(where: { $0.type == .opinionAdopted && $0.categories != nil }) else { continue }
            scored += 1
            let (indicated, expected) = score(file)
            if indicated != expected {
                mismatches.append("\(url.lastPathComponent.padding(toLength: 40, withPad: " ", startingAt: 0)) expected \(expected.map(\.rawValue)) got \(indicated.map(\.rawValue))")
            }
        }
        if !mismatches.isEmpty { print("Mismatches:\n" + mismatches.joined(separator: "\n")) }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(scored) cases differ")
        #expect(scored > 0)
    }
}

/// Assesses a case without its opinion-adopted event, as of the opinion's date.
func score(_ file: CaseFile) -> (indicated: [HabeasCore.Category], expected: [HabeasCore.Category]) {
    var file = file
    let opinion = file.procedure.first { $0.type == .opinionAdopted }!
    file.procedure.removeAll { $0.type == .opinionAdopted }
    let assessment = Assessor.assess(file, asOf: opinion.date.calendarDate)
    return (assessment.indicatedCategories, (opinion.categories ?? []).sorted())
}

@Suite("Assessment: sentences")
struct SentenceTests {
    @Test("a sentence that has run out raises the question of detention beyond it")
    func sentenceRunOut() throws {
        let text = minimalCase(kind: "post-conviction", timeline: """

          - date: 2018-01-10
            type: arrest
            warrantShown: true
            reasonsGiven: true
          - date: 2018-06-01
            type: verdict
            outcome: convicted
            sentence: P3Y6M
        """)
        let a = Assessor.assess(try load(text), asOf: date("2022-01-01"))
        #expect(a.gaps.contains { $0.contains("would have ended on 2021-07-10") })
        let before = Assessor.assess(try load(text), asOf: date("2021-07-01"))
        #expect(!before.gaps.contains { $0.contains("would have ended") })
        #expect(SentenceText.calendarParts("P1Y2W3D")! == (1, 0, 17))
        #expect(SentenceText.calendarParts("life") == nil)
    }
}
