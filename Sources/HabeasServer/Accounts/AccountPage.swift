import Foundation
import HabeasLocalization
import HabeasStore
import Hummingbird

/// `/account`: the signed-in user's own second factor and sessions. A second factor is required
/// for admins (they enrol at their first sign-in) and offered to everyone else here.
enum AccountPage {
    struct Session {
        var started: String
        var lastSeen: String
        var current: Bool
    }
    struct Model {
        var name: String
        var role: String
        var teams: String
        var hasSecondFactor: Bool
        var recoveryCodesLeft: Int
        /// Admins keep theirs: only an admin's reset of the factor (a new enrolment) replaces it.
        var canRemoveSecondFactor: Bool
        var sessions: [Session]
        var otherSessions: Bool
        var action = Route.account.path
        var message: String?
        var notice: String?
        /// "Name: … · Role: … · Teams: …" and the second factor's line, in the interface language.
        var summary = ""
        var secondFactorOn = ""
        var languages: [Layout.LanguageChoice] = []
    }

    /// A role as pages name it.
    static func role(_ role: Role) -> String { Interface.localizer.text("role." + role.rawValue) }
}

struct AccountController: Sendable {
    let accounts: any CaseStore & AccountStore
    let settings: AccountSettings
    let renderer: PageRenderer

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.account.routerPath, use: show)
        web.post(Route.account.routerPath, use: change)
    }

    private func page(_ request: Request, notice: String? = nil, message: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let user = SignedIn.current else { throw WebError.forbidden }
        let now = settings.now()
        let sessions = try await accounts.sessions(of: user.account.id)
            .filter { $0.isLive(at: now, settings: settings) }
            .sorted { $0.lastSeen > $1.lastSeen }
            .map { AccountPage.Session(started: Self.time($0.createdAt), lastSeen: Self.time($0.lastSeen), current: $0.id == user.sessionID) }
        let teams = try await accounts.teams(of: user.account.id).map(\.name).joined(separator: ", ")
        let model = AccountPage.Model(name: user.account.name, role: user.account.role.rawValue, teams: teams.isEmpty ? "—" : teams,
                                      hasSecondFactor: user.account.totpSecret != nil,
                                      recoveryCodesLeft: try await accounts.recoveryCodeCount(of: user.account.id),
                                      canRemoveSecondFactor: user.account.totpSecret != nil && user.account.role != .admin,
                                      sessions: sessions, otherSessions: sessions.contains { !$0.current },
                                      message: message, notice: notice)
        let l = Interface.localizer
        var full = model
        full.summary = l.text("account.summary", ["name": model.name, "role": AccountPage.role(user.account.role), "teams": model.teams])
        full.secondFactorOn = l.plural("account.secondFactor.on", count: model.recoveryCodesLeft)
        full.languages = HabeasLanguage.offered.map { Layout.LanguageChoice(code: $0.rawValue, name: $0.nativeName, selected: $0 == l.language) }
        return try renderer.render(full, title: l.text("account.title"), request: request, section: .none, status: status)
    }

    private static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().time(includingFractionalSeconds: false).dateTimeSeparator(.space)) + " UTC"
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request)
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        // A browser session only: an API token has no session to move to enrolment.
        guard let user = SignedIn.current, let sessionID = user.sessionID else { throw WebError.forbidden }
        let now = settings.now()
        // Changing the second factor asks for the password again: a session left open on a
        // shared computer must not be enough (ASVS 2.5.x).
        if ["enrol", "remove-factor"].contains(form["do"]),
           form["password"].utf8.count > 1024 || !settings.credentials.verify(password: form["password"], hash: user.account.passwordHash) {
            try await accounts.audit(.signInFailed, "wrong password when changing the second factor")
            return try await page(request, message: Interface.localizer.text("account.wrongPassword"), status: .unauthorized)
        }
        switch form["do"] {
        case "enrol":
            // The session steps back to enrolment: the sign-in's own enrolment page sets the
            // factor up (a new key, checked with a code) and brings the session back.
            try await accounts.touchSession(id: sessionID, at: now, stage: .enrol)
            return Response.redirect(to: Route.enrol.with([("next", Route.account.path)]), type: .normal)
        case "remove-factor":
            guard user.account.role != .admin, user.account.totpSecret != nil else {
                return try await page(request, message: Interface.localizer.text("account.adminKeepsFactor"), status: .badRequest)
            }
            try await accounts.setSecondFactor(secret: nil, recoveryCodeHashes: [], of: user.account.id)
            try await accounts.audit(.userChange, "second factor removed by its user")
            return try await page(request, notice: Interface.localizer.text("account.factorRemoved"))
        case "sign-out-others":
            var revoked = 0
            for session in try await accounts.sessions(of: user.account.id) where session.id != sessionID && session.revokedAt == nil {
                try await accounts.revokeSession(id: session.id, at: now)
                revoked += 1
            }
            try await accounts.audit(.signOut, "\(revoked) other session(s) signed out by their user")
            return try await page(request, notice: Interface.localizer.plural("account.othersSignedOut", count: revoked))
        case "language":
            // Saved on the account and in this browser's cookie; the page answers in the new language.
            guard let language = HabeasLanguage(tag: form["language"]), HabeasLanguage.offered.contains(language) else {
                return try await page(request, message: Interface.localizer.text("account.chooseLanguage"), status: .badRequest)
            }
            try await accounts.setLanguage(language.rawValue, of: user.account.id)
            var response = try await Interface.$localizer.withValue(Localizer(language)) {
                try await page(request, notice: Interface.localizer.text("account.language.saved", ["language": language.nativeName]))
            }
            response.setCookie(Interface.cookie(language))
            return response
        default:
            throw WebError.badRequest(Interface.localizer.text("form.chooseWhat"))
        }
    }
}
