import ArgumentParser
import Foundation
import HabeasCore
import HabeasKeys
import HabeasStore
import Yams

/// Speed on a mass-detention workload, as ratios against baselines measured in the same run, so
/// results compare across machines: the sheet against the sqlite3 shell, the server's pages against
/// its own /healthz, PostgreSQL against psql's \copy (MassBench); the core steps against reading
/// the same YAML with the YAML parser alone.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Speed as ratios: a mass-detention sheet (import, re-import, search, pages, memory) against sqlite3, wrk's /healthz and psql's \\copy; then validation, timeline, assessment and conversion against YAML parsing alone."
    )

    @Option(help: "Number of synthetic cases.")
    var cases = 2000
    @Option(name: .customLong("repeat"), help: "Repetitions; the best run of each step is kept.")
    var repetitions = 3
    @Flag(help: "Also measure saving every case into a new SQLite database, and searching it.")
    var store = false
    @Flag(help: "Print JSON.")
    var json = false
    @Flag(inversion: .prefixedNo, help: "The mass-detention sheet: import-table against the sqlite3 shell's .import, re-import, search over the HTTP API against FTS5, pages' requests per second with wrk against /healthz, assessment per core, memory.")
    var sheet = true
    @Flag(inversion: .prefixedNo, help: "The core steps on synthetic YAML cases (validation, timeline, assessment, conversion) after the sheet.")
    var core = true
    @Option(help: "PostgreSQL URL to also import the sheet into, against psql's \\copy (default: $HABEAS_BENCH_POSTGRES). Uses and drops schemas of its own.")
    var postgres: String?
    @Option(name: .customLong("postgres-cases"), help: "Rows of the sheet imported into PostgreSQL: its first N (default: all of --cases).")
    var postgresCases: Int?
    @Option(name: .customLong("wrk-seconds"), help: "Seconds of each wrk run (1–60).")
    var wrkSeconds = 5

    func validate() throws {
        guard cases > 0, repetitions > 0 else { throw ValidationError("--cases and --repeat must be positive") }
        guard cases <= 1_000_000 else { throw ValidationError("--cases is at most 1000000") }
        if let postgresCases, !(1...cases).contains(postgresCases) { throw ValidationError("--postgres-cases is from 1 to --cases") }
        guard (1...60).contains(wrkSeconds) else { throw ValidationError("--wrk-seconds is from 1 to 60") }
    }

    func run() async throws {
        // First, so that the import's peak memory is not the core steps' (their texts stay in memory).
        var sheetLines: [MassBench.Line] = []
        if sheet {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-bench-sheet-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            // The server is this very executable, started as `habeas serve`.
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            let url = postgres ?? ProcessInfo.processInfo.environment["HABEAS_BENCH_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
            var tools = MassBench.Tools.found(server: executable, postgresURL: url)
            tools.wrkSeconds = wrkSeconds
            tools.postgresRows = postgresCases
            sheetLines = try await MassBench(rows: cases, directory: directory, tools: tools).run().lines
            if !json {
                print("Mass detention: a seeded sheet of \(cases) rows (CSV) imported with import-table's library; every baseline measured in the same run")
                print("  \(Self.buildConfiguration) build, \(ProcessInfo.processInfo.activeProcessorCount) cores; wrk -t1 -c4 -d\(wrkSeconds)s")
                func cell(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
                print("  " + cell("measure", 52) + cell("habeas", 52) + cell("baseline", 72) + "ratio")
                for line in sheetLines { print("  " + cell(line.measure, 52) + cell(line.ours, 52) + cell(line.baseline, 72) + line.ratio) }
                print("")
            }
        }
        if json && !core {
            print(ValueWriter.json(.object([.init("build", .string(Self.buildConfiguration)), .init("sheet", .array(sheetLines.map(Self.value)))])), terminator: "")
        }
        guard core else { return }
        let texts = (0..<cases).map(SyntheticCase.yaml)
        let asOf = CaseDate(year: 2024, month: 1, day: 1)
        var loaded: [CaseFile] = []

        func best(_ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<repetitions {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return times.min()!
        }

        let baseline = try best { for text in texts { _ = try Yams.compose(yaml: text) } }
        var steps: [(String, Double)] = [
            ("load and validate", try best { loaded = try texts.map { try CaseFile.load(text: $0) } }),
            ("derive timeline", best { for file in loaded { _ = Timeline.derive(file, asOf: asOf) } }),
            ("assess I-V", best { for file in loaded { _ = Assessor.assess(file, asOf: asOf) } }),
            ("write JSON", best { for file in loaded { _ = file.jsonText() } }),
            ("write YAML", best { for file in loaded { _ = file.yamlText() } }),
        ]
        if store { steps += try await storeSteps(loaded) }
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let peakMB = Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
        #endif

        if json {
            let value: Value = .object([
                .init("cases", .int(cases)),
                .init("baseline", .string("YAML parse (Yams.compose)")),
                .init("baselineSeconds", .double(baseline)),
                .init("steps", .array(steps.map { .object([.init("step", .string($0.0)), .init("ratio", .double(($0.1 / baseline * 100).rounded() / 100))]) })),
                .init("peakMemoryMB", .double(peakMB.rounded())),
                .init("build", .string(Self.buildConfiguration)),
                .init("sheet", .array(sheetLines.map(Self.value))),
            ])
            print(ValueWriter.json(value), terminator: "")
            return
        }
        print("\(cases) synthetic cases, best of \(repetitions); baseline: parsing the YAML alone = 1.00")
        func row(_ name: String, _ ratio: String, _ perCase: String) {
            print("  " + name.padding(toLength: 24, withPad: " ", startingAt: 0) + ratio.leftPadded(8) + perCase.leftPadded(14))
        }
        row("step", "ratio", "per case")
        row("YAML parse (baseline)", "1.00", String(format: "%.1f µs", baseline / Double(cases) * 1e6))
        for (name, seconds) in steps {
            row(name, String(format: "%.2f", seconds / baseline), String(format: "%.1f µs", seconds / Double(cases) * 1e6))
        }
        print(String(format: "  peak memory %.0f MB", peakMB))
    }

    static func value(_ line: MassBench.Line) -> Value {
        .object([.init("id", .string(line.id)), .init("measure", .string(line.measure)), .init("habeas", .string(line.ours)),
                 .init("baseline", .string(line.baseline)), .init("ratio", .string(line.ratio))])
    }

    #if DEBUG
    static let buildConfiguration = "debug"
    #else
    static let buildConfiguration = "release"
    #endif

    /// Saving (revision, search index, assessment columns) and searching, in a fresh SQLite file.
    /// Measured once: a second run would find the cases already there.
    func storeSteps(_ files: [CaseFile]) async throws -> [(String, Double)] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await CaseStores.open(.sqlite(path: directory.appendingPathComponent("bench.sqlite").path),
                                                 master: MasterKey.generate().key)
        func seconds(_ body: () async throws -> Void) async rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try await body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        let change = Change(author: "bench")
        let save = try await seconds { for file in files { _ = try await database.create(file, change: change) } }
        let search = try await seconds {
            for word in ["riots", "demonstration", "police", "journalist", "protests"] {
                var query = CaseQuery(text: word, today: .today())
                query.perPage = 50
                _ = try await database.search(query)
            }
        }
        try await database.close()
        return [("save to SQLite", save), ("5 searches (total)", search)]
    }
}

/// A realistic, varied case for benchmarks: a mass-detention sweep with differing timelines.
enum SyntheticCase {
    static func yaml(_ n: Int) -> String {
        let day = 1 + n % 28
        let contactDay = day + n % 20
        let states = ["KZ", "EG", "SV", "BY", "IR", "VE", "MM", "ET"]
        return """
        format: habeas-case/1
        id: sweep-\(n)
        state: \(states[n % states.count])
        person:
          name: Detainee \(n)
          sex: \(n % 2 == 0 ? "male" : "female")
          nationalities: [\(states[n % states.count])]
          profile: [\(n % 3 == 0 ? "protester" : "journalist")]
        deprivation:
          kind: pre-trial
          ongoing: true
        charges:
          - label: participation in mass riots
            law: Criminal Code, art. 272
        timeline:
          - date: 2022-01-\(String(format: "%02d", day))T\(String(format: "%02d", n % 24)):15:00+06:00
            type: arrest
            warrantShown: \(n % 4 == 0)
            reasonsGiven: \(n % 5 == 0)
          - date: 2022-02-\(String(format: "%02d", min(contactDay, 28)))
            type: family-contact
          - date: 2022-03-01
            type: counsel-access
            chosen: \(n % 2 == 0)
            confidential: false
          - date: 2022-03-02
            type: brought-before-judge
            authority: District Court
        allegations:
          - type: exercise-of-rights
            right: peaceful-assembly
            details: Detained at a peaceful demonstration.
          - type: ill-treatment
        evidence:
          - id: e1
            title: Police report
            kind: document
            obtained: 2022-01-\(String(format: "%02d", day))
            reliedOnBy: prosecution
        summary: Detained during the January protests; held without contact with family for weeks.
        """
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
