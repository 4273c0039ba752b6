import ArgumentParser
import Foundation
import HabeasCore
import HabeasStore

/// `habeas stats [--group ID] [--csv]`: the cases of the database (or of one group) counted by
/// State, group, stage, category, profile, charge, place and status, with the distribution of the
/// derived durations and the arrests by day. Reads every case's body: an export, not a page.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count the cases (all, or one group's) by State, group, stage, category, profile, charge, place, status and durations."
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var asOf: AsOfOption
    @Option(help: "Only the cases of this group id.")
    var group: String?
    @Flag(help: "Write CSV (dimension,value,count; RFC 4180, formulas neutralised) instead of text.")
    var csv = false

    func validate() throws {
        if let group, !CaseFile.isValidID(group) {
            throw ValidationError("--group `\(group)` is not a group id: lowercase letters, digits and hyphens (e.g. almaty-2022-01)")
        }
    }

    func run() async throws {
        let date = try asOf.date()
        let store = try await database.open()
        var stats = CaseStatistics(asOf: date)
        do {
            var query = CaseQuery(today: date)
            query.group = group
            query.perPage = CaseQuery.maxPerPage
            while true {
                let page = try await store.search(query)
                for item in page.items {
                    let file = try await store.get(item.id).file
                    stats.add(file, groups: file.groups)
                }
                if page.items.isEmpty || query.page * query.perPage >= page.total { break }
                query.page += 1
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        if csv {
            FileHandle.standardOutput.write(Data(stats.csv.utf8))
            return
        }
        var dimension = ""
        for row in stats.rows {
            if row.dimension != dimension {
                dimension = row.dimension
                Console.out(dimension)
            }
            Console.out("  \(row.label): \(row.count)")
        }
    }
}
