import Foundation
import Testing
@testable import HabeasCore

/// The shared example files, when `../shared/examples` is present; skipped otherwise.
@Suite("Procedure tracker on the shared examples")
struct ProcedureExamplesTests {
    static var examples: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/examples")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    func load(_ name: String) throws -> CaseFile {
        let url = try #require(Self.examples).appendingPathComponent(name)
        return try CaseFile.load(text: String(contentsOf: url, encoding: .utf8), file: name)
    }

    @Test(.enabled(if: examples != nil)) func massimov() throws {
        let status = ProcedureTracker.status(of: try load("kz-massimov.yaml"), asOf: try CaseDate(parsing: "2022-04-20"))
        #expect(status.stage == .transmitted)
        #expect(status.deadlines.map { "\($0.kind.rawValue) \($0.due) \($0.status.rawValue)" } == ["government-reply 2022-06-06 open"])
    }

    @Test(.enabled(if: examples != nil)) func dev07() throws {
        let file = try load("dev-07-dz-deadlines.yaml")
        let status = ProcedureTracker.status(of: file, asOf: try CaseDate(parsing: "2023-06-01"))
        #expect(status.stage == .followUpOpen)
        #expect(status.deadlines.map { "\($0.kind.rawValue) \($0.due) \($0.status.rawValue)" } == [
            "government-reply 2023-01-07 superseded", "government-reply 2023-02-07 met", "follow-up 2023-11-10 open",
        ])
    }

    @Test(.enabled(if: examples != nil)) func dev08Released() throws {
        let status = ProcedureTracker.status(of: try load("dev-08-sd-lawyer-released.yaml"), asOf: try CaseDate(parsing: "2022-06-01"))
        #expect(status.released)
        #expect(status.releaseNotified)
        #expect(status.urgentAction?.state == .appealSent)
    }

    /// Every valid example, at every date of its procedure: as-of filtering holds and nothing traps.
    @Test(.enabled(if: examples != nil)) func everyExampleAtEveryDate() throws {
        let dir = try #require(Self.examples)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") && $0 != "invalid-vocabulary.yaml" }
        #expect(names.count > 10)
        for name in names {
            let file = try load(name)
            for event in file.procedure {
                for offset in [-1, 0, 1, 61] {
                    let asOf = event.date.calendarDate.addingDays(offset)
                    var past = file
                    past.procedure.removeAll { $0.date.calendarDate.dayNumber > asOf.dayNumber }
                    past.timeline.removeAll { $0.date.calendarDate.dayNumber > asOf.dayNumber }
                    #expect(ProcedureTracker.status(of: past, asOf: asOf) == ProcedureTracker.status(of: file, asOf: asOf), "\(name) as of \(asOf)")
                }
            }
        }
    }
}
