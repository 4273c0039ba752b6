import ArgumentParser

// Placeholder until its issue is built.
struct DeadlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deadlines")
    func run() throws { throw ValidationError("`habeas deadlines` is not available yet") }
}
