import Foundation
import HabeasCore
import HabeasFiles
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdTesting
import Logging
import HabeasTestSupport

/// setup: a fresh store (with the demo cases if `demo`) and the real application, "today" fixed at
/// the date of the Massimov petition.
func withApp(_ backend: TestBackend = .sqlite, demo: Bool = false, withFiles: Bool = true, vaultLimit: Int64 = FileVault.defaultMaxBytes,
             prepare: (SQLCaseStore) async throws -> Void = { _ in },
             _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    let (store, cleanUp) = try await backend.store()
    defer { cleanUp() }
    do {
        if demo { try await DemoCases.load(into: store) }
        try await prepare(store)
        let vault = try FileVault(root: FileManager.default.temporaryDirectory.appendingPathComponent("habeas-vault-\(UUID().uuidString)"),
                                  key: store.fileKey, maxBytes: vaultLimit)
        defer { try? FileManager.default.removeItem(at: vault.root) }
        let deps = AppDependencies(store: store, today: { try! CaseDate(parsing: "2022-03-18") }, files: withFiles ? vault : nil)
        var config = ServerConfig()
        config.logLevel = testLogLevel
        let app = try buildApplication(config: config, dependencies: deps)
        try await app.test(.router, body)
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
}

/// The server logs every request at `info`, which buries the test results in CI output; the test
/// apps log warnings and errors only, unless HABEAS_TEST_LOG_LEVEL asks for more (`info`, `debug`,
/// `trace`).
let testLogLevel: Logger.Level = ProcessInfo.processInfo.environment["HABEAS_TEST_LOG_LEVEL"]
    .flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
