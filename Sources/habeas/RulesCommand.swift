import ArgumentParser
import HabeasCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print the table that maps allegations to categories, strengths and provisions, with its sources."
    )

    @Flag(help: "Print JSON.")
    var json = false

    func run() {
        print(json ? ValueWriter.json(RuleBook.json) : RuleBook.text(), terminator: "")
    }
}
