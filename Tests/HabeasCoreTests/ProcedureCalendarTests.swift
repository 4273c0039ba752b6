import Foundation
import Testing
@testable import HabeasCore

@Suite("Procedure calendar (RFC 5545)")
struct ProcedureCalendarTests {
    /// 2024-03-01T12:34:56Z
    let stamp = Date(timeIntervalSince1970: 1_709_296_496)

    func ics(_ events: [String], asOf: String, id: String = "kz-massimov", title: String? = nil, withTitles: Bool = true) throws -> String {
        let file = try procedureCase(id: id, title: title, events)
        return ProcedureCalendar.ics([ProcedureTracker.status(of: file, asOf: try CaseDate(parsing: asOf))], stamp: stamp, withTitles: withTitles)
    }

    /// Calendars end up on outside services: by default an event names the case by id only.
    @Test func noNamesByDefault() throws {
        let text = try ics(["2022-04-07 transmitted-to-government"], asOf: "2022-04-20", title: "Secret Person (KZ)", withTitles: false)
        #expect(!unfolded(text).joined().contains("Secret Person"))
        #expect(unfolded(text).contains("SUMMARY:Government reply due: kz-massimov"))
    }

    /// Content lines with folding undone.
    func unfolded(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func structure() throws {
        let text = try ics(["2022-04-07 transmitted-to-government"], asOf: "2022-04-20")
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        // CRLF only: no bare LF.
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = unfolded(text)
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 1)
        #expect(lines.contains("UID:kz-massimov-government-reply@habeas"))
        #expect(lines.contains("DTSTAMP:20240301T123456Z"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20220606"))
        #expect(lines.contains("DTEND;VALUE=DATE:20220607"))
        #expect(lines.contains("SEQUENCE:0"))
        #expect(lines.contains("TRIGGER:-P7D"))
        #expect(lines.contains { $0.hasPrefix("DESCRIPTION:Case kz-massimov. Government reply due 2022-06-06.\\n") && $0.contains("A/HRC/36/38 para 15") })
    }

    @Test func foldsAt75OctetsWithoutSplittingCharacters() throws {
        let title = "\"Zhanbolat Mamaï — très longue désignation de l’affaire, pour plier les lignes (KZ)\""
        let text = try ics(["2022-04-07 transmitted-to-government"], asOf: "2022-04-20", title: title)
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75, "too long: \(line)")
        }
        #expect(text.contains("\r\n "))
        let summary = try #require(unfolded(text).first { $0.hasPrefix("SUMMARY:") })
        #expect(summary == "SUMMARY:Government reply due: Zhanbolat Mamaï — très longue désignation de l’affaire\\, pour plier les lignes (KZ)")
    }

    @Test func foldNeverSeparatesAnEscape() {
        for prefix in 0..<4 {
            let line = "DESCRIPTION:" + String(repeating: "x", count: 60 + prefix) + String(repeating: "\\n\\,", count: 20)
            let folded = ProcedureCalendar.fold(line)
            for piece in folded.components(separatedBy: "\r\n") {
                #expect(piece.utf8.count <= 75)
                #expect(!piece.hasSuffix("\\") || piece.hasSuffix("\\\\"))
            }
            #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        }
    }

    @Test func escapesTextValues() {
        #expect(ProcedureCalendar.escape("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf")
    }

    @Test func onlyOpenDeadlinesBecomeEvents() throws {
        // Reply met, follow-up open: one event, the follow-up.
        let text = try ics(["2022-04-07 transmitted-to-government", "2022-05-01 government-reply", "2022-09-01 opinion-adopted",
                            "2022-09-10 opinion-transmitted"], asOf: "2022-10-01")
        let lines = unfolded(text)
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 1)
        #expect(lines.contains("UID:kz-massimov-follow-up@habeas"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20230310"))
        // Nothing open: an empty but valid calendar.
        let none = unfolded(try ics(["2022-04-07 transmitted-to-government"], asOf: "2022-07-01"))
        #expect(none.first == "BEGIN:VCALENDAR" && none.last == "END:VCALENDAR" && !none.contains("BEGIN:VEVENT"))
    }

    @Test func extensionUpdatesTheSameEvent() throws {
        let before = unfolded(try ics(["2022-04-07 transmitted-to-government"], asOf: "2022-04-20"))
        let after = unfolded(try ics(["2022-04-07 transmitted-to-government", "2022-06-01 extension-granted"], asOf: "2022-06-02"))
        let uid = "UID:kz-massimov-government-reply@habeas"
        #expect(before.contains(uid) && after.contains(uid))
        #expect(after.filter { $0 == "BEGIN:VEVENT" }.count == 1)
        #expect(after.contains("DTSTART;VALUE=DATE:20220706"))
        #expect(after.contains("SEQUENCE:1"))
    }
}
