import ArgumentParser
import Foundation
import HabeasCore
import HabeasJurisprudence

/// `habeas precedents FILE`: the Working Group's opinions nearest to a case by its facts.
struct PrecedentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "precedents",
        abstract: "List the corpus opinions nearest to a case by its facts, with their categories and why.",
        discussion: """
        Facts compared: typed allegations and what the timeline proves, rights exercised, discrimination
        grounds, profiles, the State, the kind of deprivation and a military or special court. Rare facts
        weigh more; facts of one family (incommunicado and undisclosed location, say) count half.
        """
    )

    @Argument(help: "The case file.")
    var file: String
    @OptionGroup var asOf: AsOfOption
    @Option(help: "Only facts bearing on this category (I-V).")
    var category: String?
    @Option(help: "How many opinions (1-100).")
    var limit = 10
    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if let category, Category(rawValue: category.uppercased()) == nil {
            throw ValidationError("unknown category `\(category)`: use I, II, III, IV or V")
        }
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100") }
    }

    func run() throws {
        let loaded = try CaseFiles.load(file)
        let date = try asOf.date()
        let results = PrecedentFinder.shared.nearest(to: loaded, asOf: date,
                                                     category: category.flatMap { Category(rawValue: $0.uppercased()) }, limit: limit)
        if json {
            print(ValueWriter.json(.array(results.map(\.json))), terminator: "")
            return
        }
        var out = "Precedents for \(loaded.displayTitle) (\(PrecedentFinder.shared.opinions.count) opinions in the corpus):\n\n"
        if results.isEmpty { out += "No opinion shares a fact with this case.\n" }
        for (i, precedent) in results.enumerated() { out += precedent.text(rank: i + 1) }
        print(out, terminator: "")
    }
}
