import Foundation
import SQLKit

/// `AccountStore` over the same pool as the cases, on both backends (RETURNING is in both).
extension SQLCaseStore: AccountStore {
    // MARK: Users

    public func createUser(name: String, role: Role, passwordHash: String) async throws -> Account {
        try AccountLimits.checkName(name)
        try Self.checkHash(passwordHash)
        let now = Timestamp.now()
        do {
            return try await pool.transaction { db in
                let row = try await db.raw("""
                    INSERT INTO users (name, role, password_hash, created_at)
                    VALUES (\(bind: name), \(bind: role.rawValue), \(bind: passwordHash), \(bind: Timestamp.string(now)))
                    RETURNING *
                    """).first()
                guard let row else { throw StoreError.conflict(id: name, reason: "the user was not created") }
                return try self.account(row)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            // The UNIQUE name refused a second user of the same name.
            if try await user(named: name) != nil { throw StoreError.conflict(id: name, reason: "a user named \(name) exists") }
            throw error
        }
    }

    public func user(id: Int64) async throws -> Account? {
        try await pool.withSession { db in
            try await db.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(self.account)
        }
    }

    public func user(named name: String) async throws -> Account? {
        // Refused names are not looked up (and a NUL never reaches PostgreSQL).
        guard (try? AccountLimits.checkName(name)) != nil else { return nil }
        return try await pool.withSession { db in
            try await db.raw("SELECT * FROM users WHERE name = \(bind: name)").first().map(self.account)
        }
    }

    public func users() async throws -> [Account] {
        try await pool.withSession { db in
            try await db.raw("SELECT * FROM users ORDER BY name").all().map(self.account)
        }
    }

    public func userCount() async throws -> Int {
        try await pool.withSession { db in
            try await db.raw("SELECT COUNT(*) AS n FROM users").first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    public func setRole(_ role: Role, of userID: Int64) async throws {
        try await updateUser(userID, "UPDATE users SET role = \(bind: role.rawValue) WHERE id = \(bind: userID)")
    }

    public func setPasswordHash(_ hash: String, of userID: Int64) async throws {
        try Self.checkHash(hash)
        try await updateUser(userID, "UPDATE users SET password_hash = \(bind: hash), failed_attempts = 0, locked_until = NULL WHERE id = \(bind: userID)")
    }

    public func setLanguage(_ language: String?, of userID: Int64) async throws {
        if let language {
            guard (1...16).contains(language.utf8.count), language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
                throw StoreError.invalidInput(field: "language", reason: "a language tag of 1 to 16 letters and hyphens")
            }
        }
        try await updateUser(userID, "UPDATE users SET language = \(bind: language) WHERE id = \(bind: userID)")
    }

    public func setDisabled(_ disabled: Bool, of userID: Int64) async throws {
        let now = Timestamp.string(Timestamp.now())
        try await pool.transaction { db in
            try await Self.requireUser(userID, db: db)
            try await db.raw("UPDATE users SET disabled = \(bind: disabled ? 1 : 0) WHERE id = \(bind: userID)").run()
            if disabled {
                try await db.raw("UPDATE user_sessions SET revoked_at = \(bind: now) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
                try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
            }
        }
    }

    public func setSecondFactor(secret: String?, recoveryCodeHashes: [String], of userID: Int64) async throws {
        for hash in recoveryCodeHashes { try Self.checkHash(hash) }
        if let secret, !(1...128).contains(secret.utf8.count) || secret.utf8.contains(0) {
            throw StoreError.invalidInput(field: "totpSecret", reason: "1 to 128 characters")
        }
        try await pool.transaction { db in
            try await Self.requireUser(userID, db: db)
            let sealed = secret.map { self.keys.seal($0, context: SealContext.secondFactor(userID)) }
            try await db.raw("UPDATE users SET totp_secret = \(bind: sealed), totp_last_step = NULL WHERE id = \(bind: userID)").run()
            try await db.raw("DELETE FROM user_recovery_codes WHERE user_id = \(bind: userID)").run()
            for hash in Set(recoveryCodeHashes) {
                try await db.raw("INSERT INTO user_recovery_codes (user_id, code_hash) VALUES (\(bind: userID), \(bind: hash))").run()
            }
        }
    }

    public func consumeRecoveryCode(hash: String, of userID: Int64) async throws -> Bool {
        guard (try? Self.checkHash(hash)) != nil else { return false }
        return try await pool.transaction { db in
            // DELETE … RETURNING: of two requests with the same code, exactly one gets the row.
            try await db.raw("DELETE FROM user_recovery_codes WHERE user_id = \(bind: userID) AND code_hash = \(bind: hash) RETURNING code_hash")
                .first() != nil
        }
    }

    public func useTOTPStep(_ step: Int64, of userID: Int64) async throws -> Bool {
        try await pool.transaction { db in
            // One statement: of two sign-ins with the same code, exactly one moves the step.
            try await db.raw("""
                UPDATE users SET totp_last_step = \(bind: step)
                WHERE id = \(bind: userID) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step))
                RETURNING id
                """).first() != nil
        }
    }

    public func recoveryCodeCount(of userID: Int64) async throws -> Int {
        try await pool.withSession { db in
            try await db.raw("SELECT COUNT(*) AS n FROM user_recovery_codes WHERE user_id = \(bind: userID)").first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    public func recordFailedSignIn(_ userID: Int64, lockAfter: Int, lockFor: TimeInterval, now: Date) async throws -> Account {
        let lockedUntil = Timestamp.string(now.addingTimeInterval(lockFor))
        return try await pool.transaction { db in
            // One statement: concurrent failures each count, and the lock follows the count.
            try await db.raw("""
                UPDATE users SET failed_attempts = failed_attempts + 1,
                    locked_until = CASE WHEN failed_attempts + 1 >= \(bind: lockAfter) THEN \(bind: lockedUntil) ELSE locked_until END
                WHERE id = \(bind: userID)
                """).run()
            guard let row = try await db.raw("SELECT * FROM users WHERE id = \(bind: userID)").first() else {
                throw StoreError.invalidInput(field: "user", reason: "no such user")
            }
            return try self.account(row)
        }
    }

    public func recordSuccessfulSignIn(_ userID: Int64) async throws {
        try await updateUser(userID, "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = \(bind: userID)")
    }

    // MARK: Teams

    public func createTeam(name: String) async throws -> Team {
        guard AccountLimits.teamNameLength.contains(name.count), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw StoreError.invalidInput(field: "team", reason: "a team name is 1 to 100 characters, without control characters")
        }
        do {
            return try await pool.transaction { db in
                guard let row = try await db.raw("INSERT INTO teams (name, created_at) VALUES (\(bind: name), \(bind: Timestamp.string(Timestamp.now()))) RETURNING id, name")
                    .first() else { throw StoreError.conflict(id: name, reason: "the team was not created") }
                return Team(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            if try await team(named: name) != nil { throw StoreError.conflict(id: name, reason: "a team named \(name) exists") }
            throw error
        }
    }

    public func teams() async throws -> [Team] {
        try await pool.withSession { db in try await db.raw("SELECT id, name FROM teams ORDER BY name").all().map(Self.team) }
    }

    public func team(named name: String) async throws -> Team? {
        try NULGuard.check(name, field: "team")
        return try await pool.withSession { db in try await db.raw("SELECT id, name FROM teams WHERE name = \(bind: name)").first().map(Self.team) }
    }

    public func addMember(_ userID: Int64, to teamID: Int64) async throws {
        try await pool.transaction { db in
            try await Self.requireUser(userID, db: db)
            try await Self.requireTeam(teamID, db: db)
            if try await db.raw("SELECT 1 AS one FROM team_members WHERE team_id = \(bind: teamID) AND user_id = \(bind: userID)").first() == nil {
                try await db.raw("INSERT INTO team_members (team_id, user_id) VALUES (\(bind: teamID), \(bind: userID))").run()
            }
        }
    }

    public func removeMember(_ userID: Int64, from teamID: Int64) async throws {
        try await pool.transaction { db in
            try await db.raw("DELETE FROM team_members WHERE team_id = \(bind: teamID) AND user_id = \(bind: userID)").run()
        }
    }

    public func teams(of userID: Int64) async throws -> [Team] {
        try await pool.withSession { db in
            try await db.raw("SELECT t.id, t.name FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = \(bind: userID) ORDER BY t.name")
                .all().map(Self.team)
        }
    }

    public func assignCase(_ caseID: String, to teamID: Int64) async throws {
        try NULGuard.check(caseID, field: "case")
        // Case teams name cases by their row key, as every table does (Sealing.swift).
        let caseKey = try keys.rowKey(caseID)
        try await pool.transaction { db in
            try await Self.requireTeam(teamID, db: db)
            if try await db.raw("SELECT 1 AS one FROM case_teams WHERE case_id = \(bind: caseKey) AND team_id = \(bind: teamID)").first() == nil {
                try await db.raw("INSERT INTO case_teams (case_id, team_id) VALUES (\(bind: caseKey), \(bind: teamID))").run()
            }
        }
    }

    public func unassignCase(_ caseID: String, from teamID: Int64) async throws {
        try NULGuard.check(caseID, field: "case")
        // Case teams name cases by their row key, as every table does (Sealing.swift).
        let caseKey = try keys.rowKey(caseID)
        try await pool.transaction { db in
            try await db.raw("DELETE FROM case_teams WHERE case_id = \(bind: caseKey) AND team_id = \(bind: teamID)").run()
        }
    }

    public func teams(ofCase caseID: String) async throws -> [Team] {
        try NULGuard.check(caseID, field: "case")
        // Case teams name cases by their row key, as every table does (Sealing.swift).
        let caseKey = try keys.rowKey(caseID)
        return try await pool.withSession { db in
            try await db.raw("SELECT t.id, t.name FROM teams t JOIN case_teams k ON k.team_id = t.id WHERE k.case_id = \(bind: caseKey) ORDER BY t.name")
                .all().map(Self.team)
        }
    }

    public func caseBelongs(_ caseID: String, toAnyOf teamIDs: [Int64]) async throws -> Bool {
        guard !teamIDs.isEmpty else { return false }
        try NULGuard.check(caseID, field: "case")
        // Case teams name cases by their row key, as every table does (Sealing.swift).
        let caseKey = try keys.rowKey(caseID)
        let list = SQLList(teamIDs.map { SQLBind($0) })
        return try await pool.withSession { db in
            try await db.raw("SELECT 1 AS one FROM case_teams WHERE case_id = \(bind: caseKey) AND team_id IN (\(list))").first() != nil
        }
    }

    // MARK: Sessions

    public func createSession(_ session: SessionRecord) async throws {
        try Self.checkHash(session.id)
        try await pool.transaction { db in
            try await Self.requireUser(session.userID, db: db)
            try await db.raw("""
                INSERT INTO user_sessions (id, user_id, stage, created_at, last_seen, expires_at)
                VALUES (\(bind: session.id), \(bind: session.userID), \(bind: session.stage.rawValue), \(bind: Timestamp.string(session.createdAt)),
                    \(bind: Timestamp.string(session.lastSeen)), \(bind: Timestamp.string(session.expiresAt)))
                """).run()
        }
    }

    public func session(id: String) async throws -> (SessionRecord, Account)? {
        guard (try? Self.checkHash(id)) != nil else { return nil }
        return try await pool.withSession { db in
            guard let row = try await db.raw("SELECT * FROM user_sessions WHERE id = \(bind: id)").first() else { return nil }
            let session = try Self.session(row)
            guard let user = try await db.raw("SELECT * FROM users WHERE id = \(bind: session.userID)").first() else { return nil }
            return (session, try self.account(user))
        }
    }

    public func touchSession(id: String, at: Date, stage: SessionRecord.Stage?) async throws {
        try Self.checkHash(id)
        try await pool.transaction { db in
            if let stage {
                try await db.raw("UPDATE user_sessions SET last_seen = \(bind: Timestamp.string(at)), stage = \(bind: stage.rawValue) WHERE id = \(bind: id)").run()
            } else {
                try await db.raw("UPDATE user_sessions SET last_seen = \(bind: Timestamp.string(at)) WHERE id = \(bind: id)").run()
            }
        }
    }

    public func revokeSession(id: String, at: Date) async throws {
        guard (try? Self.checkHash(id)) != nil else { return }
        try await pool.transaction { db in
            try await db.raw("UPDATE user_sessions SET revoked_at = \(bind: Timestamp.string(at)) WHERE id = \(bind: id) AND revoked_at IS NULL").run()
        }
    }

    @discardableResult
    public func revokeSessions(of userID: Int64, at: Date) async throws -> Int {
        try await pool.transaction { db in
            try await db.raw("""
                UPDATE user_sessions SET revoked_at = \(bind: Timestamp.string(at)) WHERE user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id
                """).all().count
        }
    }

    public func sessions(of userID: Int64) async throws -> [SessionRecord] {
        try await pool.withSession { db in
            try await db.raw("SELECT * FROM user_sessions WHERE user_id = \(bind: userID) ORDER BY created_at, id").all().map(Self.session)
        }
    }

    // MARK: API tokens

    public func createToken(hash: String, userID: Int64, scope: APIToken.Scope, label: String) async throws -> APIToken {
        try Self.checkHash(hash)
        guard AccountLimits.labelLength.contains(label.count), !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw StoreError.invalidInput(field: "label", reason: "at most 100 characters, without control characters")
        }
        return try await pool.transaction { db in
            try await Self.requireUser(userID, db: db)
            guard let row = try await db.raw("""
                INSERT INTO api_tokens (token_hash, user_id, scope, label, created_at)
                VALUES (\(bind: hash), \(bind: userID), \(bind: scope.rawValue), \(bind: label), \(bind: Timestamp.string(Timestamp.now())))
                RETURNING *
                """).first() else { throw StoreError.conflict(id: label, reason: "the token was not created") }
            return try Self.token(row)
        }
    }

    public func token(hash: String) async throws -> (APIToken, Account)? {
        guard (try? Self.checkHash(hash)) != nil else { return nil }
        return try await pool.withSession { db in
            guard let row = try await db.raw("SELECT * FROM api_tokens WHERE token_hash = \(bind: hash)").first() else { return nil }
            let token = try Self.token(row)
            guard let user = try await db.raw("SELECT * FROM users WHERE id = \(bind: token.userID)").first() else { return nil }
            return (token, try self.account(user))
        }
    }

    public func tokens(of userID: Int64) async throws -> [APIToken] {
        try await pool.withSession { db in
            try await db.raw("SELECT * FROM api_tokens WHERE user_id = \(bind: userID) ORDER BY id").all().map(Self.token)
        }
    }

    public func revokeToken(id: Int64, at: Date) async throws {
        try await pool.transaction { db in
            guard try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: Timestamp.string(at)) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id")
                .first() != nil else {
                throw StoreError.invalidInput(field: "token", reason: "no live token \(id)")
            }
        }
    }

    // MARK: One-time links

    public func createSignInLink(hash: String, link: SignInLink) async throws {
        try Self.checkHash(hash)
        try await pool.transaction { db in
            try await db.raw("""
                INSERT INTO sign_in_links (token_hash, purpose, user_id, created_at, expires_at)
                VALUES (\(bind: hash), \(bind: link.purpose.rawValue), \(bind: link.userID), \(bind: Timestamp.string(Timestamp.now())),
                    \(bind: Timestamp.string(link.expiresAt)))
                """).run()
        }
    }

    public func useSignInLink(hash: String, at: Date) async throws -> SignInLink? {
        guard (try? Self.checkHash(hash)) != nil else { return nil }
        return try await pool.transaction { db in
            // Used and checked in one statement: a link opened twice at once works once.
            guard let row = try await db.raw("""
                UPDATE sign_in_links SET used_at = \(bind: Timestamp.string(at))
                WHERE token_hash = \(bind: hash) AND used_at IS NULL AND expires_at > \(bind: Timestamp.string(at))
                RETURNING purpose, user_id, expires_at
                """).first() else { return nil }
            guard let purpose = SignInLink.Purpose(rawValue: try row.decode(column: "purpose", as: String.self)) else { return nil }
            return SignInLink(purpose: purpose, userID: try row.decode(column: "user_id", as: Int64?.self),
                              expiresAt: try Self.time(row, "expires_at"))
        }
    }

    // MARK: Rows

    private func updateUser(_ userID: Int64, _ sql: SQLQueryString) async throws {
        try await pool.transaction { db in
            try await Self.requireUser(userID, db: db)
            try await db.raw(sql).run()
        }
    }

    private static func requireUser(_ id: Int64, db: any SQLDatabase) async throws {
        guard try await db.raw("SELECT 1 AS one FROM users WHERE id = \(bind: id)").first() != nil else {
            throw StoreError.invalidInput(field: "user", reason: "no such user")
        }
    }

    private static func requireTeam(_ id: Int64, db: any SQLDatabase) async throws {
        guard try await db.raw("SELECT 1 AS one FROM teams WHERE id = \(bind: id)").first() != nil else {
            throw StoreError.invalidInput(field: "team", reason: "no such team")
        }
    }

    static func checkHash(_ hash: String) throws(StoreError) {
        guard AccountLimits.hashLength.contains(hash.utf8.count), hash.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            throw StoreError.invalidInput(field: "hash", reason: "not a credential hash")
        }
    }

    private static func time(_ row: any SQLRow, _ column: String) throws -> Date {
        guard let date = Timestamp.date(try row.decode(column: column, as: String.self)) else {
            throw StoreError.invalidInput(field: column, reason: "not a time")
        }
        return date
    }

    private static func optionalTime(_ row: any SQLRow, _ column: String) throws -> Date? {
        try row.decode(column: column, as: String?.self).flatMap(Timestamp.date)
    }

    private func account(_ row: any SQLRow) throws -> Account {
        let name = try row.decode(column: "name", as: String.self)
        let id = try row.decode(column: "id", as: Int64.self)
        guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else {
            throw StoreError.invalidInput(field: "users.role", reason: "unknown role of \(name)")
        }
        // Opened only if sealed to this user: a secret written in clear, or copied from another
        // user's row, by someone with write access to the database opens nothing.
        let totpSecret = try row.decode(column: "totp_secret", as: String?.self).map {
            try keys.open($0, context: SealContext.secondFactor(id))
        }
        return Account(id: id, name: name, role: role,
                       passwordHash: try row.decode(column: "password_hash", as: String.self),
                       totpSecret: totpSecret,
                       failedAttempts: try row.decode(column: "failed_attempts", as: Int.self),
                       lockedUntil: try Self.optionalTime(row, "locked_until"),
                       disabled: try row.decode(column: "disabled", as: Int.self) != 0,
                       createdAt: try Self.time(row, "created_at"),
                       language: try row.decode(column: "language", as: String?.self))
    }

    private static func team(_ row: any SQLRow) throws -> Team {
        Team(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self))
    }

    private static func session(_ row: any SQLRow) throws -> SessionRecord {
        guard let stage = SessionRecord.Stage(rawValue: try row.decode(column: "stage", as: String.self)) else {
            throw StoreError.invalidInput(field: "user_sessions.stage", reason: "unknown stage")
        }
        return SessionRecord(id: try row.decode(column: "id", as: String.self), userID: try row.decode(column: "user_id", as: Int64.self),
                             stage: stage, createdAt: try time(row, "created_at"), lastSeen: try time(row, "last_seen"),
                             expiresAt: try time(row, "expires_at"), revokedAt: try optionalTime(row, "revoked_at"))
    }

    private static func token(_ row: any SQLRow) throws -> APIToken {
        guard let scope = APIToken.Scope(rawValue: try row.decode(column: "scope", as: String.self)) else {
            throw StoreError.invalidInput(field: "api_tokens.scope", reason: "unknown scope")
        }
        return APIToken(id: try row.decode(column: "id", as: Int64.self), userID: try row.decode(column: "user_id", as: Int64.self),
                        scope: scope, label: try row.decode(column: "label", as: String.self),
                        createdAt: try time(row, "created_at"), revokedAt: try optionalTime(row, "revoked_at"))
    }
}
