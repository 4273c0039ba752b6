import Foundation
import HabeasCore
import HabeasImport
import HabeasKeys
import HabeasServer
import HabeasStore

/// The mass-detention part of `habeas bench` (issue 15): a seeded sheet of N detainees with a
/// few bad rows, imported by `import-table`'s library and, as the baseline, by the sqlite3 shell's
/// `.import` into a table that already has the same kind of indexes and an FTS5 index (and, shown
/// beside it, the shell loading first and indexing after); the same sheet imported
/// again (nothing may change); full-text search over the HTTP API against the same FTS5 query;
/// pages' requests per second with wrk (HTTPBench); assessment per core; peak memory; and, given a
/// URL, PostgreSQL against `\copy` (PostgresBench). Every figure is a ratio measured in the same
/// run, so results compare across machines.
struct MassBench {
    let rows: Int
    let directory: URL
    var tools = Tools()

    /// What the bench may run besides itself; nil leaves the rows that need it unavailable.
    struct Tools {
        var sqlite3: String?
        var wrk: String?
        var psql: String?
        /// The habeas executable, to start `serve` with.
        var server: String?
        var postgresURL: String?
        /// The first rows of the sheet to import into PostgreSQL; nil: all.
        var postgresRows: Int?
        var wrkSeconds = 5

        static func found(server: String?, postgresURL: String?) -> Tools {
            Tools(sqlite3: MassBench.which("sqlite3"), wrk: MassBench.which("wrk"), psql: MassBench.which("psql"), server: server, postgresURL: postgresURL)
        }
    }

    struct Line: Equatable {
        /// A stable name for the row (tests and JSON).
        var id: String
        var measure: String
        var ours: String
        var baseline: String
        var ratio: String
    }

    struct Outcome {
        var lines: [Line]
        var sheet: SheetFacts
        var first: TableImport.Progress
        var again: TableImport.Progress
        /// Revisions the second import added, counted in the store.
        var newRevisions: Int
        var casesStored: Int
    }

    /// The bad rows the sheet was seeded with, each of which the import must refuse (or, for
    /// duplicates, report) by its row number.
    struct SheetFacts: Equatable {
        var rows = 0
        var typos = 0
        var impossibleDates = 0
        var missingNames = 0
        var duplicates = 0
        var bad: Int { typos + impossibleDates + missingNames }
    }

    static let header = ["id", "name", "birth date", "sex", "nationality", "profile", "state", "date of arrest", "place of arrest",
                         "held by", "place of detention", "charges", "court", "release date", "notes"]

    /// A realistic sheet, seeded: names from lists, mixed date formats as people type them,
    /// places and charges with spelling variants, some rows released; and, as sheets filled by
    /// many hands have, a few typos in vocabulary values, impossible dates, rows without a name,
    /// and the same person entered twice (another id, no birth date).
    @discardableResult
    static func writeSheet(rows: Int, to url: URL, seed: UInt64 = 20220105) throws -> SheetFacts {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
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
        let sexTypos = ["mael", "femal", "fmale"], profileTypos = ["jurnalist", "protestr", "human-rihgts-defender"]
        let badDates = ["31.02.2022", "2022-01-32", "30 Feb 2022", "2022-13-05"]
        var facts = SheetFacts(rows: rows)
        var lastClean: String?
        var buffer = header.joined(separator: ",") + "\n"
        for n in 0..<rows {
            let day = 4 + next(8)
            var arrest: String
            switch next(3) {
            case 0: arrest = String(format: "2022-01-%02d", day)
            case 1: arrest = String(format: "%02d.01.2022", day)
            default: arrest = "\(day) Jan 2022"
            }
            var born = String(format: "%02d.%02d.%04d", 1 + next(28), 1 + next(12), 1960 + next(45))
            let released = next(4) == 0 ? String(format: "2022-02-%02d", 1 + next(27)) : ""
            var name = "\(given[next(given.count)]) \(family[next(family.count)]) \(n)"
            var sex = next(2) == 0 ? "male" : "female"
            var profile = profiles[next(profiles.count)]
            // About one row in a hundred is bad or a second entry of someone.
            switch next(1000) {
            case 0..<4:
                facts.typos += 1
                if next(2) == 0 { sex = sexTypos[next(sexTypos.count)] } else { profile = profileTypos[next(profileTypos.count)] }
            case 4..<7:
                facts.impossibleDates += 1
                if next(2) == 0 { arrest = badDates[next(badDates.count)] } else { born = "31.04.1980" }
            case 7..<9:
                facts.missingNames += 1
                name = ""
            case 9..<11 where lastClean != nil:
                facts.duplicates += 1
                name = lastClean ?? name
                born = ""
            default:
                lastClean = name
            }
            let fields = [
                "kz-\(n)", name, born, sex, "KZ", profile, "KZ", arrest, "Almaty",
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
        return facts
    }

    static let today = CaseDate(year: 2022, month: 3, day: 1)

    /// The sheet's first rows are one mass event, the group whose page is measured: the issue's
    /// group page of 10,000 among 100,000 cases. The rest are imported without a group.
    static let groupRows = 10_000

    static func importOptions(group: Bool) -> TableImport.Options {
        var options = TableImport.Options(change: Change(author: "bench", note: "bench import"))
        if group {
            options.group = "bench-sweep"
            options.groupName = "Bench sweep"
        }
        return options
    }

    /// Imports the sheet as two tables, its first `groupRows` rows into the group and the rest
    /// without one, and reports them as one, numbered as rows of the whole sheet.
    static func importSheet(_ csv: URL, into store: any CaseStore, directory: URL) async throws -> TableImport.Report {
        let data = try Data(contentsOf: csv)
        var lineEnds: [Int] = []
        for (offset, byte) in data.enumerated() where byte == UInt8(ascii: "\n") {
            lineEnds.append(offset)
            if lineEnds.count > groupRows { break }
        }
        let headerEnd = lineEnds.first.map { $0 + 1 } ?? data.count
        let splitAt = lineEnds.count > groupRows ? lineEnds[groupRows] + 1 : data.count
        let grouped = directory.appendingPathComponent("sheet-group.csv"), rest = directory.appendingPathComponent("sheet-rest.csv")
        try data[..<splitAt].write(to: grouped)
        try (data[..<headerEnd] + data[splitAt...]).write(to: rest)
        var report = try await TableImport(store: store, options: importOptions(group: true)).run(
            try TableReaders.open(grouped), mappingYAML: nil, state: "KZ", dateOrder: .dmy, today: today)
        guard splitAt < data.count else { return report }
        let second = try await TableImport(store: store, options: importOptions(group: false)).run(
            try TableReaders.open(rest), mappingYAML: nil, state: "KZ", dateOrder: .dmy, today: today)
        let shift = groupRows
        func shifted(_ problems: [RowProblem]) -> [RowProblem] { problems.map { var p = $0; p.row += shift; return p } }
        report.counts.rows += second.counts.rows
        report.counts.created += second.counts.created
        report.counts.updated += second.counts.updated
        report.counts.unchanged += second.counts.unchanged
        report.counts.rejected += second.counts.rejected
        report.counts.duplicates += second.counts.duplicates
        report.rejected += shifted(second.rejected)
        report.warnings += shifted(second.warnings)
        report.duplicates += second.duplicates.map { var d = $0; d.row += shift; return d }
        report.truncated = report.truncated || second.truncated
        report.createdIDs += second.createdIDs
        report.updatedIDs += second.updatedIDs
        return report
    }

    /// The baseline's table and indexes (the store indexes State, dates, profiles, places and ids).
    static let baselineTable = """
        CREATE TABLE sheet(id TEXT, name TEXT, birth TEXT, sex TEXT, nationality TEXT, profile TEXT, state TEXT, arrested TEXT,
          arrest_place TEXT, held_by TEXT, place TEXT, charges TEXT, court TEXT, released TEXT, notes TEXT)
        """
    static let baselineIndexes = ["CREATE INDEX sheet_id ON sheet(id)", "CREATE INDEX sheet_state ON sheet(state)",
                                  "CREATE INDEX sheet_arrested ON sheet(arrested)", "CREATE INDEX sheet_profile ON sheet(profile)",
                                  "CREATE INDEX sheet_place ON sheet(place)"]
    static let baselineFTS = "CREATE VIRTUAL TABLE sheet_fts USING fts5(name, charges, notes, content='sheet', content_rowid='rowid')"

    static func ratio(_ ours: Double, _ theirs: Double) -> String {
        guard theirs > 0 else { return "—" }
        let value = ours / theirs
        return value >= 100 ? String(format: "%.0f×", value) : String(format: "%.1f×", value)
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

    struct ToolFailed: Error { var status: Int32 }

    /// Runs a tool with `arguments`, `input` on its standard input; its standard output.
    @discardableResult
    static func runTool(_ tool: String, _ arguments: [String], input: String? = nil, check: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let stdin = Pipe(), output = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if check, process.terminationStatus != 0 { throw ToolFailed(status: process.terminationStatus) }
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

    /// Cases and revisions in the store, counted through its own search (every page of 200).
    static func storedCounts(_ store: any CaseStore) async throws -> (cases: Int, revisions: Int) {
        var query = CaseQuery(today: today)
        query.perPage = CaseQuery.maxPerPage
        var cases = 0, revisions = 0
        while true {
            let page = try await store.search(query)
            cases += page.items.count
            revisions += page.items.reduce(0) { $0 + $1.revision }
            if page.items.isEmpty || query.page * query.perPage >= page.total { break }
            query.page += 1
        }
        return (cases, revisions)
    }

    /// The sqlite3 shell's time for `statement`, per run: `repeats` runs in one shell, less the
    /// same shell opening the database and running `SELECT 1` as often (`.timer` rounds to
    /// milliseconds, which a single FTS5 query is far below).
    static func sqlite3Seconds(_ tool: String, database: URL, statement: String, repeats: Int) throws -> Double {
        func batch(_ sql: String) throws -> Double {
            let script = ".output /dev/null\n" + String(repeating: sql + "\n", count: repeats)
            var best = Double.infinity
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                try runTool(tool, [database.path], input: script, check: true)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return best
        }
        return max(try batch(statement) - (try batch("SELECT 1;")), 0) / Double(repeats)
    }

    func run() async throws -> Outcome {
        let csv = directory.appendingPathComponent("sheet.csv")
        let facts = try Self.writeSheet(rows: rows, to: csv)
        var lines: [Line] = []
        let memoryBefore = Self.peakMB()

        // Ours: import-table's library into a fresh encrypted SQLite store.
        let databaseURL = directory.appendingPathComponent("habeas.sqlite")
        let master = MasterKey.generate()
        let store = try await CaseStores.open(.sqlite(path: databaseURL.path), master: master.key)
        func importSheet() async throws -> (TableImport.Report, Double) {
            var report: TableImport.Report?
            let seconds = try await Self.seconds {
                report = try await Self.importSheet(csv, into: store, directory: directory)
            }
            guard let report else { throw TableError.notATable("the import made no report") }
            return (report, seconds)
        }
        let (first, importSeconds) = try await importSheet()
        let importPeak = Self.peakMB()
        let before = try await Self.storedCounts(store)
        // The same sheet again: every row is unchanged, refused again or reported again.
        let (again, againSeconds) = try await importSheet()
        let after = try await Self.storedCounts(store)
        let newRevisions = after.revisions - before.revisions

        // Assessment throughput on one core, over the imported cases' files.
        var files: [CaseFile] = []
        var query = CaseQuery(today: Self.today)
        query.perPage = CaseQuery.maxPerPage
        while files.count < min(first.counts.created, 5_000) {
            let page = try await store.search(query)
            for item in page.items { files.append(try await store.get(item.id).file) }
            if page.items.isEmpty || query.page * query.perPage >= page.total { break }
            query.page += 1
        }
        var assessed = 0
        let assessSeconds = await Self.seconds {
            while assessed < 20_000, !files.isEmpty {
                for file in files { _ = Assessor.assess(file, asOf: Self.today) }
                assessed += files.count
            }
        }
        files = []

        // The server's reader: an admin with a read-only API token (pages accept it too).
        var token: String?
        if tools.server != nil {
            let admin = try await store.createUser(name: "bench-admin", role: .admin, passwordHash: try Credentials().hash(password: Credentials.newToken(prefix: "")))
            let secret = Credentials.newToken(prefix: "habeas_")
            _ = try await store.createToken(hash: Credentials.hashToken(secret), userID: admin.id, scope: .read, label: "bench")
            token = secret
        }
        let caseID = first.createdIDs.isEmpty ? nil : first.createdIDs[first.createdIDs.count / 2]
        var protesters = CaseQuery(today: Self.today)
        protesters.profile = .protester
        protesters.perPage = 1
        let protesterCount = try await store.search(protesters).total
        var inGroup = CaseQuery(today: Self.today)
        inGroup.group = "bench-sweep"
        inGroup.perPage = 1
        let groupSize = try await store.search(inGroup).total
        try await store.close()

        // Baseline: the sqlite3 shell on the same CSV.
        var sqliteSearch: (p50: Double, p95: Double)?
        let rowsLine = "import \(rows) rows (validate, assess, index)"
        if let tool = tools.sqlite3 {
            // The issue's baseline: `.import` into a table that already has the indexes and an
            // FTS5 index (kept by a trigger, as SQLite's documentation keeps an external-content
            // table), so both sides index row by row as the rows arrive.
            let indexed = directory.appendingPathComponent("baseline-indexed.sqlite")
            let indexedScript = """
                \(Self.baselineTable);
                \(Self.baselineIndexes.joined(separator: ";\n"));
                \(Self.baselineFTS);
                CREATE TRIGGER sheet_fts_insert AFTER INSERT ON sheet BEGIN
                  INSERT INTO sheet_fts(rowid, name, charges, notes) VALUES (new.rowid, new.name, new.charges, new.notes);
                END;
                .import --csv --skip 1 \(csv.path) sheet
                """
            let baselineImport = try await Self.seconds { try Self.runTool(tool, [indexed.path], input: indexedScript, check: true) }
            try? FileManager.default.removeItem(at: indexed)
            // Also shown: the shell's fastest way, loading first and indexing after. Its database
            // (the FTS5 index built in one pass) is the one the search baseline queries.
            let database = directory.appendingPathComponent("baseline.sqlite")
            let script = """
                \(Self.baselineTable);
                .import --csv --skip 1 \(csv.path) sheet
                \(Self.baselineIndexes.joined(separator: ";\n"));
                \(Self.baselineFTS);
                INSERT INTO sheet_fts(rowid, name, charges, notes) SELECT rowid, name, charges, notes FROM sheet;
                """
            let loadThenIndex = try await Self.seconds { try Self.runTool(tool, [database.path], input: script, check: true) }
            lines.append(Line(id: "import", measure: rowsLine, ours: String(format: "%.2f s", importSeconds),
                              baseline: String(format: "%.2f s sqlite3 .import into a table with 5 indexes + FTS5", baselineImport),
                              ratio: Self.ratio(importSeconds, baselineImport) + " (target ≤ 10×)"))
            lines.append(Line(id: "import-load-then-index", measure: "  the same, against loading first, indexing after", ours: String(format: "%.2f s", importSeconds),
                              baseline: String(format: "%.2f s sqlite3 .import, then 5 indexes + FTS5", loadThenIndex),
                              ratio: Self.ratio(importSeconds, loadThenIndex)))
            // The API's search counts the matches and returns the first page of 25: so does this.
            let repeats = 200
            let perWord = try Self.words.map { word in
                try Self.sqlite3Seconds(tool, database: database, statement: """
                    SELECT count(*) FROM sheet_fts WHERE sheet_fts MATCH '\(word)'; \
                    SELECT s.id, s.name FROM sheet_fts JOIN sheet s ON s.rowid = sheet_fts.rowid WHERE sheet_fts MATCH '\(word)' ORDER BY rank LIMIT 25;
                    """, repeats: repeats)
            }
            sqliteSearch = (Self.percentile(perWord, 0.5), Self.percentile(perWord, 0.95))
        } else {
            lines.append(Line(id: "import", measure: rowsLine, ours: String(format: "%.2f s", importSeconds),
                              baseline: "unavailable: no sqlite3 on PATH (apt-get install sqlite3)", ratio: "—"))
        }
        let c = first.counts
        lines.append(Line(id: "rows", measure: "rows: created / rejected / likely duplicates",
                          ours: "\(c.created) / \(c.rejected) / \(c.duplicates)",
                          baseline: "seeded \(facts.bad) bad: \(facts.typos) typos, \(facts.impossibleDates) impossible dates, \(facts.missingNames) no name; \(facts.duplicates) twice",
                          ratio: c.rejected == facts.bad && c.duplicates == facts.duplicates ? "as seeded" : "NOT as seeded"))
        lines.append(Line(id: "rejected", measure: "rejected rows reported by number", ours: "\(first.rejected.count) of \(c.rejected)",
                          baseline: first.rejected.prefix(2).map { "row \($0.row)" }.joined(separator: ", ") + (first.rejected.count > 2 ? ", …" : ""), ratio: ""))
        lines.append(Line(id: "reimport", measure: "re-import of the same sheet",
                          ours: "created \(again.counts.created), new revisions \(newRevisions), duplicates reported \(again.counts.duplicates)",
                          baseline: String(format: "%.2f s; first import %.2f s", againSeconds, importSeconds),
                          ratio: again.counts.created == 0 && again.counts.updated == 0 && newRevisions == 0 ? "nothing changed" : "CHANGED"))

        // Over HTTP: the server as a subprocess on the same database.
        // The web list has pages of 25 (CaseList.perPage); past the last it shows the last.
        let lastPage = max(1, (protesterCount + 24) / 25)
        let deepPage = min(500, lastPage)
        var pages: [HTTPBench.Page] = []
        if let caseID { pages.append(.init(id: "case", label: "case page", path: "/cases/\(caseID)")) }
        pages += [
            .init(id: "list-1", label: "case list, profile=protester, page 1", path: "/cases?profile=protester&page=1"),
            .init(id: "list-500", label: "case list, profile=protester, page \(deepPage)", path: "/cases?profile=protester&page=\(deepPage)"),
            .init(id: "group", label: "group page", path: "/groups/bench-sweep"),
            .init(id: "dashboard", label: "dashboard", path: "/"),
        ]
        let single = pages.filter { $0.id == "dashboard" || $0.id == "group" }.map { ($0, $0.id == "group" ? groupSize : after.cases) }
        let searches = Self.words.map { "/api/v1/cases?q=\($0)" }
        var http = HTTPBench(executable: tools.server, wrk: tools.wrk, database: databaseURL, masterKey: master.text, token: token ?? "",
                             directory: directory)
        http.wrkSeconds = tools.wrkSeconds
        let served = await http.run(pages: pages, single: single, searches: searches, sqliteSearch: sqliteSearch)
        lines += served.lines.filter { $0.id.hasPrefix("search-") }
        lines += served.lines.filter { $0.id.hasPrefix("rps-") || $0.id.hasPrefix("latency-") }

        let perSecond = Double(assessed) / max(assessSeconds, 1e-6)
        lines.append(Line(id: "assess", measure: "assessment, one core", ours: String(format: "%.0f cases/s", perSecond),
                          baseline: "target ≥ 20000 cases/s", ratio: String(format: "%.2f× target", perSecond / 20_000)))
        lines.append(Line(id: "import-memory", measure: "import peak memory (maxrss)", ours: String(format: "%.0f MB", importPeak),
                          baseline: String(format: "limit 300 MB (%.0f MB before it)", memoryBefore), ratio: String(format: "%.2f× limit", importPeak / 300)))
        lines += served.lines.filter { $0.id == "server-memory" }

        if let url = tools.postgresURL, let psql = tools.psql {
            // The sheet is seeded: its first N rows are the same whatever its length.
            var sheet = csv, count = rows
            if let first = tools.postgresRows, first < rows {
                sheet = directory.appendingPathComponent("sheet-\(first).csv")
                try Self.writeSheet(rows: first, to: sheet)
                count = first
            }
            lines.append(await PostgresBench(url: url, psql: psql, csv: sheet, rows: count, directory: directory).run())
        } else {
            lines.append(Line(id: "postgres", measure: "import \(rows) rows into PostgreSQL", ours: "—",
                              baseline: tools.postgresURL == nil ? "not run: give --postgres URL" : "not run: no psql on PATH (apt-get install postgresql-client)",
                              ratio: "—"))
        }
        return Outcome(lines: lines, sheet: facts, first: first.counts, again: again.counts, newRevisions: newRevisions, casesStored: after.cases)
    }
}
