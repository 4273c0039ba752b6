import Foundation
import HabeasCore
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

    public init() {}

    public struct NotLoopback: Error, CustomStringConvertible {
        public var host: String
        public var description: String {
            "refusing to listen on \(host): habeas has no accounts or access control yet, so anyone who can reach the port could read and change every case. Use 127.0.0.1 (or ::1 / localhost) and reach it through an SSH tunnel or a reverse proxy with authentication."
        }
    }

    /// Until accounts exist (a later issue), only loopback addresses are allowed.
    public func validate() throws {
        guard Self.isLoopback(host) else { throw NotLoopback(host: host) }
    }

    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// Everything a handler needs, passed in; tests build their own.
public struct AppDependencies: Sendable {
    public var store: any CaseStore
    /// "Today" for assessments, deadlines and `overdue` when the request gives no `asOf`.
    public var today: @Sendable () -> CaseDate
    public var logger: Logger

    public init(store: any CaseStore, today: @escaping @Sendable () -> CaseDate = { CaseDate.today() },
                logger: Logger = Logger(label: "habeas.server")) {
        self.store = store
        self.today = today
        self.logger = logger
    }
}

/// The router with every route group. Each group registers itself from its own file; a later
/// group (the web pages) adds one more `add…Routes(to:dependencies:)` call here.
public func buildRouter(dependencies: AppDependencies) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: APIErrorMiddleware())
    router.get("/healthz") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }
    addOpenAPIRoutes(to: router)
    addCaseRoutes(to: router.group("/api/v1").add(middleware: APIContentTypeMiddleware()), dependencies: dependencies)
    addWebRoutes(to: router, dependencies: dependencies)
    return router
}

/// One application for `habeas serve` and for tests.
public func buildApplication(config: ServerConfig, dependencies: AppDependencies) throws -> some ApplicationProtocol {
    try config.validate()
    var logger = dependencies.logger
    logger.logLevel = config.logLevel
    return Application(
        router: buildRouter(dependencies: dependencies),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "habeas"),
        logger: logger
    )
}
