import Foundation
import HabeasCore
import HabeasDocuments
import HabeasJurisprudence
import HabeasStore
import Hummingbird

/// Import reports and archive errors as the API presents them.
enum ArchiveJSON {
    static func report(_ report: ImportReport) -> Value {
        .object([
            .init("imported", .array(report.imported.map { .string($0.id) })),
            .init("alreadyPresent", .array(report.alreadyPresent.map { .string($0.id) })),
            .init("conflicts", .array(report.conflicts.map { entry in
                guard case .conflict(let reason) = entry.outcome else { return .null }
                return .object([.init("id", .string(entry.id)), .init("reason", .string(reason))])
            })),
        ])
    }

    /// Client-caused store and archive errors as 400/409/413 with the reason; others unchanged.
    static func apiError(_ error: any Error) -> any Error {
        switch error {
        case let error as StoreError:
            switch error {
            case .invalidInput(let field, let reason): return APIError(.badRequest, "\(field): \(reason)")
            case .conflict(_, let reason): return APIError(.conflict, reason)
            case .tooLarge: return APIError(.contentTooLarge, error.description)
            }
        case let error as CaseArchive.ArchiveError: return APIError(.badRequest, error.description)
        case let error as ImportInterrupted:
            // Earlier batches are committed: say which, and why the rest is not.
            let extra: [Value.Member] = [.init("written", report(error.report)), .init("notWritten", .array(error.notWritten.map(Value.string)))]
            if case StoreError.invalidInput(let field, let reason) = error.error {
                return APIError(.badRequest, "\(field): \(reason); the cases listed in notWritten were not imported", extra: extra)
            }
            return APIError(.serviceUnavailable, "the import stopped; send the same archive again to finish it (what is stored is skipped)", extra: extra)
        default: return error
        }
    }
}

/// Who made a change: the server says, never the client. Until accounts exist every API write
/// is recorded as `api` (as the web's are as `web`); a client's `X-Habeas-Author` is ignored.
/// The note is the client's description of the change, bounded.
enum Author {
    static let api = "api"

    static func change(_ request: Request, default note: String) throws -> Change {
        let noteHeader: String? = request.headers[.init("X-Habeas-Note")!]
        let noteQuery: String? = try Params.text(request, "note")
        let given = (noteHeader ?? noteQuery).map { String(Array($0).prefix(2000)) }
        return Change(author: SignedIn.current?.account.name ?? api, note: given ?? note)
    }
}

enum CaseBody {
    static let limit = CaseLimits.maxTextBytes

    static func text(_ request: Request, context: AppRequestContext) async throws -> String {
        // The middleware has refused other types; a body without one is how a cross-site
        // `no-cors` fetch would arrive.
        guard request.headers[.contentType] != nil else { throw APIContentTypeMiddleware.unsupported }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "the body is larger than 5 MB")
        }
        guard buffer.readableBytes > 0 else { throw APIError(.badRequest, "send a case file (YAML or JSON) as the body") }
        // Invalid UTF-8 is refused, not replaced: what is stored must be what was sent.
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw APIError(.badRequest, "the body is not valid UTF-8 text")
        }
        return text
    }

    /// A YAML or JSON case file; invalid ones throw `CaseValidationError` (400 with every issue).
    static func read(_ request: Request, context: AppRequestContext) async throws -> CaseFile {
        try CaseFile.load(text: try await text(request, context: context), file: nil)
    }
}

enum JSON {
    static func response(_ value: Value, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: ValueWriter.json(value))))
    }

    static func etag(_ revision: Int) -> String { "\"\(revision)\"" }

    static func time(_ date: Date) -> Value { .string(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))) }

    static func revision(_ info: RevisionInfo) -> Value {
        .object([
            .init("number", .int(info.number)),
            .init("author", .string(info.author)),
            .init("note", .string(info.note)),
            .init("createdAt", time(info.createdAt)),
            .init("action", .string(info.action.rawValue)),
            .init("restoredFrom", info.restoredFrom.map { .int($0) } ?? .null),
            // Set for an imported revision: author and createdAt are then the bundle's claim.
            .init("imported", info.imported.map { .object([.init("by", .string($0.by)), .init("at", time($0.at))]) } ?? .null),
        ])
    }

    static func stored(_ stored: StoredCase) -> Value {
        .object([
            .init("id", .string(stored.file.id)),
            .init("revision", revision(stored.revision)),
            .init("currentRevision", .int(stored.currentRevision)),
            .init("deletedAt", stored.deletedAt.map(time) ?? .null),
            .init("case", stored.file.value),
        ])
    }

    static func summary(_ item: CaseSummary) -> Value {
        .object([
            .init("id", .string(item.id)),
            .init("title", .string(item.title)),
            .init("personName", .string(item.personName)),
            .init("state", .string(item.state)),
            .init("profiles", .array(item.profiles.map { .string($0.rawValue) })),
            .init("categories", .array(item.categories.map { .string($0.rawValue) })),
            .init("stage", .string(item.stage.rawValue)),
            .init("nextDue", item.nextDue.map { .string($0.description) } ?? .null),
            .init("overdue", .bool(item.overdue)),
            .init("revision", .int(item.revision)),
            .init("updatedAt", time(item.updatedAt)),
            .init("deletedAt", item.deletedAt.map(time) ?? .null),
            .init("firstArrest", item.firstArrest.map { .string($0.description) } ?? .null),
        ])
    }
}
