import ArgumentParser
import Foundation
import HabeasStore

/// `habeas import FILE|DIR…`: case files become new cases; an exported directory (case files
/// with their `.revisions.json`) comes back with its whole history.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import case files, or a directory written by `habeas export` (with history), into the database."
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: "Author recorded with new revisions.")
    var author: String = ProcessInfo.processInfo.environment["USER"] ?? "habeas"

    @Argument(help: "Case files (YAML or JSON) and directories.")
    var paths: [String]

    func run() async throws {
        let items: [CaseArchive.Item]
        do {
            items = try CaseArchive.read(paths: paths)
        } catch {
            Console.error("\(error)")
            throw ReportedFailure()
        }
        let store = try await database.open()
        var failed = 0
        var imported = 0
        for item in items {
            do {
                switch item {
                case .record(let record, _):
                    try await store.importRecord(record)
                case .caseFile(let file, _):
                    _ = try await store.create(file, change: Change(author: author, note: "imported"))
                }
                imported += 1
            } catch let error as CaseStoreError {
                failed += 1
                switch (error, item) {
                case (.alreadyExists(let id), .caseFile(_, let path)), (.alreadyExists(let id), .record(_, let path)):
                    Console.error("\(path): case `\(id)` already exists; not imported")
                default:
                    Console.error("\(Self.path(item)): not imported (\(error))")
                }
            }
        }
        try await store.close()
        print("imported \(imported) case\(imported == 1 ? "" : "s")" + (failed > 0 ? ", \(failed) failed" : ""))
        if failed > 0 { throw ExitCode(1) }
    }

    static func path(_ item: CaseArchive.Item) -> String {
        switch item {
        case .caseFile(_, let path), .record(_, let path): path
        }
    }
}
