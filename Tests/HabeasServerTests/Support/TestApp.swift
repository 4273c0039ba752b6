import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdTesting

/// Backends for the tests: SQLite always, PostgreSQL when HABEAS_TEST_POSTGRES_URL is set.
enum APIBackend: String, CustomStringConvertible, Sendable {
    case sqlite, postgres
    static var all: [APIBackend] {
        ProcessInfo.processInfo.environment["HABEAS_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }
    var description: String { rawValue }

    /// A fresh store, and what to call once it is closed to remove its files.
    func store() async throws -> (SQLCaseStore, cleanUp: @Sendable () -> Void) {
        switch self {
        case .sqlite:
            let path = TemporaryFiles.sqlitePath("habeas-test")
            do {
                return (try await CaseStores.open(.sqlite(path: path)), { TemporaryFiles.removeSQLite(path) })
            } catch {
                TemporaryFiles.removeSQLite(path)
                throw error
            }
        case .postgres:
            return (try await CaseStores.open(.postgres(url: ProcessInfo.processInfo.environment["HABEAS_TEST_POSTGRES_URL"]!),
                                              schema: "api_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")), {})
        }
    }
}

/// setup: a fresh store (with the demo cases if `demo`) and the real application, "today" fixed at
/// the date of the Massimov petition.
func withApp(_ backend: APIBackend = .sqlite, demo: Bool = false, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    let (store, cleanUp) = try await backend.store()
    defer { cleanUp() }
    do {
        if demo { try await DemoCases.load(into: store) }
        let deps = AppDependencies(store: store, today: { try! CaseDate(parsing: "2022-03-18") })
        let app = try buildApplication(config: ServerConfig(), dependencies: deps)
        try await app.test(.router, body)
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
}
