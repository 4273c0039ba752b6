import ArgumentParser

// Placeholder until its issue is built.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import")
    func run() throws { throw ValidationError("`habeas import` is not available yet") }
}
