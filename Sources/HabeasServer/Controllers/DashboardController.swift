import Hummingbird

/// `/`: what needs attention first, then the counts and charts.
struct DashboardController: PageController {
    let deps: AppDependencies
    let renderer: PageRenderer

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.dashboard.routerPath, use: page)
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let model = try await Dashboard.build(store: deps.store, asOf: WebDates.asOf(request, today: deps.today()))
        return try renderer.render(model, title: "Dashboard", request: request, section: .dashboard)
    }
}
