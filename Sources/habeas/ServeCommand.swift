import ArgumentParser

// Placeholder until its issue is built.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve")
    func run() throws { throw ValidationError("`habeas serve` is not available yet") }
}
