import ArgumentParser
import HabeasStore
import Logging

/// `--db`, shared by every command that opens the store: `--db` wins over `HABEAS_DB`, which wins
/// over `./habeas.sqlite`.
struct DatabaseOption: ParsableArguments {
    @Option(help: "postgres://user@host/db, sqlite:///path or a file path (default: $HABEAS_DB or ./habeas.sqlite).")
    var db: String?

    func location() throws -> DatabaseLocation {
        try DatabaseLocation.resolve(option: db)
    }

    /// Opens the store, explaining failures plainly (a bad location is a usage error).
    func open() async throws -> SQLCaseStore {
        let location: DatabaseLocation
        do {
            location = try self.location()
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        do {
            var logger = Logger(label: "habeas.store")
            logger.logLevel = .warning
            return try await CaseStores.open(location, logger: logger)
        } catch {
            Console.error("cannot open the database \(location): \(type(of: error))")
            throw ReportedFailure()
        }
    }
}
