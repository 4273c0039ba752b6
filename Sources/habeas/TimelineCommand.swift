import ArgumentParser
import HabeasCore

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Print the chronology and what it proves: days incommunicado, hours before a judge, …"
    )

    @Argument(help: "The case file.")
    var file: String
    @OptionGroup var asOf: AsOfOption
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let loaded = try CaseFiles.load(file)
        let facts = Timeline.derive(loaded, asOf: try asOf.date())
        Console.out(json ? ValueWriter.json(TimelineReport.json(loaded, facts)) : TimelineReport.text(loaded, facts))
    }
}
