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
        let model = ErrorPage(status: status.code, reason: status.reasonPhrase, message: message, requestID: context.id)
        do {
            return try renderer.render(model, title: status.reasonPhrase, request: request, section: .none, status: status)
        } catch {
            // The error page itself failed to render: say so in plain text, never an empty page.
            context.logger.critical("error page could not be rendered", metadata: ["error_type": "\(type(of: error))"])
            return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "\(status.code) \(status.reasonPhrase): \(message)\n")))
        }
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

    static func isAPI(_ path: String) -> Bool { path == "/api" || path.hasPrefix("/api/") || path == Route.health.path }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !Self.isAPI(request.uri.path) else { return try await next(request, context) }
        return try await pages.handle(request, context: context, next: next)
    }
}
