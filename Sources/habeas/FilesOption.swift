import ArgumentParser
import Foundation
import HabeasFiles
import HabeasStore

/// `--files DIR`: where the files attached to cases are kept. Default: beside the SQLite database
/// (`habeas.sqlite.files/`); with PostgreSQL, `$HABEAS_FILES_DIR` or this option (a directory
/// every server process can reach).
struct FilesOption: ParsableArguments {
    @Option(name: .customLong("files"), help: "The directory of attached files (default: beside the SQLite database; $HABEAS_FILES_DIR).")
    var directory: String?

    static let environmentVariable = "HABEAS_FILES_DIR"

    /// The vault of `store`'s database, sealed with its file key.
    func vault(for location: DatabaseLocation, store: SQLCaseStore) throws -> FileVault {
        guard let vault = try configuredVault(for: location, store: store) else {
            Console.error("with PostgreSQL, say where attached files are kept: --files DIR or \(Self.environmentVariable)")
            throw ExitCode(2)
        }
        return vault
    }

    /// The vault's directory, or nil with PostgreSQL when none is named.
    func root(for location: DatabaseLocation) -> URL? {
        if let directory { return URL(fileURLWithPath: directory) }
        if let fromEnvironment = ProcessInfo.processInfo.environment[Self.environmentVariable], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment)
        }
        if case .sqlite(let path) = location { return FileVault.beside(databasePath: path) }
        return nil
    }

    /// The vault, or nil with PostgreSQL when no directory is named (`habeas serve` then runs
    /// without files: the files API says so).
    func configuredVault(for location: DatabaseLocation, store: SQLCaseStore) throws -> FileVault? {
        guard let root = root(for: location) else { return nil }
        do {
            return try FileVault(root: root, key: store.fileKey)
        } catch {
            Console.error("\(root.path): the file store cannot be opened (\(error.localizedDescription))")
            throw ExitCode(1)
        }
    }
}
