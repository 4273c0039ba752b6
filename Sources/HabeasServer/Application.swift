import Foundation
import HabeasCore
import HabeasDocuments
import HabeasFiles
import HabeasStore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// The request context of every route. Pages (the web UI) use the same one. It keeps the peer's
/// address: sign-in throttling and the audit trail name the client (`ClientAddress`).
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

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
    /// The certificate chain and private key (PEM files) to serve HTTPS with.
    public var tls: TLSFiles?
    /// The reverse proxies (`--behind-proxy`) that terminate TLS in front of this server.
    public var trustedProxies: [String] = []
    /// Whether at least one account exists (`serve` checks before it listens).
    public var accountsExist = false

    public init() {}

    public struct TLSFiles: Sendable {
        public var certificateChain: String
        public var privateKey: String
        public init(certificateChain: String, privateKey: String) { (self.certificateChain, self.privateKey) = (certificateChain, privateKey) }
    }

    public struct NotLoopback: Error, CustomStringConvertible {
        public var host: String
        public var reason: String
        public var description: String { "refusing to listen on \(host): \(reason)" }
    }

    /// Loopback addresses need nothing more. Any other address is reachable from the network, so
    /// it needs accounts (someone to sign in as) and encryption on the wire: TLS here, or a
    /// reverse proxy that terminates it (`--behind-proxy ADDRESS`).
    public func validate() throws {
        guard !Self.isLoopback(host) else { return }
        guard accountsExist else {
            throw NotLoopback(host: host, reason: "no account exists yet. Create the first admin first (habeas users add --admin NAME), or serve on 127.0.0.1 and use the setup link.")
        }
        guard tls != nil || !trustedProxies.isEmpty else {
            throw NotLoopback(host: host, reason: "give --tls-certificate and --tls-key (PEM files), or --behind-proxy ADDRESS for a reverse proxy that terminates TLS. Without either, passwords and case data would cross the network in clear.")
        }
    }

    /// Cookies are `Secure` whenever browsers reach the server over HTTPS.
    public var servesHTTPS: Bool { tls != nil || !trustedProxies.isEmpty }

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
    if dependencies.accounts.secureCookies { router.add(middleware: StrictTransportMiddleware()) }
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
    GroupsAPIController(deps: dependencies).register(on: api)
    // Files carry their own types: the group refuses only the types a cross-site form can send.
    let files = router.group().add(middleware: APIResponseHeadersMiddleware()).add(middleware: FileUploadContentTypeMiddleware())
    FilesAPIController(deps: dependencies).register(on: files)
    // A sheet is a file too: its body has its own type.
    TableImportController(deps: dependencies).register(on: files)
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
    dependencies.accounts.trustedProxies = config.trustedProxies
    if config.servesHTTPS { dependencies.accounts.secureCookies = true }
    let http = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .seconds(config.idleTimeoutSeconds)))
    let server: HTTPServerBuilder
    if let tls = config.tls {
        let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChain).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: tls.privateKey, format: .pem)
        var settings = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        settings.minimumTLSVersion = .tlsv12
        server = try .tls(http, tlsConfiguration: settings)
    } else {
        server = http
    }
    return Application(
        router: buildRouter(dependencies: dependencies),
        server: server,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "habeas"),
        onServerRunning: { _ in await onRunning() },
        logger: logger
    )
}

/// Served over HTTPS (TLS here or at a proxy): browsers are told to use nothing else for two years.
struct StrictTransportMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.strictTransportSecurity] = "max-age=63072000"
        return response
    }
}
