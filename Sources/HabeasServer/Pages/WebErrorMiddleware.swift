import HabeasStore
import Hummingbird

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
        let reason = Self.reason(status)
        let model = ErrorPage(status: status.code, reason: reason, message: message, requestID: context.id)
        do {
            return try renderer.render(model, title: reason, request: request, section: .none, status: status)
        } catch {
            // The error page itself failed to render: say so in plain text, never an empty page.
            context.logger.critical("error page could not be rendered", metadata: ["error_type": "\(type(of: error))"])
            return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "\(status.code) \(status.reasonPhrase): \(message)\n")))
        }
    }

    /// The status's name in the interface language ("Not Found", "Введены неверные данные"…), for
    /// the statuses pages answer with; HTTP's own phrase for any other.
    static func reason(_ status: HTTPResponse.Status) -> String {
        let key = "error.status.\(status.code)"
        return Interface.localizer.has(key) ? Interface.localizer.text(key) : status.reasonPhrase
    }

    static func map(_ error: any Error) -> (HTTPResponse.Status, String) {
        let l = Interface.localizer
        switch error {
        case let error as WebError:
            switch error {
            case .notFound: return (.notFound, l.text("error.notFound"))
            case .badRequest(let message): return (.badRequest, message)
            case .forbidden: return (.forbidden, l.text("error.forbidden"))
            }
        case let error as CaseStoreError:
            switch error {
            case .notFound, .revisionNotFound: return (.notFound, l.text("error.caseNotFound"))
            case .alreadyExists: return (.conflict, l.text("error.exists"))
            case .staleWrite: return (.conflict, l.text("error.stale"))
            case .idMismatch: return (.badRequest, l.text("error.idMismatch"))
            case .invalidRecord: break
            }
        case let error as HTTPError where error.status.code < 500:
            return (error.status, l.text(error.status == .notFound ? "error.pageNotFound" : "error.unhandled"))
        case let error as APIError where error.status.code < 500:
            return (error.status, error.message)
        case let error as StoreError:
            switch error {
            case .invalidInput(let field, let reason): return (.badRequest, l.text("error.invalidInput", ["field": field, "reason": reason]))
            case .conflict(_, let reason): return (.conflict, l.text("error.conflict", ["reason": reason]))
            case .tooLarge: return (.contentTooLarge, l.text("error.tooLarge"))
            }
        case let error as any HTTPResponseError where error.status.code < 500:
            // e.g. a form larger than the upload limit (NIOTooManyBytesError): 413, never a 500.
            return (error.status, l.text(error.status == .contentTooLarge ? "error.formTooLarge" : "error.unhandled"))
        default: break
        }
        return (.internalServerError, l.text("error.server"))
    }
}

/// Registered on the router after every route, so it wraps only Hummingbird's not-found
/// responder: a URL no route matches gets the HTML error page, except under /api/ (and
/// /healthz), which keep their JSON errors.
struct UnmatchedPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: WebErrorMiddleware

    static func isAPI(_ path: String) -> Bool { path == "/api" || path.hasPrefix("/api/") || path == Route.health.path }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !Self.isAPI(request.uri.path) else { return try await next(request, context) }
        return try await pages.handle(request, context: context, next: next)
    }
}
