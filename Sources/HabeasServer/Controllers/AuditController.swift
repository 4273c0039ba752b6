import HabeasStore
import Hummingbird

/// The audit trail page, for admins (`Route.access`).
struct AuditController: PageController {
    let deps: AppDependencies
    let renderer: PageRenderer

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.auditTrail.routerPath, use: trail)
    }

    @Sendable func trail(_ request: Request, context: AppRequestContext) async throws -> Response {
        var parameters: [String: String] = [:]
        for key in ["case", "action", "actor", "since", "until"] {
            if let value = request.uri.queryParameters.get(key) { parameters[key] = String(value) }
        }
        let query = AuditTrail.query(parameters, page: try Params.int(request, "page", in: 1...Params.maxPage) ?? 1)
        let entries = query.errors.isEmpty ? try await store.auditEntries(query.filter) : []
        let total = query.errors.isEmpty ? try await store.auditCount(query.filter) : 0
        let verification = try await store.verifyAudit(head: nil)
        let model = AuditTrail.model(query, entries: entries, total: total, verification: verification)
        return try renderer.render(model, title: Interface.localizer.text("audit.title"), request: request, section: .none,
                                   status: query.errors.isEmpty ? .ok : .badRequest)
    }
}
