import Foundation
import HabeasCore
import HabeasStore
import Hummingbird
import Logging

/// Logs one line per request: request id, method, route template, status, case id. Never the
/// query string, the body or anything else that may carry personal data.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Case ids are chosen by people and often carry a name (`kz-massimov`): the log gets a
    /// keyed hash of the id instead.
    let secret: ServerSecret

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context, status: status, start: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        var metadata: Logger.Metadata = [
            "method": "\(request.method.rawValue)",
            "route": "\(context.endpointPath ?? "unmatched")",
            "status": "\(status)",
            "ms": "\((ContinuousClock.now - start) / .milliseconds(1))",
        ]
        if let id = context.parameters.get("id") { metadata["case"] = "\(secret.logTag(id))" }
        context.logger.log(level: status >= 500 ? .error : .info, "request", metadata: metadata)
    }
}

/// An error with a status and a message safe to show: never internal detail or case data.
struct APIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var extra: [Value.Member] = []

    init(_ status: HTTPResponse.Status, _ message: String, extra: [Value.Member] = []) {
        self.status = status
        self.message = message
        self.extra = extra
    }

    /// An error about private data is as private as the data: never cached, never sniffed.
    var headers: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        fields.append(contentsOf: APIResponseHeadersMiddleware.headers)
        return fields
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Value.object([.init("error", .string(message))] + extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ValueWriter.json(body))))
    }
}

/// Maps every error to a JSON response in one place. Store and validation errors become their
/// status; anything else is a 500 with the request id, its detail logged but never returned.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            throw Self.map(error, context: context)
        }
    }

    static func map(_ error: any Error, context: Context) -> any Error {
        switch error {
        case let error as APIError: return error
        case is StoreError, is CaseArchive.ArchiveError, is ImportInterrupted:
            // A NUL byte, a page beyond any offset, a bad bundle: the client's doing, with the reason.
            return ArchiveJSON.apiError(error)
        case let error as CaseValidationError:
            return APIError(.badRequest, "the case file is not valid", extra: [.init("errors", .array(error.issues.map { issue in
                .object([
                    .init("line", issue.line.map { .int($0) } ?? .null),
                    .init("path", .string(issue.path)),
                    .init("message", .string(issue.message)),
                ])
            }))])
        case let error as CaseStoreError:
            switch error {
            case .notFound: return APIError(.notFound, "no such case")
            case .revisionNotFound(_, let revision): return APIError(.notFound, "no revision \(revision) of this case")
            case .alreadyExists: return APIError(.conflict, "a case with this id already exists")
            case .staleWrite(_, let current):
                return APIError(.conflict, "the case was changed since the revision this write was based on",
                                extra: [.init("currentRevision", .int(current))])
            case .idMismatch(let expected, let found):
                return APIError(.badRequest, "the case file's id `\(found)` does not match `\(expected)`")
            case .invalidRecord: break
            }
        case let error as HTTPError where error.status.code < 500:
            return APIError(error.status, error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError where error.status.code < 500:
            // e.g. a body over the limit (NIOTooManyBytesError): its status, never a 500.
            return APIError(error.status, error.status == .contentTooLarge ? "the body is too large" : error.status.reasonPhrase)
        default: break
        }
        // Internal detail stays in the log, tagged with the request id the client sees.
        context.logger.error("internal error", metadata: ["error_type": "\(type(of: error))"])
        return APIError(.internalServerError, "internal error (request \(context.id))")
    }
}

/// Cross-site request forgery guard for the JSON API, which has no cookies or tokens of its own,
/// behind `RequestOriginMiddleware` (which refuses what a browser says came from elsewhere).
/// A page on another site can make a browser send a "simple" request without asking first: a
/// form post (urlencoded, multipart or text/plain) or a `no-cors` fetch with no content type.
/// Every other content type needs a CORS preflight, which this server never grants. So a
/// state-changing request must carry one of the types below, or none at all where no body is
/// read (`CaseBody` refuses a body without a type).
struct APIContentTypeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let acceptedTypes = ["application/json", "application/yaml", "text/yaml", "application/x-yaml"]
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if RequestOriginMiddleware.stateChanging.contains(request.method) {
            if let type = request.headers[.contentType], !Self.isAccepted(type) {
                throw Self.unsupported
            }
        }
        return try await next(request, context)
    }

    static func isAccepted(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return acceptedTypes.contains(mediaType)
    }

    static var unsupported: APIError {
        APIError(.unsupportedMediaType, "send the body as \(acceptedTypes.joined(separator: ", ")) (set Content-Type)",
                 extra: [.init("accepted", .array(acceptedTypes.map(Value.string)))])
    }
}
