import Foundation
import HabeasCore
import HabeasStore
import Hummingbird
import Logging
import Mustache

/// Markup the server built itself with every piece of text escaped (the SVG charts). The only
/// thing templates print with triple braces; user data never reaches a template unescaped.
struct SafeHTML: Sendable, MustacheCustomRenderable {
    let html: String
    var renderText: String { html }
    var isNull: Bool { html.isEmpty }
}

enum Escape {
    /// For text and attribute values in markup we write by hand (SVG).
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Messages from the core's validation write code-like words between backticks (`arest`).
enum Markup {
    /// Escapes first, then turns each complete pair of backticks into `<code>…</code>`, so the
    /// only markup in the result is balanced `<code>` tags, whatever the text (a case's own words
    /// are often quoted in these messages). An unpaired backtick stays as it is.
    static func message(_ text: String) -> SafeHTML {
        let parts = Escape.html(text).split(separator: "`", omittingEmptySubsequences: false)
        var html = ""
        for (index, part) in parts.enumerated() {
            if index % 2 == 0 {
                html += part
            } else if index == parts.count - 1 {
                html += "`" + part
            } else {
                html += "<code>" + part + "</code>"
            }
        }
        return SafeHTML(html: html)
    }

    /// One message in a list; templates print it as `{{{messageHTML}}}`.
    struct Line {
        var messageHTML: SafeHTML
        init(_ text: String) { messageHTML = Markup.message(text) }
    }
}

/// Errors of the HTML pages, with text safe to show. Mapped to a status and an error page in
/// `WebErrorMiddleware`, the one place where errors become pages.
enum WebError: Error {
    case notFound
    case badRequest(String)
    /// The CSRF token was missing or did not match the cookie.
    case forbidden
}

/// The bundled templates and static files (Web/ in the target's resources).
struct WebAssets: Sendable {
    let library: MustacheLibrary
    let stylesheet: String
    let script: String

    static func directory() -> URL? { Bundle.module.url(forResource: "Web", withExtension: nil) }

    static func load() throws -> WebAssets {
        guard let web = directory() else {
            throw WebError.badRequest("the Web resources are missing from the bundle")
        }
        let templates = web.appendingPathComponent("templates")
        var library = MustacheLibrary()
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path).sorted() where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        let css = try String(contentsOf: web.appendingPathComponent("static/habeas.css"), encoding: .utf8)
        let js = try String(contentsOf: web.appendingPathComponent("static/habeas.js"), encoding: .utf8)
        return WebAssets(library: library, stylesheet: css, script: js)
    }
}

/// What every page shows around its content.
struct Layout {
    struct NavItem {
        var label: String
        var href: String
        var current: Bool
    }
    var title: String
    var csrf: String
    var nav: [NavItem]
    var stylesheet = WebRoute.stylesheet.path
    var script = WebRoute.script.path
}

enum NavSection { case dashboard, cases, new, importExport, none }

/// Renders pages and builds HTML responses with the security headers.
struct PageRenderer: Sendable {
    let assets: WebAssets
    let csrf: CSRF

    init(assets: WebAssets, secret: ServerSecret) {
        self.assets = assets
        self.csrf = CSRF(secret: secret)
    }

    struct Context {
        var layout: Layout
        var page: Any
    }

    func render(_ template: String, title: String, page: Any, csrf: CSRF.Token, section: NavSection,
                status: HTTPResponse.Status = .ok) -> Response {
        let nav: [(String, WebRoute, NavSection)] = [
            ("Dashboard", .dashboard, .dashboard), ("Cases", .caseList, .cases), ("New case", .caseNew, .new),
            ("Import and export", .importCases, .importExport),
        ]
        let layout = Layout(title: title, csrf: csrf.value,
                            nav: nav.map { Layout.NavItem(label: $0.0, href: $0.1.path, current: $0.2 == section) })
        let html = assets.library.render(Context(layout: layout, page: page), withTemplate: template) ?? ""
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: html)))
        if csrf.isNew { response.setCookie(csrf.cookie) }
        return response
    }
}

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
        let nonce = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
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

/// Security headers on every page, and every error turned into an HTML page. Internal detail is
/// logged (its type, with the request id), never shown.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: PageRenderer

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        .init("Referrer-Policy")!: "no-referrer",
        .init("X-Frame-Options")!: "DENY",
        .cacheControl: "no-store",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = page(for: error, request: request, context: context)
        }
        for field in Self.securityHeaders where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        return response
    }

    func page(for error: any Error, request: Request, context: Context) -> Response {
        let (status, message) = Self.map(error)
        if status.code >= 500 {
            context.logger.error("page error", metadata: ["error_type": "\(type(of: error))"])
        }
        struct ErrorPage { var status: Int; var reason: String; var message: String; var requestID: String }
        return renderer.render("error", title: status.reasonPhrase,
                               page: ErrorPage(status: status.code, reason: status.reasonPhrase, message: message, requestID: context.id),
                               csrf: renderer.csrf.token(for: request), section: .none, status: status)
    }

    static func map(_ error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let error as WebError:
            switch error {
            case .notFound: return (.notFound, "This page or case could not be found.")
            case .badRequest(let message): return (.badRequest, message)
            case .forbidden: return (.forbidden, "The form had expired or did not come from this site. Go back, reload the page and try again; nothing was saved.")
            }
        case let error as CaseStoreError:
            switch error {
            case .notFound, .revisionNotFound: return (.notFound, "This case could not be found.")
            case .alreadyExists: return (.conflict, "A case with this id already exists.")
            case .staleWrite: return (.conflict, "The case was changed by someone else since you opened it. Reload it and make your change again.")
            case .idMismatch: return (.badRequest, "The case file names a different case.")
            case .invalidRecord: break
            }
        case let error as HTTPError where error.status.code < 500:
            return (error.status, error.status == .notFound ? "This page could not be found." : "The request could not be handled.")
        case let error as APIError where error.status.code < 500:
            return (error.status, error.message)
        case let error as StoreError:
            switch error {
            case .invalidInput(let field, let reason): return (.badRequest, "This request cannot be used (\(field): \(reason)).")
            case .conflict(_, let reason): return (.conflict, "This cannot be done now: \(reason).")
            case .tooLarge: return (.contentTooLarge, "What was sent is larger than Habeas accepts. Nothing was saved.")
            }
        case let error as any HTTPResponseError where error.status.code < 500:
            // e.g. a form larger than the upload limit (NIOTooManyBytesError): 413, never a 500.
            return (error.status, error.status == .contentTooLarge ? "What was sent is larger than this form accepts. Nothing was saved." : "The request could not be handled.")
        default: break
        }
        return (.internalServerError, "Something went wrong on the server. Nothing you typed was stored by this request.")
    }
}

/// Registered on the router after every route, so it wraps only Hummingbird's not-found
/// responder: a URL no route matches gets the HTML error page, except under /api/ (and
/// /healthz), which keep their JSON errors.
struct UnmatchedPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: WebErrorMiddleware

    static func isAPI(_ path: String) -> Bool { path == "/api" || path.hasPrefix("/api/") || path == "/healthz" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !Self.isAPI(request.uri.path) else { return try await next(request, context) }
        return try await pages.handle(request, context: context, next: next)
    }
}

/// Dates shown to people, and the `asOf` of a request.
enum WebDates {
    static func asOf(_ request: Request, today: CaseDate) -> CaseDate {
        guard let text = request.uri.queryParameters.get("asOf"), !text.isEmpty,
              let date = try? CaseDate(parsing: text), !date.hasTime else { return today }
        return date
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date) + " UTC"
    }

    static func days(_ value: Double) -> String { Span.format(value) }
}
