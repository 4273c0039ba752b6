import Foundation
import HabeasCore
import HabeasDocuments
import HabeasJurisprudence
import HabeasStore
import Hummingbird

/// The JSON API of cases under /api/v1: CRUD with revisions, history, assessment, deadlines and
/// drafts. Handlers parse, call the store or the core, and present.
struct CasesAPIController: Sendable {
    let deps: AppDependencies
    var store: any CaseStore { deps.store }

    func register(on api: RouterGroup<AppRequestContext>) {
        api.on(.listCases, use: list)
        api.on(.createCase, use: create)
        api.on(.getCase, use: get)
        api.on(.updateCase, use: update)
        api.on(.deleteCase, use: delete)
        api.on(.undeleteCase, use: undelete)
        api.on(.restoreRevision, use: restoreRevision)
        api.on(.history, use: history)
        api.on(.diff, use: diff)
        api.on(.assessment, use: assessment)
        api.on(.timeline, use: timeline)
        api.on(.caseDeadlines, use: caseDeadlines)
        api.on(.deadlines, use: deadlines)
        api.on(.draft, use: draft)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await store.visibleSearch(try CaseListQuery.parse(request.uri.queryParameters, today: deps.today()))
        return JSON.response(.object([
            .init("items", .array(page.items.map(JSON.summary))),
            .init("total", .int(page.total)),
            .init("page", .int(page.page)),
            .init("perPage", .int(page.perPage)),
        ]))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let file = try await CaseBody.read(request, context: context)
        try CaseOwnership.checkCanCreate()
        let stored = try await store.create(file, change: Author.change(request, default: "created"))
        try await CaseOwnership.giveCreatorsTeams(stored.file.id, accounts: deps.store)
        return JSON.response(JSON.stored(stored), status: .created,
                             headers: [.location: Route.apiCase(stored.file.id).path, .eTag: JSON.etag(stored.currentRevision)])
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await store.get(try context.parameters.require("id"), revision: try Params.int(request, "revision"))
        return JSON.response(JSON.stored(stored), headers: [.eTag: JSON.etag(stored.revision.number)])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let base = try Params.requiredBaseRevision(request, current: try await store.get(id).currentRevision)
        let file = try await CaseBody.read(request, context: context)
        guard file.id == id else { throw CaseStoreError.idMismatch(expected: id, found: file.id) }
        let stored = try await store.update(file, basedOn: base, change: Author.change(request, default: ""))
        return JSON.response(JSON.stored(stored), headers: [.eTag: JSON.etag(stored.currentRevision)])
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await store.delete(try context.parameters.require("id"), change: Author.change(request, default: "deleted"))
        return Response(status: .noContent)
    }

    /// Undoing a delete brings back the revision the client saw deleted, and nothing newer.
    @Sendable func undelete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let deleted = try await store.get(id, revision: nil, includeDeleted: true)
        guard deleted.deletedAt != nil else { throw CaseStoreError.notFound(id: id) }
        let base = try Params.requiredBaseRevision(request, current: deleted.currentRevision)
        guard base == deleted.currentRevision else { throw CaseStoreError.staleWrite(id: id, current: deleted.currentRevision) }
        let stored = try await store.undelete(id, change: Author.change(request, default: "undeleted"))
        return JSON.response(JSON.stored(stored), headers: [.eTag: JSON.etag(stored.currentRevision)])
    }

    @Sendable func restoreRevision(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let revision = try Params.int(try context.parameters.require("revision"), "revision")
        let current = try await store.get(id).currentRevision
        let stored = try await store.restore(id, revision: revision, basedOn: try Params.requiredBaseRevision(request, current: current),
                                             change: Author.change(request, default: "restored revision \(revision)"))
        return JSON.response(JSON.stored(stored), status: .created, headers: [.eTag: JSON.etag(stored.currentRevision)])
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let history = try await store.history(id)
        return JSON.response(.object([.init("id", .string(id)), .init("revisions", .array(history.map(JSON.revision)))]))
    }

    @Sendable func diff(_ request: Request, context: AppRequestContext) async throws -> Response {
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

    @Sendable func assessment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let asOf = try Params.date(request, "asOf") ?? deps.today()
        let stored = try await store.get(id, revision: try Params.int(request, "revision"))
        return JSON.response(Assessor.assess(stored.file, asOf: asOf).json)
    }

    /// What `habeas timeline --json` prints.
    @Sendable func timeline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let asOf = try Params.date(request, "asOf") ?? deps.today()
        let file = try await store.get(try context.parameters.require("id"), revision: try Params.int(request, "revision")).file
        return JSON.response(TimelineReport.json(file, Timeline.derive(file, asOf: asOf)))
    }

    @Sendable func caseDeadlines(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let asOf = try Params.date(request, "asOf") ?? deps.today()
        return JSON.response(ProcedureTracker.status(of: try await store.get(id).file, asOf: asOf).json)
    }

    /// One page of cases, earliest deadline first, with the list's filters (`overdue=true`,
    /// `state`, …): after a mass arrest there can be thousands, too many for one response.
    @Sendable func deadlines(_ request: Request, context: AppRequestContext) async throws -> Response {
        let asOf = try Params.date(request, "asOf") ?? deps.today()
        var query = try CaseListQuery.parse(request.uri.queryParameters, today: asOf)
        if try Params.text(request, "sort") == nil { query.sort = .nextDue }
        let page = try await store.visibleSearch(query)
        var statuses: [ProcedureStatus] = []
        for item in page.items {
            // `deleted=true` lists deleted cases: their bodies are read as such, not as a 404.
            let file = try await store.get(item.id, revision: nil, includeDeleted: query.onlyDeleted).file
            statuses.append(ProcedureTracker.status(of: file, asOf: asOf))
        }
        guard case .object(var members) = ProcedureReport.json(statuses, asOf: asOf) else { preconditionFailure("a report is an object") }
        members += [.init("total", .int(page.total)), .init("page", .int(page.page)), .init("perPage", .int(page.perPage))]
        return JSON.response(.object(members))
    }

    static func contentType(_ format: DraftFormat) -> String {
        switch format {
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .html: "text/html; charset=utf-8"
        case .md: "text/markdown; charset=utf-8"
        }
    }

    @Sendable func draft(_ request: Request, context: AppRequestContext) async throws -> Response {
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
        let language = try Params.language(request)
        let data = try deps.drafter().draft(kind, for: stored.file, asOf: asOf, format: format, redact: redact, precedents: precedents, language: language)
        try await store.audit(redact ? .redactedExport : .draft, case: id, name)
        return Response(status: .ok, headers: [
            .contentType: Self.contentType(format),
            // A redacted draft is meant to leave the team: its name carries no id (ids carry names).
            .contentDisposition: "attachment; filename=\"\(redact ? "redacted" : id)-\(kind.rawValue)\(language == .en ? "" : "-" + language.rawValue).\(format.fileExtension)\"",
            .contentLanguage: language.tag,
            // Says so to scripts as the document says so to readers.
            .init("X-Habeas-Redacted")!: redact ? "true" : "false",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
