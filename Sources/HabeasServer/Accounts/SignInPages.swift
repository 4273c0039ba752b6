import Crypto
import Foundation
import HabeasLocalization
import HabeasStore
import Hummingbird

/// Sign-in, the second factor, an admin's enrolment, one-time links and sign-out. Every form has
/// the CSRF token; a new session (a new random token) starts at each sign-in, so a token planted
/// before sign-in is worth nothing after it.
enum SignInPages {
    struct Model {
        var heading: String
        var message: String?
        var notice: String?
        var action: String
        var next = ""
        var name = ""
        var button = Interface.localizer.text("signIn.button")
        var passwordAutocomplete = "current-password"
        var password = false
        var code = false
        var enrol = false
        var enrolSecret = ""
        var enrolURL = ""
        var enrolSignature = ""
        var link = false
        var setup = false
        var recoveryCodes: [String] = []
        /// Stored, not computed: templates see stored properties only.
        var hasRecoveryCodes = false
        var continueHref = Route.dashboard.path
    }

    /// Where to go after sign-in: a path on this site only (never `//host` or a URL), bounded.
    static func safeNext(_ text: String?) -> String? {
        guard let text, text.utf8.count <= 2000, text.hasPrefix("/"), !text.hasPrefix("//"), !text.hasPrefix("/\\"),
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              !text.hasPrefix(Route.signIn.path) else { return nil }
        return text
    }
}

struct SignInController: Sendable {
    /// Accounts, and the audit trail every sign-in step is recorded in.
    let accounts: any CaseStore & AccountStore
    let settings: AccountSettings
    let renderer: PageRenderer
    let secret: ServerSecret

    static let maxFieldBytes = 1024

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.signIn.routerPath, use: signInForm)
        web.post(Route.signIn.routerPath, use: signIn)
        web.get(Route.secondFactor.routerPath, use: codeForm)
        web.post(Route.secondFactor.routerPath, use: checkCode)
        web.get(Route.enrol.routerPath, use: enrolForm)
        web.post(Route.enrol.routerPath, use: enrol)
        web.get(Route.pattern(Route.signInLink), use: linkForm)
        web.post(Route.pattern(Route.signInLink), use: useLink)
        web.post(Route.signOut.routerPath, use: signOut)
    }

    private func page(_ model: SignInPages.Model, _ request: Request, status: HTTPResponse.Status = .ok) throws -> Response {
        try renderer.render(model, title: model.heading, request: request, section: .none, status: status)
    }

    private func passwordModel(message: String? = nil, name: String = "", next: String?) -> SignInPages.Model {
        SignInPages.Model(heading: Interface.localizer.text("signIn.title"), message: message, action: Route.signIn.path, next: SignInPages.safeNext(next) ?? "",
                          name: name, password: true)
    }

    private func readForm(_ request: Request, _ context: AppRequestContext) async throws -> FormData {
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        for field in form.fields where field.value.utf8.count > Self.maxFieldBytes {
            throw WebError.badRequest(Interface.localizer.text("form.fieldTooLong"))
        }
        return form
    }

    // MARK: Password

    @Sendable func signInForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        if SignedIn.current != nil { return Response.redirect(to: Route.dashboard.path, type: .normal) }
        return try page(passwordModel(next: request.uri.queryParameters.get("next").map { String($0) }), request)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await readForm(request, context)
        let name = form["name"].trimmingCharacters(in: .whitespaces).lowercased()
        let password = form["password"]
        let next = form["next"]
        let now = settings.now()
        let address = ClientAddress.of(request, context: context, trustedProxies: settings.trustedProxies)
        if let until = settings.throttle.refusedUntil(address, now: now) {
            try await accounts.audit(.signInFailed, actor: "anonymous", "refused: too many failed sign-ins from \(address)")
            return try page(passwordModel(message: Self.throttledMessage(until), name: name, next: next), request, status: .tooManyRequests)
        }
        let l = Interface.localizer
        let refused = l.text("signIn.refused")
        guard let account = try await accounts.user(named: name), !account.disabled else {
            _ = settings.credentials.verify(password: password, hash: nil)
            settings.throttle.recordFailure(address, now: now)
            // The name typed is not recorded: it may be a password typed in the wrong field.
            try await accounts.audit(.signInFailed, actor: "anonymous", "no such active account, from \(address)")
            return try page(passwordModel(message: refused, name: name, next: next), request, status: .unauthorized)
        }
        if let until = account.lockedUntil, until > now {
            try await accounts.audit(.signInFailed, actor: account.name, "refused: account locked, from \(address)")
            return try page(passwordModel(message: Self.lockedMessage(until), name: name, next: next), request, status: .tooManyRequests)
        }
        guard settings.credentials.verify(password: password, hash: account.passwordHash) else {
            settings.throttle.recordFailure(address, now: now)
            let after = try await accounts.recordFailedSignIn(account.id, lockAfter: settings.lockAfter, lockFor: settings.lockFor, now: now)
            try await accounts.audit(.signInFailed, actor: account.name,
                                     "wrong password from \(address)" + (after.isLocked(at: now) ? "; account locked" : ""))
            if let until = after.lockedUntil, until > now {
                return try page(passwordModel(message: Self.lockedMessage(until), name: name, next: next), request, status: .tooManyRequests)
            }
            let left = settings.lockAfter - after.failedAttempts
            let warning = l.plural("signIn.attemptsLeft", count: left, ["minutes": l.number(Int(settings.lockFor / 60))])
            return try page(passwordModel(message: left <= 2 ? l.text("signIn.refusedWithWarning", ["refused": refused, "warning": warning]) : refused,
                                          name: name, next: next), request, status: .unauthorized)
        }
        try await accounts.recordSuccessfulSignIn(account.id)
        let stage: SessionRecord.Stage = account.totpSecret != nil ? .secondFactor : account.role == .admin ? .enrol : .full
        try await accounts.audit(.signIn, actor: account.name,
                                 stage == .full ? "password, from \(address)" : "password accepted, second factor next, from \(address)")
        return try await startSession(for: account, stage: stage, next: next)
    }

    static func throttledMessage(_ until: Date) -> String {
        Interface.localizer.text("signIn.throttled", ["time": until.formatted(Date.ISO8601FormatStyle())])
    }

    static func lockedMessage(_ until: Date) -> String {
        Interface.localizer.text("signIn.locked", ["time": until.formatted(Date.ISO8601FormatStyle())])
    }

    /// A new session with a new token: the cookie carries the token, the database its hash.
    private func startSession(for account: Account, stage: SessionRecord.Stage, next: String?) async throws -> Response {
        let now = settings.now()
        let token = Credentials.newToken(prefix: "hs_")
        try await accounts.createSession(SessionRecord(id: Credentials.hashToken(token), userID: account.id, stage: stage, createdAt: now,
                                                       lastSeen: now, expiresAt: now.addingTimeInterval(settings.absoluteTimeout)))
        let target: String
        switch stage {
        case .full: target = SignInPages.safeNext(next) ?? Route.dashboard.path
        case .secondFactor: target = Route.secondFactor.with([("next", SignInPages.safeNext(next) ?? "")])
        case .enrol: target = Route.enrol.with([("next", SignInPages.safeNext(next) ?? "")])
        }
        var response = Response.redirect(to: target, type: .normal)
        response.setCookie(SessionCookie.cookie(token, settings: settings))
        // The user's own language wins over the browser's Accept-Language from now on.
        if let tag = account.language, let language = HabeasLanguage(tag: tag) { response.setCookie(Interface.cookie(language)) }
        return response
    }

    /// The session of a sign-in in progress at `stage`, with its user.
    private func pending(_ request: Request, stage: SessionRecord.Stage) async throws -> (SessionRecord, Account)? {
        guard let token = request.cookies[SessionCookie.name]?.value, token.utf8.count <= SessionCookie.maxLength,
              let (session, account) = try await accounts.session(id: Credentials.hashToken(token)),
              session.stage == stage, session.isLive(at: settings.now(), settings: settings), !account.disabled else { return nil }
        return (session, account)
    }

    // MARK: Second factor

    private func codeModel(message: String? = nil, next: String?) -> SignInPages.Model {
        SignInPages.Model(heading: Interface.localizer.text("signIn.secondFactor"), message: message, action: Route.secondFactor.path, next: SignInPages.safeNext(next) ?? "", code: true)
    }

    @Sendable func codeForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await pending(request, stage: .secondFactor) != nil else { return Response.redirect(to: Route.signIn.path, type: .normal) }
        return try page(codeModel(next: request.uri.queryParameters.get("next").map { String($0) }), request)
    }

    @Sendable func checkCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await readForm(request, context)
        guard let (session, account) = try await pending(request, stage: .secondFactor), let secret = account.totpSecret else {
            return Response.redirect(to: Route.signIn.path, type: .normal)
        }
        let now = settings.now()
        if let until = account.lockedUntil, until > now {
            try await accounts.revokeSession(id: session.id, at: now)
            return try page(passwordModel(message: Self.lockedMessage(until), next: nil), request, status: .tooManyRequests)
        }
        let code = form["code"]
        let address = ClientAddress.of(request, context: context, trustedProxies: settings.trustedProxies)
        var how = "second factor"
        var valid = false
        if let step = Credentials.matchingTOTPStep(code: code, secret: secret, at: now) {
            // A code works once: one seen over the shoulder or replayed from a log is refused.
            valid = try await accounts.useTOTPStep(step, of: account.id)
            if !valid { how = "a second-factor code already used" }
        } else if try await accounts.consumeRecoveryCode(hash: Credentials.hashRecoveryCode(code), of: account.id) {
            valid = true
            how = "recovery code"
        }
        guard valid else {
            settings.throttle.recordFailure(address, now: now)
            let after = try await accounts.recordFailedSignIn(account.id, lockAfter: settings.lockAfter, lockFor: settings.lockFor, now: now)
            try await accounts.audit(.signInFailed, actor: account.name, "wrong second factor from \(address)" + (how == "second factor" ? "" : ": " + how))
            if let until = after.lockedUntil, until > now {
                try await accounts.revokeSession(id: session.id, at: now)
                return try page(passwordModel(message: Self.lockedMessage(until), next: nil), request, status: .tooManyRequests)
            }
            let message = Interface.localizer.text(how == "second factor" ? "signIn.codeWrong" : "signIn.codeUsed")
            return try page(codeModel(message: message, next: form["next"]), request, status: .unauthorized)
        }
        try await accounts.recordSuccessfulSignIn(account.id)
        try await accounts.touchSession(id: session.id, at: now, stage: .full)
        try await accounts.audit(.signIn, actor: account.name, "\(how), from \(address)")
        return Response.redirect(to: SignInPages.safeNext(form["next"]) ?? Route.dashboard.path, type: .normal)
    }

    // MARK: Enrolment

    /// The key offered to the user travels in the form, signed so it cannot be swapped for one
    /// an attacker knows; it is stored only once a code made with it proves the app has it.
    private func signature(_ secretText: String, session: String) -> String {
        secret.csrfSignature("totp:" + session + ":" + secretText)
    }

    private func enrolModel(session: SessionRecord, account: Account, secret totp: String, message: String? = nil, next: String?) -> SignInPages.Model {
        SignInPages.Model(heading: Interface.localizer.text("signIn.enrol"), message: message, action: Route.enrol.path, next: SignInPages.safeNext(next) ?? "",
                          code: true, enrol: true, enrolSecret: totp, enrolURL: Credentials.authenticatorURL(secret: totp, user: account.name),
                          enrolSignature: signature(totp, session: session.id))
    }

    @Sendable func enrolForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let (session, account) = try await pending(request, stage: .enrol) else { return Response.redirect(to: Route.signIn.path, type: .normal) }
        return try page(enrolModel(session: session, account: account, secret: Credentials.newTOTPSecret(),
                                   next: request.uri.queryParameters.get("next").map { String($0) }), request)
    }

    @Sendable func enrol(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await readForm(request, context)
        guard let (session, account) = try await pending(request, stage: .enrol) else { return Response.redirect(to: Route.signIn.path, type: .normal) }
        let totp = form["secret"]
        guard totp.utf8.count == 32, Credentials.constantTimeEqual(signature(totp, session: session.id), form["signature"]) else {
            throw WebError.forbidden
        }
        let now = settings.now()
        guard let step = Credentials.matchingTOTPStep(code: form["code"], secret: totp, at: now) else {
            return try page(enrolModel(session: session, account: account, secret: totp,
                                       message: Interface.localizer.text("signIn.enrolCodeWrong"), next: form["next"]),
                            request, status: .unauthorized)
        }
        let codes = Credentials.newRecoveryCodes()
        try await accounts.setSecondFactor(secret: totp, recoveryCodeHashes: codes.map(Credentials.hashRecoveryCode), of: account.id)
        _ = try await accounts.useTOTPStep(step, of: account.id)
        try await accounts.touchSession(id: session.id, at: now, stage: .full)
        try await accounts.audit(.userChange, actor: account.name, "second factor set up, 10 recovery codes issued")
        return try page(SignInPages.Model(heading: Interface.localizer.text("signIn.enrolled"), action: Route.enrol.path, recoveryCodes: codes, hasRecoveryCodes: true,
                                          continueHref: SignInPages.safeNext(form["next"]) ?? Route.dashboard.path), request)
    }

    // MARK: One-time links

    private func linkModel(token: String, setup: Bool, message: String? = nil, name: String = "") -> SignInPages.Model {
        let l = Interface.localizer
        return SignInPages.Model(heading: l.text(setup ? "signIn.setup" : "signIn.link"), message: message,
                          notice: l.text(setup ? "signIn.setup.notice" : "signIn.link.notice"),
                          action: Route.signInLink(token).path, name: name, button: l.text(setup ? "signIn.setup.button" : "signIn.button"),
                          link: true, setup: setup)
    }

    /// GET shows a button and uses nothing up (a link previewer must not spend it); POST uses it.
    @Sendable func linkForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let setup = try await accounts.userCount() == 0
        return try page(linkModel(token: token, setup: setup), request)
    }

    @Sendable func useLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await readForm(request, context)
        let token = context.parameters.get("token") ?? ""
        let now = settings.now()
        let name = form["name"].trimmingCharacters(in: .whitespaces).lowercased()
        let password = form["password"]
        if try await accounts.userCount() == 0 {
            // Check the input before spending the link, so a typo does not cost it.
            do {
                try AccountLimits.checkName(name)
                try Credentials.check(password: password)
            } catch let error as Credentials.WeakPassword {
                return try page(linkModel(token: token, setup: true, message: Interface.localizer.text(error.key), name: name), request, status: .badRequest)
            } catch {
                return try page(linkModel(token: token, setup: true, message: Interface.localizer.text("signIn.badName"), name: name), request, status: .badRequest)
            }
        }
        guard token.utf8.count <= SessionCookie.maxLength,
              let link = try await accounts.useSignInLink(hash: Credentials.hashToken(token), at: now) else {
            return try page(passwordModel(message: Interface.localizer.text("signIn.linkUsed"), next: nil),
                            request, status: .gone)
        }
        switch link.purpose {
        case .setup:
            guard try await accounts.userCount() == 0 else {
                return try page(passwordModel(message: Interface.localizer.text("signIn.alreadySetUp"), next: nil), request, status: .gone)
            }
            let account = try await accounts.createUser(name: name, role: .admin, passwordHash: try settings.credentials.hash(password: password))
            try await accounts.audit(.permissionChange, actor: account.name, "first admin created with the setup link")
            return try await startSession(for: account, stage: .enrol, next: nil)
        case .signIn:
            guard let id = link.userID, let account = try await accounts.user(id: id), !account.disabled else {
                return try page(passwordModel(message: Interface.localizer.text("signIn.linkAccountGone"), next: nil), request, status: .gone)
            }
            // The link stands for the password and the second factor: it was printed to the one
            // who started the server (`serve --demo`), on the server's own console.
            try await accounts.audit(.signIn, actor: account.name, "one-time link printed on the server's console")
            return try await startSession(for: account, stage: .full, next: nil)
        }
    }

    // MARK: Sign-out

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await readForm(request, context)
        if let token = request.cookies[SessionCookie.name]?.value, token.utf8.count <= SessionCookie.maxLength {
            let id = Credentials.hashToken(token)
            if let (session, account) = try await accounts.session(id: id), session.revokedAt == nil {
                try await accounts.revokeSession(id: id, at: settings.now())
                try await accounts.audit(.signOut, actor: account.name, "signed out")
            }
        }
        var response = Response.redirect(to: Route.signIn.path, type: .normal)
        response.setCookie(SessionCookie.expired(settings: settings))
        return response
    }
}
