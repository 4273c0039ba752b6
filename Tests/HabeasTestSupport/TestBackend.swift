import Foundation
import HabeasKeys
import HabeasStore

/// The backends every store-backed test runs against: SQLite always, PostgreSQL when
/// `HABEAS_TEST_POSTGRES_URL` is set (scripts/postgres-test-server.sh starts one).
public enum TestBackend: String, CustomStringConvertible, Sendable, CaseIterable {
    case sqlite, postgres

    public static let postgresURL = ProcessInfo.processInfo.environment["HABEAS_TEST_POSTGRES_URL"]

    public static var all: [TestBackend] {
        if postgresURL == nil {
            print("◇ HABEAS_TEST_POSTGRES_URL is not set; the PostgreSQL half of the store-backed tests is SKIPPED")
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }

    public var description: String { rawValue }

    /// The master key of every test store in this run: a test that reopens a database opens it
    /// with the same key, as a server restarting would.
    public static let masterKey = MasterKey.generate().key

    /// Where a fresh, empty store goes: a new SQLite file, or a new PostgreSQL schema.
    public func freshLocation() -> (DatabaseLocation, schema: String?) {
        switch self {
        case .sqlite:
            return (.sqlite(path: TemporaryFiles.sqlitePath("habeas-test")), nil)
        case .postgres:
            // The URL is set whenever `.postgres` is in `all`.
            return (.postgres(url: TestBackend.postgresURL ?? ""), "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
        }
    }

    /// A fresh store, and what to call once it is closed to remove its files.
    public func store() async throws -> (SQLCaseStore, cleanUp: @Sendable () -> Void) {
        let (location, schema) = freshLocation()
        do {
            return (try await CaseStores.open(location, schema: schema, master: TestBackend.masterKey), { TemporaryFiles.remove(location) })
        } catch {
            TemporaryFiles.remove(location)
            throw error
        }
    }
}

/// Runs `body` with a fresh store, closes it and removes its files.
public func withStore(_ backend: TestBackend, _ body: (SQLCaseStore) async throws -> Void) async throws {
    let (store, cleanUp) = try await backend.store()
    defer { cleanUp() }
    do {
        try await body(store)
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
}

/// Scratch files for tests, removed when the test is done (SQLite leaves -wal and -shm beside
/// its database).
public enum TemporaryFiles {
    public static func sqlitePath(_ prefix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).sqlite").path
    }

    public static func removeSQLite(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Removes a test database's files (nothing for PostgreSQL, whose schemas go with the
    /// throwaway server).
    public static func remove(_ location: DatabaseLocation) {
        if case .sqlite(let path) = location { removeSQLite(path) }
    }
}
