import Foundation
import Testing
@testable import HabeasCore

// Procedure tracker: A/HRC/36/38 paras 15, 16, 17(a), 20, 21 as summarised in
// wgad-procedure.md §10. Case files are built inline so the tests need nothing outside the package.

/// A case whose `procedure[]` is given one event a line: `DATE TYPE [key=value …]`.
func procedureCase(id: String = "t-case", title: String? = nil, _ events: [String], timeline: [String] = []) throws -> CaseFile {
    var text = """
    format: habeas-case/1
    id: \(id)
    \(title.map { "title: \($0)" } ?? "")
    state: KZ
    person:
      name: Test Person
    deprivation:
      kind: pre-trial
      ongoing: true

    """
    text += timeline.isEmpty ? "timeline: []\n" : "timeline:\n" + timeline.map(procedureEventYAML).joined()
    if !events.isEmpty { text += "procedure:\n" + events.map(procedureEventYAML).joined() }
    return try CaseFile.load(text: text, file: "\(id).yaml")
}

private func procedureEventYAML(_ line: String) -> String {
    let words = line.split(separator: " ", maxSplits: 2).map(String.init)
    var out = "  - date: \(words[0])\n    type: \(words[1])\n"
    if words.count > 2 {
        for pair in words[2].split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            out += "    \(parts[0]): \(parts[1])\n"
        }
    }
    return out
}

private func day(_ text: String) -> CaseDate { try! CaseDate(parsing: text) }

/// `government-reply 2022-06-06 open`, one per deadline, in the tracker's order.
private func summary(_ status: ProcedureStatus) -> [String] {
    status.deadlines.map { "\($0.kind.rawValue) \($0.due) \($0.status.rawValue)" }
}

/// The case as it stood on `asOf`: every dated event after it removed.
private func truncated(_ file: CaseFile, asOf: CaseDate) -> CaseFile {
    var file = file
    file.procedure.removeAll { $0.date.calendarDate.dayNumber > asOf.dayNumber }
    file.timeline.removeAll { $0.date.calendarDate.dayNumber > asOf.dayNumber }
    return file
}

// Massimov: transmitted 2022-04-07, reply due 2022-06-06 (wgad-procedure.md §11).
private let massimov = [
    "2022-03-18 communication-submitted approximate=true",
    "2022-03-18 urgent-action-requested approximate=true",
    "2022-04-07 transmitted-to-government",
]

// dev-07: due 2023-01-07, extended to 2023-02-07, reply on time, follow-up due 2023-11-10.
private let dev07 = [
    "2022-09-12 communication-submitted",
    "2022-11-08 transmitted-to-government",
    "2022-12-20 extension-requested",
    "2022-12-23 extension-granted",
    "2023-02-03 government-reply",
    "2023-02-09 reply-sent-to-source",
    "2023-03-06 source-comments",
    "2023-03-31 opinion-adopted session=96 categories=[II,V] arbitrary=true",
    "2023-05-10 opinion-transmitted",
]

struct ProcedureScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var events: [String]
    var timeline: [String] = []
    var asOf: String
    var stage: ProcedureStage
    var deadlines: [String]
    var released = false
    var testDescription: String { name }
}

private let scenarios: [ProcedureScenario] = [
    .init(name: "nothing recorded: draft", events: [], asOf: "2022-01-01", stage: .draft, deadlines: []),
    .init(name: "submitted, no deadline yet (row 2)", events: ["2022-03-18 communication-submitted"], asOf: "2022-04-01",
          stage: .submitted, deadlines: []),
    .init(name: "urgent action only: no reply deadline (§4)", events: ["2022-03-18 urgent-action-requested", "2022-03-25 urgent-appeal-sent"],
          asOf: "2022-06-01", stage: .submitted, deadlines: []),
    .init(name: "Massimov as of 2022-04-20: reply due 2022-06-06 (para 15)", events: massimov, asOf: "2022-04-20",
          stage: .transmitted, deadlines: ["government-reply 2022-06-06 open"]),
    .init(name: "the due date itself is still in time", events: massimov, asOf: "2022-06-06",
          stage: .transmitted, deadlines: ["government-reply 2022-06-06 open"]),
    .init(name: "no reply the day after: overdue, ready for deliberation (row 7)", events: massimov, asOf: "2022-06-07",
          stage: .readyForDeliberation, deadlines: ["government-reply 2022-06-06 overdue"]),
    .init(name: "extension granted: +1 month, old deadline superseded (para 16)", events: massimov + ["2022-06-01 extension-granted"],
          asOf: "2022-06-02", stage: .extended, deadlines: ["government-reply 2022-06-06 superseded", "government-reply 2022-07-06 open"]),
    .init(name: "as of before the extension, it does not count", events: massimov + ["2022-06-01 extension-granted"],
          asOf: "2022-05-31", stage: .transmitted, deadlines: ["government-reply 2022-06-06 open"]),
    .init(name: "extension only requested: deadline unchanged", events: massimov + ["2022-05-20 extension-requested"],
          asOf: "2022-05-21", stage: .transmitted, deadlines: ["government-reply 2022-06-06 open"]),
    .init(name: "extended deadline passes: overdue", events: massimov + ["2022-06-01 extension-granted"],
          asOf: "2022-07-07", stage: .readyForDeliberation, deadlines: ["government-reply 2022-06-06 superseded", "government-reply 2022-07-06 overdue"]),
    .init(name: "reply on time: met, reply to source (row 5)", events: massimov + ["2022-06-06 government-reply"],
          asOf: "2022-06-10", stage: .replyToSource, deadlines: ["government-reply 2022-06-06 met"]),
    .init(name: "late reply without extension: overdue", events: massimov + ["2022-06-10 government-reply"],
          asOf: "2022-06-20", stage: .replyToSource, deadlines: ["government-reply 2022-06-06 overdue"]),
    .init(name: "stated replyDue wins over the computed date", events: ["2022-04-07 transmitted-to-government replyDue=2022-06-08"],
          asOf: "2022-06-07", stage: .transmitted, deadlines: ["government-reply 2022-06-08 open"]),
    .init(name: "extension counts from the stated date", events: ["2022-04-07 transmitted-to-government replyDue=2022-06-08", "2022-06-01 extension-granted"],
          asOf: "2022-06-07", stage: .extended, deadlines: ["government-reply 2022-06-08 superseded", "government-reply 2022-07-08 open"]),
    .init(name: "60 days across a 28-day February", events: ["2023-01-15 transmitted-to-government"], asOf: "2023-01-16",
          stage: .transmitted, deadlines: ["government-reply 2023-03-16 open"]),
    .init(name: "60 days across a leap February", events: ["2024-01-15 transmitted-to-government"], asOf: "2024-01-16",
          stage: .transmitted, deadlines: ["government-reply 2024-03-15 open"]),
    .init(name: "31 January + 1 month = 28 February", events: ["2021-12-02 transmitted-to-government", "2022-01-20 extension-granted"],
          asOf: "2022-02-01", stage: .extended, deadlines: ["government-reply 2022-01-31 superseded", "government-reply 2022-02-28 open"]),
    .init(name: "31 January + 1 month = 29 February in a leap year", events: ["2023-12-02 transmitted-to-government", "2024-01-20 extension-granted"],
          asOf: "2024-02-01", stage: .extended, deadlines: ["government-reply 2024-01-31 superseded", "government-reply 2024-02-29 open"]),
    .init(name: "reply sent to source, no date set: no comments deadline (§2.5)",
          events: massimov + ["2022-05-30 government-reply", "2022-06-03 reply-sent-to-source"],
          asOf: "2022-06-10", stage: .replyToSource, deadlines: ["government-reply 2022-06-06 met"]),
    .init(name: "comments date set by the secretariat (row 8)",
          events: massimov + ["2022-05-30 government-reply", "2022-06-03 reply-sent-to-source commentsDue=2022-07-04"],
          asOf: "2022-06-10", stage: .replyToSource, deadlines: ["government-reply 2022-06-06 met", "source-comments 2022-07-04 open"]),
    .init(name: "comments date passes: overdue, ready for deliberation",
          events: massimov + ["2022-05-30 government-reply", "2022-06-03 reply-sent-to-source commentsDue=2022-07-04"],
          asOf: "2022-07-05", stage: .readyForDeliberation, deadlines: ["government-reply 2022-06-06 met", "source-comments 2022-07-04 overdue"]),
    .init(name: "source comments in time: met",
          events: massimov + ["2022-05-30 government-reply", "2022-06-03 reply-sent-to-source commentsDue=2022-07-04", "2022-07-04 source-comments"],
          asOf: "2022-07-05", stage: .readyForDeliberation, deadlines: ["government-reply 2022-06-06 met", "source-comments 2022-07-04 met"]),
    .init(name: "dev-07 before the transmission", events: dev07, asOf: "2022-11-07", stage: .submitted, deadlines: []),
    .init(name: "dev-07 transmitted: due 2023-01-07", events: dev07, asOf: "2022-11-08", stage: .transmitted,
          deadlines: ["government-reply 2023-01-07 open"]),
    .init(name: "dev-07 extended: due 2023-02-07", events: dev07, asOf: "2022-12-23", stage: .extended,
          deadlines: ["government-reply 2023-01-07 superseded", "government-reply 2023-02-07 open"]),
    .init(name: "dev-07 opinion adopted, not transmitted: no follow-up date invented", events: dev07, asOf: "2023-04-01",
          stage: .opinionAdopted, deadlines: ["government-reply 2023-01-07 superseded", "government-reply 2023-02-07 met"]),
    .init(name: "dev-07 opinion transmitted: follow-up due 2023-11-10 (para 20)", events: dev07, asOf: "2023-05-10",
          stage: .followUpOpen, deadlines: ["government-reply 2023-01-07 superseded", "government-reply 2023-02-07 met", "follow-up 2023-11-10 open"]),
    .init(name: "follow-up not sent: overdue", events: dev07, asOf: "2023-11-11",
          stage: .followUpOpen, deadlines: ["government-reply 2023-01-07 superseded", "government-reply 2023-02-07 met", "follow-up 2023-11-10 overdue"]),
    .init(name: "follow-up from the source in time: met", events: dev07 + ["2023-11-01 follow-up-submitted by=source"], asOf: "2023-11-11",
          stage: .followUpOpen, deadlines: ["government-reply 2023-01-07 superseded", "government-reply 2023-02-07 met", "follow-up 2023-11-10 met"]),
    .init(name: "both parties reported: follow-up closed (row 15)",
          events: dev07 + ["2023-11-01 follow-up-submitted by=source", "2023-11-09 follow-up-submitted by=government"], asOf: "2023-11-11",
          stage: .followUpClosed, deadlines: ["government-reply 2023-01-07 superseded", "government-reply 2023-02-07 met", "follow-up 2023-11-10 met"]),
    .init(name: "31 August + 6 months = 28 February", events: ["2022-08-31 opinion-transmitted"], asOf: "2022-09-01",
          stage: .followUpOpen, deadlines: ["follow-up 2023-02-28 open"]),
    .init(name: "31 August + 6 months = 29 February in a leap year", events: ["2023-08-31 opinion-transmitted"], asOf: "2023-09-01",
          stage: .followUpOpen, deadlines: ["follow-up 2024-02-29 open"]),
    .init(name: "second transmission of the same opinion does not restart follow-up",
          events: ["2023-03-31 opinion-adopted", "2023-05-10 opinion-transmitted", "2023-05-12 opinion-transmitted"], asOf: "2023-06-01",
          stage: .followUpOpen, deadlines: ["follow-up 2023-11-10 open"]),
    .init(name: "review requested: stage, and no invented deadline (para 21)",
          events: dev07 + ["2023-06-15 review-requested by=government"], asOf: "2023-06-20",
          stage: .reviewRequested, deadlines: ["government-reply 2023-01-07 superseded", "government-reply 2023-02-07 met", "follow-up 2023-11-10 open"]),
    .init(name: "revised opinion after review: new follow-up, old one superseded",
          events: ["2023-03-31 opinion-adopted", "2023-05-10 opinion-transmitted", "2023-06-15 review-requested by=source",
                   "2023-09-01 opinion-adopted", "2023-09-20 opinion-transmitted"],
          asOf: "2023-10-01", stage: .followUpOpen, deadlines: ["follow-up 2023-11-10 superseded", "follow-up 2024-03-20 open"]),
    .init(name: "released and notified: flag, not a state (§7)",
          events: ["2022-02-20 communication-submitted", "2022-02-20 urgent-action-requested", "2022-03-04 urgent-appeal-sent",
                   "2022-05-02 released-notified", "2022-05-11 transmitted-to-government"],
          asOf: "2022-05-20", stage: .transmitted, deadlines: ["government-reply 2022-07-10 open"], released: true),
    .init(name: "released in the timeline only", events: massimov, timeline: ["2022-01-05 arrest", "2022-05-01 release"],
          asOf: "2022-05-02", stage: .transmitted, deadlines: ["government-reply 2022-06-06 open"], released: true),
    .init(name: "release after the as-of date does not count", events: massimov, timeline: ["2022-01-05 arrest", "2022-05-01 release"],
          asOf: "2022-04-30", stage: .transmitted, deadlines: ["government-reply 2022-06-06 open"]),
    .init(name: "re-arrested after release", events: massimov, timeline: ["2022-01-05 arrest", "2022-02-01 release", "2022-03-01 arrest"],
          asOf: "2022-04-30", stage: .transmitted, deadlines: ["government-reply 2022-06-06 open"]),
    .init(name: "filed without an opinion (para 17(a)): pending deadlines superseded",
          events: massimov + ["2022-05-02 released-notified", "2022-09-01 case-filed"], asOf: "2022-09-02",
          stage: .filed, deadlines: ["government-reply 2022-06-06 superseded"], released: true),
]

@Suite("Procedure tracker")
struct ProcedureTrackerTests {
    @Test(arguments: scenarios)
    func stagesAndDeadlines(_ scenario: ProcedureScenario) throws {
        let file = try procedureCase(scenario.events, timeline: scenario.timeline)
        let status = ProcedureTracker.status(of: file, asOf: day(scenario.asOf))
        #expect(status.stage == scenario.stage)
        #expect(summary(status) == scenario.deadlines)
        #expect(status.released == scenario.released)
        #expect(!status.next.isEmpty)
        // Nothing dated after the as-of date may change anything.
        #expect(ProcedureTracker.status(of: truncated(file, asOf: day(scenario.asOf)), asOf: day(scenario.asOf)) == status)
    }

    // The three "Must show" lines of the issue.
    @Test func massimovReplyDue() throws {
        let status = ProcedureTracker.status(of: try procedureCase(id: "kz-massimov", massimov), asOf: day("2022-04-20"))
        let reply = try #require(status.deadlines.first)
        #expect(reply.kind == .governmentReply)
        #expect(reply.due == day("2022-06-06"))
        #expect(reply.computedDue == day("2022-06-06"))
        #expect(reply.statedDue == nil)
        #expect(reply.from == ProcedureAnchor(type: .transmittedToGovernment, date: day("2022-04-07")))
        #expect(reply.status == .open)
        #expect(reply.citation == "A/HRC/36/38 para 15")
        #expect(reply.rule.contains("2022-04-07 + 60 days = 2022-06-06"))
        #expect(reply.notes.isEmpty)
        #expect(status.next == "Government reply due 2022-06-06 (A/HRC/36/38 para 15).")
        #expect(status.urgentAction == UrgentActionTrack(state: .requested, date: day("2022-03-18")))
    }

    @Test func massimovExtended() throws {
        let file = try procedureCase(id: "kz-massimov", massimov + ["2022-06-01 extension-granted"])
        let status = ProcedureTracker.status(of: file, asOf: day("2022-06-02"))
        #expect(summary(status) == ["government-reply 2022-06-06 superseded", "government-reply 2022-07-06 open"])
        let extended = try #require(status.current(.governmentReply))
        #expect(extended.from == ProcedureAnchor(type: .extensionGranted, date: day("2022-06-01")))
        #expect(extended.citation == "A/HRC/36/38 para 16")
        #expect(status.deadlines[0].notes.contains { $0.contains("extension was granted on 2022-06-01") })
    }

    @Test func massimovFollowUp() throws {
        let file = try procedureCase(id: "kz-massimov", massimov + ["2023-05-10 opinion-transmitted"])
        let status = ProcedureTracker.status(of: file, asOf: day("2023-05-10"))
        let followUp = try #require(status.current(.followUp))
        #expect(followUp.due == day("2023-11-10"))
        #expect(followUp.status == .open)
        #expect(followUp.from == ProcedureAnchor(type: .opinionTransmitted, date: day("2023-05-10")))
        #expect(followUp.citation == "A/HRC/36/38 para 20")
        #expect(status.stage == .followUpOpen)
    }

    @Test func statedAndComputedDifferenceIsShown() throws {
        let file = try procedureCase(["2022-04-07 transmitted-to-government replyDue=2022-06-08"])
        let reply = try #require(ProcedureTracker.status(of: file, asOf: day("2022-04-08")).deadlines.first)
        #expect(reply.due == day("2022-06-08"))
        #expect(reply.statedDue == day("2022-06-08"))
        #expect(reply.computedDue == day("2022-06-06"))
        #expect(reply.notes == ["The letter states 2022-06-08, 2 days later than the computed 2022-06-06; the stated date is used."])

        let same = try procedureCase(["2022-04-07 transmitted-to-government replyDue=2022-06-06"])
        #expect(ProcedureTracker.status(of: same, asOf: day("2022-04-08")).deadlines.first?.notes == [])
    }

    @Test func adoptionAloneSaysTheFollowUpDateIsUnknown() throws {
        let file = try procedureCase(["2022-09-01 opinion-adopted"])
        let status = ProcedureTracker.status(of: file, asOf: day("2022-09-02"))
        #expect(status.deadlines.isEmpty)
        #expect(status.next.contains("whose date is not known yet"))
        #expect(status.notes.contains { $0.contains("not recorded as transmitted") })
    }

    @Test func releaseNotNotifiedAsksToTellTheWorkingGroup() throws {
        let file = try procedureCase(massimov, timeline: ["2022-01-05 arrest", "2022-05-01 release"])
        let status = ProcedureTracker.status(of: file, asOf: day("2022-05-02"))
        #expect(status.releasedOn == day("2022-05-01"))
        #expect(!status.releaseNotified)
        #expect(status.next.contains("Tell the Working Group that the person was released on 2022-05-01"))
        #expect(status.next.contains("para 17(a)"))
    }

    @Test func governmentReviewWithoutTimelyReplyIsNoted() throws {
        let file = try procedureCase(massimov + ["2022-09-01 opinion-adopted", "2022-09-10 opinion-transmitted", "2022-10-01 review-requested by=government"])
        let status = ProcedureTracker.status(of: file, asOf: day("2022-10-02"))
        #expect(status.stage == .reviewRequested)
        #expect(status.notes.contains { $0.contains("para 21 allows a Government's request only if it did") })
    }

    @Test func reviewDeadlineOnlyWhenConfigured() throws {
        let file = try procedureCase(["2023-03-31 opinion-adopted", "2023-05-10 opinion-transmitted"])
        #expect(ProcedureTracker.status(of: file, asOf: day("2023-05-11")).current(.reviewRequest) == nil)
        let configured = ProcedureTracker.status(of: file, asOf: day("2023-05-11"), rules: ProcedureRules(reviewRequestMonths: 3))
        let review = try #require(configured.current(.reviewRequest))
        #expect(review.due == day("2023-08-10"))
        #expect(review.citation.contains("no time limit verified"))
    }

    @Test func overdueButPastActingOnIsClosed() throws {
        // No reply, and the opinion was adopted anyway: still overdue (para 21(c) cares), but closed.
        let adopted = ProcedureTracker.status(of: try procedureCase(massimov + ["2022-09-01 opinion-adopted"]), asOf: day("2022-09-02"))
        let reply = try #require(adopted.current(.governmentReply))
        #expect(reply.status == .overdue && reply.closed && !reply.needsAttention)
        #expect(adopted.pending.isEmpty)
        #expect(ProcedureReport.agenda([adopted]).isEmpty)
        // Before the opinion, the same deadline needs attention.
        let waiting = ProcedureTracker.status(of: try procedureCase(massimov), asOf: day("2022-09-02"))
        #expect(waiting.current(.governmentReply)?.needsAttention == true)
        // A late answer closes it too; an overdue follow-up stays open to action.
        let late = ProcedureTracker.status(of: try procedureCase(massimov + ["2022-06-10 government-reply"]), asOf: day("2022-06-20"))
        #expect(late.current(.governmentReply)?.closed == true)
        let followUp = ProcedureTracker.status(of: try procedureCase(dev07), asOf: day("2023-11-11")).current(.followUp)
        #expect(followUp?.needsAttention == true)
        #expect(ProcedureTracker.status(of: try procedureCase(dev07), asOf: day("2023-11-11")).deadlines.filter(\.closed).count == 2)
    }

    @Test func jsonShape() throws {
        let file = try procedureCase(id: "kz-massimov", massimov)
        let status = ProcedureTracker.status(of: file, asOf: day("2022-04-20"))
        let json = ProcedureReport.json([status], asOf: day("2022-04-20"))
        let cases = try #require(json["cases"])
        guard case .array(let list) = cases, let first = list.first else { Issue.record("no cases"); return }
        #expect(first["case"] == .string("kz-massimov"))
        #expect(first["stage"] == .string("transmitted"))
        #expect(first["released"] == .bool(false))
        guard case .array(let deadlines) = first["deadlines"], let reply = deadlines.first,
              case .object(let members) = reply else { Issue.record("no deadlines"); return }
        #expect(members.map(\.key) == ["kind", "due", "computedDue", "from", "rule", "citation", "status"])
        #expect(reply["due"] == .string("2022-06-06"))
        #expect(reply["from"] == .object([.init("type", .string("transmitted-to-government")), .init("date", .string("2022-04-07"))]))
        #expect(reply["status"] == .string("open"))
        let text = ValueWriter.json(json)
        #expect(text.contains("\"kind\": \"government-reply\""))
    }

    @Test func agendaPutsOverdueFirstThenByDueDate() throws {
        let late = ProcedureTracker.status(of: try procedureCase(id: "b-late", ["2022-01-03 transmitted-to-government"]), asOf: day("2022-06-01"))
        let soon = ProcedureTracker.status(of: try procedureCase(id: "a-soon", ["2022-05-01 transmitted-to-government"]), asOf: day("2022-06-01"))
        let later = ProcedureTracker.status(of: try procedureCase(id: "c-later", ["2022-05-20 transmitted-to-government", "2022-06-01 extension-granted"]), asOf: day("2022-06-01"))
        let agenda = ProcedureReport.agenda([later, soon, late])
        #expect(agenda.map { "\($0.caseID) \($0.deadline.status.rawValue)" } == ["b-late overdue", "a-soon open", "c-later open"])
        #expect(ProcedureReport.agenda([later, soon, late], includeClosed: true).last?.deadline.status == .superseded)
        let text = ProcedureReport.text([later, soon, late], asOf: day("2022-06-01"))
        #expect(text.hasPrefix("Working Group deadlines as of 2022-06-01: 3 cases, 1 overdue, 2 open"))
        #expect(text.contains("1 closed deadline (met, superseded, or overdue but past acting on) not shown"))
        let b = try #require(text.range(of: "b-late")), a = try #require(text.range(of: "a-soon"))
        #expect(b.lowerBound < a.lowerBound)
    }
}
