import Foundation
import HabeasCore
import HabeasDocuments
import HabeasFiles
import HabeasStore
import Hummingbird
import Logging

/// The request context of every route. Pages (the web UI) use the same one.
public typealias AppRequestContext = BasicRequestContext

/// Typed server configuration, loaded once at start.
public struct ServerConfig: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var database: DatabaseLocation = .sqlite(path: DatabaseLocation.defaultSQLitePath)
    /// Load the demo cases into an empty database.
    public var demo: Bool = false
    public var logLevel: Logger.Level = .info
    /// Host names besides the loopback ones that requests may name (`Host`), e.g. the name a
    /// reverse proxy forwards. Everything else gets 421.
    public var publicHosts: [String] = []
    /// Seconds a connection may stay silent, also while its request headers arrive.
    public var idleTimeoutSeconds: Int64 = 30

    public init() {}

    public struct NotLoopback: Error, CustomStringConvertible {
        public var host: String
        public var description: String {
            "refusing to listen on \(host): habeas serves loopback addresses only until TLS and proxy settings exist. Use 127.0.0.1 (or ::1 / localhost) and reach it through an SSH tunnel or a reverse proxy that terminates TLS."
        }
    }

    /// Only loopback addresses for now: serving beyond them (TLS, a proxy) is a later step.
    public func validate() throws {
        guard Self.isLoopback(host) else { throw NotLoopback(host: host) }
    }

    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        return isLoopbackIPv4(h)
    }

    static func isLoopbackIPv4(_ h: String) -> Bool {
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { $0.count <= 3 && UInt8($0) != nil }
    }
}

/// Everything a handler needs, passed in; tests build their own.
public struct AppDependencies: Sendable {
    /// Cases and the accounts that may see them, in one database.
    public var store: any CaseStore & AccountStore
    /// "Today" for assessments, deadlines and `overdue` when the request gives no `asOf`.
    public var today: @Sendable () -> CaseDate
    public var logger: Logger
    public var secret: ServerSecret
    public var hosts: HostAllowlist
    /// The draft templates, compiled once at start (compiling them per request was most of a
    /// draft's time). nil only when the bundled templates fail to load, a build defect: drafts
    /// then answer 500 and everything else works.
    public var drafts: Drafter?
    /// Where attached files are kept; nil when the server has none (the files API answers 503).
    public var files: FileVault?
    public var accounts: AccountSettings

    public init(store: any CaseStore & AccountStore, today: @escaping @Sendable () -> CaseDate = { CaseDate.today() },
                logger: Logger = Logger(label: "habeas.server"), secret: ServerSecret = ServerSecret(),
                hosts: HostAllowlist = HostAllowlist(), drafts: Drafter? = try? Drafter(), files: FileVault? = nil,
                accounts: AccountSettings = AccountSettings()) {
        self.store = store
        self.today = today
        self.logger = logger
        self.secret = secret
        self.hosts = hosts
        self.drafts = drafts
        self.files = files
        self.accounts = accounts
    }

    struct DraftTemplatesMissing: Error {}

    func drafter() throws -> Drafter {
        guard let drafts else { throw DraftTemplatesMissing() }
        return drafts
    }
}

/// The router: the service routes, the API and the web pages, each feature's routes registered
/// by its controller from the route table (`Route`, `APIEndpoint`).
public func buildRouter(dependencies: AppDependencies) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware(secret: dependencies.secret))
    router.add(middleware: APIErrorMiddleware())
    router.add(middleware: RequestOriginMiddleware(hosts: dependencies.hosts))
    // The interface language, before access: a refusal rendered as a page is in it too.
    router.add(middleware: LanguageMiddleware())
    let pages = (try? WebAssets.load()).map { WebErrorMiddleware(renderer: PageRenderer(assets: $0, secret: dependencies.secret)) }
    router.add(middleware: AccessMiddleware(accounts: dependencies.store, settings: dependencies.accounts, pages: pages))
    ServiceController().register(on: router)
    let api = router.group().add(middleware: APIResponseHeadersMiddleware()).add(middleware: APIContentTypeMiddleware())
    CasesAPIController(deps: dependencies).register(on: api)
    ArchiveController.register(api: api, deps: dependencies)
    // Files carry their own types: the group refuses only the types a cross-site form can send.
    let files = router.group().add(middleware: APIResponseHeadersMiddleware()).add(middleware: FileUploadContentTypeMiddleware())
    FilesAPIController(deps: dependencies).register(on: files)
    addWebRoutes(to: router, dependencies: dependencies)
    return router
}

/// One application for `habeas serve` and for tests.
/// `onRunning` is called once the socket is bound, so nothing says "running" before it is.
public func buildApplication(config: ServerConfig, dependencies: AppDependencies,
                             onRunning: @escaping @Sendable () async -> Void = {}) throws -> some ApplicationProtocol {
    try config.validate()
    var logger = dependencies.logger
    logger.logLevel = config.logLevel
    var dependencies = dependencies
    dependencies.hosts = HostAllowlist(publicHosts: config.publicHosts + [config.host])
    return Application(
        router: buildRouter(dependencies: dependencies),
        server: .http1(configuration: .init(idleTimeout: .seconds(config.idleTimeoutSeconds))),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "habeas"),
        onServerRunning: { _ in await onRunning() },
        logger: logger
    )
}
