import ArgumentParser

// Placeholder until its issue is built.
struct DraftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "draft")
    func run() throws { throw ValidationError("`habeas draft` is not available yet") }
}
