import Testing
@testable import HabeasCore
import HabeasTestSupport

/// Issue 12: one probe per section, on fictional cases (Fixtures/probe-*.yaml and minimal cases).
@Suite("Legal soundness probes")
struct LegalSoundnessTests {
    func assess(_ text: String, asOf: String) throws -> Assessment {
        Assessor.assess(try load(text), asOf: date(asOf))
    }

    static let probes = ["probe-rearrest", "probe-investigator", "probe-child-30h", "probe-asylum-two-years", "probe-malaysia-refugee"]

    @Test("the probes round-trip with the new keys, and bad values are rejected", arguments: probes)
    func roundTrip(name: String) throws {
        let original = try Fixtures.load(name)
        #expect(try CaseFile.load(text: original.jsonText(), file: "json") == original)
        #expect(try CaseFile.load(text: original.yamlText(), file: "yaml") == original)
    }

    @Test("new keys: values are checked")
    func newKeysChecked() {
        #expect(issues(minimalCase(kind: "immigration\n  legalMaximum: six months")).first?.message.contains("ISO 8601 duration") == true)
        #expect(issues(minimalCase(kind: "immigration\n  legalMaximum: P6M\n  periodicReview: false\n  orderIssued: false\n  individualAssessment: false")).isEmpty)
        #expect(!issues(minimalCase(procedure: "  - date: 2022-01-01\n    type: extension-granted\n    until: 2022-13-01")).isEmpty)
    }

    // MARK: §1 Facts have a date

    @Test("§1 an alleged ongoing state runs to the latest information, not to today")
    func reportedAsOf() throws {
        let file = try Fixtures.load("kz-massimov")
        let today = Assessor.assess(file, asOf: date("2026-11-29"))
        #expect(today.derived.daysIncommunicado == 72)
        #expect(today.derived.incommunicado?.figure == "at least 72 days (last reported 2022-03-18)")
        #expect(today.urgentAction.reasons.contains { $0.contains("at least 72 days (last reported 2022-03-18)") })
        #expect(today.gaps.contains { $0.hasPrefix("The latest information is dated 2022-03-18") })
        #expect(today.json["derived"]?["reportedAsOf"] == .string("2022-03-18"))
        #expect(!ValueWriter.json(today.json).contains("1789"))

        // Stated in the file, it wins over the latest entry; never later than the as-of date.
        let stated = minimalCase(extraTop: "reportedAsOf: 2022-02-01", timeline: "\n  - date: 2022-01-01\n    type: arrest",
                                 allegations: "  - type: incommunicado")
        #expect(try assess(stated, asOf: "2022-06-01").derived.daysIncommunicado == 31)
        #expect(try assess(stated, asOf: "2022-01-11").derived.daysIncommunicado == 10)
        // Absent: the latest dated entry the source wrote.
        let latest = minimalCase(timeline: "\n  - date: 2022-01-01\n    type: arrest\n  - date: 2022-01-21\n    type: transfer",
                                 allegations: "  - type: incommunicado")
        #expect(try assess(latest, asOf: "2022-06-01").derived.daysIncommunicado == 20)
        // The file round-trips the new key.
        #expect(try load(stated).yamlText().contains("reportedAsOf: 2022-02-01"))
    }

    // MARK: §2 Custody periods

    @Test("§2 release on a court order and re-arrest the next day: detained, urgent action, category I")
    func rearrest() throws {
        let file = try Fixtures.load("probe-rearrest")
        let a = Assessor.assess(file, asOf: date("2024-05-11"))
        #expect(a.derived.custody.count == 2)
        #expect(a.derived.ongoing)
        #expect(a.urgentAction.eligible)
        let recycling = a.finding(for: .I).grounds.first { $0.rule == "I.derived.recycling" }
        #expect(recycling?.strength == .sufficient)
        #expect(a.finding(for: .I).finding == .indicated)
        #expect(a.remedies.first == "Release the person immediately and unconditionally.")
        // The procedure tracker reads the same custody periods.
        #expect(!ProcedureTracker.status(of: file, asOf: date("2024-05-11")).released)
        // Without `recycled`, only the sequence suggests it: possible, with a question.
        var untyped = file
        untyped.timeline[6].attributes["recycled"] = nil
        let b = Assessor.assess(untyped, asOf: date("2024-05-11"))
        #expect(b.finding(for: .I).finding == .possible)
        #expect(b.gaps.contains { $0.contains("mark it `recycled: true`") })
        // A release recorded without its reason: still possible, and the question asks for it.
        var bare = untyped
        bare.timeline.remove(at: 4)
        let c = Assessor.assess(bare, asOf: date("2024-05-11"))
        #expect(c.finding(for: .I).finding == .possible)
        #expect(c.gaps.contains { $0.contains("record `release-ordered`") })
    }

    // MARK: §3 Only a judge is a judge

    @Test("§3 an investigator is not a judge: the time counts to the court")
    func investigator() throws {
        let a = Assessor.assess(try Fixtures.load("probe-investigator"), asOf: date("2024-03-01"))
        #expect(a.derived.hoursBeforeJudge == 456.0)  // 19 days
        #expect(a.derived.nonJudicialAppearances.count == 1)
        #expect(a.finding(for: .I).finding == .indicated)
        #expect(a.finding(for: .I).grounds.first?.rule == "I.derived.judge-48h")
    }

    @Test("§3 an appearance of unrecorded kind is possible, with a question; free text is not read")
    func unknownKind() throws {
        let text = minimalCase(timeline: AssessmentTests.cleanArrest
            + "\n  - date: 2022-01-02T10:00:00+00:00\n    type: brought-before-judge\n    authority: Judge of the District Court")
        let a = try assess(text, asOf: "2022-06-01")
        #expect(a.finding(for: .I).finding == .possible)
        #expect(a.finding(for: .I).grounds.first?.rule == "I.derived.judge-unknown-kind")
        #expect(a.gaps.contains { $0.contains("`authorityKind`") })
        let prosecutor = minimalCase(timeline: AssessmentTests.cleanArrest
            + "\n  - date: 2022-01-10\n    type: brought-before-judge\n    authority: Court\n    authorityKind: prosecutor")
        #expect(try assess(prosecutor, asOf: "2022-06-01").finding(for: .I).finding == .indicated)
        #expect(issues(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: brought-before-judge\n    authorityKind: procuracy")).first?.message.contains("authority kind") == true)
    }

    // MARK: §4 Promptness

    @Test("§4 a 15-year-old before a judge at 30 hours: the 24-hour standard, cited")
    func child() throws {
        let a = Assessor.assess(try Fixtures.load("probe-child-30h"), asOf: date("2024-07-01"))
        let ground = a.finding(for: .I).grounds.first
        #expect(a.finding(for: .I).finding == .indicated)
        #expect(ground?.rule == "I.derived.judge-24h-child")
        #expect(ground?.provisions.contains("CRC/C/GC/24 para 90") == true)
        #expect(ground?.computation?.contains("24 hours, the standard for a child") == true)
        // The same 30 hours for an adult is within 48.
        var adult = try Fixtures.load("probe-child-30h")
        adult.person.birthDate = date("1990-01-01")
        #expect(Assessor.assess(adult, asOf: date("2024-07-01")).finding(for: .I).finding == .notIndicated)
    }

    @Test("§4 calendar dates give a range; an approximate arrest lowers to possible; no 48 hours in immigration")
    func ranges() throws {
        let twoDays = try assess(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: arrest\n  - date: 2022-01-03\n    type: brought-before-judge\n    authorityKind: court"), asOf: "2022-06-01")
        #expect(twoDays.finding(for: .I).grounds.first?.note?.contains("between 24 and 72 hours") == true)
        #expect(Assessor.hoursInWords(Span(from: date("2022-01-01"), to: date("2022-01-03"))) == "between 24 and 72 hours (2 calendar days)")
        let approximate = try assess(minimalCase(timeline: "\n  - date: 2022-01-01\n    type: arrest\n    approximate: true\n  - date: 2022-01-10\n    type: brought-before-judge\n    authorityKind: court"), asOf: "2022-06-01")
        #expect(approximate.finding(for: .I).finding == .possible)
        let immigration = try assess(minimalCase(kind: "immigration", timeline: "\n  - date: 2022-01-01\n    type: arrest\n  - date: 2022-01-10\n    type: brought-before-judge\n    authorityKind: court"), asOf: "2022-06-01")
        #expect(!immigration.finding(for: .I).grounds.contains { $0.rule.hasPrefix("I.derived.judge") })
    }

    // MARK: §5 Category IV

    @Test("§5 an asylum seeker held two years with no order, no maximum, no review: IV and I indicated")
    func asylumSeeker() throws {
        let a = Assessor.assess(try Fixtures.load("probe-asylum-two-years"), asOf: date("2024-02-01"))
        #expect(a.finding(for: .IV).finding == .indicated)
        #expect(a.finding(for: .I).finding == .indicated)
        #expect(Set(a.finding(for: .IV).grounds.map(\.rule)).isSuperset(of: ["IV.derived.no-order", "IV.derived.no-periodic-review", "IV.derived.no-maximum"]))
        #expect(a.gaps.contains { $0.contains("deprivation.individualAssessment") })
        #expect(a.referrals.contains("Special Rapporteur on the human rights of migrants"))
        // Without the new facts, the questions ask for them.
        let bare = try assess(minimalCase(kind: "immigration", timeline: "\n  - date: 2022-01-01\n    type: arrest"), asOf: "2024-01-01")
        #expect(bare.gaps.contains { $0.contains("deprivation.periodicReview") })
        #expect(bare.gaps.contains { $0.contains("deprivation.legalMaximum") })
        #expect(bare.gaps.contains { $0.contains("deprivation.orderIssued") })
        // Beyond the legal maximum: no legal basis.
        let beyond = try assess(minimalCase(kind: "immigration", extraTop: "reportedAsOf: 2023-01-01", timeline: "\n  - date: 2022-01-01\n    type: arrest")
                                    .replacingOccurrences(of: "  ongoing: true", with: "  ongoing: true\n  legalMaximum: P6M"), asOf: "2023-01-01")
        #expect(beyond.finding(for: .I).grounds.contains { $0.rule == "I.derived.beyond-maximum" })
    }

    // MARK: §6 Treaty status

    @Test("§6 Malaysia: no Refugee Convention, no ICCPR; the UDHR carries the grounds")
    func malaysia() throws {
        let a = Assessor.assess(try Fixtures.load("probe-malaysia-refugee"), asOf: date("2023-06-01"))
        let output = ValueWriter.json(a.json) + a.text(title: "probe")
        #expect(!output.contains("Refugee Convention"))
        #expect(!a.categories.flatMap(\.grounds).flatMap(\.provisions).contains { $0.hasPrefix("ICCPR") })
        #expect(a.udhrOnly)
        #expect(a.finding(for: .IV).finding == .indicated)
        // Every sufficient ground keeps a provision to cite.
        for ground in a.categories.flatMap(\.grounds) where ground.strength == .sufficient {
            #expect(ground.provisions.contains { $0.hasPrefix("UDHR") })
        }
        let e1 = a.evidence.first { $0.id == "e1" }
        #expect(e1?.tainted == false)
        #expect(e1?.notes.contains { $0.contains("concerns statements") } == true)
        #expect(e1?.possiblyTainted == true)
        #expect(a.evidence.first { $0.id == "e2" }?.because.contains(.duringIncommunicado) == true)
        // The Refugee Convention is cited for a party.
        var party = try Fixtures.load("probe-malaysia-refugee")
        party.state = "KZ"
        #expect(Assessor.assess(party, asOf: date("2023-06-01")).finding(for: .IV).grounds.flatMap(\.provisions).contains("Refugee Convention art. 31"))
    }

    @Test("§6 the treaty table prints with `habeas rules`; a ground with no binding provision only supports")
    func treatyTable() throws {
        let text = RuleBook.text()
        #expect(text.contains("MY  Refugee Convention"))
        #expect(text.contains("not-party"))
        #expect(TreatyTable.binding("ICCPR art. 9(1)", state: "MM") == false)
        #expect(TreatyTable.binding("ICCPR art. 9(1)", state: "KZ") == true)
        #expect(TreatyTable.binding("ICERD art. 5", state: "MY") == nil)
        #expect(TreatyTable.binding("Refugee Convention art. 31", state: "ZZ") == false)
        // Counsel at 3 days in Myanmar: the III ground keeps only standards, so it only supports.
        let a = try assess(minimalCase(state: "MM", timeline: AssessmentTests.cleanArrest
            + "\n  - date: 2022-01-04T16:00:00+00:00\n    type: counsel-access\n    chosen: true\n    confidential: true\n  - date: 2022-01-01T12:00:00+00:00\n    type: family-contact"), asOf: "2022-06-01")
        let counsel = a.finding(for: .III).grounds.first { $0.rule == "III.derived.counsel-48h" }
        #expect(counsel?.strength == .supporting)
        #expect(counsel?.note?.contains("No provision binding on MM") == true)
    }

    // MARK: §7 Evidence

    @Test("§7 taint only for statements, and only in a window that supports a category")
    func evidence() throws {
        let text = minimalCase(
            timeline: AssessmentTests.cleanArrest + "\n  - date: 2022-01-01T12:00:00+00:00\n    type: counsel-access\n    chosen: true\n    confidential: true",
            evidence: """
              - id: e1
                title: Statement one hour after arrest
                kind: testimony
                obtained: 2022-01-01T11:00:00+00:00
                reliedOnBy: prosecution
            """)
        let a = try assess(text, asOf: "2022-06-01")
        #expect(a.evidence.first?.tainted == false)  // two hours of delay do not taint
    }

    // MARK: §8 Procedure details

    @Test("§8 extension until, late reply, pre-trial to judgment, military court only for civilians")
    func procedure() throws {
        let transmitted = "  - date: 2022-11-08\n    type: transmitted-to-government\n"
        let until = try load(minimalCase(procedure: transmitted + "  - date: 2022-12-23\n    type: extension-granted\n    until: 2023-01-31\n  - date: 2023-02-03\n    type: government-reply"))
        let status = ProcedureTracker.status(of: until, asOf: date("2023-03-01"))
        let reply = status.deadlines.last { $0.kind == .governmentReply }
        #expect(reply?.due.description == "2023-01-31")
        #expect(reply?.late == true)
        #expect(reply?.notes.contains { $0.contains("may ask the Working Group to disregard it") } == true)
        let assumed = try load(minimalCase(procedure: transmitted + "  - date: 2022-12-23\n    type: extension-granted"))
        let assumedReply = ProcedureTracker.status(of: assumed, asOf: date("2023-01-10")).deadlines.last { $0.kind == .governmentReply }
        #expect(assumedReply?.due.description == "2023-02-07")
        #expect(assumedReply?.notes.contains { $0.hasPrefix("Assumed") } == true)

        let pretrial = try assess(minimalCase(timeline: "\n  - date: 2020-01-01\n    type: arrest\n  - date: 2020-06-01\n    type: trial-start\n  - date: 2022-03-01\n    type: verdict\n    outcome: convicted"), asOf: "2022-06-01")
        #expect(pretrial.derived.daysPretrial == 790)
        #expect(pretrial.finding(for: .III).grounds.contains { $0.rule == "III.derived.long-pretrial" })
        let mandatory = try assess(minimalCase(timeline: "\n  - date: 2020-01-01\n    type: arrest", allegations: "  - type: mandatory-pretrial-detention"), asOf: "2022-06-01")
        #expect(mandatory.finding(for: .I).grounds.contains { $0.rule == "I.derived.pretrial-not-reviewed" } == false)  // known only to 2020-01-01
        let reviewed = minimalCase(extraTop: "reportedAsOf: 2022-06-01", timeline: "\n  - date: 2020-01-01\n    type: arrest", allegations: "  - type: mandatory-pretrial-detention")
        #expect(try assess(reviewed, asOf: "2022-06-01").finding(for: .I).grounds.contains { $0.rule == "I.derived.pretrial-not-reviewed" })

        let military = "\n  - date: 2022-03-01\n    type: trial-start\n    public: true\n    militaryOrSpecialCourt: true"
        func tried(_ person: String) throws -> Assessment {
            try assess(minimalCase(timeline: AssessmentTests.cleanArrest + military).replacingOccurrences(of: "  name: Test Person", with: "  name: Test Person\n" + person), asOf: "2022-06-01")
        }
        #expect(try tried("  civilian: true").finding(for: .III).finding == .indicated)
        #expect(try tried("  civilian: false").finding(for: .III).finding == .notIndicated)
        #expect(try tried("").finding(for: .III).finding == .possible)
    }

    // MARK: §10 Referrals, remedies, safeguards

    @Test("§10 referrals, remedies and safeguards")
    func referrals() throws {
        let text = minimalCase(state: "MM", ongoing: false, timeline: AssessmentTests.arrestNoWarrant
            + "\n  - date: 2022-02-01\n    type: verdict\n    outcome: convicted\n    sentence: death\n  - date: 2022-03-01\n    type: release\n    conditional: true",
            allegations: "  - type: denied-medical-care\n  - type: discrimination\n    ground: sexual-orientation")
            .replacingOccurrences(of: "  name: Test Person", with: "  name: Test Person\n  nationalities: [TH]")
        let a = try assess(text, asOf: "2022-06-01")
        for mandate in ["Special Rapporteur on extrajudicial, summary or arbitrary executions",
                        "Special Rapporteur on the right of everyone to the enjoyment of the highest attainable standard of physical and mental health",
                        "Independent Expert on protection against violence and discrimination based on sexual orientation and gender identity",
                        "Special Rapporteur on the situation of human rights in Myanmar"] {
            #expect(a.referrals.contains(mandate), "\(mandate)")
        }
        #expect(a.remedies.contains { $0.hasPrefix("Lift every condition imposed on the release") })
        #expect(a.remedies.contains { $0.hasPrefix("Quash the conviction") })
        #expect(a.safeguards.contains { $0.contains("Vienna Convention on Consular Relations art. 36") })
        #expect(a.safeguards.contains { $0.contains("Body of Principles, principle 10") })  // MM is not party to the ICCPR
        #expect(RuleBook.text().contains("Special Rapporteur on minority issues"))
    }
}
