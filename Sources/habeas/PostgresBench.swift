import Foundation
import HabeasImport
import HabeasKeys
import HabeasServer
import HabeasStore

/// The PostgreSQL row of the mass-detention bench: the same sheet imported by import-table's
/// library into a PostgreSQL store, against `psql`'s `\copy` of the same CSV into a table with the
/// same indexes and a GIN index over its words. Each side in a schema of its own, dropped after.
struct PostgresBench {
    var url: String
    var psql: String
    var csv: URL
    var rows: Int
    var directory: URL

    func run() async -> MassBench.Line {
        let measure = "import \(rows) rows into PostgreSQL (same library)"
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let ours = "habeas_bench_\(suffix)", theirs = "habeas_bench_copy_\(suffix)"
        let psqlURL = Self.libpqURL(url)
        defer {
            _ = try? MassBench.runTool(psql, [psqlURL, "-q", "-v", "ON_ERROR_STOP=1", "-c", "DROP SCHEMA IF EXISTS \(ours) CASCADE",
                                              "-c", "DROP SCHEMA IF EXISTS \(theirs) CASCADE"])
        }
        let importSeconds: Double
        let counts: String
        do {
            let location = try DatabaseLocation(parsing: url)
            let store = try await CaseStores.open(location, schema: ours, master: MasterKey.generate().key)
            var report: TableImport.Report?
            importSeconds = try await MassBench.seconds {
                report = try await MassBench.importSheet(csv, into: store, directory: directory)
            }
            try await store.close()
            counts = report.map { "created \($0.counts.created), rejected \($0.counts.rejected)" } ?? ""
        } catch {
            return .init(id: "postgres", measure: measure, ours: "—", baseline: "failed: \(type(of: error)) (is the URL right?)", ratio: "—")
        }
        let script = directory.appendingPathComponent("copy.sql")
        let sql = """
            CREATE SCHEMA \(theirs);
            SET search_path = \(theirs);
            \(MassBench.baselineTable);
            \(MassBench.baselineIndexes.joined(separator: ";\n"));
            CREATE INDEX sheet_words ON sheet USING GIN (to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(charges, '') || ' ' || coalesce(notes, '')));
            \\copy sheet FROM '\(csv.path)' WITH (FORMAT csv, HEADER true)
            ANALYZE sheet;
            """
        do {
            try sql.write(to: script, atomically: true, encoding: .utf8)
            let copySeconds = try await MassBench.seconds {
                _ = try MassBench.runTool(psql, [psqlURL, "-q", "-v", "ON_ERROR_STOP=1", "-f", script.path], check: true)
            }
            return .init(id: "postgres", measure: measure, ours: String(format: "%.2f s (%@)", importSeconds, counts),
                         baseline: String(format: "%.2f s psql \\copy into a table with the same indexes + GIN tsvector", copySeconds),
                         ratio: MassBench.ratio(importSeconds, copySeconds))
        } catch {
            return .init(id: "postgres", measure: measure, ours: String(format: "%.2f s", importSeconds), baseline: "psql \\copy failed", ratio: "—")
        }
    }

    /// libpq does not know the driver's `tlsmode`: it becomes `sslmode`.
    static func libpqURL(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.queryItems = components.queryItems?.map { item in
            item.name == "tlsmode" ? URLQueryItem(name: "sslmode", value: item.value == "disable" ? "disable" : "prefer") : item
        }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        return components.string ?? url
    }
}
