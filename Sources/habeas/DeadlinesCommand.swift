import ArgumentParser
import Foundation
import HabeasCore

struct DeadlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "List the Working Group deadlines of one or many cases: overdue first, then by due date.",
        discussion: """
        Reply (60 days, para 15; +1 month if extended, para 16), source comments (the date the secretariat \
        sets), follow-up (6 months from the opinion's transmission, para 20). --ics writes the open deadlines \
        as an RFC 5545 calendar whose events update in place when imported again.
        """
    )

    @Argument(help: "Case files.")
    var files: [String]
    @OptionGroup var asOf: AsOfOption
    @Flag(help: "Print JSON.")
    var json = false
    @Flag(help: "Also list closed deadlines: met, superseded, or overdue but past acting on.")
    var all = false
    @Option(name: .customLong("ics"), help: ArgumentHelp("Write the open deadlines as an iCalendar file.", valueName: "OUT"))
    var ics: String?
    @Flag(name: .customLong("ics-titles"), help: "Name cases by their title (usually the detainee's name) in the calendar, not only by id. Calendars are often synchronised to outside services.")
    var icsTitles = false
    @Option(name: .customLong("review-months"), help: ArgumentHelp(
        "Track a review-request period of N months from the opinion's transmission. No time limit is verified (para 21): set one only on legal advice.",
        valueName: "N"))
    var reviewMonths: Int?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one case file") }
        if let reviewMonths, reviewMonths < 1 { throw ValidationError("--review-months must be at least 1") }
    }

    func run() throws {
        let (cases, invalid) = CaseFiles.loadValid(files)
        guard !cases.isEmpty else { return try CaseFiles.finish(invalid: invalid) }
        let date = try asOf.date()
        let rules = ProcedureRules(reviewRequestMonths: reviewMonths)
        let statuses = cases.map { ProcedureTracker.status(of: $0, asOf: date, rules: rules) }
        if let ics {
            try writeOutput(ProcedureCalendar.ics(statuses, stamp: Date(), withTitles: icsTitles), to: ics)
            let events = statuses.reduce(0) { $0 + $1.deadlines.filter { $0.status == .open }.count }
            Console.error("\(ics): \(events) open deadline\(events == 1 ? "" : "s") written as calendar events")
        }
        let text = json
            ? ValueWriter.json(ProcedureReport.json(statuses, asOf: date))
            : ProcedureReport.text(statuses, asOf: date, includeClosed: all)
        Console.out(text)
        try CaseFiles.finish(invalid: invalid)
    }
}
