import Foundation
import HabeasCore
@testable import HabeasStore
import HabeasKeys
import HabeasTestSupport
import Logging
import SQLKit
import Testing

/// Users, teams, sessions, tokens and one-time links, on every backend.
@Suite struct AccountStoreTests {
    static let hash = String(repeating: "a", count: 60)

    static func hex(_ n: Int) -> String { String(repeating: String(n % 10), count: 64) }

    /// A TOTP step is used once; a new second factor starts again.
    @Test(arguments: TestBackend.all)
    func secondFactorStepsAreUsedOnce(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let user = try await store.createUser(name: "ada", role: .admin, passwordHash: Self.hex(1))
            try await store.setSecondFactor(secret: "JBSWY3DPEHPK3PXP", recoveryCodeHashes: [Self.hex(2)], of: user.id)
            #expect(try await store.useTOTPStep(100, of: user.id))
            #expect(try await !store.useTOTPStep(100, of: user.id), "the same code again")
            #expect(try await !store.useTOTPStep(99, of: user.id), "an older code")
            #expect(try await store.useTOTPStep(101, of: user.id))
            try await store.setSecondFactor(secret: "KRSXG5CTMVRXEZLU", recoveryCodeHashes: [], of: user.id)
            #expect(try await store.useTOTPStep(50, of: user.id), "a new key's codes are new")
        }
    }

    /// A second-factor secret is sealed to its user: the column never holds it in clear, and a
    /// value written in clear or copied from another user's row opens nothing.
    @Test(arguments: TestBackend.all)
    func secondFactorSecretsAreSealedToTheirUser(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let ada = try await store.createUser(name: "ada", role: .admin, passwordHash: Self.hash)
            let bo = try await store.createUser(name: "bo", role: .lawyer, passwordHash: Self.hash)
            try await store.setSecondFactor(secret: "JBSWY3DPEHPK3PXP", recoveryCodeHashes: [], of: ada.id)
            #expect(try await store.user(id: ada.id)?.totpSecret == "JBSWY3DPEHPK3PXP")
            func stored(_ id: Int64) async throws -> String? {
                try await store.pool.withSession { db in
                    try await db.raw("SELECT totp_secret FROM users WHERE id = \(bind: id)").first(decodingColumn: "totp_secret", as: String?.self) ?? nil
                }
            }
            let sealed = try #require(try await stored(ada.id))
            #expect(KeyRing.isSealed(sealed) && !sealed.contains("JBSWY3DPEHPK3PXP"))
            for forged in [sealed, "JBSWY3DPEHPK3PXP"] {
                try await store.pool.withSession { db in
                    try await db.raw("UPDATE users SET totp_secret = \(bind: forged) WHERE id = \(bind: bo.id)").run()
                }
                await #expect(throws: (any Error).self, "\(forged.prefix(8))") { try await store.user(id: bo.id) }
            }
        }
    }

    /// Migration 16 seals the secrets an older version stored in clear, each to its user.
    @Test(arguments: TestBackend.all)
    func migrationSealsSecondFactorsStoredInClear(_ backend: TestBackend) async throws {
        try await withOlderSchema(backend, through: 15) { pool in
            try await pool.withSession { db in
                for (name, secret) in [("ada", "JBSWY3DPEHPK3PXP"), ("bo", nil)] as [(String, String?)] {
                    try await db.raw("""
                        INSERT INTO users (name, role, password_hash, totp_secret, created_at)
                        VALUES (\(bind: name), 'admin', \(bind: Self.hash), \(bind: secret), '2026-01-01T00:00:00.000Z')
                        """).run()
                }
            }
            #expect(try await Migrations.run(on: pool, master: TestBackend.masterKey) == [16])
            let store = try await SQLCaseStore.opening(pool: pool, master: TestBackend.masterKey, logger: Logger(label: "test"))
            #expect(try await store.user(named: "ada")?.totpSecret == "JBSWY3DPEHPK3PXP")
            #expect(try await store.user(named: "bo")?.totpSecret == nil)
            let column = try await pool.withSession { db in
                try await db.raw("SELECT totp_secret FROM users WHERE name = 'ada'").first(decodingColumn: "totp_secret", as: String.self)
            }
            #expect(column.map(KeyRing.isSealed) == true)
            try await store.close()
        }
    }

    /// Migration 14: each user's interface language, nil until chosen, bounded, forgotten with nil.
    @Test(arguments: TestBackend.all)
    func aUsersLanguageIsKept(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let ana = try await store.createUser(name: "ana", role: .lawyer, passwordHash: Self.hash)
            #expect(ana.language == nil)
            try await store.setLanguage("ru", of: ana.id)
            #expect(try await store.user(id: ana.id)?.language == "ru")
            #expect(try await store.user(named: "ana")?.language == "ru")
            for bad in ["", "r u", "ru;DROP", String(repeating: "a", count: 17), "ру"] {
                await #expect(throws: StoreError.self, "\(bad.debugDescription)") { try await store.setLanguage(bad, of: ana.id) }
            }
            #expect(try await store.user(id: ana.id)?.language == "ru", "a refused tag changes nothing")
            try await store.setLanguage(nil, of: ana.id)
            #expect(try await store.user(id: ana.id)?.language == nil)
            await #expect(throws: (any Error).self) { try await store.setLanguage("fr", of: ana.id + 1000) }
        }
    }

    @Test(arguments: TestBackend.all)
    func usersAreCreatedOnceWithBoundedNames(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.userCount() == 0)
            let ana = try await store.createUser(name: "ana", role: .admin, passwordHash: Self.hash)
            #expect(ana.name == "ana" && ana.role == .admin && !ana.disabled && ana.failedAttempts == 0 && ana.totpSecret == nil)
            #expect(try await store.user(named: "ana") == ana)
            #expect(try await store.user(id: ana.id) == ana)
            await #expect(throws: StoreError.self) { _ = try await store.createUser(name: "ana", role: .viewer, passwordHash: Self.hash) }
            for bad in ["", "Ana", "a b", "ana\0", String(repeating: "a", count: 65), "<script>"] {
                await #expect(throws: StoreError.self, "\(bad.debugDescription)") {
                    _ = try await store.createUser(name: bad, role: .viewer, passwordHash: Self.hash)
                }
                #expect(try await store.user(named: bad) == nil)
            }
            await #expect(throws: StoreError.self) { _ = try await store.createUser(name: "bo", role: .viewer, passwordHash: "") }
            let bo = try await store.createUser(name: "bo", role: .viewer, passwordHash: Self.hash)
            try await store.setRole(.lawyer, of: bo.id)
            #expect(try await store.users().map(\.name) == ["ana", "bo"])
            #expect(try await store.user(id: bo.id)?.role == .lawyer)
            #expect(try await store.userCount() == 2)
            await #expect(throws: StoreError.self) { try await store.setRole(.admin, of: 999) }
        }
    }

    @Test(arguments: TestBackend.all)
    func failedSignInsLockAndAResetUnlocks(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let user = try await store.createUser(name: "cy", role: .researcher, passwordHash: Self.hash)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            for attempt in 1...4 {
                let after = try await store.recordFailedSignIn(user.id, lockAfter: 5, lockFor: 900, now: now)
                #expect(after.failedAttempts == attempt && !after.isLocked(at: now))
            }
            let locked = try await store.recordFailedSignIn(user.id, lockAfter: 5, lockFor: 900, now: now)
            #expect(locked.isLocked(at: now) && locked.isLocked(at: now.addingTimeInterval(899)))
            #expect(!locked.isLocked(at: now.addingTimeInterval(901)))
            try await store.setPasswordHash(String(repeating: "b", count: 60), of: user.id)
            let reset = try #require(try await store.user(id: user.id))
            #expect(reset.failedAttempts == 0 && reset.lockedUntil == nil && reset.passwordHash.hasPrefix("b"))
            _ = try await store.recordFailedSignIn(user.id, lockAfter: 5, lockFor: 900, now: now)
            try await store.recordSuccessfulSignIn(user.id)
            #expect(try await store.user(id: user.id)?.failedAttempts == 0)
        }
    }

    @Test(arguments: TestBackend.all)
    func recoveryCodesWorkOnce(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let user = try await store.createUser(name: "di", role: .admin, passwordHash: Self.hash)
            try await store.setSecondFactor(secret: "JBSWY3DPEHPK3PXP", recoveryCodeHashes: [Self.hex(1), Self.hex(2)], of: user.id)
            #expect(try await store.user(id: user.id)?.totpSecret == "JBSWY3DPEHPK3PXP")
            #expect(try await store.recoveryCodeCount(of: user.id) == 2)
            #expect(try await store.consumeRecoveryCode(hash: Self.hex(1), of: user.id))
            #expect(try await store.consumeRecoveryCode(hash: Self.hex(1), of: user.id) == false, "used once")
            #expect(try await store.consumeRecoveryCode(hash: Self.hex(3), of: user.id) == false, "unknown")
            #expect(try await store.recoveryCodeCount(of: user.id) == 1)
            try await store.setSecondFactor(secret: nil, recoveryCodeHashes: [], of: user.id)
            #expect(try await store.user(id: user.id)?.totpSecret == nil)
            #expect(try await store.consumeRecoveryCode(hash: Self.hex(2), of: user.id) == false, "replaced with the factor")
        }
    }

    @Test(arguments: TestBackend.all)
    func sessionsTokensAndLinks(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let user = try await store.createUser(name: "ed", role: .lawyer, passwordHash: Self.hash)
            let now = Timestamp.now()
            let session = SessionRecord(id: Self.hex(1), userID: user.id, stage: .secondFactor, createdAt: now, lastSeen: now,
                                        expiresAt: now.addingTimeInterval(3600), revokedAt: nil)
            try await store.createSession(session)
            #expect(try await store.session(id: Self.hex(1))?.0 == session)
            #expect(try await store.session(id: Self.hex(1))?.1 == user)
            #expect(try await store.session(id: Self.hex(2)) == nil)
            #expect(try await store.session(id: "not a hash") == nil)
            let later = now.addingTimeInterval(60)
            try await store.touchSession(id: Self.hex(1), at: later, stage: .full)
            let touched = try #require(try await store.session(id: Self.hex(1))?.0)
            #expect(touched.stage == .full && touched.lastSeen == later && touched.revokedAt == nil)
            try await store.createSession(SessionRecord(id: Self.hex(3), userID: user.id, stage: .full, createdAt: now, lastSeen: now,
                                                        expiresAt: now.addingTimeInterval(3600)))
            try await store.revokeSession(id: Self.hex(3), at: later)
            #expect(try await store.session(id: Self.hex(3))?.0.revokedAt == later)
            #expect(try await store.revokeSessions(of: user.id, at: later) == 1, "only the live one")
            #expect(try await store.sessions(of: user.id).allSatisfy { $0.revokedAt != nil })

            let token = try await store.createToken(hash: Self.hex(4), userID: user.id, scope: .read, label: "nightly export")
            #expect(try await store.token(hash: Self.hex(4))?.0 == token)
            #expect(try await store.token(hash: Self.hex(5)) == nil)
            await #expect(throws: (any Error).self, "a hash is unique") {
                _ = try await store.createToken(hash: Self.hex(4), userID: user.id, scope: .write, label: "")
            }
            try await store.revokeToken(id: token.id, at: later)
            #expect(try await store.token(hash: Self.hex(4))?.0.revokedAt == later)
            await #expect(throws: StoreError.self, "revoked twice") { try await store.revokeToken(id: token.id, at: later) }

            // Disabling revokes every session and token of the user.
            try await store.createSession(SessionRecord(id: Self.hex(6), userID: user.id, stage: .full, createdAt: now, lastSeen: now,
                                                        expiresAt: now.addingTimeInterval(3600)))
            _ = try await store.createToken(hash: Self.hex(7), userID: user.id, scope: .write, label: "ci")
            try await store.setDisabled(true, of: user.id)
            #expect(try await store.session(id: Self.hex(6))?.0.revokedAt != nil)
            #expect(try await store.token(hash: Self.hex(7))?.0.revokedAt != nil)
            #expect(try await store.user(id: user.id)?.disabled == true)

            try await store.createSignInLink(hash: Self.hex(8), link: SignInLink(purpose: .signIn, userID: user.id, expiresAt: now.addingTimeInterval(600)))
            try await store.createSignInLink(hash: Self.hex(9), link: SignInLink(purpose: .setup, userID: nil, expiresAt: now.addingTimeInterval(600)))
            #expect(try await store.useSignInLink(hash: Self.hex(8), at: now.addingTimeInterval(601)) == nil, "expired")
            let link = try #require(try await store.useSignInLink(hash: Self.hex(9), at: later))
            #expect(link.purpose == .setup && link.userID == nil)
            #expect(try await store.useSignInLink(hash: Self.hex(9), at: later) == nil, "once")
        }
    }

    @Test(arguments: TestBackend.all)
    func searchAndFacetsShowOnlyTheCasesOfTheTeams(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(sampleCase(id: "kz-one", state: "KZ"), change: alice)
            _ = try await store.create(sampleCase(id: "mt-two", state: "MT"), change: alice)
            _ = try await store.create(sampleCase(id: "ar-three", state: "AR"), change: alice)
            let red = try await store.createTeam(name: "Red team")
            let blue = try await store.createTeam(name: "Blue")
            await #expect(throws: StoreError.self) { _ = try await store.createTeam(name: "Blue") }
            await #expect(throws: StoreError.self) { _ = try await store.createTeam(name: "") }
            try await store.assignCase("kz-one", to: red.id)
            try await store.assignCase("mt-two", to: blue.id)
            try await store.assignCase("mt-two", to: blue.id)
            let user = try await store.createUser(name: "fay", role: .researcher, passwordHash: Self.hash)
            try await store.addMember(user.id, to: red.id)
            try await store.addMember(user.id, to: red.id)
            #expect(try await store.teams(of: user.id) == [red])
            #expect(try await store.teams(ofCase: "mt-two") == [blue])
            #expect(try await store.caseBelongs("kz-one", toAnyOf: [red.id]))
            #expect(try await store.caseBelongs("mt-two", toAnyOf: [red.id]) == false)
            #expect(try await store.caseBelongs("kz-one", toAnyOf: []) == false)

            let today = try CaseDate(parsing: "2022-03-18")
            func ids(_ teams: [Int64]?, text: String? = nil) async throws -> [String] {
                var query = CaseQuery(text: text, today: today)
                query.teams = teams
                query.sort = .title
                return try await store.search(query).items.map(\.id).sorted()
            }
            #expect(try await ids(nil) == ["ar-three", "kz-one", "mt-two"])
            #expect(try await ids([red.id]) == ["kz-one"])
            #expect(try await ids([red.id, blue.id]) == ["kz-one", "mt-two"])
            #expect(try await ids([]) == [])
            #expect(try await ids([red.id], text: "Aigerim") == ["kz-one"], "full-text search keeps the filter")
            var counted = CaseQuery(today: today)
            counted.teams = [blue.id]
            #expect(try await store.search(counted).total == 1)

            let facets = try await store.facets(includeDeleted: false, teams: [red.id])
            #expect(facets.total == 1 && facets.states.map(\.value) == ["KZ"])
            #expect(try await store.facets(includeDeleted: false, teams: []).total == 0)
            #expect(try await store.facets(includeDeleted: false).total == 3)

            try await store.removeMember(user.id, from: red.id)
            #expect(try await store.teams(of: user.id).isEmpty)
            try await store.unassignCase("mt-two", from: blue.id)
            #expect(try await ids([blue.id]) == [])

            // A purged case leaves no assignment for a new case of the same id to inherit.
            try await store.delete("kz-one", change: alice)
            try await store.purge("kz-one", change: alice)
            _ = try await store.create(sampleCase(id: "kz-one"), change: alice)
            #expect(try await ids([red.id]) == [])
        }
    }
}
