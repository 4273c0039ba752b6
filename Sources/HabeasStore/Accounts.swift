import Foundation

/// What a user may do, from least to most. The server maps every route to the least role it
/// needs (`Access`); a case is also limited to the teams it belongs to, except for admins.
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
    /// Redacted outputs of the cases of their teams: never a name.
    case viewer
    /// Reads the cases of their teams.
    case researcher
    /// Reads and edits the cases of their teams.
    case lawyer
    /// Every case, users, teams, purge, import and export.
    case admin

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// A person who signs in. Credentials are hashes only; `totpSecret` is the shared secret of the
/// second factor, needed in clear to compute codes.
public struct Account: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var totpSecret: String?
    public var failedAttempts: Int
    public var lockedUntil: Date?
    public var disabled: Bool
    public var createdAt: Date
    /// The interface language the user chose (a tag such as `ru`); nil until they choose.
    public var language: String? = nil

    public func isLocked(at now: Date) -> Bool { lockedUntil.map { $0 > now } ?? false }
}

public struct Team: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var name: String
}

/// A signed-in browser. `id` is the SHA-256 of the cookie's token, never the token.
public struct SessionRecord: Sendable, Equatable {
    public enum Stage: String, Sendable {
        /// Signed in.
        case full
        /// The password was right; the second factor is still to come.
        case secondFactor = "second-factor"
        /// The password was right; an admin without a second factor must enrol one first.
        case enrol
    }

    public var id: String
    public var userID: Int64
    public var stage: Stage
    public var createdAt: Date
    public var lastSeen: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(id: String, userID: Int64, stage: Stage, createdAt: Date, lastSeen: Date, expiresAt: Date, revokedAt: Date? = nil) {
        (self.id, self.userID, self.stage, self.createdAt, self.lastSeen, self.expiresAt, self.revokedAt) =
            (id, userID, stage, createdAt, lastSeen, expiresAt, revokedAt)
    }
}

public struct APIToken: Sendable, Equatable, Identifiable {
    public enum Scope: String, Sendable, CaseIterable {
        case read, write
    }

    public var id: Int64
    public var userID: Int64
    public var scope: Scope
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?
}

/// A link printed on the console that signs someone in once: the first admin's setup, or the
/// demo admin's sign-in.
public struct SignInLink: Sendable, Equatable {
    public enum Purpose: String, Sendable {
        /// Creates the first admin (no user exists yet).
        case setup
        /// Signs in `userID`.
        case signIn = "sign-in"
    }

    public var purpose: Purpose
    public var userID: Int64?
    public var expiresAt: Date

    public init(purpose: Purpose, userID: Int64?, expiresAt: Date) {
        (self.purpose, self.userID, self.expiresAt) = (purpose, userID, expiresAt)
    }
}

/// Bounds on account input, checked by the store so no caller can forget them.
public enum AccountLimits {
    public static let nameLength = 1...64
    public static let teamNameLength = 1...100
    public static let labelLength = 0...100
    /// Credential hashes: bcrypt is 60 characters, hex SHA-256 64.
    public static let hashLength = 1...128

    /// Lower-case letters, digits, `.`, `_`, `-` and `@`: a name fits in a log line, a URL and a
    /// shell without quoting, and two names differ visibly.
    public static func checkName(_ name: String, field: String = "name") throws(StoreError) {
        guard nameLength.contains(name.utf8.count),
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_@".unicodeScalars.contains($0) })
        else {
            throw StoreError.invalidInput(field: field, reason: "a name is 1 to 64 characters: lower-case letters, digits, . _ - @")
        }
    }
}

/// Accounts, teams and credentials (Accounts+SQL.swift). Every method is one transaction.
public protocol AccountStore: Sendable {
    func createUser(name: String, role: Role, passwordHash: String) async throws -> Account
    func user(id: Int64) async throws -> Account?
    func user(named name: String) async throws -> Account?
    func users() async throws -> [Account]
    func userCount() async throws -> Int
    func setRole(_ role: Role, of userID: Int64) async throws
    /// Also clears the lock and the failed attempts: an admin's reset unlocks.
    func setPasswordHash(_ hash: String, of userID: Int64) async throws
    /// A disabled user's sessions and tokens are revoked in the same transaction.
    func setDisabled(_ disabled: Bool, of userID: Int64) async throws
    /// Remembers the user's interface language (a short tag, at most 16 characters), or forgets it (nil).
    func setLanguage(_ language: String?, of userID: Int64) async throws
    /// Sets (or, with nil, removes) the second factor and replaces the recovery codes.
    func setSecondFactor(secret: String?, recoveryCodeHashes: [String], of userID: Int64) async throws
    /// Uses up one recovery code: true once, false for an unknown or used code.
    func consumeRecoveryCode(hash: String, of userID: Int64) async throws -> Bool
    /// Records that the user signed in with the TOTP code of `step`: true if `step` is later
    /// than any used before, false for a code already used (or an older one).
    func useTOTPStep(_ step: Int64, of userID: Int64) async throws -> Bool
    func recoveryCodeCount(of userID: Int64) async throws -> Int
    /// Counts a failed sign-in; at `lockAfter` failures in a row the account is locked until
    /// `now + lockFor`. Returns the account as it now is.
    func recordFailedSignIn(_ userID: Int64, lockAfter: Int, lockFor: TimeInterval, now: Date) async throws -> Account
    func recordSuccessfulSignIn(_ userID: Int64) async throws

    func createTeam(name: String) async throws -> Team
    func teams() async throws -> [Team]
    func team(named name: String) async throws -> Team?
    func addMember(_ userID: Int64, to teamID: Int64) async throws
    func removeMember(_ userID: Int64, from teamID: Int64) async throws
    func teams(of userID: Int64) async throws -> [Team]
    func assignCase(_ caseID: String, to teamID: Int64) async throws
    func unassignCase(_ caseID: String, from teamID: Int64) async throws
    func teams(ofCase caseID: String) async throws -> [Team]
    /// Whether any of `teamIDs` holds the case: the per-case check of every non-admin request.
    func caseBelongs(_ caseID: String, toAnyOf teamIDs: [Int64]) async throws -> Bool

    func createSession(_ session: SessionRecord) async throws
    /// The session and its user, if the session exists (revoked or expired ones included: the
    /// caller decides, with its clock).
    func session(id: String) async throws -> (SessionRecord, Account)?
    /// Moves `lastSeen`, and the stage when given.
    func touchSession(id: String, at: Date, stage: SessionRecord.Stage?) async throws
    func revokeSession(id: String, at: Date) async throws
    /// Every live session of the user; returns how many were revoked.
    @discardableResult func revokeSessions(of userID: Int64, at: Date) async throws -> Int
    func sessions(of userID: Int64) async throws -> [SessionRecord]

    func createToken(hash: String, userID: Int64, scope: APIToken.Scope, label: String) async throws -> APIToken
    /// The token and its user when the hash is known (revoked ones included: the caller decides).
    func token(hash: String) async throws -> (APIToken, Account)?
    func tokens(of userID: Int64) async throws -> [APIToken]
    func revokeToken(id: Int64, at: Date) async throws

    func createSignInLink(hash: String, link: SignInLink) async throws
    /// Marks the link used and returns it, once, if it exists, is unused and has not expired.
    func useSignInLink(hash: String, at: Date) async throws -> SignInLink?
}
