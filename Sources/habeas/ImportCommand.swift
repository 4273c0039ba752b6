import ArgumentParser
import Foundation
import HabeasStore

/// `habeas import FILE|DIR…`: case files become new cases; an exported directory (case files
/// with their `.revisions.json`) or an export bundle from the web or the API (`habeas-export/1`)
/// comes back with its whole history. Safe to run again: what is already there is skipped.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import case files, a directory written by `habeas export`, or an export bundle (with history), into the database.",
        discussion: """
            Everything is checked before anything is written. Cases are then written in batches of \
            --batch-size, each batch all or nothing; if an import stops, run it again: cases already \
            stored with the same history are reported as already present. The import is recorded \
            with the account running it as author; imported revisions keep their original authors \
            and times, marked as imported.
            """
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: "Cases per transaction.")
    var batchSize: Int = CaseArchive.defaultBatchSize

    @Option(help: "Give the imported cases to this team (created if new), so its members see them; otherwise only admins do until an admin assigns them.")
    var team: String?

    @Argument(help: "Case files (YAML or JSON), export bundles and directories.")
    var paths: [String]

    func run() async throws {
        guard (1...10_000).contains(batchSize) else {
            Console.error("--batch-size is a number from 1 to 10000")
            throw ExitCode(2)
        }
        let store = try await database.open()
        let report: ImportReport
        do {
            report = try await store.importArchive(paths: paths, importer: Change(author: DatabaseOption.operatorName, note: "imported"),
                                                   batchSize: batchSize)
        } catch let error as ImportInterrupted {
            try? await store.close()
            Self.print(error.report)
            Console.error("the import stopped (\(error.error)): \(error.notWritten.count) case(s) not written; run the same command again to finish it")
            throw ExitCode(1)
        } catch let error as StoreError {
            try? await store.close()
            Console.error("nothing imported: \(error)")
            throw ExitCode(1)
        } catch {
            // A file that cannot be read or is not valid: every problem is named, nothing written.
            try? await store.close()
            Console.error("\(error)")
            throw ExitCode(1)
        }
        if let team {
            do {
                let given = try await Self.give(report.imported.map(\.id) + report.alreadyPresent.map(\.id), to: team, store: store)
                Swift.print("gave \(given) case\(given == 1 ? "" : "s") to the team \(team)")
            } catch let error as StoreError {
                try? await store.close()
                Self.print(report)
                Console.error("the cases were imported, but not given to the team: \(error)")
                throw ExitCode(1)
            }
        }
        try await store.close()
        Self.print(report)
        if !report.conflicts.isEmpty { throw ExitCode(1) }
    }

    /// Assigns the cases to the team (created if new) and records it in the audit trail.
    static func give(_ ids: [String], to name: String, store: SQLCaseStore) async throws -> Int {
        var team = try await store.team(named: name)
        if team == nil { team = try await store.createTeam(name: name) }
        guard let team else { return 0 }
        for id in ids { try await store.assignCase(id, to: team.id) }
        try await store.recordAudit(action: .permissionChange, caseID: nil, actor: DatabaseOption.operatorName,
                                    detail: "\(ids.count) imported case(s) given to the team \(name)")
        return ids.count
    }

    static func print(_ report: ImportReport) {
        for entry in report.conflicts {
            if case .conflict(let reason) = entry.outcome {
                Console.error("\(entry.source): case `\(entry.id)` not imported: \(reason)")
            }
        }
        let imported = report.imported.count
        var line = "imported \(imported) case\(imported == 1 ? "" : "s")"
        if !report.alreadyPresent.isEmpty { line += ", \(report.alreadyPresent.count) already present" }
        if !report.conflicts.isEmpty { line += ", \(report.conflicts.count) in conflict" }
        Swift.print(line)
    }
}
