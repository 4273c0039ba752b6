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
        abstract: "Serve the web application (/), the JSON API (/api/v1, /api/openapi.json) and /healthz.",
        discussion: "Database: --db, else HABEAS_DB, else ./habeas.sqlite. Every page and API route needs a signed-in user: with no user yet, a one-time setup link is printed; with --demo, a one-time sign-in link for the demo admin. A loopback address (the default) needs nothing more. Any other address needs an account and either TLS (--tls-certificate and --tls-key) or --behind-proxy with the address of a reverse proxy that terminates TLS: see docs/deployment.md."
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var files: FilesOption

    @Option(help: "Address to listen on. Beyond loopback (127.0.0.1, ::1, localhost): with TLS or --behind-proxy only.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (1–65535).")
    var port: Int = 8080

    @Option(name: .customLong("public-host"), help: "A host name requests may use besides the loopback names (e.g. the name a reverse proxy forwards); repeatable. Requests naming any other host get 421.")
    var publicHosts: [String] = []

    @Flag(help: "Mark the session cookie Secure (sent over HTTPS only). Implied by --tls-certificate and --behind-proxy.")
    var secureCookies = false

    @Option(name: .customLong("tls-certificate"), help: "PEM file of the certificate chain: serve HTTPS (with --tls-key).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM file of the certificate's private key (keep it 0600).")
    var tlsKey: String?

    @Option(name: .customLong("behind-proxy"), help: "The IP address of a reverse proxy that terminates TLS in front of this server; its X-Forwarded-For names the client. Repeatable.")
    var behindProxy: [String] = []

    @Flag(help: "Load the demo cases (among them kz-massimov) into an empty database, and print a one-time sign-in link for a demo admin.")
    var demo = false

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
        for name in publicHosts where name.isEmpty || name.utf8.count > 253 || name.contains(where: { $0 == "/" || $0 == "@" || $0.isWhitespace }) {
            throw ValidationError("--public-host `\(name)` is not a host name")
        }
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-certificate and --tls-key go together") }
        for address in behindProxy where !Self.isIPAddress(address) {
            throw ValidationError("--behind-proxy `\(address)` is not an IP address (the proxy's address as this server sees it, e.g. 127.0.0.1)")
        }
    }

    static func isIPAddress(_ text: String) -> Bool {
        guard (2...45).contains(text.utf8.count) else { return false }
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    func run() async throws {
        CrashReports.restrict()
        var config = ServerConfig()
        config.host = host
        config.port = port
        config.demo = demo
        config.publicHosts = publicHosts
        config.trustedProxies = behindProxy
        if let tlsCertificate, let tlsKey { config.tls = .init(certificateChain: tlsCertificate, privateKey: tlsKey) }
        do {
            config.database = try database.location()
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
        do {
            config.accountsExist = try await store.userCount() > 0
            try config.validate()
        } catch {
            try? await store.close()
            Console.error("habeas serve: \(error)")
            throw ExitCode(2)
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        // Said only once the socket is bound: an address that cannot be bound (no IPv6 on this
        // machine, a port in use) fails below instead.
        let (database, port, isDemo) = (config.database, config.port, demo)
        let vault = try files.configuredVault(for: config.database, store: store)
        var accounts = AccountSettings()
        accounts.secureCookies = secureCookies
        let scheme = config.tls == nil ? "http" : "https"
        let app: any ApplicationProtocol
        do {
            app = try buildApplication(config: config, dependencies: AppDependencies(store: store, logger: logger, files: vault, accounts: accounts)) {
            logger.info("serving", metadata: ["database": "\(database)", "address": "\(shownHost):\(port)"])
            print("Habeas is running: open \(scheme)://\(shownHost):\(port)/ in a browser (Ctrl-C stops it).")
            if let link {
                // Unbuffered: scripts and the browser test read the link from a redirected stdout.
                let text = isDemo ? "Sign in as the demo admin (once, within an hour): \(scheme)://\(shownHost):\(port)\(link)\n"
                    : "No user exists yet. Create the first admin (once, within an hour): \(scheme)://\(shownHost):\(port)\(link)\n(or stop the server and run: habeas users add --admin NAME)\n"
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            }
        } catch {
            try? await store.close()
            Console.error("habeas serve: cannot read the TLS certificate or key (PEM files expected): \(error)")
            throw ReportedFailure()
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
