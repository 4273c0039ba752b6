import Testing
@testable import HabeasCore
import HabeasTestSupport

@Suite("Timeline and derived facts")
struct TimelineTests {
    /// The source reports as of the as-of date (`reportedAsOf`), so alleged states run to it.
    func facts(_ timeline: String, allegations: String = "", kind: String = "pre-trial", asOf: String = "2022-03-18") throws -> DerivedFacts {
        Timeline.derive(try load(minimalCase(kind: kind, extraTop: "reportedAsOf: \(asOf)", timeline: timeline, allegations: allegations)), asOf: date(asOf))
    }

    @Test("Massimov: 72 days incommunicado as of 2022-03-18")
    func massimov() throws {
        let file = try Fixtures.load("kz-massimov")
        let derived = Timeline.derive(file, asOf: date("2022-03-18"))
        #expect(derived.daysIncommunicado == 72)
        #expect(derived.daysWithoutCounsel == 72)
        #expect(derived.daysUndisclosedLocation == 72)
        #expect(derived.hoursBeforeJudge == nil)
        #expect(derived.daysAfterLawfulEnd == nil)
        #expect(derived.incommunicado?.computation.hasPrefix("no counsel or family contact from 2022-01-05 to 2022-03-18: 72 days") == true)
        #expect(derived.figures["daysIncommunicado"] == .int(72))
    }

    @Test("hours are exact across a half-hour offset")
    func halfHourOffset() throws {
        let derived = Timeline.derive(try Fixtures.load("fx-judge-50h"), asOf: date("2023-07-01"))
        #expect(derived.hoursBeforeJudge == 50)
        #expect(derived.beforeJudge?.span.isExact == true)
        #expect(derived.daysIncommunicado == 0.1)  // 1 h 30
    }

    @Test("date-times across midnight and time zones count real hours")
    func acrossZones() throws {
        let derived = try facts("""

          - date: 2022-01-05T23:00:00+06:00
            type: arrest
          - date: 2022-01-05T19:00:00+00:00
            type: brought-before-judge
            authority: City Court
        """)
        // 23:00 at +06:00 is 17:00 UTC; the judge at 19:00 UTC, two hours later, on the "previous" local day.
        #expect(derived.hoursBeforeJudge == 2)
        #expect(derived.events.map(\.index) == [0, 1])
    }

    @Test("plain dates count calendar days; same-day events keep file order")
    func plainDates() throws {
        let derived = try facts("""

          - date: 2022-01-10
            type: family-contact
          - date: 2022-01-01
            type: arrest
          - date: 2022-01-10
            type: counsel-access
          - date: 2022-01-04
            type: brought-before-judge
        """)
        #expect(derived.events.map(\.index) == [1, 3, 0, 2])
        #expect(derived.daysIncommunicado == 9)
        #expect(derived.daysWithoutCounsel == 9)
        #expect(derived.hoursBeforeJudge == 72)
        #expect(derived.beforeJudge?.span.isExact == false)
    }

    @Test("same-day plain dates give zero days")
    func sameDay() throws {
        let derived = try facts("\n  - date: 2022-01-01\n    type: arrest\n  - date: 2022-01-01\n    type: family-contact")
        #expect(derived.daysIncommunicado == 0)
    }

    @Test("a missing event is not a fact: unknown unless alleged")
    func missingIsUnknown() throws {
        let silent = try facts("\n  - date: 2022-01-01\n    type: arrest")
        #expect(silent.daysIncommunicado == nil)
        #expect(silent.daysWithoutCounsel == nil)
        #expect(silent.hoursBeforeJudge == nil)
        #expect(silent.gaps.contains("When did the detainee first see a lawyer?"))
        let alleged = try facts("\n  - date: 2022-01-01\n    type: arrest",
                                allegations: "  - type: denied-counsel\n  - type: not-brought-promptly-before-judge")
        #expect(alleged.daysWithoutCounsel == 76)
        #expect(alleged.daysIncommunicado == nil)
        #expect(alleged.hoursBeforeJudge == Double(76 * 24))
    }

    @Test("approximate dates still count, and are flagged")
    func approximate() throws {
        let derived = try facts("\n  - date: 2022-01-05\n    type: arrest\n    approximate: true", allegations: "  - type: incommunicado")
        #expect(derived.daysIncommunicado == 72)
        #expect(derived.start?.event.approximate == true)
    }

    @Test("released: periods stop at the release; ongoing: at the as-of date")
    func releasedVersusOngoing() throws {
        let timeline = "\n  - date: 2022-01-01\n    type: arrest\n  - date: 2022-01-21\n    type: release"
        let released = try facts(timeline, allegations: "  - type: incommunicado")
        #expect(released.ongoing == false)
        #expect(released.daysIncommunicado == 20)
        let before = try facts(timeline, allegations: "  - type: incommunicado", asOf: "2022-01-11")
        #expect(before.ongoing == true)
        #expect(before.daysIncommunicado == 10)
    }

    @Test("events after the as-of date do not count")
    func asOfFilter() throws {
        let derived = try facts("\n  - date: 2022-01-01\n    type: arrest\n  - date: 2022-02-01\n    type: counsel-access", asOf: "2022-01-15")
        #expect(derived.daysWithoutCounsel == nil)
        #expect(derived.events.count == 1)
    }

    @Test("a prosecutor is not a judge")
    func prosecutor() throws {
        let derived = try facts("""

          - date: 2022-01-01
            type: arrest
          - date: 2022-01-10
            type: brought-before-judge
            authority: Supreme State Security Prosecution
            authorityKind: prosecutor
        """)
        #expect(derived.hoursBeforeJudge == nil)
        #expect(derived.nonJudicialAppearances.count == 1)
        #expect(derived.gaps.contains { $0.contains("not a judicial authority") })
    }

    @Test("enforced disappearance runs every period to the as-of date")
    func disappearance() throws {
        let derived = try facts("\n  - date: 2022-01-01\n    type: arrest", kind: "enforced-disappearance")
        #expect(derived.daysIncommunicado == 76)
        #expect(derived.daysWithoutCounsel == 76)
        #expect(derived.daysUndisclosedLocation == 76)
        #expect(derived.hoursBeforeJudge == Double(76 * 24))
    }

    @Test("detention after a release order, and pre-trial until judgment")
    func afterLawfulEndAndPretrial() throws {
        let derived = try facts("""

          - date: 2021-01-01
            type: arrest
          - date: 2021-06-01
            type: verdict
            outcome: convicted
          - date: 2022-03-08
            type: release-ordered
            by: appeal court
        """)
        #expect(derived.daysPretrial == 151)
        #expect(derived.daysAfterLawfulEnd == 10)
    }

    @Test("calendar arithmetic")
    func calendar() {
        #expect(date("2022-01-31").addingMonths(1).description == "2022-02-28")
        #expect(date("2024-01-31").addingMonths(1).description == "2024-02-29")
        #expect(date("2023-05-10").addingMonths(6).description == "2023-11-10")
        #expect(date("2022-04-07").addingDays(60).description == "2022-06-06")
        #expect(date("2022-11-08").addingDays(60).description == "2023-01-07")
        #expect(CaseDate(dayNumber: date("1999-12-31").dayNumber + 1).description == "2000-01-01")
        #expect(date("2022-01-05T23:10:00+06:00").description == "2022-01-05T23:10:00+06:00")
        #expect(date("2022-01-05T23:10Z").description == "2022-01-05T23:10:00+00:00")
    }
}
