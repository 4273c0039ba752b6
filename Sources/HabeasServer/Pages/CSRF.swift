import Foundation
import HabeasKeys
import Hummingbird

/// Double-submit CSRF protection: a token in a SameSite=Strict cookie, repeated in a hidden field
/// of every form that changes something. A cross-site form cannot read the cookie to copy it.
/// Cookies do not keep ports apart, so another program on localhost could plant one; the token is
/// therefore a random nonce signed with this server's secret, and a planted one does not verify.
/// (The `Origin` check of `RequestOriginMiddleware` refuses such a form first.)
struct CSRF: Sendable {
    static let cookieName = "habeas_csrf"
    static let fieldName = "_csrf"
    let secret: ServerSecret

    struct Token {
        var value: String
        /// The cookie must be set on the response.
        var isNew: Bool
        var cookie: Cookie { Cookie(name: CSRF.cookieName, value: value, path: "/", httpOnly: true, sameSite: .strict) }
    }

    func token(for request: Request) -> Token {
        if let existing = request.cookies[Self.cookieName]?.value, isValid(existing) {
            return Token(value: existing, isNew: false)
        }
        var generator = SystemRandomNumberGenerator()
        let nonce = Hex.lowercase((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return Token(value: nonce + secret.csrfSignature(nonce), isNew: true)
    }

    func check(_ form: FormData, _ request: Request) throws {
        guard let cookie = request.cookies[Self.cookieName]?.value, isValid(cookie), form[Self.fieldName] == cookie else {
            throw WebError.forbidden
        }
    }

    /// 32 hex digits of nonce, then 32 of its signature under this server's secret.
    func isValid(_ value: String) -> Bool {
        guard value.utf8.count == 64, value.allSatisfy(\.isHexDigit) else { return false }
        let nonce = String(value.prefix(32))
        return secret.csrfSignature(nonce) == value.suffix(32)
    }
}
