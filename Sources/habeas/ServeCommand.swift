import ArgumentParser
import Foundation
import HabeasServer
import HabeasStore
import Hummingbird
import Logging

/// `habeas serve`: the web application and the JSON API on Hummingbird, over SQLite (default) or PostgreSQL.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web application (/), the JSON API (/api/v1, /api/openapi.json) and /healthz on a loopback address.",
        discussion: "Database: --db, else HABEAS_DB, else ./habeas.sqlite. Until accounts exist, only loopback addresses are allowed."
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: "Address to listen on; loopback only (127.0.0.1, ::1, localhost).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Flag(help: "Load the demo cases (among them kz-massimov) into an empty database.")
    var demo = false

    func run() async throws {
        var config = ServerConfig()
        config.host = host
        config.port = port
        config.demo = demo
        do {
            config.database = try database.location()
            try config.validate()
        } catch {
            Console.error("habeas serve: \(error)")
            throw ExitCode(2)
        }
        let logger = Logger(label: "habeas.server")
        let store: SQLCaseStore
        do {
            store = try await CaseStores.open(config.database, logger: logger)
        } catch {
            Console.error("habeas serve: cannot open the database \(config.database): \(type(of: error))")
            throw ReportedFailure()
        }
        if demo {
            let loaded = try await DemoCases.load(into: store)
            logger.info("demo cases", metadata: ["loaded": "\(loaded.count)"])
        }
        logger.info("serving", metadata: ["database": "\(config.database)", "address": "\(host):\(port)"])
        let shownHost = host.contains(":") ? "[\(host)]" : host
        print("Habeas is running: open http://\(shownHost):\(port)/ in a browser (Ctrl-C stops it).")
        let app = try buildApplication(config: config, dependencies: AppDependencies(store: store, logger: logger))
        do {
            try await app.runService()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}
