import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP part of the mass-detention bench: `habeas serve` started as a subprocess on the
/// bench's database, then full-text search and single pages timed one request at a time by a
/// plain socket client, and requests per second measured by `wrk` against the same server's
/// `/healthz` (so the ratio says what the page costs beyond serving anything at all).
struct HTTPBench {
    /// The habeas executable to serve with; nil: nothing here runs.
    var executable: String?
    var wrk: String?
    var database: URL
    /// The database's master key, base64 (given to the server as `$HABEAS_MASTER_KEY`).
    var masterKey: String
    /// A read-only API token of an admin: pages and the API accept `Authorization: Bearer`.
    var token: String
    var directory: URL
    var wrkSeconds = 5
    var wrkConnections = 4

    struct Page {
        var id: String
        var label: String
        var path: String
    }

    struct Outcome {
        var lines: [MassBench.Line] = []
        /// VmHWM of the server process when it was stopped, in MB.
        var serverPeakMB: Double?
    }

    /// `pages` for requests per second; `single` timed one request at a time against `target`;
    /// `searches` the API paths of the full-text queries.
    func run(pages: [Page], single: [(page: Page, cases: Int)], searches: [String], sqliteSearch: (p50: Double, p95: Double)?) async -> Outcome {
        var outcome = Outcome()
        func unavailable(_ why: String) -> Outcome {
            var lines = [MassBench.Line(id: "search-p50", measure: "full-text search p50, HTTP API", ours: "—", baseline: why, ratio: "—"),
                         MassBench.Line(id: "search-p95", measure: "full-text search p95, HTTP API", ours: "—", baseline: why, ratio: "—")]
            for page in pages { lines.append(.init(id: "rps-" + page.id, measure: "requests/s: \(page.label)", ours: "—", baseline: why, ratio: "—")) }
            for (page, cases) in single { lines.append(.init(id: "latency-" + page.id, measure: "\(page.label) (\(cases) cases), one request", ours: "—", baseline: why, ratio: "—")) }
            lines.append(.init(id: "server-memory", measure: "server peak memory (VmHWM)", ours: "—", baseline: why, ratio: "—"))
            return Outcome(lines: lines, serverPeakMB: nil)
        }
        guard let executable else { return unavailable("unavailable: no habeas executable to serve with") }
        guard let port = Self.freePort() else { return unavailable("unavailable: no free port on 127.0.0.1") }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: executable)
        server.arguments = ["serve", "--db", database.path, "--port", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["HABEAS_MASTER_KEY"] = masterKey
        environment["SWIFT_BACKTRACE"] = "enable=no"
        server.environment = environment
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        do { try server.run() } catch { return unavailable("unavailable: the server did not start (\(type(of: error)))") }
        defer { Self.stop(server) }
        // A debug build opens a large database slowly: up to two minutes.
        var up = false
        for _ in 0..<240 {
            if Self.get(port: port, path: "/healthz", token: nil)?.status == 200 { up = true; break }
            if !server.isRunning { break }
            try? await Task.sleep(nanoseconds: 500_000_000)
        }
        guard up else { return unavailable("unavailable: the server did not answer /healthz") }

        // Full-text search over the API, one request at a time (each query once to warm up).
        for path in searches { _ = Self.get(port: port, path: path, token: token) }
        var times: [Double] = []
        var failed: String?
        for _ in 0..<3 {
            for path in searches {
                guard let answer = Self.get(port: port, path: path, token: token) else { failed = "no answer"; continue }
                if answer.status != 200 { failed = "status \(answer.status)" }
                times.append(answer.seconds)
            }
        }
        for (label, p) in [("p50", 0.5), ("p95", 0.95)] {
            let ours = MassBench.percentile(times, p)
            if let failed {
                outcome.lines.append(.init(id: "search-" + label, measure: "full-text search \(label), HTTP API", ours: "—",
                                           baseline: "unavailable: the API answered \(failed)", ratio: "—"))
            } else if let sqliteSearch {
                let theirs = label == "p50" ? sqliteSearch.p50 : sqliteSearch.p95
                outcome.lines.append(.init(id: "search-" + label, measure: "full-text search \(label), HTTP API (\(times.count) requests)",
                                           ours: String(format: "%.2f ms", ours * 1000),
                                           baseline: String(format: "%.3f ms sqlite3 FTS5, same query", theirs * 1000),
                                           ratio: MassBench.ratio(ours, theirs)))
            } else {
                outcome.lines.append(.init(id: "search-" + label, measure: "full-text search \(label), HTTP API", ours: String(format: "%.2f ms", ours * 1000),
                                           baseline: "unavailable: no sqlite3 (apt-get install sqlite3)", ratio: "—"))
            }
        }

        // Requests per second with wrk, each page against /healthz on the same server.
        let health = Page(id: "healthz", label: "/healthz", path: "/healthz")
        var healthRate: Double?
        if let wrk {
            healthRate = try? measure(wrk, port: port, path: health.path).get()
        }
        for page in pages {
            let title = "requests/s: \(page.label)"
            guard let wrk else {
                outcome.lines.append(.init(id: "rps-" + page.id, measure: title, ours: "—", baseline: "unavailable: apt-get install wrk", ratio: "—"))
                continue
            }
            if let status = Self.get(port: port, path: page.path, token: token)?.status, status != 200 {
                outcome.lines.append(.init(id: "rps-" + page.id, measure: title, ours: "—", baseline: "unavailable: GET answered \(status)", ratio: "—"))
                continue
            }
            switch measure(wrk, port: port, path: page.path) {
            case .success(let rate):
                outcome.lines.append(.init(id: "rps-" + page.id, measure: title, ours: String(format: "%.1f req/s", rate),
                                           baseline: healthRate.map { String(format: "%.0f req/s /healthz, same server", $0) } ?? "unavailable: /healthz not measured",
                                           ratio: healthRate.map { String(format: "%.4f×", rate / $0) } ?? "—"))
            case .failure(let why):
                outcome.lines.append(.init(id: "rps-" + page.id, measure: title, ours: why.message,
                                           baseline: healthRate.map { String(format: "%.0f req/s /healthz, same server", $0) } ?? "unavailable: /healthz not measured",
                                           ratio: "—"))
            }
        }

        // Single requests, as a user waits for them: the median of five after one to warm up.
        for (page, cases) in single {
            _ = Self.get(port: port, path: page.path, token: token)
            var times: [Double] = []
            var status = 200
            for _ in 0..<5 {
                guard let answer = Self.get(port: port, path: page.path, token: token) else { status = 0; break }
                status = answer.status
                times.append(answer.seconds)
            }
            let title = "\(page.label) (\(cases) cases), one request"
            if status != 200 {
                outcome.lines.append(.init(id: "latency-" + page.id, measure: title, ours: "—", baseline: "unavailable: GET answered \(status)", ratio: "—"))
            } else {
                let median = MassBench.percentile(times, 0.5)
                outcome.lines.append(.init(id: "latency-" + page.id, measure: title, ours: String(format: "%.0f ms median of 5", median * 1000),
                                           baseline: "target ≤ 200 ms", ratio: String(format: "%.2f× target", median / 0.2)))
            }
        }
        outcome.serverPeakMB = Self.peakMB(of: server.processIdentifier)
        outcome.lines.append(.init(id: "server-memory", measure: "server peak memory (VmHWM) after the runs above",
                                   ours: outcome.serverPeakMB.map { String(format: "%.0f MB", $0) } ?? "—", baseline: "limit 300 MB",
                                   ratio: outcome.serverPeakMB.map { String(format: "%.2f× limit", $0 / 300) } ?? "—"))
        return outcome
    }

    struct Failure: Error { var message: String }

    /// Requests per second from `wrk -t1 -cC -dDs` on one path; any error or non-2xx answer fails it.
    func measure(_ wrk: String, port: Int, path: String) -> Result<Double, Failure> {
        let script = directory.appendingPathComponent("wrk-\(UUID().uuidString).lua")
        // The token stays in the bench's temporary directory, removed with it.
        let lua = """
            wrk.headers["Authorization"] = "Bearer \(token)"
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("HABEAS requests=%d micros=%d errors=%d status=%d p50=%d p95=%d\\n", summary.requests, summary.duration,
                e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(95)))
            end
            """
        do { try lua.write(to: script, atomically: true, encoding: .utf8) } catch { return .failure(Failure(message: "cannot write the wrk script")) }
        defer { try? FileManager.default.removeItem(at: script) }
        let output: String
        do {
            output = try MassBench.runTool(wrk, ["-t1", "-c\(wrkConnections)", "-d\(wrkSeconds)s", "--timeout", "60s", "-s", script.path,
                                                 "http://127.0.0.1:\(port)\(path)"])
        } catch {
            return .failure(Failure(message: "wrk did not run"))
        }
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("HABEAS ") }) else { return .failure(Failure(message: "wrk printed no summary")) }
        var values: [String: Double] = [:]
        for pair in line.dropFirst("HABEAS ".count).split(separator: " ") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        guard let requests = values["requests"], let micros = values["micros"], micros > 0 else { return .failure(Failure(message: "wrk printed no summary")) }
        // wrk counts finished requests only: a page slower than the run has none.
        guard requests > 0 else { return .failure(Failure(message: "no request finished within \(wrkSeconds) s at \(wrkConnections) connections")) }
        let bad = (values["errors"] ?? 0) + (values["status"] ?? 0)
        if bad > 0 { return .failure(Failure(message: "\(Int(bad)) of \(Int(requests)) requests failed or were not 2xx")) }
        return .success(requests / (micros / 1e6))
    }

    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The peak resident size of a process (`VmHWM` in /proc/PID/status), in MB.
    static func peakMB(of pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes / 1024
    }

    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// One GET on a new connection, read to its end: the status and the seconds it took.
    /// A plain socket, so the time is the server's and the wire's, not a client library's.
    static func get(port: Int, path: String, token: String?) -> (status: Int, seconds: Double)? {
        let start = DispatchTime.now().uptimeNanoseconds
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { return nil }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return nil }
            sent += n
        }
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            if head.count < 64 { head += buffer[0..<min(n, 64)] }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // "HTTP/1.1 200 OK"
        let line = String(decoding: head, as: UTF8.self)
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else { return nil }
        return (status, seconds)
    }
}
