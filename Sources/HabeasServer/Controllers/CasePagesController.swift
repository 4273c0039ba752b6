import HabeasCore
import HabeasDocuments
import HabeasFiles
import HabeasStore
import Hummingbird

/// The case pages: the list, a case, the new-case and edit forms, the YAML editor, the download,
/// and the soft delete with its undo.
struct CasePagesController: PageController {
    let deps: AppDependencies
    let renderer: PageRenderer

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.caseList.routerPath, use: list)
        web.get(Route.caseNew.routerPath, use: newForm)
        web.post(Route.caseNew.routerPath, use: create)
        web.get(Route.pattern(Route.caseShow), use: show)
        web.get(Route.pattern(Route.caseDownload), use: download)
        web.get(Route.pattern(Route.caseFiles), use: files)
        web.post(Route.pattern(Route.caseFiles), use: uploadFile)
        web.get(Route.pattern(Route.caseFile), use: file)
        web.get(Route.pattern(Route.caseFileView), use: viewFile)
        web.get(Route.pattern(Route.casePackage), use: package)
        web.get(Route.pattern(Route.caseEdit), use: editForm)
        web.post(Route.pattern(Route.caseEdit), use: edit)
        web.get(Route.pattern(Route.caseYAML), use: yamlForm)
        web.post(Route.pattern(Route.caseYAML), use: saveYAML)
        web.get(Route.pattern(Route.caseDelete), use: deleteForm)
        web.post(Route.pattern(Route.caseDelete), use: delete)
        web.post(Route.pattern(Route.caseUndelete), use: undelete)
        web.get(Route.deletedCases.routerPath, use: deleted)
    }

    @Sendable func files(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await filesPage(try context.parameters.require("id"), request: request)
    }

    func filesPage(_ id: String, request: Request, input: CaseFiles.Input = CaseFiles.Input(), errors: [String] = [],
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let stored = try await store.get(id)
        let model = CaseFiles.build(heading: stored.file.displayTitle, caseID: id,
                                    attachments: try await store.attachments(of: id, includeRemoved: true),
                                    evidence: stored.file.evidence.map { ($0.id, $0.title) }, canUpload: deps.files != nil,
                                    texts: try await store.extractedTextLengths(of: id), input: input, errors: errors)
        return try renderer.render(model, title: Interface.localizer.text("files.title", ["case": stored.file.displayTitle]), request: request, section: .cases, status: status)
    }

    /// The upload form: the file streams into the vault as it arrives; the form is checked
    /// (CSRF, title, evidence, date) before the file is kept, and on a refusal nothing is.
    @Sendable func uploadFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let vault = deps.files else { throw WebError.badRequest(Interface.localizer.text("files.noVault")) }
        let current = try await store.get(id)
        let (form, upload) = try await StreamedUpload.read(request, vault: vault) { early in try renderer.csrf.check(early, request) }
        do {
            try renderer.csrf.check(form, request)
        } catch {
            upload?.writer.abandon()
            throw error
        }
        let input = CaseFiles.Input(title: form["title"], evidence: form["evidence"], date: form["date"])
        var errors: [String] = []
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.append(Interface.localizer.text("files.error.title")) }
        let evidence = input.evidence.isEmpty ? nil : input.evidence
        if let evidence, !current.file.evidence.contains(where: { $0.id == evidence }) { errors.append(Interface.localizer.text("files.error.evidence")) }
        var date: CaseDate?
        if !input.date.trimmingCharacters(in: .whitespaces).isEmpty {
            if let parsed = try? CaseDate(parsing: input.date.trimmingCharacters(in: .whitespaces)), !parsed.hasTime,
               CaseLimits.years.contains(parsed.year) {
                date = parsed
            } else {
                errors.append(Interface.localizer.text("files.error.date"))
            }
        }
        guard let upload else { return try await filesPage(id, request: request, input: input, errors: errors + [Interface.localizer.text("files.error.file")], status: .unprocessableContent) }
        guard errors.isEmpty else {
            upload.writer.abandon()
            return try await filesPage(id, request: request, input: input, errors: errors, status: .unprocessableContent)
        }
        let stored: StoredFile
        do {
            stored = try upload.writer.finish()
        } catch let error as FileVault.VaultError {
            return try await filesPage(id, request: request, input: input, errors: [error.description], status: .unprocessableContent)
        }
        var detected = ContentSniffer.detect(head: upload.head)
        if detected == .zip { detected = (try? vault.withPlainFile(stored.sha256) { try ContentSniffer.detect(fileAt: $0) }) ?? .zip }
        _ = try await FileIntake(store: store, vault: vault).attach(
            NewAttachment(sha256: stored.sha256, size: stored.size, originalName: String(upload.filename.prefix(NewAttachment.maxName)),
                          declaredType: upload.declaredType, detectedType: detected.rawValue, title: title, date: date,
                          evidenceID: evidence, identifying: form["identifying"] == "true"),
            to: id, change: Change(author: WebAuthor.name, note: "attached \(title.prefix(80))"))
        return Response.redirect(to: Route.caseFiles(id).path, type: .normal)
    }

    /// A file of the case (images without their metadata), as the API sends it.
    @Sendable func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let vault = deps.files, let fileID = Int64(try context.parameters.require("file")),
              let attachment = try await store.attachments(of: id).first(where: { $0.id == fileID }) else { throw WebError.notFound }
        do {
            return try FilesAPIController.send(attachment, from: vault)
        } catch let error as FilesAPIController.FileNotSendable {
            throw WebError.badRequest(error.description)
        }
    }

    /// A PDF in the browser's own viewer: only a file whose bytes were detected as PDF (never
    /// HTML, SVG or anything a browser would run as a page), inline under the same sandbox CSP
    /// as every download (docs/files.md, "Viewing a PDF").
    @Sendable func viewFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let vault = deps.files, let fileID = Int64(try context.parameters.require("file")),
              let attachment = try await store.attachments(of: id).first(where: { $0.id == fileID }),
              DetectedType(rawValue: attachment.detectedType) == .pdf else { throw WebError.notFound }
        do {
            return try FilesAPIController.send(attachment, from: vault, inline: true)
        } catch let error as FilesAPIController.FileNotSendable {
            throw WebError.badRequest(error.description)
        }
    }

    /// The submission package ZIP, as `habeas package` builds it (a GET: it changes nothing).
    @Sendable func package(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let vault = deps.files else { throw WebError.badRequest(Interface.localizer.text("files.noVault")) }
        let name = request.uri.queryParameters.get("kind").map { String($0.prefix(40)) } ?? DocumentKind.petition.rawValue
        guard let kind = DocumentKind(rawValue: name), SubmissionPackage.sentKinds.contains(kind) else {
            throw WebError.badRequest("Choose what to send: \(SubmissionPackage.sentKinds.map(\.rawValue).joined(separator: ", ")).")
        }
        do {
            return try await FilesAPIController.package(id, kind: kind, asOf: deps.today(), deps: deps, vault: vault)
        } catch let error as SubmissionPackage.PackageError {
            throw WebError.badRequest(error.description)
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (query, ignored) = CaseListQuery.parse(request.uri.queryParameters, today: deps.today(), for: .web)
        if CaseLabel.redacting {
            // A viewer's search by words would tell whether a name is in a case; the order by
            // title would spell out the names' initials.
            if query.text != nil { ignored.append("text search (a viewer filters by State, category, stage and deadline only)") }
            query.text = nil
            if query.sort == .title { query.sort = .relevance }
        }
        if request.uri.queryParameters.get("format") == "csv" {
            // A list as CSV carries titles and names: not for a viewer.
            guard !CaseLabel.redacting else { throw WebError.forbidden }
            // Every page of the list (bounded), from the index: no body is decoded.
            var all = query
            all.perPage = CaseQuery.maxPerPage
            all.page = 1
            var items: [CaseSummary] = []
            while items.count < GroupsController.maxCases {
                let page = try await store.visibleSearch(all)
                items += page.items
                if page.items.isEmpty || all.page * all.perPage >= page.total { break }
                all.page += 1
            }
            return GroupsController.csv(GroupPages.casesCSV(Array(items.prefix(GroupsController.maxCases))), name: "cases.csv")
        }
        let page = try await store.visibleSearch(query)
        var model = CaseList.build(query, ignored: ignored, page: page, states: try await store.visibleFacets().states.map(\.value))
        if CaseLabel.redacting {
            for (index, item) in zip(model.rows.indices, page.items) {
                model.rows[index].title = try CaseLabel.title(id: item.id, title: item.title, state: item.state, store: store)
                model.rows[index].href = try CaseLabel.href(id: item.id, store: store)
            }
        }
        return try renderer.render(model, title: "Cases", request: request, section: .cases)
    }

    // MARK: New case

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try renderer.render(CaseForm.model(CaseForm.Input(), errors: [:], general: [], isNew: true), title: "New case", request: request, section: .new)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let today = deps.today()
        let renderer = renderer
        return try await saving.save(request, context: context, id: nil, form: .init(
            read: { CaseForm.Input(form: $0) },
            baseRevision: \.baseRevision,
            apply: { input, _ in
                CaseForm.apply(input, to: nil).map { file in
                    // What is entered now is what is known now: ongoing states run to this date (docs/legal/facts-and-dates.md).
                    var file = file
                    if file.reportedAsOf == nil { file.reportedAsOf = today }
                    return file
                }.mapError { .invalid($0) }
            },
            note: { $0.note.isEmpty ? "created" : $0.note },
            again: { input, _, refusal in
                let (fields, general) = refusal.messages
                return try renderer.render(CaseForm.model(input, errors: fields, general: general, isNew: true), title: "New case (not saved)",
                                           request: request, section: .new, status: .unprocessableContent)
            },
            done: { Route.caseShow($0.id).path }))
    }

    // MARK: A case

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        var stored = try await store.get(id, revision: try Params.int(request, "revision"))
        let today = deps.today()
        if CaseLabel.redacting {
            // Built from the redacted file, so no text on the page can carry a name; links go
            // by the reference, as the viewer came.
            let reference = try store.reference(of: id)
            var redacted = Redaction(for: stored.file).redact(stored.file)
            redacted.id = reference
            redacted.title = "\(CaseLabel.short(reference)) (\(stored.file.state))"
            stored.file = redacted
        }
        let model = CaseShow.build(stored, asOf: WebDates.asOf(request, today: today), today: today, redacted: CaseLabel.redacting)
        return try renderer.render(model, title: stored.file.displayTitle, request: request, section: .cases)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await store.get(try context.parameters.require("id"))
        try await store.audit(.export, case: stored.file.id, "case file download")
        return Response(status: .ok, headers: [
            .contentType: "application/yaml; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(stored.file.id).yaml\"",
        ], body: .init(byteBuffer: ByteBuffer(string: stored.file.yamlText())))
    }

    // MARK: Edit (form)

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.editPage(try await store.get(try context.parameters.require("id")), general: [], renderer: renderer, request: request)
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let renderer = renderer
        return try await saving.save(request, context: context, id: id, form: .init(
            read: { form in
                var input = CaseForm.Input(form: form)
                input.id = id
                return input
            },
            baseRevision: \.baseRevision,
            apply: { input, stored in CaseForm.apply(input, to: stored?.file).mapError { .invalid($0) } },
            note: \.note,
            again: { input, stored, refusal in
                let (fields, general) = refusal.messages
                let title = stored?.file.displayTitle ?? id
                return try renderer.render(CaseForm.model(input, errors: fields, general: general, isNew: false, file: stored?.file),
                                           title: "Edit \(title) (not saved)", request: request, section: .cases, status: .unprocessableContent)
            },
            done: { Route.caseShow($0.id).path }))
    }

    /// The edit page of the stored case, with messages at the top when something was refused.
    static func editPage(_ stored: StoredCase, general: [String], renderer: PageRenderer, request: Request,
                         status: HTTPResponse.Status = .ok) throws -> Response {
        let model = CaseForm.model(CaseForm.Input(file: stored.file, revision: stored.currentRevision), errors: [:], general: general,
                                   isNew: false, file: stored.file)
        return try renderer.render(model, title: "Edit \(stored.file.displayTitle)\(general.isEmpty ? "" : " (not saved)")",
                                   request: request, section: .cases, status: status)
    }

    // MARK: Edit (YAML)

    @Sendable func yamlForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let stored = try await store.get(id)
        let model = CaseYAML.model(id: id, text: stored.file.yamlText(), baseRevision: String(stored.currentRevision), note: "")
        return try renderer.render(model, title: Interface.localizer.text("yaml.pageTitle", ["case": stored.file.displayTitle]), request: request, section: .cases)
    }

    struct YAMLInput: Sendable {
        var text: String
        var note: String
        var baseRevision: String
    }

    @Sendable func saveYAML(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let renderer = renderer
        return try await saving.save(request, context: context, id: id, form: .init(
            read: { YAMLInput(text: $0["yaml"].replacingOccurrences(of: "\r\n", with: "\n"), note: $0["note"], baseRevision: $0["baseRevision"]) },
            baseRevision: \.baseRevision,
            apply: { input, _ in CaseYAML.parse(input.text, id: id).mapError { .issues($0.issues) } },
            note: \.note,
            again: { input, stored, refusal in
                var issues: [CaseIssue] = []
                var conflict: Int?
                switch refusal {
                case .issues(let found): issues = found
                case .stale(let current): conflict = current
                case .noBaseRevision: issues = [CaseIssue(line: nil, path: "", message: "the form did not say which revision it started from: reload the page")]
                default: issues = refusal.messages.general.map { CaseIssue(line: nil, path: "", message: $0) }
                }
                let model = CaseYAML.model(id: id, text: input.text, baseRevision: input.baseRevision, note: input.note, issues: issues, conflictWith: conflict)
                return try renderer.render(model, title: Interface.localizer.text("yaml.pageTitle.notSaved", ["case": stored?.file.displayTitle ?? id]), request: request,
                                           section: .cases, status: .unprocessableContent)
            },
            done: { Route.caseShow($0.id).path }))
    }

    // MARK: Delete and restore (soft)

    @Sendable func deleteForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await store.get(try context.parameters.require("id"))
        return try renderer.render(CaseDelete.confirm(stored), title: Interface.localizer.text("delete.pageTitle", ["case": stored.file.displayTitle]), request: request, section: .cases)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try renderer.csrf.check(try await FormData.read(request, context: context), request)
        try await store.delete(id, change: Change(author: WebAuthor.name, note: "deleted"))
        return Response.redirect(to: Route.deletedCases.with([("deleted", id)]), type: .normal)
    }

    @Sendable func undelete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        let deleted = try await store.get(id, revision: nil, includeDeleted: true)
        guard deleted.deletedAt != nil else { throw CaseStoreError.notFound(id: id) }
        guard Int(form["baseRevision"]) == deleted.currentRevision else { throw CaseStoreError.staleWrite(id: id, current: deleted.currentRevision) }
        _ = try await store.undelete(id, change: Change(author: WebAuthor.name, note: "restored"))
        return Response.redirect(to: Route.caseShow(id).path, type: .normal)
    }

    @Sendable func deleted(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await store.visibleSearch(CaseDelete.query(page: try Params.int(request, "page", in: 1...Params.maxPage) ?? 1, today: deps.today()))
        let model = CaseDelete.list(page, justDeleted: request.uri.queryParameters.get("deleted").map { String($0) })
        return try renderer.render(model, title: Interface.localizer.text("list.deleted"), request: request, section: .cases)
    }
}
