import Hummingbird

/// The corpus of opinions: "About the assessment", the list of opinions and one opinion.
struct JurisprudenceController: Sendable {
    let renderer: PageRenderer

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.aboutAssessment.routerPath, use: about)
        web.get(Route.opinions.routerPath, use: opinions)
        web.get(Route.pattern(Route.opinion), use: opinion)
    }

    @Sendable func about(_ request: Request, context: AppRequestContext) async throws -> Response {
        try renderer.render(JurisprudencePages.about(), title: Interface.localizer.text("layout.footer.about"), request: request, section: .none)
    }

    @Sendable func opinions(_ request: Request, context: AppRequestContext) async throws -> Response {
        var query: [String: String] = [:]
        for key in ["state", "category", "allegation"] {
            if let value = request.uri.queryParameters.get(key), !value.isEmpty, value.count <= 64 { query[key] = value }
        }
        return try renderer.render(JurisprudencePages.list(query), title: Interface.localizer.text("layout.footer.opinions"), request: request, section: .none)
    }

    @Sendable func opinion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard name.count <= 100, let model = JurisprudencePages.opinion(name) else {
            throw HTTPError(.notFound, message: "No opinion of that name in the corpus.")
        }
        return try renderer.render(model, title: model.title, request: request, section: .none)
    }
}
