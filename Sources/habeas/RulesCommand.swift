import ArgumentParser
import HabeasCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print the rules table (allegations to categories, strengths and provisions, with sources), the treaty status table and the referral table."
    )

    @Flag(help: "Print JSON.")
    var json = false

    func run() {
        print(json ? ValueWriter.json(RuleBook.json) : RuleBook.text(), terminator: "")
    }
}
