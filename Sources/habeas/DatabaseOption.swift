import ArgumentParser
import Foundation
import HabeasKeys
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

    @Option(help: "The master key file (0600) that opens the case data (default: $HABEAS_KEY_FILE, or beside a SQLite database: DB.key). $HABEAS_MASTER_KEY, when set, is the key itself.")
    var keyFile: String?

    func location() throws -> DatabaseLocation {
        try DatabaseLocation.resolve(option: db, passwordFile: dbPasswordFile)
    }

    static let keyFileVariable = "HABEAS_KEY_FILE"

    /// Where the master key is read from, and whether it may be created there.
    enum KeySource: Equatable, CustomStringConvertible {
        case environment
        case file(String, isDefault: Bool)

        var description: String {
            switch self {
            case .environment: "$\(MasterKey.environmentVariable)"
            case .file(let path, _): path
            }
        }
    }

    func keySource(for location: DatabaseLocation, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KeySource {
        if let text = environment[MasterKey.environmentVariable], !text.isEmpty { return .environment }
        if let keyFile, !keyFile.isEmpty { return .file(keyFile, isDefault: false) }
        if let path = environment[Self.keyFileVariable], !path.isEmpty { return .file(path, isDefault: false) }
        switch location {
        case .sqlite(let path): return .file(path + ".key", isDefault: true)
        case .postgres:
            throw KeyError.badMasterKey("a PostgreSQL database needs its master key: give --key-file, $\(Self.keyFileVariable) or $\(MasterKey.environmentVariable) (create one with `habeas keys init --key-file PATH`)")
        }
    }

    /// The master key for `location`. The default key file beside a SQLite database is created
    /// the first time (a new database, or one from before encryption), and said so on stderr;
    /// a key file named explicitly is never created here (`habeas keys init` does that).
    func masterKey(for location: DatabaseLocation) throws -> (key: MasterKey, created: String?) {
        switch try keySource(for: location) {
        case .environment:
            return (try MasterKey(base64: ProcessInfo.processInfo.environment[MasterKey.environmentVariable] ?? ""), nil)
        case .file(let path, let isDefault):
            if FileManager.default.fileExists(atPath: path) { return (try MasterKey.load(file: path), nil) }
            guard isDefault else {
                throw KeyError.badMasterKey("there is no key file at \(path) (create one with `habeas keys init --key-file \(path)`)")
            }
            return (try MasterKey.create(file: path), path)
        }
    }

    /// Opens the store with its master key. A key file this call created is removed again when
    /// the database turns out to be sealed with another key (its own key file is missing).
    func openStore(_ location: DatabaseLocation, logger: Logger) async throws -> SQLCaseStore {
        let (key, created) = try masterKey(for: location)
        do {
            let store = try await CaseStores.open(location, master: key, logger: logger)
            if let created {
                Console.error("habeas: created the master key file \(created) (0600). Keep a copy apart from the database and its backups: without it the cases cannot be read.")
            }
            return store
        } catch let error as KeyError {
            if let created { try? FileManager.default.removeItem(atPath: created) }
            if case .wrongMasterKey = error, created != nil {
                throw KeyError.badMasterKey("\(location) is encrypted and its key file \(created ?? "") is missing: give the key with --key-file, $\(Self.keyFileVariable) or $\(MasterKey.environmentVariable)")
            }
            throw error
        } catch {
            if let created { try? FileManager.default.removeItem(atPath: created) }
            throw error
        }
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
            return try await openStore(location, logger: logger)
        } catch let error as KeyError {
            Console.error("cannot open the database \(location): \(error)")
            throw ExitCode(1)
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
