import HabeasTestSupport
import Logging
import Testing
@testable import HabeasStore

/// Runs `body` on a fresh database migrated only through `version`, as an older release left it:
/// what a migration test writes its old rows into. `body` closes the store it opens over the
/// pool; if it throws, the pool is shut down here. The database's files are removed after.
func withOlderSchema(_ backend: TestBackend, through version: Int, _ body: (any DatabasePool) async throws -> Void) async throws {
    let (location, schema) = backend.freshLocation()
    defer { TemporaryFiles.remove(location) }
    let pool = try await CaseStores.pool(location, schema: schema, logger: Logger(label: "test"))
    do {
        #expect(try await Migrations.run(on: pool, master: TestBackend.masterKey, through: version) == Array(1...version))
        try await body(pool)
    } catch {
        try? await pool.shutdown()
        throw error
    }
}
