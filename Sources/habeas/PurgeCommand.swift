import ArgumentParser
import Foundation
import HabeasStore

/// `habeas purge CASE --yes`: removes a deleted case and all its revisions for good.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Remove a deleted case and every revision of it for good (recorded in the audit log without content).",
        discussion: "Only a case deleted first (in the web app or with the API) can be purged. There is no undo: export first if in doubt."
    )

    @OptionGroup var database: DatabaseOption

    @Argument(help: "The id of the deleted case.")
    var id: String

    @Flag(help: "Confirm: the case cannot be recovered afterwards.")
    var yes = false

    func run() async throws {
        guard yes else {
            Console.error("purging `\(id)` removes it and its whole history for good; run again with --yes to confirm")
            throw ExitCode(2)
        }
        let store = try await database.open()
        do {
            try await store.purge(id, change: Change(author: DatabaseOption.operatorName, note: "purged"))
        } catch CaseStoreError.notFound {
            try? await store.close()
            Console.error("no case `\(id)`")
            throw ExitCode(1)
        } catch let error as StoreError {
            try? await store.close()
            Console.error("`\(id)` not purged: \(error)")
            throw ExitCode(1)
        }
        try await store.close()
        print("purged \(id)")
    }
}
