import HabeasCore
import HabeasStore
import Hummingbird

/// A case's revisions, the differences between two, and restoring an old one (web).
struct HistoryController: PageController {
    let deps: AppDependencies
    let renderer: PageRenderer

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.pattern(Route.caseHistory), use: page)
        web.post(Route.pattern(Route.caseRestore), use: restore)
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let stored = try await store.get(id)
        let history = try await store.history(id)
        var from = try Params.int(request, "from")
        var to = try Params.int(request, "to")
        if from == nil, to == nil, stored.currentRevision > 1 {
            from = stored.currentRevision - 1
            to = stored.currentRevision
        }
        var changes: [FieldChange] = []
        if let f = from, let t = to { changes = try await store.diff(id, from: f, to: t) }
        let model = CaseHistory.build(id: id, heading: stored.file.displayTitle, history: history, from: from, to: to, changes: changes)
        return try renderer.render(model, title: Interface.localizer.text("history.title", ["case": stored.file.displayTitle]), request: request, section: .cases)
    }

    @Sendable func restore(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let revision = try Params.int(try context.parameters.require("revision"), "revision")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        guard let base = Int(form["baseRevision"]) else {
            throw WebError.badRequest(Interface.localizer.text("history.noBase"))
        }
        _ = try await store.restore(id, revision: revision, basedOn: base, change: Change(author: WebAuthor.name, note: "restored revision \(revision)"))
        return Response.redirect(to: Route.caseHistory(id).path, type: .normal)
    }
}
