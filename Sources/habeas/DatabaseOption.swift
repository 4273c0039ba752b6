import ArgumentParser
import Foundation
import HabeasStore
import Logging

/// `--db`, shared by every command that opens the store: `--db` wins over `HABEAS_DATABASE_URL`,
/// then `HABEAS_DB`, then `./habeas.sqlite`. A PostgreSQL password comes from the URL in the
/// environment or from `--db-password-file`, never needs to be typed on a command line.
struct DatabaseOption: ParsableArguments {
    @Option(help: "postgres://user@host/db, sqlite:///path or a file path (default: $HABEAS_DATABASE_URL, $HABEAS_DB or ./habeas.sqlite).")
    var db: String?

    @Option(help: "A file whose first line is the PostgreSQL password (keeps it out of the command line and the process list).")
    var dbPasswordFile: String?

    func location() throws -> DatabaseLocation {
        try DatabaseLocation.resolve(option: db, passwordFile: dbPasswordFile)
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
            throw ExitCode(1)
        }
    }

    /// Opens the store, runs `body` and closes the store whether `body` succeeds or throws.
    func withStore<T>(_ body: (SQLCaseStore) async throws -> T) async throws -> T {
        let store = try await open()
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Who the command line records as the author of its changes: the account running it,
    /// from the system (not an option or environment variable anyone could set).
    static var operatorName: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return "uid \(getuid())"
    }
}

extension SQLCaseStore {
    /// The live case with this id, or a plain message and exit 1.
    func requireCase(_ id: String) async throws -> StoredCase {
        do {
            return try await get(id)
        } catch CaseStoreError.notFound {
            Console.error("no case `\(id)`")
            throw ExitCode(1)
        }
    }
}
