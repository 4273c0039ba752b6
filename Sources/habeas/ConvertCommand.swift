import ArgumentParser
import HabeasCore

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a case file between YAML and JSON without losing anything."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, yaml }

    @Argument(help: "The case file.")
    var file: String
    @Option(name: .customLong("to"), help: "Output format: json or yaml.")
    var format: Format
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let loaded = try CaseFiles.load(file)
        try writeOutput(format == .json ? loaded.jsonText() : loaded.yamlText(), to: output)
    }
}
