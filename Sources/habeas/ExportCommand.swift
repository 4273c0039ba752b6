import ArgumentParser
import Foundation
import HabeasStore

/// `habeas export DIR`: every case as `<id>.yaml` plus its revisions in `<id>.revisions.json`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every case (latest revision as a case file) and its revision history to a directory."
    )

    @OptionGroup var database: DatabaseOption

    @Argument(help: "Directory to write (created if missing).")
    var directory: String

    func run() async throws {
        let store = try await database.open()
        let records = try await store.exportAll()
        try await store.recordAudit(action: .export, caseID: nil, actor: DatabaseOption.operatorName, detail: "archive of \(records.count) cases")
        try await store.close()
        do {
            try CaseArchive.write(records, to: URL(fileURLWithPath: directory))
        } catch {
            Console.error("\(directory): cannot be written")
            throw ExitCode(1)
        }
        print("exported \(records.count) case\(records.count == 1 ? "" : "s") to \(directory)")
    }
}
