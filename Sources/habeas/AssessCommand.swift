import ArgumentParser

// Placeholder until its issue is built.
struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assess")
    func run() throws { throw ValidationError("`habeas assess` is not available yet") }
}
