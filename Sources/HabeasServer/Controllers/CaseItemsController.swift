import HabeasCore
import HabeasStore
import Hummingbird

/// Adding one timeline event or one allegation without YAML, and the remove buttons of the edit
/// page. Each is a save of its own through `RevisionSave`.
struct CaseItemsController: PageController {
    let deps: AppDependencies
    let renderer: PageRenderer

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.pattern(Route.eventNew), use: eventForm)
        web.post(Route.pattern(Route.eventNew), use: addEvent)
        web.get(Route.pattern(Route.allegationNew), use: allegationForm)
        web.post(Route.pattern(Route.allegationNew), use: addAllegation)
        web.post(Route.pattern(Route.eventRemove), use: removeEvent)
        web.post(Route.pattern(Route.allegationRemove), use: removeAllegation)
    }

    // MARK: Timeline events

    @Sendable func eventForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await store.get(try context.parameters.require("id"))
        let input = CaseItems.EventInput(type: request.uri.queryParameters.get("type").map { String($0) } ?? "",
                                         baseRevision: String(stored.currentRevision))
        return try renderer.render(CaseItems.eventModel(input, file: stored.file), title: Interface.localizer.text("eventForm.pageTitle", ["case": stored.file.displayTitle]),
                                   request: request, section: .cases)
    }

    @Sendable func addEvent(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await add(request, context: context, what: "an event", read: CaseItems.EventInput.init(form:), apply: CaseItems.addEvent,
                      note: { $0.note.isEmpty ? "added a \($0.type) event" : $0.note },
                      model: { CaseItems.eventModel($0, file: $1, errors: $2, general: $3) })
    }

    // MARK: Allegations

    @Sendable func allegationForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await store.get(try context.parameters.require("id"))
        let model = CaseItems.allegationModel(CaseItems.AllegationInput(baseRevision: String(stored.currentRevision)), file: stored.file)
        return try renderer.render(model, title: Interface.localizer.text("allegationForm.pageTitle", ["case": stored.file.displayTitle]), request: request, section: .cases)
    }

    @Sendable func addAllegation(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await add(request, context: context, what: "an allegation", read: CaseItems.AllegationInput.init(form:), apply: CaseItems.addAllegation,
                      note: { $0.note.isEmpty ? "added the allegation \($0.type)" : $0.note },
                      model: { CaseItems.allegationModel($0, file: $1, errors: $2, general: $3) })
    }

    /// Adds one item: the form comes back with its messages when the save is refused.
    func add<Input: Sendable, Model: PageModel>(
        _ request: Request, context: AppRequestContext, what: String,
        read: @escaping @Sendable (FormData) -> Input, apply: @escaping @Sendable (Input, CaseFile) -> Result<CaseFile, CaseForm.FormErrors>,
        note: @escaping @Sendable (Input) -> String, model: @escaping @Sendable (Input, CaseFile, CaseForm.Errors, [String]) -> Model
    ) async throws -> Response where Input: BaseRevisionForm {
        let id = try context.parameters.require("id")
        let renderer = renderer
        return try await saving.save(request, context: context, id: id, form: .init(
            read: read,
            baseRevision: { $0.baseRevision },
            apply: { input, stored in try apply(input, Self.file(stored)).mapError { .invalid($0) } },
            note: note,
            again: { input, stored, refusal in
                let (fields, general) = refusal.messages
                let file = try Self.file(stored)
                return try renderer.render(model(input, file, fields, general), title: "Add \(what) to \(file.displayTitle) (not saved)",
                                           request: request, section: .cases, status: .unprocessableContent)
            },
            done: { Route.caseShow($0.id).path }))
    }

    // MARK: Removing an item

    @Sendable func removeEvent(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await remove(request, context: context, what: "timeline event", anchor: "#timeline-events") { file, index in
            guard file.timeline.indices.contains(index) else { return false }
            file.timeline.remove(at: index)
            return true
        }
    }

    @Sendable func removeAllegation(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await remove(request, context: context, what: "allegation", anchor: "#allegations") { file, index in
            guard file.allegations.indices.contains(index) else { return false }
            file.allegations.remove(at: index)
            return true
        }
    }

    struct RemoveInput: Sendable, BaseRevisionForm { var baseRevision: String }

    /// The index refers to the revision the page showed, so the write is refused unless that
    /// revision is still the current one.
    func remove(_ request: Request, context: AppRequestContext, what: String, anchor: String,
                _ removal: @escaping @Sendable (inout CaseFile, Int) -> Bool) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let index = context.parameters.get("index", as: Int.self) else { throw WebError.notFound }
        let renderer = renderer
        return try await saving.save(request, context: context, id: id, form: .init(
            read: { RemoveInput(baseRevision: $0["baseRevision"]) },
            baseRevision: \.baseRevision,
            apply: { input, stored in
                let stored = try Self.stored(stored)
                guard Int(input.baseRevision) == stored.currentRevision else { return .failure(.stale(current: stored.currentRevision)) }
                var file = stored.file
                guard removal(&file, index) else { throw WebError.notFound }
                return CaseItems.checked(file).mapError { RevisionSave.Refusal.issues($0.issues) }
            },
            note: { _ in "removed a \(what)" },
            again: { _, stored, refusal in
                let stored = try Self.stored(stored)
                switch refusal {
                case .stale(let current):
                    return try CasePagesController.editPage(stored, general: [CaseItems.staleRemoval(current, what)], renderer: renderer,
                                                            request: request, status: .conflict)
                case .issues:
                    return try CasePagesController.editPage(stored, general: ["Removing this \(what) would leave the case invalid, so nothing was saved:"]
                                                                + refusal.messages.general, renderer: renderer, request: request, status: .unprocessableContent)
                default:
                    return try CasePagesController.editPage(stored, general: refusal.messages.general, renderer: renderer, request: request,
                                                            status: .unprocessableContent)
                }
            },
            done: { Route.caseEdit($0.id).path + anchor }))
    }

    /// The flow loads the case whenever an id is given: these are never creations.
    static func stored(_ stored: StoredCase?) throws -> StoredCase {
        guard let stored else { throw WebError.notFound }
        return stored
    }

    static func file(_ stored: StoredCase?) throws -> CaseFile { try Self.stored(stored).file }
}

/// A form that names the revision it was built from.
protocol BaseRevisionForm {
    var baseRevision: String { get }
}

extension CaseItems.EventInput: BaseRevisionForm {}
extension CaseItems.AllegationInput: BaseRevisionForm {}
