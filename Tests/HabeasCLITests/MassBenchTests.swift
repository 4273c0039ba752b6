import Foundation
import HabeasImport
import Testing
@testable import habeas

/// The mass-detention bench on a small sheet, without wrk, psql, sqlite3 or a server: the table
/// has every row, the seeded bad rows are refused by number, and importing the same sheet again
/// changes nothing. (Its timings are not checked: a benchmark is not a test of speed.)
@Suite struct MassBenchTests {
    @Test func aSmallSheetHasEveryRowAndImportsAgainWithoutChange() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-massbench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // 400 rows: the seed gives bad rows and a second entry of someone within them.
        let outcome = try await MassBench(rows: 400, directory: directory).run()

        #expect(outcome.lines.map(\.id) == [
            "import", "rows", "rejected", "reimport", "search-p50", "search-p95",
            "rps-case", "rps-list-1", "rps-list-500", "rps-group", "rps-dashboard", "latency-group", "latency-dashboard",
            "assess", "import-memory", "server-memory", "postgres",
        ])
        let sheet = outcome.sheet
        #expect(sheet.bad > 0 && sheet.duplicates > 0)
        #expect(outcome.first.rows == 400)
        #expect(outcome.first.rejected == sheet.bad)
        #expect(outcome.first.duplicates == sheet.duplicates)
        #expect(outcome.first.created == 400 - sheet.bad - sheet.duplicates)
        #expect(outcome.casesStored == outcome.first.created)
        #expect(outcome.again.created == 0 && outcome.again.updated == 0)
        #expect(outcome.again.unchanged == outcome.first.created)
        #expect(outcome.again.duplicates == sheet.duplicates && outcome.again.rejected == sheet.bad)
        #expect(outcome.newRevisions == 0)
        // Without the tools, the rows say so instead of showing numbers.
        #expect(outcome.lines.first { $0.id == "rps-dashboard" }?.baseline.hasPrefix("unavailable") == true)
        #expect(outcome.lines.first { $0.id == "postgres" }?.baseline == "not run: give --postgres URL")
    }

    /// Both sqlite3 baselines run on the sheet: `.import` into the indexed table (the ratio's) and
    /// loading first, indexing after (shown beside it), whose database the search baseline queries.
    @Test(.enabled(if: MassBench.which("sqlite3") != nil, "needs the sqlite3 shell (Debian: sqlite3)"))
    func theSQLiteBaselinesRunOnTheSheet() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-massbench-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var bench = MassBench(rows: 120, directory: directory)
        bench.tools.sqlite3 = MassBench.which("sqlite3")
        let lines = try await bench.run().lines
        let indexed = try #require(lines.first { $0.id == "import" })
        let loadThenIndex = try #require(lines.first { $0.id == "import-load-then-index" })
        #expect(indexed.baseline.contains("into a table with 5 indexes + FTS5"))
        #expect(loadThenIndex.baseline.contains("then 5 indexes + FTS5"))
        #expect(indexed.ratio.hasSuffix("(target ≤ 10×)") && !indexed.ratio.hasPrefix("—"))
        // The indexed baseline's database is not left behind; the searched one is.
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("baseline-indexed.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("baseline.sqlite").path))
    }

    @Test func theSheetIsSeeded() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-massbench-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = directory.appendingPathComponent("a.csv"), b = directory.appendingPathComponent("b.csv")
        let facts = try MassBench.writeSheet(rows: 300, to: a)
        #expect(try MassBench.writeSheet(rows: 300, to: b) == facts)
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
        let text = try String(contentsOf: a, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 301)
        // PostgreSQL may take the first rows only: they are the same rows.
        let c = directory.appendingPathComponent("c.csv")
        try MassBench.writeSheet(rows: 100, to: c)
        #expect(text.hasPrefix(try String(contentsOf: c, encoding: .utf8)))
    }
}
