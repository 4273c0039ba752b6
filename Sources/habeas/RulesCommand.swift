import ArgumentParser

// Placeholder until its issue is built.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules")
    func run() throws { throw ValidationError("`habeas rules` is not available yet") }
}
