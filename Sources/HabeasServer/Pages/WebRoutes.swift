import Foundation
import HabeasCore
import HabeasStore
import Hummingbird

/// The web application: server-rendered pages that work without JavaScript. Handlers parse,
/// call the store and the core, build the page model and render it.
enum WebRoutes {
    /// Recorded as the author of changes made in the browser (there are no accounts yet).
    static let author = "web"
}

/// Registers every HTML page. Called once from `buildRouter`.
func addWebRoutes(to router: Router<AppRequestContext>, dependencies deps: AppDependencies) {
    let assets: WebAssets
    do {
        assets = try WebAssets.load()
    } catch {
        // A broken bundle is a build defect; the API keeps working and the pages say so.
        deps.logger.critical("web templates could not be loaded", metadata: ["error_type": "\(type(of: error))"])
        router.get("/") { _, _ in Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                                           body: .init(byteBuffer: ByteBuffer(string: "The web pages are missing from this build.\n"))) }
        return
    }
    let renderer = PageRenderer(assets: assets, secret: deps.secret)
    let store = deps.store
    let web = router.group().add(middleware: WebErrorMiddleware(renderer: renderer))

    web.get(RouterPath(WebRoute.stylesheet.path)) { _, _ in
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                 body: .init(byteBuffer: ByteBuffer(string: assets.stylesheet)))
    }
    web.get(RouterPath(WebRoute.script.path)) { _, _ in
        Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=300"],
                 body: .init(byteBuffer: ByteBuffer(string: assets.script)))
    }

    addJurisprudenceRoutes(to: web, renderer: renderer)

    web.get(RouterPath(WebRoute.dashboard.path)) { request, _ in
        let asOf = WebDates.asOf(request, today: deps.today())
        let model = try await Dashboard.build(store: store, asOf: asOf)
        return renderer.render("dashboard", title: "Dashboard", page: model, csrf: renderer.csrf.token(for: request), section: .dashboard)
    }

    web.get(RouterPath(WebRoute.caseList.path)) { request, _ in
        let (query, ignored) = CaseList.query(request.uri.queryParameters, today: deps.today())
        let page = try await store.search(query)
        let model = CaseList.build(query, ignored: ignored, page: page, states: try await store.facets(includeDeleted: false).states.map(\.value))
        return renderer.render("cases", title: "Cases", page: model, csrf: renderer.csrf.token(for: request), section: .cases)
    }

    // MARK: New case (form)

    web.get(RouterPath(WebRoute.caseNew.path)) { request, _ in
        let model = CaseForm.model(CaseForm.Input(), errors: [:], general: [], isNew: true)
        return renderer.render("case-form", title: "New case", page: model, csrf: renderer.csrf.token(for: request), section: .new)
    }
    web.post(RouterPath(WebRoute.caseNew.path)) { request, context in
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        let input = CaseForm.Input(form: form)
        switch CaseForm.apply(input, to: nil) {
        case .success(var file):
            // What is entered now is what is known now: ongoing states run to this date (issue 12).
            if file.reportedAsOf == nil { file.reportedAsOf = deps.today() }
            do {
                _ = try await store.create(file, change: Change(author: WebRoutes.author, note: input.note.isEmpty ? "created" : input.note))
            } catch CaseStoreError.alreadyExists {
                let model = CaseForm.model(input, errors: ["id": ["A case with this id already exists: choose another."]], general: [], isNew: true)
                return renderer.render("case-form", title: "New case (not saved)", page: model, csrf: renderer.csrf.token(for: request), section: .new, status: .unprocessableContent)
            }
            return Response.redirect(to: WebRoute.caseShow(file.id).path, type: .normal)
        case .failure(let errors):
            let model = CaseForm.model(input, errors: errors.fields, general: errors.general, isNew: true)
            return renderer.render("case-form", title: "New case (not saved)", page: model, csrf: renderer.csrf.token(for: request), section: .new, status: .unprocessableContent)
        }
    }

    // MARK: Case page

    web.get(WebRoute.pattern(WebRoute.caseShow)) { request, context in
        let id = try context.parameters.require("id")
        let revision = try Params.int(request, "revision")
        let stored = try await store.get(id, revision: revision)
        let today = deps.today()
        let model = CaseShow.build(stored, asOf: WebDates.asOf(request, today: today), today: today)
        return renderer.render("case", title: stored.file.displayTitle, page: model, csrf: renderer.csrf.token(for: request), section: .cases)
    }

    web.get(WebRoute.pattern(WebRoute.caseDownload)) { _, context in
        let id = try context.parameters.require("id")
        let stored = try await store.get(id)
        return Response(status: .ok, headers: [
            .contentType: "application/yaml; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(stored.file.id).yaml\"",
        ], body: .init(byteBuffer: ByteBuffer(string: stored.file.yamlText())))
    }

    // MARK: Edit (form)

    web.get(WebRoute.pattern(WebRoute.caseEdit)) { request, context in
        let id = try context.parameters.require("id")
        let stored = try await store.get(id)
        return CaseItems.editPage(stored, general: [], renderer: renderer, request: request)
    }
    web.post(WebRoute.pattern(WebRoute.caseEdit)) { request, context in
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        var input = CaseForm.Input(form: form)
        input.id = id
        let stored = try await store.get(id)
        func again(_ errors: CaseForm.Errors, _ general: [String]) -> Response {
            let model = CaseForm.model(input, errors: errors, general: general, isNew: false, file: stored.file)
            return renderer.render("case-form", title: "Edit \(stored.file.displayTitle) (not saved)", page: model,
                                   csrf: renderer.csrf.token(for: request), section: .cases, status: .unprocessableContent)
        }
        guard let base = Int(input.baseRevision) else { return again([:], ["The form did not say which revision it started from. Reload the page."]) }
        switch CaseForm.apply(input, to: stored.file) {
        case .success(let file):
            do {
                _ = try await store.update(file, basedOn: base, change: Change(author: WebRoutes.author, note: input.note))
            } catch CaseStoreError.staleWrite(_, let current) {
                return again([:], [CaseForm.staleMessage(current)])
            }
            return Response.redirect(to: WebRoute.caseShow(id).path, type: .normal)
        case .failure(let errors):
            return again(errors.fields, errors.general)
        }
    }

    // MARK: Timeline events and allegations (forms)

    web.get(WebRoute.pattern(WebRoute.eventNew)) { request, context in
        let stored = try await store.get(try context.parameters.require("id"))
        let input = CaseItems.EventInput(type: request.uri.queryParameters.get("type").map { String($0) } ?? "",
                                         baseRevision: String(stored.currentRevision))
        return renderer.render("event-form", title: "Add an event to \(stored.file.displayTitle)", page: CaseItems.eventModel(input, file: stored.file),
                               csrf: renderer.csrf.token(for: request), section: .cases)
    }
    web.post(WebRoute.pattern(WebRoute.eventNew)) { request, context in
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        let input = CaseItems.EventInput(form: form)
        let stored = try await store.get(id)
        func again(_ errors: CaseForm.Errors, _ general: [String]) -> Response {
            renderer.render("event-form", title: "Add an event to \(stored.file.displayTitle) (not saved)",
                            page: CaseItems.eventModel(input, file: stored.file, errors: errors, general: general),
                            csrf: renderer.csrf.token(for: request), section: .cases, status: .unprocessableContent)
        }
        guard let base = Int(input.baseRevision) else { return again([:], ["The form did not say which revision it started from. Reload the page."]) }
        switch CaseItems.addEvent(input, to: stored.file) {
        case .success(let file):
            do {
                _ = try await store.update(file, basedOn: base, change: Change(author: WebRoutes.author, note: input.note.isEmpty ? "added a \(input.type) event" : input.note))
            } catch CaseStoreError.staleWrite(_, let current) {
                return again([:], [CaseForm.staleMessage(current)])
            }
            return Response.redirect(to: WebRoute.caseShow(id).path, type: .normal)
        case .failure(let errors):
            return again(errors.fields, errors.general)
        }
    }

    web.get(WebRoute.pattern(WebRoute.allegationNew)) { request, context in
        let stored = try await store.get(try context.parameters.require("id"))
        let model = CaseItems.allegationModel(CaseItems.AllegationInput(baseRevision: String(stored.currentRevision)), file: stored.file)
        return renderer.render("allegation-form", title: "Add an allegation to \(stored.file.displayTitle)", page: model,
                               csrf: renderer.csrf.token(for: request), section: .cases)
    }
    web.post(WebRoute.pattern(WebRoute.allegationNew)) { request, context in
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        let input = CaseItems.AllegationInput(form: form)
        let stored = try await store.get(id)
        func again(_ errors: CaseForm.Errors, _ general: [String]) -> Response {
            renderer.render("allegation-form", title: "Add an allegation to \(stored.file.displayTitle) (not saved)",
                            page: CaseItems.allegationModel(input, file: stored.file, errors: errors, general: general),
                            csrf: renderer.csrf.token(for: request), section: .cases, status: .unprocessableContent)
        }
        guard let base = Int(input.baseRevision) else { return again([:], ["The form did not say which revision it started from. Reload the page."]) }
        switch CaseItems.addAllegation(input, to: stored.file) {
        case .success(let file):
            do {
                _ = try await store.update(file, basedOn: base, change: Change(author: WebRoutes.author, note: input.note.isEmpty ? "added the allegation \(input.type)" : input.note))
            } catch CaseStoreError.staleWrite(_, let current) {
                return again([:], [CaseForm.staleMessage(current)])
            }
            return Response.redirect(to: WebRoute.caseShow(id).path, type: .normal)
        case .failure(let errors):
            return again(errors.fields, errors.general)
        }
    }

    web.post(WebRoute.eventRemovePattern) { request, context in
        try await CaseItems.remove(request, context: context, store: store, renderer: renderer, what: "timeline event") { file, index in
            guard file.timeline.indices.contains(index) else { return false }
            file.timeline.remove(at: index)
            return true
        }
    }
    web.post(WebRoute.allegationRemovePattern) { request, context in
        try await CaseItems.remove(request, context: context, store: store, renderer: renderer, what: "allegation") { file, index in
            guard file.allegations.indices.contains(index) else { return false }
            file.allegations.remove(at: index)
            return true
        }
    }

    // MARK: Edit (YAML)

    web.get(WebRoute.pattern(WebRoute.caseYAML)) { request, context in
        let id = try context.parameters.require("id")
        let stored = try await store.get(id)
        let model = CaseYAML.model(id: id, text: stored.file.yamlText(), baseRevision: String(stored.currentRevision), note: "")
        return renderer.render("case-yaml", title: "YAML of \(stored.file.displayTitle)", page: model, csrf: renderer.csrf.token(for: request), section: .cases)
    }
    web.post(WebRoute.pattern(WebRoute.caseYAML)) { request, context in
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        let stored = try await store.get(id)
        let text = form["yaml"].replacingOccurrences(of: "\r\n", with: "\n")
        let note = form["note"]
        func again(_ issues: [CaseIssue], conflict: Int? = nil) -> Response {
            let model = CaseYAML.model(id: id, text: text, baseRevision: form["baseRevision"], note: note, issues: issues, conflictWith: conflict)
            return renderer.render("case-yaml", title: "YAML of \(stored.file.displayTitle) (not saved)", page: model,
                                   csrf: renderer.csrf.token(for: request), section: .cases, status: .unprocessableContent)
        }
        guard let base = Int(form["baseRevision"]) else { return again([CaseIssue(line: nil, path: "", message: "the form did not say which revision it started from: reload the page")]) }
        switch CaseYAML.parse(text, id: id) {
        case .success(let file):
            do {
                _ = try await store.update(file, basedOn: base, change: Change(author: WebRoutes.author, note: note))
            } catch CaseStoreError.staleWrite(_, let current) {
                return again([], conflict: current)
            }
            return Response.redirect(to: WebRoute.caseShow(id).path, type: .normal)
        case .failure(let error):
            return again(error.issues)
        }
    }

    // MARK: History

    web.get(WebRoute.pattern(WebRoute.caseHistory)) { request, context in
        let id = try context.parameters.require("id")
        let stored = try await store.get(id)
        let history = try await store.history(id)
        let params = request.uri.queryParameters
        var from = try Params.int(request, "from")
        var to = try Params.int(request, "to")
        if from == nil, to == nil, stored.currentRevision > 1 {
            from = stored.currentRevision - 1
            to = stored.currentRevision
        }
        var changes: [FieldChange] = []
        if let f = from, let t = to { changes = try await store.diff(id, from: f, to: t) }
        let model = CaseHistory.build(id: id, heading: stored.file.displayTitle, history: history, from: from, to: to, changes: changes)
        return renderer.render("history", title: "History of \(stored.file.displayTitle)", page: model, csrf: renderer.csrf.token(for: request), section: .cases)
    }
    web.post(WebRoute.restorePattern) { request, context in
        let id = try context.parameters.require("id")
        let revision = try Params.int(try context.parameters.require("revision"), "revision")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        guard let base = Int(form["baseRevision"]) else { throw WebError.badRequest("The form did not say which revision it started from. Reload the page and try again; nothing was restored.") }
        _ = try await store.restore(id, revision: revision, basedOn: base,
                                    change: Change(author: WebRoutes.author, note: "restored revision \(revision)"))
        return Response.redirect(to: WebRoute.caseHistory(id).path, type: .normal)
    }

    // MARK: Delete and restore (soft)

    web.get(WebRoute.pattern(WebRoute.caseDelete)) { request, context in
        let stored = try await store.get(try context.parameters.require("id"))
        return renderer.render("case-delete", title: "Delete \(stored.file.displayTitle)?", page: CaseDelete.confirm(stored),
                               csrf: renderer.csrf.token(for: request), section: .cases)
    }
    web.post(WebRoute.pattern(WebRoute.caseDelete)) { request, context in
        let id = try context.parameters.require("id")
        try renderer.csrf.check(try await FormData.read(request, context: context), request)
        try await store.delete(id, change: Change(author: WebRoutes.author, note: "deleted"))
        return Response.redirect(to: WebRoute.deletedCases.with([("deleted", id)]), type: .normal)
    }
    web.post(WebRoute.pattern(WebRoute.caseUndelete)) { request, context in
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        let deleted = try await store.get(id, revision: nil, includeDeleted: true)
        guard deleted.deletedAt != nil else { throw CaseStoreError.notFound(id: id) }
        guard Int(form["baseRevision"]) == deleted.currentRevision else { throw CaseStoreError.staleWrite(id: id, current: deleted.currentRevision) }
        _ = try await store.undelete(id, change: Change(author: WebRoutes.author, note: "restored"))
        return Response.redirect(to: WebRoute.caseShow(id).path, type: .normal)
    }
    web.get(RouterPath(WebRoute.deletedCases.path)) { request, _ in
        let params = request.uri.queryParameters
        let page = try await store.search(CaseDelete.query(page: try Params.int(request, "page", in: 1...Params.maxPage) ?? 1, today: deps.today()))
        let model = CaseDelete.list(page, justDeleted: params.get("deleted").map { String($0) })
        return renderer.render("deleted", title: "Deleted cases", page: model, csrf: renderer.csrf.token(for: request), section: .cases)
    }

    // MARK: Import and export

    web.get(RouterPath(WebRoute.importCases.path)) { request, _ in
        renderer.render("import", title: "Import", page: ImportExport.importModel(), csrf: renderer.csrf.token(for: request), section: .importExport)
    }
    web.post(RouterPath(WebRoute.importCases.path)) { request, context in
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
            results.append(.init(name: "Nothing", ok: false, message: "Choose one or more files, or paste a case file.", errors: []))
        }
        let failed = results.contains { !$0.ok }
        // Keep the pasted text only when it failed, so it can be corrected.
        let model = ImportExport.importModel(pasted: failed ? pasted : "", results: results)
        return renderer.render("import", title: "Import", page: model, csrf: renderer.csrf.token(for: request), section: .importExport,
                               status: failed ? .unprocessableContent : .ok)
    }

    web.get(RouterPath(WebRoute.export.path)) { request, _ in
        var query = CaseQuery(today: deps.today())
        query.sort = .title
        query.perPage = CaseQuery.maxPerPage
        var cases: [ImportExport.CaseLink] = []
        var total = 0
        while true {
            let page = try await store.search(query)
            total = page.total
            cases += page.items.map { .init(label: $0.title, href: WebRoute.caseDownload($0.id).path) }
            if query.page * query.perPage >= page.total || page.items.isEmpty { break }
            query.page += 1
        }
        let model = ImportExport.ExportModel(bundleHref: "/api/v1/export", cases: cases, total: total)
        return renderer.render("export", title: "Export", page: model, csrf: renderer.csrf.token(for: request), section: .importExport)
    }

    // Last, after every route: see `UnmatchedPageMiddleware`.
    router.add(middleware: UnmatchedPageMiddleware(pages: WebErrorMiddleware(renderer: renderer)))
}
