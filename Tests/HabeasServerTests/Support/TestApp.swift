import Foundation
import HabeasCore
import HabeasFiles
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdTesting
import Logging
import HabeasTestSupport

/// Who the test client is: the server always requires a signed-in user.
enum TestUser: Sendable {
    /// No session: what a stranger gets.
    case anonymous
    /// A signed-in admin named `admin` (the default): every case.
    case admin
    /// A signed-in user of `role` named after it, in the team `team`, which holds the cases
    /// `prepare` assigns to it (see `TestUser.team`).
    case member(Role)

    static let teamName = "test team"

    /// Signs the user in (a session straight in the store, as the sign-in page makes one) and
    /// returns the cookie to send.
    func session(in store: SQLCaseStore, settings: AccountSettings) async throws -> String? {
        let (name, role): (String, Role)
        switch self {
        case .anonymous: return nil
        case .admin: (name, role) = ("admin", .admin)
        case .member(let r): (name, role) = (r.rawValue, r)
        }
        let account = try await store.createUser(name: name, role: role, passwordHash: try settings.credentials.hash(password: testPassword))
        if role != .admin {
            let team = try await testTeam(store)
            try await store.addMember(account.id, to: team.id)
        }
        let token = Credentials.newToken(prefix: "hs_")
        let now = Date()
        try await store.createSession(SessionRecord(id: Credentials.hashToken(token), userID: account.id, stage: .full, createdAt: now,
                                                    lastSeen: now, expiresAt: now.addingTimeInterval(3600)))
        return "\(SessionCookie.name)=\(token)"
    }
}

let testPassword = "correct horse battery"

/// Account settings for tests: bcrypt at its least cost, so a sign-in takes milliseconds.
func testAccountSettings() -> AccountSettings {
    var settings = AccountSettings()
    settings.credentials = Credentials(cost: 4)
    return settings
}

/// Adds the session cookie to every request (after any cookie the test sends itself).
struct SignedInClient: TestClientProtocol {
    let base: any TestClientProtocol
    let cookie: String?

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if let cookie {
            if let existing = headers[.cookie] { headers[.cookie] = existing + "; " + cookie } else { headers[.cookie] = cookie }
        }
        return try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    var port: Int? { base.port }
}

/// setup: a fresh store (with the demo cases if `demo`) and the real application, "today" fixed at
/// the date of the Massimov petition, with the client signed in as `user` (an admin by default).
func withApp(_ backend: TestBackend = .sqlite, demo: Bool = false, withFiles: Bool = true, vaultLimit: Int64 = FileVault.defaultMaxBytes,
             as user: TestUser = .admin, settings: AccountSettings = testAccountSettings(),
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
        let cookie = try await user.session(in: store, settings: settings)
        let deps = AppDependencies(store: store, today: { try! CaseDate(parsing: "2022-03-18") }, files: withFiles ? vault : nil,
                                   accounts: settings)
        var config = ServerConfig()
        config.logLevel = testLogLevel
        let app = try buildApplication(config: config, dependencies: deps)
        try await app.test(.router) { client in try await body(SignedInClient(base: client, cookie: cookie)) }
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

/// The team of the `.member` test users, created on first use.
func testTeam(_ store: SQLCaseStore) async throws -> Team {
    if let team = try await store.team(named: TestUser.teamName) { return team }
    return try await store.createTeam(name: TestUser.teamName)
}
