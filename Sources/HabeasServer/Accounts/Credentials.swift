import Crypto
import Foundation
import HabeasKeys
import HabeasStore
import HummingbirdBcrypt
import HummingbirdOTP

/// Passwords, random tokens and second-factor codes: everything that makes or checks a secret.
/// The database keeps only bcrypt hashes of passwords and SHA-256 hashes of tokens and codes.
public struct Credentials: Sendable {
    /// bcrypt's work factor. 12 in production; tests pass bcrypt's least (4) to stay fast.
    public var cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    /// bcrypt reads 72 bytes and ignores the rest, so a longer password would be a false promise.
    public static let passwordBytes = 12...72

    public struct WeakPassword: Error, Sendable, CustomStringConvertible {
        public var description: String
        /// The message's key in the interface catalogues (pages say it in the user's language).
        var key = "password.length"
    }

    /// Refuses a password outside 12–72 bytes or with control characters (ASVS 2.1.1: at least 12).
    public static func check(password: String) throws {
        guard passwordBytes.contains(password.utf8.count) else {
            throw WeakPassword(description: "a password is 12 to 72 bytes long (a passphrase of a few words is best)")
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw WeakPassword(description: "a password cannot contain control characters", key: "password.control")
        }
    }

    public func hash(password: String) throws -> String {
        try Self.check(password: password)
        return Bcrypt.hash(password, cost: cost)
    }

    /// Checks a password. With no hash (unknown user) a fixed hash is checked anyway, so the time
    /// taken does not tell whether the name exists.
    public func verify(password: String, hash: String?) -> Bool {
        guard password.utf8.count <= 1024 else { return false }
        guard let hash else {
            _ = Bcrypt.verify(password, hash: dummyHash)
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    // bcrypt("unused password") at the cost in use; static lets are computed once, on first use.
    private var dummyHash: String { cost <= 4 ? Self.dummyCheap : Self.dummyFull }
    private static let dummyCheap = Bcrypt.hash("unused password", cost: 4)
    private static let dummyFull = Bcrypt.hash("unused password", cost: 12)

    // MARK: Tokens

    /// 32 random bytes as 64 hex digits, with a prefix saying what it is (secret scanners and
    /// people recognise a leaked one).
    public static func newToken(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + Hex.lowercase((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// What the database keeps of a token: its SHA-256 in hex. A token has 256 random bits, so a
    /// fast hash is enough; the lookup by hash leaks nothing about the token through timing.
    public static func hashToken(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }

    /// Equal in constant time (for values compared outside the database).
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    // MARK: Second factor

    /// 32 characters of the base-32 alphabet (160 random bits). HummingbirdOTP keys its HMAC with
    /// the secret's bytes and shows authenticator apps their base-32 form.
    public static func newTOTPSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    public static func authenticatorURL(secret: String, user: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "Habeas:\(user)", issuer: "Habeas")
    }

    /// The code the authenticator shows at `date` (tests and the enrolment check use it).
    public static func totpCode(secret: String, at date: Date) -> String {
        let code = TOTP(secret: secret).compute(date: date)
        let digits = String(code)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The 30-second step (seconds since 1970 / 30) whose code `code` is: the current step or the
    /// one before or after (clocks drift); nil when none matches. The caller refuses a step at or
    /// before the last one used (`AccountStore.useTOTPStep`), so a code works once.
    public static func matchingTOTPStep(code: String, secret: String, at date: Date) -> Int64? {
        let given = code.filter { !$0.isWhitespace }
        guard given.count == 6, given.allSatisfy(\.isASCII), given.allSatisfy(\.isNumber) else { return nil }
        let now = Int64(date.timeIntervalSince1970 / 30)
        var matched: Int64?
        for step in [now - 1, now, now + 1] {
            // No early exit: every candidate is compared.
            if constantTimeEqual(totpCode(secret: secret, at: Date(timeIntervalSince1970: Double(step) * 30)), given) { matched = step }
        }
        return matched
    }

    /// Ten recovery codes, `xxxxx-xxxxx` in lower-case base 32 (50 random bits each): shown once,
    /// stored as SHA-256 hashes, each usable once in place of a TOTP code.
    public static func newRecoveryCodes(count: Int = 10) -> [String] {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let chars = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(chars[0..<5]) + "-" + String(chars[5...])
        }
    }

    /// Recovery codes are compared without case, spaces or dashes, as people type them.
    public static func hashRecoveryCode(_ code: String) -> String {
        hashToken("recovery:" + code.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

/// The one-time links `habeas serve` prints on its console.
public enum FirstRun {
    public static let demoAdmin = "demo"
    /// Long enough to open the link after a slow start, short enough not to linger.
    public static let linkLifetime: TimeInterval = 60 * 60

    /// With no user yet: a link that creates the first admin. nil when users exist.
    public static func setupLink(_ store: any AccountStore) async throws -> String? {
        guard try await store.userCount() == 0 else { return nil }
        return try await link(store, purpose: .setup, userID: nil)
    }

    /// `serve --demo`: the demo admin (created with a random password no one is told; the link
    /// is the way in) and a link that signs it in once.
    public static func demoLink(_ store: any AccountStore) async throws -> String {
        let admin: Account
        if let existing = try await store.user(named: demoAdmin) {
            admin = existing
        } else {
            admin = try await store.createUser(name: demoAdmin, role: .admin,
                                               passwordHash: try Credentials().hash(password: Credentials.newToken(prefix: "")))
        }
        return try await link(store, purpose: .signIn, userID: admin.id)
    }

    /// The path of a new link (`/sign-in/link/TOKEN`); the database keeps the token's hash.
    static func link(_ store: any AccountStore, purpose: SignInLink.Purpose, userID: Int64?) async throws -> String {
        let token = Credentials.newToken(prefix: "")
        try await store.createSignInLink(hash: Credentials.hashToken(token),
                                         link: SignInLink(purpose: purpose, userID: userID, expiresAt: Date().addingTimeInterval(linkLifetime)))
        return Route.signInLink(token).path
    }
}
