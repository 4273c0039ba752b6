import Foundation
import HabeasCore
import Hummingbird

/// Dates shown to people, and the `asOf` of a request.
enum WebDates {
    static func asOf(_ request: Request, today: CaseDate) -> CaseDate {
        guard let text = request.uri.queryParameters.get("asOf"), !text.isEmpty,
              let date = try? CaseDate(parsing: text), !date.hasTime else { return today }
        return date
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date) + " UTC"
    }

    static func days(_ value: Double) -> String { Span.format(value) }
}
