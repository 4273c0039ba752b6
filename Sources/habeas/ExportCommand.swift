import ArgumentParser

// Placeholder until its issue is built.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export")
    func run() throws { throw ValidationError("`habeas export` is not available yet") }
}
