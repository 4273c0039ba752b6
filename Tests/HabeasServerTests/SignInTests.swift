import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import HabeasTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// A clock the test moves (idle and absolute session timeouts, locks).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date()
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// A browser of its own: keeps the cookies the server sets (the test client does not).
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    var cookieHeader: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    mutating func send(_ uri: String, _ method: HTTPRequest.Method = .get, form: [(String, String)]? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        var body: ByteBuffer?
        if var form {
            if let csrf = cookies[CSRF.cookieName] { form.insert((CSRF.fieldName, csrf), at: 0) }
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&"))
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";").first?.split(separator: "=", maxSplits: 1) ?? []
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || field.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        return response
    }

    /// Opens the sign-in form (for its CSRF cookie) and posts a name and password.
    mutating func signIn(_ name: String, _ password: String) async throws -> TestResponse {
        _ = try await send("/sign-in")
        return try await send("/sign-in", .post, form: [("name", name), ("password", password)])
    }
}

func body(_ response: TestResponse) -> String { String(buffer: response.body) }

/// A value of a hidden field in a page.
func hiddenField(_ name: String, in html: String) -> String? {
    guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

@Suite("Sign-in, sessions and tokens")
struct SignInTests {
    static func settings(_ clock: TestClock) -> AccountSettings {
        var settings = testAccountSettings()
        settings.now = { clock.now }
        return settings
    }

    @Test func aLawyerSignsInAndOutWithAStrictCookie() async throws {
        let clock = TestClock()
        try await withApp(as: .anonymous, settings: Self.settings(clock), prepare: { store in
            _ = try await store.createUser(name: "lea", role: .lawyer, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
        }) { client in
            var browser = Browser(client: client)
            let anonymous = try await browser.send("/cases?state=KZ")
            #expect(anonymous.status == .found)
            #expect(anonymous.headers[.location] == "/sign-in?next=%2Fcases%3Fstate%3DKZ")
            let api = try await browser.send("/api/v1/cases")
            #expect(api.status == .unauthorized && api.headers[.wwwAuthenticate] == "Bearer")

            _ = try await browser.send("/sign-in")
            let signedIn = try await browser.send("/sign-in", .post, form: [("name", "LEA"), ("password", testPassword), ("next", "/cases?state=KZ")])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/cases?state=KZ")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix(SessionCookie.name + "=") })
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] { #expect(cookie.contains(attribute), "\(attribute)") }
            #expect(!cookie.contains("Secure"), "plain HTTP on loopback")
            let token = try #require(browser.cookies[SessionCookie.name])

            let home = try await browser.send("/")
            #expect(home.status == .ok)
            #expect(body(home).contains("Signed in as <a href=\"/account\"><strong>lea</strong></a>"))
            #expect(!body(home).contains("href=\"/admin/users\""), "no Users link for a lawyer")

            let out = try await browser.send("/sign-out", .post, form: [])
            #expect(out.status == .seeOther && out.headers[.location] == "/sign-in")
            // The old cookie is dead on the server too, not only forgotten by the browser.
            let replay = try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(SessionCookie.name)=\(token)"])
            #expect(replay.status == .found)
        }
    }

    /// Behind a proxy that terminates TLS (`serve --secure-cookies`) the cookie is also `Secure`.
    @Test func theSessionCookieIsSecureWhenServedOverHTTPS() async throws {
        var settings = testAccountSettings()
        settings.secureCookies = true
        try await withApp(as: .anonymous, settings: settings, prepare: { store in
            _ = try await store.createUser(name: "sam", role: .viewer, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
        }) { client in
            var browser = Browser(client: client)
            let signedIn = try await browser.signIn("sam", testPassword)
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix(SessionCookie.name + "=") })
            for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] { #expect(cookie.contains(attribute), "\(attribute)") }
            #expect(signedIn.headers[.strictTransportSecurity] == "max-age=63072000", "HTTPS only, from now on")
            #expect(try await browser.send("/healthz").headers[.strictTransportSecurity] != nil)
        }
    }

    @Test func failedSignInsLockTheAccountWithAClearMessage() async throws {
        let clock = TestClock()
        try await withApp(as: .anonymous, settings: Self.settings(clock), prepare: { store in
            _ = try await store.createUser(name: "rui", role: .researcher, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
        }) { client in
            var browser = Browser(client: client)
            let unknown = try await browser.signIn("nobody", testPassword)
            #expect(unknown.status == .unauthorized && body(unknown).contains("The name or the password is not right."))
            for _ in 1...4 {
                let wrong = try await browser.send("/sign-in", .post, form: [("name", "rui"), ("password", "wrong password!")])
                #expect(wrong.status == .unauthorized && body(wrong).contains("The name or the password is not right."))
                #expect(!body(wrong).contains("wrong password!"), "the password is never shown again")
            }
            let locked = try await browser.send("/sign-in", .post, form: [("name", "rui"), ("password", "wrong password!")])
            #expect(locked.status == .tooManyRequests && body(locked).contains("locked after too many failed sign-ins"))
            let right = try await browser.send("/sign-in", .post, form: [("name", "rui"), ("password", testPassword)])
            #expect(right.status == .tooManyRequests, "locked: even the right password waits")
            #expect(browser.cookies[SessionCookie.name] == nil)
            clock.advance(15 * 60 + 1)
            let later = try await browser.send("/sign-in", .post, form: [("name", "rui"), ("password", testPassword)])
            #expect(later.status == .seeOther && browser.cookies[SessionCookie.name] != nil)
            // A form without the CSRF token is refused before the password is looked at.
            let forged = try await client.execute(uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "name=rui&password=\(testPassword)"))
            #expect(forged.status == .forbidden)
        }
    }

    @Test func sessionsEndWhenIdleAndAtTheirAbsoluteLimit() async throws {
        let clock = TestClock()
        try await withApp(as: .anonymous, settings: Self.settings(clock), prepare: { store in
            _ = try await store.createUser(name: "vic", role: .researcher, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
        }) { client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("vic", testPassword)
            #expect(try await browser.send("/cases").status == .ok)
            clock.advance(29 * 60)
            #expect(try await browser.send("/cases").status == .ok, "used within the idle limit")
            clock.advance(29 * 60)
            #expect(try await browser.send("/cases").status == .ok, "still: each use moves the idle limit")
            clock.advance(31 * 60)
            #expect(try await browser.send("/cases").status == .found, "idle for more than 30 minutes")

            _ = try await browser.signIn("vic", testPassword)
            for _ in 0..<25 {
                clock.advance(29 * 60)
                _ = try await browser.send("/cases")
            }
            #expect(try await browser.send("/cases").status == .found, "12 hours after sign-in, however busy")
        }
    }

    @Test func anAdminEnrolsASecondFactorAndUsesARecoveryCodeOnce() async throws {
        let clock = TestClock()
        try await withApp(as: .anonymous, settings: Self.settings(clock), prepare: { store in
            _ = try await store.createUser(name: "ada", role: .admin, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
        }) { client in
            var browser = Browser(client: client)
            let first = try await browser.signIn("ada", testPassword)
            #expect(first.headers[.location] == "/sign-in/enrol")
            #expect(try await browser.send("/").status == .found, "no access before the second factor")
            let form = body(try await browser.send("/sign-in/enrol"))
            let secret = try #require(hiddenField("secret", in: form))
            let signature = try #require(hiddenField("signature", in: form))
            #expect(form.contains("otpauth://totp/"))
            // Another key than the one offered is refused (its signature does not match).
            let swapped = try await browser.send("/sign-in/enrol", .post, form: [
                ("secret", String(repeating: "A", count: 32)), ("signature", signature),
                ("code", Credentials.totpCode(secret: String(repeating: "A", count: 32), at: clock.now))])
            #expect(swapped.status == .forbidden)
            let wrong = try await browser.send("/sign-in/enrol", .post, form: [("secret", secret), ("signature", signature), ("code", "000000")])
            #expect(wrong.status == .unauthorized || Credentials.totpCode(secret: secret, at: clock.now) == "000000")
            let enrolled = try await browser.send("/sign-in/enrol", .post, form: [
                ("secret", secret), ("signature", signature), ("code", Credentials.totpCode(secret: secret, at: clock.now))])
            #expect(enrolled.status == .ok)
            let codes = body(enrolled).components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix(11)) }
            #expect(codes.count == 10)
            #expect(try await browser.send("/admin/users").status == .ok)

            // Next time: password, then a code; a recovery code works once.
            _ = try await browser.send("/sign-out", .post, form: [])
            let again = try await browser.signIn("ada", testPassword)
            #expect(again.headers[.location] == "/sign-in/code")
            #expect(try await browser.send("/").status == .found)
            let recovered = try await browser.send("/sign-in/code", .post, form: [("code", codes[0].uppercased())])
            #expect(recovered.status == .seeOther && recovered.headers[.location] == "/")
            #expect(try await browser.send("/").status == .ok)
            _ = try await browser.send("/sign-out", .post, form: [])
            _ = try await browser.signIn("ada", testPassword)
            let reused = try await browser.send("/sign-in/code", .post, form: [("code", codes[0])])
            #expect(reused.status == .unauthorized)
            clock.advance(60)
            let totp = try await browser.send("/sign-in/code", .post, form: [("code", Credentials.totpCode(secret: secret, at: clock.now))])
            #expect(totp.status == .seeOther)
            #expect(try await browser.send("/").status == .ok)
        }
    }

    @Test func apiTokensAreScopedAndRevocable() async throws {
        try await withApp(demo: true, as: .anonymous, prepare: { store in
            let user = try await store.createUser(name: "ops", role: .admin, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
            _ = try await store.createToken(hash: Credentials.hashToken("habeas_read"), userID: user.id, scope: .read, label: "reads")
            let write = try await store.createToken(hash: Credentials.hashToken("habeas_write"), userID: user.id, scope: .write, label: "writes")
            _ = write
            let old = try await store.createToken(hash: Credentials.hashToken("habeas_revoked"), userID: user.id, scope: .write, label: "old")
            try await store.revokeToken(id: old.id, at: Date())
        }) { (client: any TestClientProtocol) async throws in
            let call = { (token: String, path: String, method: HTTPRequest.Method) async throws -> HTTPResponse.Status in
                try await client.execute(uri: path, method: method, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"]).status
            }
            #expect(try await call("habeas_read", "/api/v1/cases", .get) == .ok)
            #expect(try await call("habeas_read", "/api/openapi.json", .get) == .ok)
            #expect(try await call("habeas_read", "/api/v1/cases/kz-massimov", .delete) == .forbidden)
            #expect(try await call("habeas_write", "/api/v1/cases/kz-massimov", .delete) == .noContent)
            #expect(try await call("habeas_revoked", "/api/v1/cases", .get) == .unauthorized)
            #expect(try await call("habeas_nonsense", "/api/v1/cases", .get) == .unauthorized)
            #expect(try await call(String(repeating: "x", count: 500), "/api/v1/cases", .get) == .unauthorized)
        }
    }

    @Test func theSetupLinkCreatesTheFirstAdminOnce() async throws {
        let clock = TestClock()
        // The link is made on the store the server uses, before it starts (as `habeas serve` does).
        let (store, cleanUp) = try await TestBackend.sqlite.store()
        defer { cleanUp() }
        let link = try #require(try await FirstRun.setupLink(store))
        var config = ServerConfig()
        config.logLevel = testLogLevel
        let app = try buildApplication(config: config, dependencies: AppDependencies(store: store, accounts: Self.settings(clock)))
        try await app.test(.router) { client in
            var browser = Browser(client: client)
            let page = try await browser.send(link)
            #expect(page.status == .ok && body(page).contains("Name of the first admin"))
            let weak = try await browser.send(link, .post, form: [("name", "root"), ("password", "short")])
            #expect(weak.status == .badRequest, "a refused password does not spend the link")
            let created = try await browser.send(link, .post, form: [("name", "root"), ("password", testPassword)])
            #expect(created.status == .seeOther && created.headers[.location] == "/sign-in/enrol")
            #expect(try await store.user(named: "root")?.role == .admin)
            var other = Browser(client: client)
            _ = try await other.send(link)
            let again = try await other.send(link, .post, form: [("name", "evil"), ("password", testPassword)])
            #expect(again.status == .gone)
            #expect(try await store.userCount() == 1)
        }
        #expect(try await FirstRun.setupLink(store) == nil, "no setup link once a user exists")
        let demo = try await FirstRun.demoLink(store)
        #expect(demo.hasPrefix("/sign-in/link/"))
        try await store.close()
    }

    @Test func credentialsAreBoundedAndCheckedInConstantTime() throws {
        let credentials = Credentials(cost: 4)
        #expect(throws: Credentials.WeakPassword.self) { _ = try credentials.hash(password: "short") }
        #expect(throws: Credentials.WeakPassword.self) { _ = try credentials.hash(password: String(repeating: "a", count: 73)) }
        #expect(throws: Credentials.WeakPassword.self) { _ = try credentials.hash(password: "twelve chars\u{7}!") }
        let hash = try credentials.hash(password: testPassword)
        #expect(!hash.contains(testPassword))
        #expect(credentials.verify(password: testPassword, hash: hash))
        #expect(!credentials.verify(password: testPassword + "x", hash: hash))
        #expect(!credentials.verify(password: testPassword, hash: nil))
        #expect(Credentials.hashToken("a") != Credentials.hashToken("b") && Credentials.hashToken("a").count == 64)
        #expect(Credentials.constantTimeEqual("abc", "abc") && !Credentials.constantTimeEqual("abc", "abd") && !Credentials.constantTimeEqual("abc", "ab"))
        let secret = Credentials.newTOTPSecret()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = Int64(now.timeIntervalSince1970 / 30)
        #expect(Credentials.matchingTOTPStep(code: Credentials.totpCode(secret: secret, at: now), secret: secret, at: now.addingTimeInterval(25)) == step)
        #expect(Credentials.matchingTOTPStep(code: Credentials.totpCode(secret: secret, at: now), secret: secret, at: now.addingTimeInterval(95)) == nil)
        #expect(Credentials.matchingTOTPStep(code: "12345", secret: secret, at: now) == nil)
        // RFC 6238's SHA-1 test vector: the key "12345678901234567890" at 59 s gives …287082.
        #expect(Credentials.totpCode(secret: "12345678901234567890", at: Date(timeIntervalSince1970: 59)) == "287082")
        let codes = Credentials.newRecoveryCodes()
        #expect(Set(codes).count == 10 && codes.allSatisfy { $0.count == 11 })
        #expect(Credentials.hashRecoveryCode(codes[0].uppercased().replacingOccurrences(of: "-", with: " ")) == Credentials.hashRecoveryCode(codes[0]))
        #expect(SignInPages.safeNext("//evil.example/") == nil && SignInPages.safeNext("https://evil.example/") == nil)
        #expect(SignInPages.safeNext("/cases?q=a") == "/cases?q=a")
    }
}
