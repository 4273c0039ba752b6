import ArgumentParser
import Foundation
import HabeasKeys
import HabeasServer
import HabeasStore
import Hummingbird
import Logging

/// `habeas serve`: the web application and the JSON API on Hummingbird, over SQLite (default) or PostgreSQL.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web application (/), the JSON API (/api/v1, /api/openapi.json) and /healthz on a loopback address.",
        discussion: "Database: --db, else HABEAS_DB, else ./habeas.sqlite. Every page and API route needs a signed-in user: with no user yet, a one-time setup link is printed; with --demo, a one-time sign-in link for the demo admin. Only loopback addresses for now."
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var files: FilesOption

    @Option(help: "Address to listen on; loopback only (127.0.0.1, ::1, localhost).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (1–65535).")
    var port: Int = 8080

    @Option(name: .customLong("public-host"), help: "A host name requests may use besides the loopback names (e.g. the name a reverse proxy forwards); repeatable. Requests naming any other host get 421.")
    var publicHosts: [String] = []

    @Flag(help: "Mark the session cookie Secure (sent over HTTPS only): set it when browsers reach the server through a reverse proxy that terminates TLS.")
    var secureCookies = false

    @Flag(help: "Load the demo cases (among them kz-massimov) into an empty database, and print a one-time sign-in link for a demo admin.")
    var demo = false

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
        for name in publicHosts where name.isEmpty || name.utf8.count > 253 || name.contains(where: { $0 == "/" || $0 == "@" || $0.isWhitespace }) {
            throw ValidationError("--public-host `\(name)` is not a host name")
        }
    }

    func run() async throws {
        CrashReports.restrict()
        var config = ServerConfig()
        config.host = host
        config.port = port
        config.demo = demo
        config.publicHosts = publicHosts
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
            store = try await database.openStore(config.database, logger: logger)
        } catch let error as KeyError {
            Console.error("habeas serve: cannot open the database \(config.database): \(error)")
            throw ReportedFailure()
        } catch {
            Console.error("habeas serve: cannot open the database \(config.database): \(type(of: error))")
            throw ReportedFailure()
        }
        if demo {
            let loaded = try await DemoCases.load(into: store)
            logger.info("demo cases", metadata: ["loaded": "\(loaded.count)"])
        }
        // A one-time link on this console: the demo admin's sign-in, or the first admin's setup.
        let link: String?
        do {
            link = demo ? try await FirstRun.demoLink(store) : try await FirstRun.setupLink(store)
        } catch {
            try? await store.close()
            Console.error("habeas serve: cannot prepare the sign-in: \(type(of: error))")
            throw ReportedFailure()
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        // Said only once the socket is bound: an address that cannot be bound (no IPv6 on this
        // machine, a port in use) fails below instead.
        let (database, port, isDemo) = (config.database, config.port, demo)
        let vault = try files.configuredVault(for: config.database, store: store)
        var accounts = AccountSettings()
        accounts.secureCookies = secureCookies
        let app = try buildApplication(config: config, dependencies: AppDependencies(store: store, logger: logger, files: vault, accounts: accounts)) {
            logger.info("serving", metadata: ["database": "\(database)", "address": "\(shownHost):\(port)"])
            print("Habeas is running: open http://\(shownHost):\(port)/ in a browser (Ctrl-C stops it).")
            if let link {
                // Unbuffered: scripts and the browser test read the link from a redirected stdout.
                let text = isDemo ? "Sign in as the demo admin (once, within an hour): http://\(shownHost):\(port)\(link)\n"
                    : "No user exists yet. Create the first admin (once, within an hour): http://\(shownHost):\(port)\(link)\n(or stop the server and run: habeas users add --admin NAME)\n"
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        do {
            try await app.runService()
        } catch {
            try? await store.close()
            Console.error("habeas serve: cannot serve on \(shownHost):\(config.port): \(error)")
            throw ReportedFailure()
        }
        try await store.close()
    }
}

/// A crash must not write case data to a terminal or a journal. Swift's backtracer prints
/// register values (which can hold pieces of names or case text) unless told not to, and reads its
/// settings only when the process starts: so `serve` starts itself again once with them set,
/// unless the operator chose their own.
enum CrashReports {
    static let setting = "enable=yes,interactive=no,registers=none,images=none,sanitize=yes,limit=64"

    static func restrict() {
        guard ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] == nil else { return }
        // The symbolicating helper ships with the toolchain, beside a shared libswiftCore; a
        // release binary (static standard library) has none, and then crashes print the message only.
        let maps = (try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)) ?? ""
        setenv("SWIFT_BACKTRACE", maps.contains("libswiftCore.so") ? setting : "enable=no", 1)
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        // On success execv does not return; on failure the server runs on with the defaults.
        execv("/proc/self/exe", &argv)
    }
}
