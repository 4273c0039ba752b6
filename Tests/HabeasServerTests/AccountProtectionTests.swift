import Foundation
import HabeasCore
@testable import HabeasServer
@testable import HabeasStore
import HabeasTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The store a test app runs on, for checks after requests (the audit trail, accounts).
final class StoreBox: @unchecked Sendable {
    var store: SQLCaseStore?
    func audit(_ action: AuditEntry.Action) async throws -> [AuditEntry] {
        try await #require(store).auditEntries(AuditFilter(action: action))
    }
}

@Suite("Account protection: second-factor replay, address throttling, audit of sign-ins and permissions, serving beyond loopback")
struct AccountProtectionTests {
    @Test func aSecondFactorCodeWorksOnceAndAnyoneMayEnrolOne() async throws {
        let clock = TestClock()
        let box = StoreBox()
        try await withApp(as: .anonymous, settings: SignInTests.settings(clock), prepare: { store in
            box.store = store
            _ = try await store.createUser(name: "rui", role: .researcher, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
        }) { client in
            var browser = Browser(client: client)
            #expect(try await browser.signIn("rui", testPassword).headers[.location] == "/", "a researcher needs no second factor")
            let account = try await browser.send("/account")
            #expect(account.status == .ok && body(account).contains("Set up a second factor"))
            // Changing the factor asks for the password again.
            let noPassword = try await browser.send("/account", .post, form: [("do", "enrol"), ("password", "not the password")])
            #expect(noPassword.status == .unauthorized)
            let start = try await browser.send("/account", .post, form: [("do", "enrol"), ("password", testPassword)])
            #expect(start.status == .seeOther && start.headers[.location] == "/sign-in/enrol?next=%2Faccount")
            let form = body(try await browser.send("/sign-in/enrol?next=%2Faccount"))
            let secret = try #require(hiddenField("secret", in: form))
            let signature = try #require(hiddenField("signature", in: form))
            let code = Credentials.totpCode(secret: secret, at: clock.now)
            let enrolled = try await browser.send("/sign-in/enrol", .post, form: [("secret", secret), ("signature", signature), ("code", code), ("next", "/account")])
            #expect(enrolled.status == .ok && body(enrolled).contains("href=\"/account\""))
            #expect(body(try await browser.send("/account")).contains("Recovery codes left: 10"))

            // The code used to enrol cannot sign in again, nor can any code twice.
            _ = try await browser.send("/sign-out", .post, form: [])
            #expect(try await browser.signIn("rui", testPassword).headers[.location] == "/sign-in/code")
            let replayed = try await browser.send("/sign-in/code", .post, form: [("code", code)])
            #expect(replayed.status == .unauthorized && body(replayed).contains("has been used already"))
            clock.advance(30)
            let fresh = Credentials.totpCode(secret: secret, at: clock.now)
            #expect(try await browser.send("/sign-in/code", .post, form: [("code", fresh)]).status == .seeOther)
            _ = try await browser.send("/sign-out", .post, form: [])
            _ = try await browser.signIn("rui", testPassword)
            #expect(try await browser.send("/sign-in/code", .post, form: [("code", fresh)]).status == .unauthorized)

            let entries = try await box.audit(.signIn) + box.audit(.userChange)
            #expect(entries.contains { $0.author == "rui" && $0.detail.hasPrefix("second factor, from ") })
            #expect(entries.contains { $0.author == "rui" && $0.detail.contains("second factor set up") })
            let failures = try await box.audit(.signInFailed)
            #expect(failures.contains { $0.author == "rui" && $0.detail.contains("a second-factor code already used") })
        }
    }

    @Test func oneAddressThatFailsTooOftenIsRefusedWhateverNameItTries() async throws {
        var settings = testAccountSettings()
        var limits = SignInThrottle.Limits()
        limits.failures = 3
        settings.throttle = SignInThrottle(limits: limits)
        let box = StoreBox()
        try await withApp(as: .anonymous, settings: settings, prepare: { store in
            box.store = store
            for name in ["ana", "ben", "cy"] {
                _ = try await store.createUser(name: name, role: .lawyer, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
            }
        }) { client in
            var browser = Browser(client: client)
            for name in ["ana", "ben", "nobody"] {
                #expect(try await browser.signIn(name, "wrong password!").status == .unauthorized)
            }
            let refused = try await browser.signIn("cy", testPassword)
            #expect(refused.status == .tooManyRequests && body(refused).contains("Too many failed sign-ins came from your address"))
            #expect(browser.cookies[SessionCookie.name] == nil)
            // No account was locked by it: each failed once only.
            #expect(try await box.store?.user(named: "cy")?.isLocked(at: Date()) == false)
            let failures = try await box.audit(.signInFailed)
            #expect(failures.count == 4)
            #expect(failures.contains { $0.author == "anonymous" && $0.detail.hasPrefix("no such active account") })
            #expect(!failures.contains { $0.detail.contains("nobody") || $0.detail.contains("wrong password!") }, "no typed name or password is kept")
        }
        let throttle = SignInThrottle(limits: limits)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for second in 0..<3 { throttle.recordFailure("203.0.113.9", now: start.addingTimeInterval(Double(second))) }
        #expect(throttle.refusedUntil("203.0.113.9", now: start.addingTimeInterval(10)) == start.addingTimeInterval(limits.window))
        #expect(throttle.refusedUntil("198.51.100.1", now: start) == nil)
        #expect(throttle.refusedUntil("203.0.113.9", now: start.addingTimeInterval(limits.window + 1)) == nil, "the window passes")
    }

    @Test func theClientAddressComesFromATrustedProxyOnly() {
        let proxies = ["127.0.0.1"]
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: "6.6.6.6, 203.0.113.9", trustedProxies: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "198.51.100.7", forwardedFor: "203.0.113.9", trustedProxies: proxies) == "198.51.100.7", "not our proxy")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: "<script>", trustedProxies: proxies) == "127.0.0.1")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: String(repeating: "1", count: 3000), trustedProxies: proxies) == "127.0.0.1")
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: nil, trustedProxies: []) == "unknown")
    }

    @Test func permissionChangesAndEveryReadOfACaseAreAudited() async throws {
        let box = StoreBox()
        try await withApp(demo: true, prepare: { store in
            box.store = store
            _ = try await store.createUser(name: "lea", role: .lawyer, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
        }) { client in
            let users = String(buffer: try await client.execute(uri: "/admin/users", method: .get).body)
            let csrf = try #require(hiddenField("_csrf", in: users))
            let lea = try #require(try await box.store?.user(named: "lea"))
            let cookie = "\(CSRF.cookieName)=\(csrf)"
            let change = try await client.execute(uri: "/admin/users/\(lea.id)", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                  body: ByteBuffer(string: "_csrf=\(csrf)&do=role&role=researcher"))
            #expect(change.status == .ok)
            for path in ["/cases/kz-massimov", "/cases/kz-massimov/history", "/cases/kz-massimov/yaml", "/api/v1/cases/kz-massimov/timeline"] {
                #expect(try await client.execute(uri: path, method: .get).status == .ok, "\(path)")
            }
            #expect(try await client.execute(uri: "/cases/no-such-case", method: .get).status == .notFound)
            let changes = try await box.audit(.permissionChange)
            #expect(changes.contains { $0.author == "admin" && $0.detail == "role of lea set to researcher (was lawyer); their sessions signed out" })
            let reads = try await box.audit(.read)
            #expect(Set(reads.map(\.detail)) == ["GET /cases/{id}", "GET /cases/{id}/history", "GET /cases/{id}/yaml", "GET /api/v1/cases/{id}/timeline"])
            #expect(reads.allSatisfy { $0.author == "admin" && $0.caseID == "kz-massimov" }, "who and which case; a missing case is no read")
        }
    }

    @Test func servingBeyondLoopbackNeedsAccountsAndTLSOrAProxy() throws {
        var config = ServerConfig()
        config.host = "0.0.0.0"
        #expect(throws: ServerConfig.NotLoopback.self) { try config.validate() }
        config.accountsExist = true
        #expect(throws: ServerConfig.NotLoopback.self) { try config.validate() }
        config.trustedProxies = ["10.0.0.2"]
        try config.validate()
        #expect(config.servesHTTPS)
        config.trustedProxies = []
        config.tls = .init(certificateChain: "/etc/habeas/cert.pem", privateKey: "/etc/habeas/key.pem")
        try config.validate()
        var loopback = ServerConfig()
        loopback.host = "::1"
        try loopback.validate()
        #expect(!loopback.servesHTTPS)
    }
}
