import Foundation
import HabeasCore
import HabeasImport
import HabeasKeys
import HabeasServer
import HabeasStore

/// The mass-detention part of `habeas bench` (issue 15): a seeded sheet of N detainees, imported
/// by `import-table`'s library and, as the baseline, by the sqlite3 shell's `.import` into a table
/// with the same kind of indexes and an FTS5 index; then full-text search on both, assessment
/// throughput on one core, and the import's peak memory. Every figure is a ratio measured in the
/// same run, so results compare across machines.
struct MassBench {
    let rows: Int
    let directory: URL

    struct Line {
        var measure: String
        var ours: String
        var baseline: String
        var ratio: String
    }

    static let header = ["id", "name", "birth date", "sex", "nationality", "profile", "state", "date of arrest", "place of arrest",
                         "held by", "place of detention", "charges", "court", "release date", "notes"]

    /// A realistic sheet, seeded: names from lists, mixed date formats as people type them,
    /// places and charges with spelling variants, some rows released.
    static func writeSheet(rows: Int, to url: URL, seed: UInt64 = 20220105) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let given = ["Aidos", "Dana", "Erlan", "Gulnara", "Nurlan", "Aigerim", "Timur", "Saule", "Bauyrzhan", "Zhanar", "Askar", "Madina"]
        let family = ["Abenov", "Serikova", "Zhakupov", "Nurpeisova", "Tokayev", "Sadykova", "Ermekov", "Ibraeva", "Kassymov", "Omarova"]
        let places = ["SIZO No. 1, Almaty", "sizo no. 1 almaty", "IVS Almaty", "SIZO Taldykorgan", "IVS Taraz", "SIZO Shymkent"]
        let charges = ["mass riots (art. 272)", "participation in mass riots", "hooliganism", "violation of the procedure for assemblies", "terrorism (art. 255)"]
        let profiles = ["protester", "journalist", "human-rights-defender", "", "", ""]
        var buffer = header.joined(separator: ",") + "\n"
        for n in 0..<rows {
            let day = 4 + next(8)
            let arrest: String
            switch next(3) {
            case 0: arrest = String(format: "2022-01-%02d", day)
            case 1: arrest = String(format: "%02d.01.2022", day)
            default: arrest = "\(day) Jan 2022"
            }
            let born = String(format: "%02d.%02d.%04d", 1 + next(28), 1 + next(12), 1960 + next(45))
            let released = next(4) == 0 ? String(format: "2022-02-%02d", 1 + next(27)) : ""
            let name = "\(given[next(given.count)]) \(family[next(family.count)]) \(n)"
            let fields = [
                "kz-\(n)", name, born, next(2) == 0 ? "male" : "female", "KZ", profiles[next(profiles.count)], "KZ", arrest, "Almaty",
                "police", "\"" + places[next(places.count)] + "\"", charges[next(charges.count)], "Medeu District Court", released,
                "\"Detained at the square, \(next(2) == 0 ? "beaten" : "held") at the station\"",
            ]
            buffer += fields.joined(separator: ",") + "\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs the sqlite3 shell on `script`; its standard output.
    static func sqlite3(_ tool: String, database: URL, script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [database.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static let words = ["riots", "hooliganism", "journalist", "beaten", "taldykorgan", "assemblies", "terrorism", "station", "aidos", "serikova"]

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    static func peakMB() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576
        #endif
    }

    func run() async throws -> [Line] {
        let csv = directory.appendingPathComponent("sheet.csv")
        try Self.writeSheet(rows: rows, to: csv)
        var lines: [Line] = []
        let memoryBefore = Self.peakMB()

        // Ours: import-table's library into a fresh encrypted SQLite store.
        let store = try await CaseStores.open(.sqlite(path: directory.appendingPathComponent("habeas.sqlite").path), master: MasterKey.generate().key)
        var options = TableImport.Options(change: Change(author: "bench", note: "bench import"))
        options.group = "bench-sweep"
        options.groupName = "Bench sweep"
        options.batchSize = 500
        var report: TableImport.Report?
        let importSeconds = try await Self.seconds {
            report = try await TableImport(store: store, options: options).run(try TableReaders.open(csv), mappingYAML: nil, state: "KZ",
                                                                                dateOrder: .dmy, today: CaseDate(year: 2022, month: 3, day: 1))
        }
        let importPeak = Self.peakMB()
        let imported = report?.counts.created ?? 0

        // Full-text search through the store (the API's search without HTTP).
        var ourTimes: [Double] = []
        for _ in 0..<3 {
            for word in Self.words {
                var query = CaseQuery(text: word, today: CaseDate(year: 2022, month: 3, day: 1))
                query.perPage = 25
                ourTimes.append(try await Self.seconds { _ = try await store.search(query) })
            }
        }

        // Assessment throughput on one core, over the imported cases' files.
        var files: [CaseFile] = []
        var query = CaseQuery(today: CaseDate(year: 2022, month: 3, day: 1))
        query.perPage = CaseQuery.maxPerPage
        while files.count < min(imported, 5_000) {
            let page = try await store.search(query)
            for item in page.items { files.append(try await store.get(item.id).file) }
            if page.items.isEmpty || query.page * query.perPage >= page.total { break }
            query.page += 1
        }
        try await store.close()
        let asOf = CaseDate(year: 2022, month: 3, day: 1)
        var assessed = 0
        let assessSeconds = await Self.seconds {
            while assessed < 20_000, !files.isEmpty {
                for file in files { _ = Assessor.assess(file, asOf: asOf) }
                assessed += files.count
            }
        }

        // Baseline: the sqlite3 shell.
        if let tool = Self.which("sqlite3") {
            let database = directory.appendingPathComponent("baseline.sqlite")
            let script = """
                CREATE TABLE sheet(id TEXT, name TEXT, birth TEXT, sex TEXT, nationality TEXT, profile TEXT, state TEXT, arrested TEXT,
                  arrest_place TEXT, held_by TEXT, place TEXT, charges TEXT, court TEXT, released TEXT, notes TEXT);
                .import --csv --skip 1 \(csv.path) sheet
                CREATE INDEX sheet_id ON sheet(id);
                CREATE INDEX sheet_state ON sheet(state);
                CREATE INDEX sheet_arrested ON sheet(arrested);
                CREATE INDEX sheet_profile ON sheet(profile);
                CREATE INDEX sheet_place ON sheet(place);
                CREATE VIRTUAL TABLE sheet_fts USING fts5(name, charges, notes, content='sheet', content_rowid='rowid');
                INSERT INTO sheet_fts(rowid, name, charges, notes) SELECT rowid, name, charges, notes FROM sheet;
                """
            let baselineImport = try await Self.seconds { _ = try Self.sqlite3(tool, database: database, script: script) }
            // One shell, `.timer on`: the time of each query as the shell measures it.
            let queries = (0..<3).flatMap { _ in Self.words.map { "SELECT rowid FROM sheet_fts WHERE sheet_fts MATCH '\($0)' LIMIT 25;" } }
            let out = try Self.sqlite3(tool, database: database, script: ".timer on\n.output /dev/null\n" + queries.joined(separator: "\n") + "\n")
            var theirTimes = out.split(separator: "\n").compactMap { line -> Double? in
                guard line.hasPrefix("Run Time: real ") else { return nil }
                return Double(line.dropFirst("Run Time: real ".count).split(separator: " ").first ?? "")
            }
            if theirTimes.isEmpty { theirTimes = [0] }
            lines.append(Line(measure: "import \(rows) rows (validate, assess, index)", ours: String(format: "%.2f s", importSeconds),
                              baseline: String(format: "%.2f s sqlite3 .import + indexes + FTS5", baselineImport),
                              ratio: String(format: "%.1f×", importSeconds / max(baselineImport, 1e-6))))
            for (label, p) in [("p50", 0.5), ("p95", 0.95)] {
                let ours = Self.percentile(ourTimes, p), theirs = Self.percentile(theirTimes, p)
                lines.append(Line(measure: "full-text search \(label) (store, no HTTP)", ours: String(format: "%.2f ms", ours * 1000),
                                  baseline: String(format: "%.2f ms sqlite3 FTS5", theirs * 1000),
                                  ratio: String(format: "%.1f×", ours / max(theirs, 1e-6))))
            }
        } else {
            lines.append(Line(measure: "import \(rows) rows", ours: String(format: "%.2f s", importSeconds),
                              baseline: "unavailable: no sqlite3 on PATH (apt-get install sqlite3)", ratio: "—"))
            lines.append(Line(measure: "full-text search p50/p95 (store)", ours: String(format: "%.2f / %.2f ms", Self.percentile(ourTimes, 0.5) * 1000,
                                                                                  Self.percentile(ourTimes, 0.95) * 1000),
                              baseline: "unavailable", ratio: "—"))
        }
        let perSecond = Double(assessed) / max(assessSeconds, 1e-6)
        lines.append(Line(measure: "assessment, one core", ours: String(format: "%.0f cases/s", perSecond),
                          baseline: "target 20000 cases/s", ratio: String(format: "%.2f× target", perSecond / 20_000)))
        lines.append(Line(measure: "peak memory after the import (maxrss)", ours: String(format: "%.0f MB", importPeak),
                          baseline: String(format: "%.0f MB before it; limit 300 MB", memoryBefore), ratio: String(format: "%.2f× limit", importPeak / 300)))
        if let report {
            lines.append(Line(measure: "rows imported / rejected / duplicates",
                              ours: "\(report.counts.created + report.counts.updated + report.counts.unchanged) / \(report.counts.rejected) / \(report.counts.duplicates)",
                              baseline: "", ratio: ""))
        }
        return lines
    }
}
