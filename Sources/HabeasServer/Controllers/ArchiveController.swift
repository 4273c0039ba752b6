import Foundation
import HabeasCore
import HabeasStore
import Hummingbird

/// The one import of the server: bytes (a case file, a case's history or an export bundle) read
/// by `CaseArchive` and written by the store in all-or-nothing batches. The web's import page and
/// `POST /api/v1/import` both call it; `habeas import` does the same two steps from its paths
/// (`CaseArchive.read(paths:)`, then `importItems`).
/// Import and export: the web's pages and the API's bundle routes, and purging for good.
struct ArchiveController: PageController {
    let deps: AppDependencies
    let renderer: PageRenderer

    func register(web: RouterGroup<AppRequestContext>) {
        web.get(Route.importCases.routerPath, use: importForm)
        web.post(Route.importCases.routerPath, use: importCases)
        web.get(Route.export.routerPath, use: exportPage)
    }

    static func register(api: RouterGroup<AppRequestContext>, deps: AppDependencies) {
        let store = deps.store
        api.on(.importArchive) { request, _ in try await importAPI(request, store: store) }
        api.on(.exportArchive) { _, _ in try await exportAPI(store: store) }
        api.on(.purgeCase) { request, context in try await purgeAPI(request, context: context, store: store) }
    }

    // MARK: Web

    @Sendable func importForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try renderer.render(ImportExport.importModel(), title: Interface.localizer.text("import.title"), request: request, section: .importExport)
    }

    @Sendable func importCases(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await ImportExport.readForm(request)
        try renderer.csrf.check(form, request)
        var results: [ImportExport.Result] = []
        for file in form.files {
            results += await ImportExport.importBytes(file.data, name: file.filename.isEmpty ? "upload" : file.filename, store: store)
        }
        let pasted = form["text"]
        if !pasted.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            results += await ImportExport.importBytes(Array(pasted.replacingOccurrences(of: "\r\n", with: "\n").utf8), name: "pasted text", store: store)
        }
        if results.isEmpty {
            results.append(.init(name: Interface.localizer.text("import.nothingSent"), ok: false, message: Interface.localizer.text("import.chooseFiles"), errors: []))
        }
        let failed = results.contains { !$0.ok }
        // Keep the pasted text only when it failed, so it can be corrected.
        let model = ImportExport.importModel(pasted: failed ? pasted : "", results: results)
        return try renderer.render(model, title: Interface.localizer.text("import.title"), request: request, section: .importExport, status: failed ? .unprocessableContent : .ok)
    }

    @Sendable func exportPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        var query = CaseQuery(today: deps.today())
        query.sort = .title
        query.perPage = CaseQuery.maxPerPage
        var cases: [ImportExport.CaseLink] = []
        var total = 0
        while true {
            let page = try await store.visibleSearch(query)
            total = page.total
            cases += page.items.map { .init(label: $0.title, href: Route.caseDownload($0.id).path) }
            if query.page * query.perPage >= page.total || page.items.isEmpty { break }
            query.page += 1
        }
        let model = ImportExport.ExportModel(bundleHref: Route.apiExport.path, cases: cases, total: total, allHTML: ImportExport.allHTML(total: total))
        return try renderer.render(model, title: Interface.localizer.text("export.title"), request: request, section: .importExport)
    }

    // MARK: API

    /// The body streams in up to the archive limit (413 beyond it); the report says what was written.
    static func importAPI(_ request: Request, store: any CaseStore) async throws -> Response {
        guard request.headers[.contentType] != nil else { throw APIContentTypeMiddleware.unsupported }
        do {
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: CaseArchive.maxArchiveBytes)
            } catch {
                throw StoreError.tooLarge(limit: CaseArchive.maxArchiveBytes)
            }
            guard buffer.readableBytes > 0 else { throw APIError(.badRequest, "send a case file or an export bundle as the body") }
            let report = try await store.importArchive(buffer.readableBytesView, name: "body",
                                                  importer: Author.change(request, default: "imported"))
            let status: HTTPResponse.Status = !report.conflicts.isEmpty ? .conflict : report.imported.isEmpty ? .ok : .created
            return JSON.response(ArchiveJSON.report(report), status: status)
        } catch {
            throw ArchiveJSON.apiError(error)
        }
    }

    static func exportAPI(store: any CaseStore) async throws -> Response {
        let records = try await store.exportAll()
        try await store.audit(.export, "archive of \(records.count) cases")
        return Response(status: .ok, headers: [
            .contentType: "application/json; charset=utf-8",
            .contentDisposition: "attachment; filename=\"habeas-export.json\"",
        ], body: .init(byteBuffer: ByteBuffer(string: ValueWriter.json(CaseArchive.bundle(records)))))
    }

    /// Purge for good: only a deleted case, and only with the id repeated as confirmation.
    static func purgeAPI(_ request: Request, context: AppRequestContext, store: any CaseStore) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try Params.text(request, "confirm") == id else {
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
