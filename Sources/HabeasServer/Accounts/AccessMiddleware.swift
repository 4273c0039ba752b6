import Foundation
import HabeasLocalization
import HabeasStore
import Hummingbird

/// How sign-in behaves: timeouts, lock-out and cookies.
public struct AccountSettings: Sendable {
    /// A session unused this long is over (ASVS 3.3.2: idle timeout).
    public var idleTimeout: TimeInterval = 30 * 60
    /// A session is over this long after sign-in, used or not.
    public var absoluteTimeout: TimeInterval = 12 * 60 * 60
    /// Failed sign-ins in a row that lock an account…
    public var lockAfter = 5
    /// …for this long (an admin's password reset unlocks at once).
    public var lockFor: TimeInterval = 15 * 60
    /// `Secure` on the session cookie: set when the server runs under TLS or behind a proxy
    /// that terminates it.
    public var secureCookies = false
    public var credentials = Credentials()
    /// Reverse proxies (`serve --behind-proxy`) whose `X-Forwarded-For` names the client.
    public var trustedProxies: [String] = []
    public var throttle = SignInThrottle()
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}

/// The user a request acts as, while its handler runs (set by `AccessMiddleware`).
struct SignedIn: Sendable {
    var account: Account
    var teams: [Int64]
    /// The session's id (its token's hash); nil for an API token.
    var sessionID: String?
    /// The token's scope; nil for a browser session.
    var tokenScope: APIToken.Scope?

    /// The teams whose cases this user may see; nil for every case (admins).
    var visibleTeams: [Int64]? { account.role == .admin ? nil : teams }

    @TaskLocal static var current: SignedIn?
}

enum SessionCookie {
    static let name = "habeas_session"
    /// A token longer than this is not ours; it is not looked up.
    static let maxLength = 200

    static func cookie(_ token: String, settings: AccountSettings) -> Cookie {
        Cookie(name: name, value: token, maxAge: Int(settings.absoluteTimeout), path: "/", secure: settings.secureCookies,
               httpOnly: true, sameSite: .strict)
    }

    static func expired(settings: AccountSettings) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }
}

extension SessionRecord {
    func isLive(at now: Date, settings: AccountSettings) -> Bool {
        revokedAt == nil && expiresAt > now && lastSeen.addingTimeInterval(settings.idleTimeout) > now
    }
}

/// The one place access is decided, before any route runs: who the request is (a session cookie
/// or `Authorization: Bearer`), whether the route's `Access` allows their role, and, for a route
/// of one case, whether the case belongs to one of their teams. A case the user may not see is
/// answered as one that does not exist (404), so its existence is not revealed. Lists, searches
/// and counts filter by the same teams (`SignedIn.visibleTeams` in `CaseQuery.teams`).
struct AccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Accounts, and the audit trail each read of a case is recorded in.
    let accounts: any CaseStore & AccountStore
    let settings: AccountSettings
    /// Renders refusals of pages as pages; nil only when the web bundle is broken.
    let pages: WebErrorMiddleware?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var matched = Route.match(request.uri.path)
        // A path no route has needs a user too: its 404 would otherwise map the site for anyone.
        let access = matched?.route.access(request.method) ?? .read
        let user = try await authenticate(request)
        guard let leastRole = access.leastRole else {
            return try await withLanguage(of: user, request) { try await SignedIn.$current.withValue(user) { try await next(request, context) } }
        }
        guard let user else { return try await unauthenticated(request, context: context) }
        guard user.account.role >= leastRole else {
            return try await refuse(APIError(.forbidden, "your role (\(user.account.role.rawValue)) may not do this; ask an admin"), request, context)
        }
        let reading = request.method == .get || request.method == .head
        if user.tokenScope == .read, !reading {
            return try await refuse(APIError(.forbidden, "this API token may only read"), request, context)
        }
        if matched?.route.isDraft == true, user.account.role == .viewer, request.uri.queryParameters.get("redact") != "true" {
            return try await refuse(APIError(.forbidden, "a viewer gets redacted drafts only: add ?redact=true"), request, context)
        }
        // A viewer names cases by reference only (ids often carry a name): the reference is
        // turned into the id here, and an id itself is answered as a case that does not exist.
        if user.account.role == .viewer, let given = matched?.values["id"], matched?.route.isCaseRoute == true {
            guard let id = try await accounts.caseID(forReference: given) else {
                let notFound: any Error = UnmatchedPageMiddleware.isAPI(request.uri.path) ? APIError(.notFound, "no such case") : WebError.notFound
                return try await refuse(notFound, request, context)
            }
            // The router has matched the route already: its parameter is what the handler reads.
            context.coreContext.parameters["id"] = Substring(id)
            matched?.values["id"] = id
        }
        if let matched, matched.route.isCaseRoute, let id = matched.values["id"], let teams = user.visibleTeams,
           !(try await accounts.caseBelongs(id, toAnyOf: teams)) {
            let notFound: any Error = UnmatchedPageMiddleware.isAPI(request.uri.path) ? APIError(.notFound, "no such case") : WebError.notFound
            return try await refuse(notFound, request, context)
        }
        let response = try await withLanguage(of: user, request) { try await SignedIn.$current.withValue(user) { try await next(request, context) } }
        // Every read of a case, by any route (page, API, history, YAML, files, drafts), is
        // recorded here, once it has succeeded; drafts, downloads and packages record their own.
        if reading, let matched, matched.route.isCaseRoute, !matched.route.recordsItsOwnAudit, let id = matched.values["id"], (200..<300).contains(response.status.code) {
            try await accounts.audit(.read, case: id, actor: user.account.name, "\(request.method.rawValue) \(matched.route.template.pattern)")
        }
        return response
    }

    /// A signed-in browser's language: a switch (`?lang=`) is saved on the account, and the
    /// account's language applies, and is put in the cookie, when the browser has none yet.
    private func withLanguage(of user: SignedIn?, _ request: Request, _ handler: () async throws -> Response) async throws -> Response {
        guard let user, user.sessionID != nil else { return try await handler() }
        let (use, save) = Interface.forUser(request, account: user.account)
        if let save { try await accounts.setLanguage(save.rawValue, of: user.account.id) }
        guard let use else { return try await handler() }
        var response = try await Interface.$localizer.withValue(Localizer(use)) { try await handler() }
        response.setCookie(Interface.cookie(use))
        return response
    }

    /// The signed-in user, or nil: no credentials, unknown, revoked, expired, idle too long, a
    /// sign-in not finished (second factor) or a disabled account are all the same nil.
    func authenticate(_ request: Request) async throws -> SignedIn? {
        let now = settings.now()
        if let header = request.headers[.authorization] {
            guard header.utf8.count <= SessionCookie.maxLength, header.lowercased().hasPrefix("bearer ") else { return nil }
            let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            guard let (record, account) = try await accounts.token(hash: Credentials.hashToken(token)),
                  record.revokedAt == nil, !account.disabled else { return nil }
            return SignedIn(account: account, teams: try await accounts.teams(of: account.id).map(\.id), sessionID: nil, tokenScope: record.scope)
        }
        guard let token = request.cookies[SessionCookie.name]?.value, !token.isEmpty, token.utf8.count <= SessionCookie.maxLength,
              let (session, account) = try await accounts.session(id: Credentials.hashToken(token)),
              session.isLive(at: now, settings: settings), session.stage == .full, !account.disabled else { return nil }
        // One write a minute at most, not one per request.
        if now.timeIntervalSince(session.lastSeen) > 60 {
            try await accounts.touchSession(id: session.id, at: now, stage: nil)
        }
        return SignedIn(account: account, teams: try await accounts.teams(of: account.id).map(\.id), sessionID: session.id, tokenScope: nil)
    }

    /// The API says 401 (with how to authenticate); a page sends the browser to sign in and back.
    private func unauthenticated(_ request: Request, context: Context) async throws -> Response {
        if UnmatchedPageMiddleware.isAPI(request.uri.path) {
            var response = try APIError(.unauthorized, "sign in first: send Authorization: Bearer TOKEN (habeas users token add NAME)")
                .response(from: request, context: context)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        let back = request.method == .get ? SignInPages.safeNext(request.uri.description) : nil
        return Response.redirect(to: Route.signIn.with([("next", back ?? "")]), type: .found)
    }

    private func refuse(_ error: any Error, _ request: Request, _ context: Context) async throws -> Response {
        if !UnmatchedPageMiddleware.isAPI(request.uri.path), let pages {
            return try await pages.handle(request, context: context) { _, _ in throw error }
        }
        throw error
    }
}
