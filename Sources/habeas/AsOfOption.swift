import ArgumentParser
import HabeasCore

/// `--as-of DATE`: the date "today" is fixed to; default the current date (UTC).
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "Count ongoing periods to this date (YYYY-MM-DD); default today.")
    var asOf: String?

    func date() throws -> CaseDate {
        guard let asOf else { return CaseDate.today() }
        guard let date = try? CaseDate(parsing: asOf), !date.hasTime else {
            throw ValidationError("--as-of `\(asOf)` is not a date: use YYYY-MM-DD, e.g. 2022-03-18")
        }
        return date
    }
}
