import Hummingbird

/// The web application: server-rendered pages that work without JavaScript, one controller per
/// feature. Called once from `buildRouter`.
func addWebRoutes(to router: Router<AppRequestContext>, dependencies deps: AppDependencies) {
    let assets: WebAssets
    do {
        assets = try WebAssets.load()
    } catch {
        // A broken bundle is a build defect; the API keeps working and the pages say so.
        deps.logger.critical("web templates could not be loaded", metadata: ["error_type": "\(type(of: error))"])
        router.get(Route.dashboard.routerPath) { _, _ in
            Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: "The web pages are missing from this build.\n")))
        }
        return
    }
    let renderer = PageRenderer(assets: assets, secret: deps.secret)
    let web = router.group().add(middleware: WebErrorMiddleware(renderer: renderer))

    AssetsController(assets: assets).register(on: web)
    DashboardController(deps: deps, renderer: renderer).register(on: web)
    CasePagesController(deps: deps, renderer: renderer).register(on: web)
    CaseItemsController(deps: deps, renderer: renderer).register(on: web)
    HistoryController(deps: deps, renderer: renderer).register(on: web)
    ArchiveController(deps: deps, renderer: renderer).register(web: web)
    TableImportPages(deps: deps, renderer: renderer).register(on: web)
    JurisprudenceController(renderer: renderer).register(on: web)
    AuditController(deps: deps, renderer: renderer).register(on: web)
    GroupsController(deps: deps, renderer: renderer).register(on: web)
    SignInController(accounts: deps.store, settings: deps.accounts, renderer: renderer, secret: deps.secret).register(on: web)
    UsersController(accounts: deps.store, settings: deps.accounts, renderer: renderer).register(on: web)
    AccountController(accounts: deps.store, settings: deps.accounts, renderer: renderer).register(on: web)

    // Last, after every route: see `UnmatchedPageMiddleware`.
    router.add(middleware: UnmatchedPageMiddleware(pages: WebErrorMiddleware(renderer: renderer)))
}

/// The stylesheet and the script, from the bundle.
struct AssetsController: Sendable {
    let assets: WebAssets

    func register(on web: RouterGroup<AppRequestContext>) {
        let css = assets.stylesheet
        let js = assets.script
        web.get(Route.stylesheet.routerPath) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(string: css)))
        }
        web.get(Route.script.routerPath) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(string: js)))
        }
    }
}
