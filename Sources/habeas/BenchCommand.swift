import ArgumentParser

// Placeholder until its issue is built.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench")
    func run() throws { throw ValidationError("`habeas bench` is not available yet") }
}
