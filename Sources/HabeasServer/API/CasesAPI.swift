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
        guard let base = try Params.baseRevision(request) else {
            throw APIError(.init(code: 428), "name the revision this write is based on: If-Match: \"N\" or ?baseRevision=N",
                           extra: [.init("currentRevision", .int(try await store.get(id).currentRevision))])
        }
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
        let stored = try await store.undelete(id, change: Author.change(request, default: "undeleted"))
        return JSON.response(JSON.stored(stored), headers: [.eTag: JSON.etag(stored.currentRevision)])
    }

    api.post("/cases/:id/revisions/:revision/restore") { request, context in
        let id = try context.parameters.require("id")
        guard let revision = context.parameters.get("revision", as: Int.self) else { throw APIError(.badRequest, "revision must be a number") }
        let stored = try await store.restore(id, revision: revision, basedOn: try Params.baseRevision(request),
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
        let precedents = kind == .petition ? PetitionPrecedents.citations(for: stored.file, asOf: asOf) : []
        let data = try Drafter().draft(kind, for: stored.file, asOf: asOf, format: format,
                                       redact: request.uri.queryParameters.get("redact") == "true", precedents: precedents)
        let types: [DraftFormat: String] = [
            .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            .html: "text/html; charset=utf-8",
            .md: "text/markdown; charset=utf-8",
        ]
        return Response(status: .ok, headers: [
            .contentType: types[format] ?? "application/octet-stream",
            .contentDisposition: "attachment; filename=\"\(id)-\(kind.rawValue).\(format.fileExtension)\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    api.post("/import") { request, context in
        // A case file (new case) or an export bundle (cases with their history).
        let text = try await CaseBody.text(request, context: context)
        var imported: [String] = []
        if text.contains(CaseArchive.bundleFormat), let value = try? ValueJSON.parse(text), value["format"] == .string(CaseArchive.bundleFormat) {
            let records: [CaseRecord]
            do { records = try CaseArchive.records(fromBundle: value) } catch { throw APIError(.badRequest, "the export bundle is not valid") }
            for record in records {
                try await store.importRecord(record)
                imported.append(record.id)
            }
        } else {
            let file = try CaseFile.load(text: text, file: nil)
            _ = try await store.create(file, change: Author.change(request, default: "imported"))
            imported.append(file.id)
        }
        return JSON.response(.object([.init("imported", .array(imported.map(Value.string)))]), status: .created)
    }

    api.get("/export") { _, _ in
        let records = try await store.exportAll()
        return Response(status: .ok, headers: [
            .contentType: "application/json; charset=utf-8",
            .contentDisposition: "attachment; filename=\"habeas-export.json\"",
        ], body: .init(byteBuffer: ByteBuffer(string: ValueWriter.json(CaseArchive.bundle(records)))))
    }
}

/// Query parameters of `GET /cases`.
enum CaseListQuery {
    static func parse(_ params: Hummingbird.Parameters, today: CaseDate) throws -> CaseQuery {
        var query = CaseQuery(text: params.get("q"), today: today.description)
        func text(_ key: String) -> String? { params.get(key).flatMap { $0.isEmpty ? nil : String($0) } }
        query.state = text("state")
        if let category = text("category") {
            guard Category(rawValue: category.uppercased()) != nil else { throw APIError(.badRequest, "category is one of I, II, III, IV, V") }
            query.category = category.uppercased()
        }
        if let stage = text("stage") {
            guard ProcedureStage(rawValue: stage) != nil else {
                throw APIError(.badRequest, "stage is one of \(ProcedureStage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.stage = stage
        }
        if let profile = text("profile") {
            guard Profile(rawValue: profile) != nil else { throw APIError(.badRequest, "unknown profile") }
            query.profile = profile
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
        if let page = text("page") {
            guard let n = Int(page), n >= 1 else { throw APIError(.badRequest, "page is a number from 1") }
            query.page = n
        }
        if let perPage = text("perPage") {
            guard let n = Int(perPage), (1...CaseQuery.maxPerPage).contains(n) else {
                throw APIError(.badRequest, "perPage is a number from 1 to \(CaseQuery.maxPerPage)")
            }
            query.perPage = n
        }
        if let asOf = text("asOf") {
            guard let date = try? CaseDate(parsing: asOf), !date.hasTime else { throw APIError(.badRequest, "asOf is a date, YYYY-MM-DD") }
            query.today = date.description
        }
        return query
    }
}

enum Params {
    static func int(_ request: Request, _ key: String) throws -> Int? {
        guard let text = request.uri.queryParameters.get(key), !text.isEmpty else { return nil }
        guard let n = Int(text) else { throw APIError(.badRequest, "\(key) must be a number") }
        return n
    }

    static func date(_ request: Request, _ key: String) throws -> CaseDate? {
        guard let text = request.uri.queryParameters.get(key), !text.isEmpty else { return nil }
        guard let date = try? CaseDate(parsing: text), !date.hasTime else { throw APIError(.badRequest, "\(key) must be a date, YYYY-MM-DD") }
        return date
    }

    /// `If-Match: "3"` (an ETag from GET) or `?baseRevision=3`.
    static func baseRevision(_ request: Request) throws -> Int? {
        if let header = request.headers[.ifMatch] {
            let trimmed = header.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            guard let n = Int(trimmed) else { throw APIError(.badRequest, "If-Match must be a revision number, e.g. \"3\"") }
            return n
        }
        return try int(request, "baseRevision")
    }
}

/// Who made a change. Until accounts exist, the client names itself (`X-Habeas-Author`).
enum Author {
    static func change(_ request: Request, default note: String) -> Change {
        let authorHeader: String? = request.headers[.init("X-Habeas-Author")!]
        let noteHeader: String? = request.headers[.init("X-Habeas-Note")!]
        let noteQuery: String? = request.uri.queryParameters.get("note").map { String($0) }
        let author = authorHeader.map { String(Array($0).prefix(100)) } ?? "anonymous"
        let given = (noteHeader ?? noteQuery).map { String(Array($0).prefix(2000)) }
        return Change(author: author, note: given ?? note)
    }
}

enum CaseBody {
    static let limit = 5 * 1024 * 1024

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
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes), !text.isEmpty else {
            throw APIError(.badRequest, "send a case file (YAML or JSON) as the body")
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
            .init("profiles", .array(item.profiles.map(Value.string))),
            .init("categories", .array(item.categories.map(Value.string))),
            .init("stage", .string(item.stage)),
            .init("nextDue", item.nextDue.map(Value.string) ?? .null),
            .init("overdue", .bool(item.overdue)),
            .init("revision", .int(item.revision)),
            .init("updatedAt", time(item.updatedAt)),
            .init("deletedAt", item.deletedAt.map(time) ?? .null),
            .init("firstArrest", item.firstArrest.map(Value.string) ?? .null),
        ])
    }
}
