import ArgumentParser
import Foundation

/// `habeas`: record, assess, draft and track cases of arbitrary detention.
/// The root lives here, not in main.swift: an async root needs `@main` in a file with another name.
@main
struct Habeas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "habeas",
        abstract: "Record, assess, draft and track cases before the UN Working Group on Arbitrary Detention.",
        version: "habeas \(BuildInfo.version) (\(BuildInfo.commit))",
        subcommands: [
            ValidateCommand.self, ConvertCommand.self, TimelineCommand.self, AssessCommand.self, RulesCommand.self,
            DeadlinesCommand.self, DraftCommand.self, ServeCommand.self, ImportCommand.self, ExportCommand.self,
            BenchCommand.self, DoctorCommand.self, PurgeCommand.self, CalibrateCommand.self, PrecedentsCommand.self,
            AttachCommand.self, DetachCommand.self, FilesCommand.self, VerifyFilesCommand.self, PackageCommand.self,
            KeysCommand.self, AuditCommand.self, BackupCommand.self, RestoreCommand.self, UsersCommand.self,
            ImportTableCommand.self, StatsCommand.self,
        ]
    )

    /// Usage errors exit 2 (ArgumentParser's default is 64), case problems exit 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            // --help and --version are answers, not errors: they go to standard output.
            if !message.isEmpty {
                (code == .success ? FileHandle.standardOutput : FileHandle.standardError).write(Data((message + "\n").utf8))
            }
            if code == .success { Foundation.exit(0) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
