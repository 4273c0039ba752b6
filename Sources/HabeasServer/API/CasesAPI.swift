import Foundation
import HabeasCore
import HabeasDocuments
import HabeasJurisprudence
import HabeasStore
import Hummingbird

/// The JSON API under /api/v1. Handlers parse, call the store or the core, and present.
func addCaseRoutes(to api: RouterGroup<AppRequestContext>, dependencies deps: AppDependencies) {
    let store = deps.store

    api.get("/cases") { request, _ in
        let query = try CaseListQuery.parse(request.uri.queryParameters, today: deps.today())
        let page = try await store.search(query)
        return JSON.response(.object([
            .init("items", .array(page.items.map(JSON.summary))),
            .init("total", .int(page.total)),
            .init("page", .int(page.page)),
            .init("perPage", .int(page.perPage)),
        ]))
    }

    api.post("/cases") { request, context in
        let file = try await CaseBody.read(request, context: context)
        let stored = try await store.create(file, change: Author.change(request, default: "created"))
        return JSON.response(JSON.stored(stored), status: .created,
                             headers: [.location: "/api/v1/cases/\(stored.file.id)", .eTag: JSON.etag(stored.currentRevision)])
    }

    api.get("/cases/:id") { request, context in
        let id = try context.parameters.require("id")
        let revision = try Params.int(request, "revision")
        let stored = try await store.get(id, revision: revision)
        return JSON.response(JSON.stored(stored), headers: [.eTag: JSON.etag(stored.revision.number)])
    }

    api.put("/cases/:id") { request, context in
        let id = try context.parameters.require("id")
        let base = try Params.requiredBaseRevision(request, current: try await store.get(id).currentRevision)
        let file = try await CaseBody.read(request, context: context)
        guard file.id == id else { throw CaseStoreError.idMismatch(expected: id, found: file.id) }
        let stored = try await store.update(file, basedOn: base, change: Author.change(request, default: ""))
        return JSON.response(JSON.stored(stored), headers: [.eTag: JSON.etag(stored.currentRevision)])
    }

    api.delete("/cases/:id") { request, context in
        let id = try context.parameters.require("id")
        try await store.delete(id, change: Author.change(request, default: "deleted"))
        return Response(status: .noContent)
    }

    api.post("/cases/:id/restore") { request, context in
        let id = try context.parameters.require("id")
        // Undoing a delete brings back the revision the client saw deleted, and nothing newer.
        let deleted = try await store.get(id, revision: nil, includeDeleted: true)
        guard deleted.deletedAt != nil else { throw CaseStoreError.notFound(id: id) }
        let base = try Params.requiredBaseRevision(request, current: deleted.currentRevision)
        guard base == deleted.currentRevision else { throw CaseStoreError.staleWrite(id: id, current: deleted.currentRevision) }
        let stored = try await store.undelete(id, change: Author.change(request, default: "undeleted"))
        return JSON.response(JSON.stored(stored), headers: [.eTag: JSON.etag(stored.currentRevision)])
    }

    api.post("/cases/:id/revisions/:revision/restore") { request, context in
        let id = try context.parameters.require("id")
        let revision = try Params.int(try context.parameters.require("revision"), "revision")
        let current = try await store.get(id).currentRevision
        let stored = try await store.restore(id, revision: revision, basedOn: try Params.requiredBaseRevision(request, current: current),
                                             change: Author.change(request, default: "restored revision \(revision)"))
        return JSON.response(JSON.stored(stored), status: .created, headers: [.eTag: JSON.etag(stored.currentRevision)])
    }

    api.get("/cases/:id/history") { _, context in
        let id = try context.parameters.require("id")
        let history = try await store.history(id)
        return JSON.response(.object([.init("id", .string(id)), .init("revisions", .array(history.map(JSON.revision)))]))
    }

    api.get("/cases/:id/diff") { request, context in
        let id = try context.parameters.require("id")
        guard let from = try Params.int(request, "from"), let to = try Params.int(request, "to") else {
            throw APIError(.badRequest, "give both ?from= and ?to= revision numbers")
        }
        let changes = try await store.diff(id, from: from, to: to)
        return JSON.response(.object([
            .init("id", .string(id)), .init("from", .int(from)), .init("to", .int(to)),
            .init("changes", .array(changes.map { change in
                .object([.init("path", .string(change.path)), .init("old", change.old ?? .null), .init("new", change.new ?? .null)])
            })),
        ]))
    }

    api.get("/cases/:id/assessment") { request, context in
        let id = try context.parameters.require("id")
        let asOf = try Params.date(request, "asOf") ?? deps.today()
        let stored = try await store.get(id, revision: try Params.int(request, "revision"))
        return JSON.response(Assessor.assess(stored.file, asOf: asOf).json)
    }

    api.get("/cases/:id/deadlines") { request, context in
        let id = try context.parameters.require("id")
        let asOf = try Params.date(request, "asOf") ?? deps.today()
        let stored = try await store.get(id)
        return JSON.response(ProcedureTracker.status(of: stored.file, asOf: asOf).json)
    }

    // One page of cases, earliest deadline first, with the list's filters (`overdue=true`,
    // `state`, …): after a mass arrest there can be thousands, too many for one response.
    api.get("/deadlines") { request, _ in
        let asOf = try Params.date(request, "asOf") ?? deps.today()
        var query = try CaseListQuery.parse(request.uri.queryParameters, today: asOf)
        if request.uri.queryParameters.get("sort") == nil { query.sort = .nextDue }
        let page = try await store.search(query)
        var statuses: [ProcedureStatus] = []
        for item in page.items { statuses.append(ProcedureTracker.status(of: try await store.get(item.id).file, asOf: asOf)) }
        guard case .object(var members) = ProcedureReport.json(statuses, asOf: asOf) else { preconditionFailure("a report is an object") }
        members += [.init("total", .int(page.total)), .init("page", .int(page.page)), .init("perPage", .int(page.perPage))]
        return JSON.response(.object(members))
    }

    api.get("/cases/:id/drafts/:file") { request, context in
        let id = try context.parameters.require("id")
        let name = try context.parameters.require("file")
        guard let dot = name.lastIndex(of: "."), let kind = DocumentKind(rawValue: String(name[..<dot])),
              let format = DraftFormat(rawValue: String(name[name.index(after: dot)...])) else {
            throw APIError(.notFound, "no such draft: use {kind}.{format} with kind in \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")) and format in \(DraftFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let asOf = try Params.date(request, "asOf") ?? deps.today()
        let stored = try await store.get(id)
        let redact = try Params.flag(request, "redact") ?? false
        let precedents = kind == .petition ? PetitionPrecedents.citations(for: stored.file, asOf: asOf) : []
        let data = try Drafter().draft(kind, for: stored.file, asOf: asOf, format: format, redact: redact, precedents: precedents)
        let types: [DraftFormat: String] = [
            .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            .html: "text/html; charset=utf-8",
            .md: "text/markdown; charset=utf-8",
        ]
        return Response(status: .ok, headers: [
            .contentType: types[format] ?? "application/octet-stream",
            .contentDisposition: "attachment; filename=\"\(id)\(redact ? "-redacted" : "")-\(kind.rawValue).\(format.fileExtension)\"",
            // Says so to scripts as the document says so to readers.
            .init("X-Habeas-Redacted")!: redact ? "true" : "false",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // The same reader and importer as `habeas import` and the web's import page. The body
    // streams in up to the archive limit (413 beyond it); the report says what was written.
    api.post("/import") { request, context in
        guard request.headers[.contentType] != nil else { throw APIContentTypeMiddleware.unsupported }
        do {
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: CaseArchive.maxArchiveBytes)
            } catch {
                throw StoreError.tooLarge(limit: CaseArchive.maxArchiveBytes)
            }
            guard buffer.readableBytes > 0 else { throw APIError(.badRequest, "send a case file or an export bundle as the body") }
            let items = try CaseArchive.items(from: buffer.readableBytesView, name: "body")
            let report = try await store.importItems(items, importer: Author.change(request, default: "imported"), batchSize: 500)
            let status: HTTPResponse.Status = !report.conflicts.isEmpty ? .conflict : report.imported.isEmpty ? .ok : .created
            return JSON.response(ArchiveJSON.report(report), status: status)
        } catch {
            throw ArchiveJSON.apiError(error)
        }
    }

    api.get("/export") { _, _ in
        let records = try await store.exportAll()
        return Response(status: .ok, headers: [
            .contentType: "application/json; charset=utf-8",
            .contentDisposition: "attachment; filename=\"habeas-export.json\"",
        ], body: .init(byteBuffer: ByteBuffer(string: ValueWriter.json(CaseArchive.bundle(records)))))
    }

    // Purge for good: only a deleted case, and only with the id repeated as confirmation.
    api.post("/cases/:id/purge") { request, context in
        let id = try context.parameters.require("id")
        guard request.uri.queryParameters.get("confirm").map({ String($0) }) == id else {
            throw APIError(.badRequest, "purging removes the case and its history for good: confirm with ?confirm=<the case id>")
        }
        do {
            try await store.purge(id, change: Author.change(request, default: "purged"))
        } catch {
            throw ArchiveJSON.apiError(error)
        }
        return Response(status: .noContent)
    }
}

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

/// Query parameters of `GET /cases`.
enum CaseListQuery {
    static func parse(_ params: Hummingbird.Parameters, today: CaseDate) throws -> CaseQuery {
        var query = CaseQuery(text: params.get("q"), today: today)
        func text(_ key: String) -> String? { params.get(key).flatMap { $0.isEmpty ? nil : String($0) } }
        query.state = text("state")
        if let category = text("category") {
            guard let parsed = Category(rawValue: category.uppercased()) else { throw APIError(.badRequest, "category is one of I, II, III, IV, V") }
            query.category = parsed
        }
        if let stage = text("stage") {
            guard let parsed = ProcedureStage(rawValue: stage) else {
                throw APIError(.badRequest, "stage is one of \(ProcedureStage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.stage = parsed
        }
        if let profile = text("profile") {
            guard let parsed = Profile(rawValue: profile) else { throw APIError(.badRequest, "unknown profile") }
            query.profile = parsed
        }
        if let overdue = text("overdue") {
            guard let flag = Bool(overdue) else { throw APIError(.badRequest, "overdue is true or false") }
            query.overdue = flag
        }
        if let deleted = text("deleted") {
            guard let flag = Bool(deleted) else { throw APIError(.badRequest, "deleted is true or false") }
            query.onlyDeleted = flag
        }
        if let sort = text("sort") {
            guard let parsed = CaseQuery.Sort(rawValue: sort) else {
                throw APIError(.badRequest, "sort is one of \(CaseQuery.Sort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.sort = parsed
        }
        if let page = text("page") { query.page = try Params.int(page, "page", in: 1...Params.maxPage) }
        if let perPage = text("perPage") { query.perPage = try Params.int(perPage, "perPage", in: 1...CaseQuery.maxPerPage) }
        if let asOf = text("asOf") {
            guard asOf.utf8.count <= 10, let date = try? CaseDate(parsing: asOf), !date.hasTime else {
                throw APIError(.badRequest, "asOf is a date, YYYY-MM-DD, in the years \(CaseLimits.years.lowerBound)–\(CaseLimits.years.upperBound)")
            }
            query.today = date
        }
        return query
    }
}

/// Who made a change: the server says, never the client. Until accounts exist every API write
/// is recorded as `api` (as the web's are as `web`); a client's `X-Habeas-Author` is ignored.
/// The note is the client's description of the change, bounded.
enum Author {
    static let api = "api"

    static func change(_ request: Request, default note: String) -> Change {
        let noteHeader: String? = request.headers[.init("X-Habeas-Note")!]
        let noteQuery: String? = request.uri.queryParameters.get("note").map { String($0) }
        let given = (noteHeader ?? noteQuery).map { String(Array($0).prefix(2000)) }
        return Change(author: api, note: given ?? note)
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
