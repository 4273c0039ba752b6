import Foundation
import HabeasCore
import HabeasImport
import HabeasStore
import Hummingbird

/// The web's spreadsheet import: upload (`GET/POST /import-table`), then the column-mapping
/// screen with a preview of the first rows and their problems, then the import (or a dry run)
/// with its report (`POST /import-table/{upload}`). Between the two steps the sheet waits in a
/// private file named by a random token and the uploader's account, removed after the import
/// or within an hour. An import runs in the background (`TableImportJobs`): the answer is a
/// redirect to its progress page (`GET /import-table/jobs/{job}`), which refreshes itself with a
/// `<progress>` bar until the report is there — no script needed.
struct TableImportPages: PageController {
    let deps: AppDependencies
    let renderer: PageRenderer

    static let maxUploadBytes = 50 * 1_048_576
    static let keptFor: TimeInterval = 3600

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }
    struct Column {
        var name: String
        var letter: String
        var header: String
        var options: [Option]
        var fieldLabel = ""
    }
    struct Row {
        var number: Int
        var cells: [String]
    }
    struct Model {
        var uploadAction = Route.importTable.path
        var runAction = ""
        var filename = ""
        var hasMapping = false
        var columns: [Column] = []
        var rows: [Row] = []
        var problems: [String] = []
        var hasProblems = false
        var state = ""
        var group = ""
        var groupName = ""
        var mapping = ""
        var dateOrders: [Option] = DateOrder.allCases.map { Option(value: $0.rawValue, label: TableImportPages.explanation($0), selected: $0 == .dmy) }
        var errors: [String] = []
        var hasErrors = false
        var hasReport = false
        var reportSummary = ""
        var reportLines: [String] = []
        var done = false
        var casesLink = Route.caseList.path
        /// A background import under way: its bar, and the counts so far.
        var running = false
        var progressKnown = false
        var progressValue = 0
        var progressMax = 0
        var progressText = ""
        var countsText = ""
        var refreshHref = ""
        var columnsHeading = ""

        /// The flags the template reads (it sees stored properties only).
        func settled() -> Model {
            var model = self
            model.hasProblems = !problems.isEmpty
            model.hasErrors = !errors.isEmpty
            model.columnsHeading = Interface.localizer.text("table.columns", ["file": filename])
            return model
        }
    }

    private func page(_ model: Model, title: String, request: Request, status: HTTPResponse.Status = .ok) throws -> Response {
        let model = model.settled()
        return try renderer.render(model, title: title, request: request, section: .importExport,
                                   status: model.hasErrors && status == .ok ? .unprocessableContent : status)
    }

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.importTable.routerPath, use: form)
        web.post(Route.importTable.routerPath, use: upload)
        web.post(Route.pattern(Route.importTableRun), use: run)
        web.get(Route.pattern(Route.importTableJob), use: progress)
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        try page(Model(), title: Interface.localizer.text("table.title"), request: request)
    }

    /// The upload: stored, previewed, and the mapping screen.
    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: Self.maxUploadBytes) } catch { throw HTTPError(.contentTooLarge) }
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data"), let boundary = FormData.parameter("boundary", in: contentType) else {
            throw WebError.badRequest(Interface.localizer.text("import.unreadable"))
        }
        let form = try FormData.multipart(Array(buffer.readableBytesView), boundary: boundary)
        try renderer.csrf.check(form, request)
        var model = Self.options(from: form)
        guard let file = form.files.first(where: { !$0.data.isEmpty }) else {
            model.errors = [Interface.localizer.text("table.error.choose")]
            return try page(model, title: Interface.localizer.text("table.title"), request: request)
        }
        guard let kind = TableKind(path: file.filename) else {
            model.errors = [Interface.localizer.text("table.error.kind", ["file": file.filename])]
            return try page(model, title: Interface.localizer.text("table.title"), request: request)
        }
        Self.removeExpired()
        let token = UUID().uuidString.lowercased()
        let url = try Self.storage(token: token, kind: kind, create: true)
        try Data(file.data).write(to: url)
        model.filename = file.filename
        return try mappingScreen(model, token: token, url: url, kind: kind, request: request)
    }

    /// The mapping chosen: a dry run shows the report over the mapping screen; an import the report.
    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("upload")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        var model = Self.options(from: form)
        model.filename = form["filename"]
        guard case let (url, kind)? = Self.stored(token: token) else {
            model.errors = [Interface.localizer.text("table.error.gone")]
            return try page(model, title: Interface.localizer.text("table.title"), request: request, status: .notFound)
        }
        // The mapping as the screen set it: each column's field by its letter.
        var lines = ["columns:"]
        for (name, value) in form.fields where name.hasPrefix("column-") {
            let letter = String(name.dropFirst("column-".count))
            guard letter.count <= 3, letter.allSatisfy({ $0.isASCII && $0.isUppercase }), TableField(rawValue: value) != nil else { continue }
            lines.append("  \(letter): \(value)")
        }
        let yaml = lines.count > 1 ? lines.joined(separator: "\n") + "\n" : nil
        let dryRun = form["action"] != "import"
        var options = TableImport.Options(change: Change(author: WebAuthor.name, note: "imported from \(model.filename.isEmpty ? "a spreadsheet" : model.filename)"))
        options.group = model.group.isEmpty ? nil : model.group
        options.groupName = model.groupName.isEmpty ? nil : model.groupName
        options.dryRun = dryRun
        if !dryRun {
            try CaseOwnership.checkCanCreate()
            return try await start(model, options: options, token: token, url: url, kind: kind, yaml: yaml,
                                   dateOrder: DateOrder(rawValue: form["dateOrder"]), request: request)
        }
        do {
            let reader = try TableReaders.open(url, kind: kind)
            let report = try await TableImport(store: deps.store, access: .signedIn(deps.store), options: options)
                .run(reader, mappingYAML: yaml, state: model.state.isEmpty ? nil : model.state,
                     dateOrder: DateOrder(rawValue: form["dateOrder"]), today: deps.today())
            model.hasReport = true
            model.reportLines = report.lines.dropLast().map { $0 }
            model.reportSummary = report.lines.last ?? ""
        } catch {
            guard let refusal = Self.refusal(error) else { throw error }
            model.errors = [refusal]
        }
        return try mappingScreen(model, token: token, url: url, kind: kind, request: request)
    }

    /// What the mapping screen says when the sheet, its mapping or the store refuses it; nil for
    /// any other error, which is thrown on.
    static func refusal(_ error: any Error) -> String? {
        switch error {
        case let error as StoreError: error.description
        case let error as TableError: error.description
        case let error as ColumnMapping.MappingError: error.description
        default: nil
        }
    }

    /// The import itself: the mapping checked here (its errors go back to the mapping screen),
    /// then the sheet moved to the job's own file (a second submit finds no sheet) and imported
    /// in the background; the answer is the way to the progress page.
    private func start(_ model: Model, options: TableImport.Options, token: String, url: URL, kind: TableKind, yaml: String?,
                       dateOrder: DateOrder?, request: Request) async throws -> Response {
        var model = model
        let state = model.state.isEmpty ? nil : model.state
        do {
            let reader = try TableReaders.open(url, kind: kind)
            guard let header = try reader.next() else { throw TableError.notATable("the table is empty (no header row)") }
            _ = try TableSetup.mapping(header: header, yaml: yaml, state: state, dateOrder: dateOrder)
            if let group = options.group { try NewCaseGroup(id: group, name: options.groupName ?? group).check() }
        } catch {
            guard let refusal = Self.refusal(error) else { throw error }
            model.errors = [refusal]
        }
        guard model.errors.isEmpty else { return try mappingScreen(model, token: token, url: url, kind: kind, request: request) }
        let jobs = TableImportJobs.shared
        guard let job = jobs.start(owner: Self.owner, filename: model.filename) else {
            model.errors = [Interface.localizer.text("importProgress.busy")]
            return try mappingScreen(model, token: token, url: url, kind: kind, request: request)
        }
        let jobURL = UploadedTable.folder.appendingPathComponent("job-\(job).\(kind.rawValue)")
        do {
            try FileManager.default.moveItem(at: url, to: jobURL)
        } catch {
            let gone = Interface.localizer.text("table.error.gone")
            jobs.update(job) { $0.errors = [gone]; $0.finished = Date() }
            model.errors = [gone]
            return try page(model, title: Interface.localizer.text("table.title"), request: request, status: .notFound)
        }
        let importer = TableImport(store: deps.store, access: .signedIn(deps.store), options: options)
        let today = deps.today()
        // A task of its own, outliving the request; it keeps the request's signed-in user (task-local).
        Task {
            await jobs.run(job, url: jobURL, kind: kind, importer: importer, mappingYAML: yaml, state: state, dateOrder: dateOrder, today: today)
        }
        return Response.redirect(to: Route.importTableJob(job).path, type: .normal)
    }

    /// The progress page: the bar while the import runs (the page asks to be reloaded every two
    /// seconds with the standard `Refresh` header), then the report.
    @Sendable func progress(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("job")
        guard id.count == 36, id.allSatisfy({ $0.isHexDigit || $0 == "-" }),
              let job = TableImportJobs.shared.job(id, owner: Self.owner) else { throw WebError.notFound }
        let (model, title) = Self.progressModel(job, id: id)
        var response = try page(model, title: title, request: request)
        if model.running, let refresh = HTTPFields.Element.Name("Refresh") { response.headers[refresh] = "2" }
        return response
    }

    /// The page of a job: running (the bar and the counts so far), done (the report) or stopped (why).
    static func progressModel(_ job: TableImportJobs.Job, id: String) -> (Model, title: String) {
        let t = Interface.localizer
        var model = Model()
        model.filename = job.filename
        let c = job.progress
        model.countsText = t.text("importProgress.counts", ["created": t.number(c.created), "updated": t.number(c.updated),
                                                             "unchanged": t.number(c.unchanged), "rejected": t.number(c.rejected),
                                                             "duplicates": t.number(c.duplicates)])
        guard job.finished != nil else {
            model.running = true
            model.refreshHref = Route.importTableJob(id).path
            if let total = job.total {
                model.progressKnown = true
                model.progressMax = max(total, 1)
                model.progressValue = min(c.rows, model.progressMax)
                model.progressText = t.text("importProgress.rows", ["done": t.number(c.rows), "total": t.number(total)])
            } else {
                model.progressText = t.text("importProgress.counting")
            }
            return (model, t.text("importProgress.title"))
        }
        guard job.errors.isEmpty else {
            model.errors = job.errors
            return (model, t.text("table.title"))
        }
        model.hasReport = true
        model.reportSummary = job.summary
        model.reportLines = job.lines
        model.done = true
        return (model, t.text("importProgress.done"))
    }

    private func mappingScreen(_ model: Model, token: String, url: URL, kind: TableKind, request: Request) throws -> Response {
        var model = model
        do {
            let preview = try TablePreview.read(try TableReaders.open(url, kind: kind), mappingYAML: model.mapping.isEmpty ? nil : model.mapping,
                                                state: model.state.isEmpty ? nil : model.state, dateOrder: DateOrder(rawValue: model.dateOrders.first { $0.selected }?.value ?? ""),
                                                today: deps.today())
            model.hasMapping = true
            model.runAction = Route.importTableRun(token).path
            model.columns = preview.mapping.headers.enumerated().map { index, header in
                let chosen = preview.mapping.fields[index] ?? .ignore
                return Column(name: "column-" + ColumnName.letters(index), letter: ColumnName.letters(index), header: header,
                              options: TableField.allCases.map { Option(value: $0.rawValue, label: Self.label($0), selected: $0 == chosen) },
                              fieldLabel: Interface.localizer.text("table.fieldOf", ["column": ColumnName.letters(index)]))
            }
            model.rows = preview.rows.map { Row(number: $0.number, cells: $0.cells) }
            model.problems = preview.problems.map(\.description)
        } catch {
            model.errors.append("\(error)")
            model.hasMapping = false
        }
        return try page(model, title: Interface.localizer.text("table.mapTitle"), request: request)
    }

    /// How a date order reads, and a case field's name, in the interface language.
    static func explanation(_ order: DateOrder) -> String { Interface.localizer.text("table.dateOrder." + order.rawValue) }
    static func label(_ field: TableField) -> String { Interface.localizer.text("table.field." + field.rawValue) }

    static func options(from form: FormData) -> Model {
        var model = Model()
        model.state = form["state"].trimmingCharacters(in: .whitespaces)
        model.group = form["group"].trimmingCharacters(in: .whitespaces)
        model.groupName = form["groupName"].trimmingCharacters(in: .whitespaces)
        model.mapping = String(form["mapping"].prefix(16_384))
        let order = DateOrder(rawValue: form["dateOrder"]) ?? .dmy
        model.dateOrders = DateOrder.allCases.map { Option(value: $0.rawValue, label: explanation($0), selected: $0 == order) }
        return model
    }

    // MARK: The waiting sheet

    /// The uploader's own: a token alone does not reach another account's sheet.
    private static var owner: String {
        let name = SignedIn.current.map { String($0.account.id) } ?? "none"
        return name
    }

    static func storage(token: String, kind: TableKind, create: Bool) throws -> URL {
        let folder = UploadedTable.folder
        if create { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
        return folder.appendingPathComponent("web-\(token)-\(owner).\(kind.rawValue)")
    }

    static func stored(token: String) -> (URL, TableKind)? {
        guard token.count == 36, token.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return nil }
        for kind in TableKind.allCases {
            if let url = try? storage(token: token, kind: kind, create: false), FileManager.default.fileExists(atPath: url.path) {
                return (url, kind)
            }
        }
        return nil
    }

    static func removeExpired() {
        let folder = UploadedTable.folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix("web-") || name.hasPrefix("job-") {
            let url = folder.appendingPathComponent(name)
            // A job removes its own file when it ends; one left by a server that stopped goes after a day.
            let age = name.hasPrefix("job-") ? 24 * keptFor : keptFor
            if let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
               Date().timeIntervalSince(modified) > age {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }
}

extension TableImportPages.Model: PageModel { static var template: Template { .importTable } }
