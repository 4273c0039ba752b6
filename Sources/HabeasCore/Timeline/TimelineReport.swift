/// The chronology with its derived figures, as text for a terminal and as JSON.
public enum TimelineReport {
    public static func json(_ file: CaseFile, _ facts: DerivedFacts) -> Value {
        var members: [Value.Member] = [
            .init("case", .string(file.id)),
            .init("asOf", .string(facts.asOf.description)),
            .init("start", facts.start.map { .string($0.event.date.description) } ?? .null),
            .init("end", facts.end.map { .string($0.event.date.description) } ?? .null),
            .init("ongoing", .bool(facts.ongoing)),
        ]
        if case .object(let figures) = facts.figures { members += figures }
        members.append(.init("computations", .object(facts.periods.map { .init($0.kind.rawValue, .string($0.computation)) })))
        members.append(.init("events", .array(facts.events.map { indexed in
            var o: [Value.Member] = [
                .init("index", .int(indexed.index)),
                .init("date", .string(indexed.event.date.description)),
                .init("type", .string(indexed.event.type.rawValue)),
            ]
            if indexed.event.approximate == true { o.append(.init("approximate", .bool(true))) }
            if let details = indexed.event.details { o.append(.init("details", .string(details))) }
            return .object(o)
        })))
        members.append(.init("gaps", .array(facts.gaps.map(Value.string))))
        return .object(members)
    }

    public static func text(_ file: CaseFile, _ facts: DerivedFacts) -> String {
        var out = "\(file.displayTitle) — timeline as of \(facts.asOf)\n\n"
        for indexed in facts.events {
            let event = indexed.event
            let approx = event.approximate == true ? " (approx.)" : ""
            out += "  \(event.date.description.padding(toLength: 25, withPad: " ", startingAt: 0))\(event.type.rawValue)\(approx)"
            if let details = event.details { out += " — " + details }
            out += "\n"
        }
        if facts.events.isEmpty { out += "  (no events)\n" }
        out += "\n"
        out += "Deprivation: from \(facts.start.map { $0.event.date.description } ?? "unknown")"
        out += facts.end.map { " to \($0.event.date) (\($0.event.type.rawValue))" } ?? ", ongoing as of \(facts.asOf)"
        out += "\n"
        out += "Latest information: \(facts.reportedAsOf)\(facts.reportedAsOfStated ? " (reportedAsOf)" : " (latest dated entry)")\n"
        if facts.custody.count > 1 {
            out += "Custody periods: " + facts.custody.map { "\($0.start.event.date) to \($0.end.map { "\($0.event.date) (\($0.event.type.rawValue))" } ?? "now")" }.joined(separator: "; ") + "\n"
        }
        out += "\n"
        let rows: [(String, Period?)] = [
            ("Days incommunicado", facts.incommunicado), ("Days without counsel", facts.withoutCounsel),
            ("Hours before a judge", facts.beforeJudge), ("Days at an undisclosed location", facts.undisclosedLocation),
            ("Days before judgment", facts.pretrial), ("Days after lawful end", facts.afterLawfulEnd),
            ("Days without family contact", facts.withoutFamilyContact),
        ]
        for (label, period) in rows {
            let figure: String
            if let period {
                let value = period.kind == .beforeJudge ? period.span.hours : period.span.days
                // Hours from calendar dates are an estimate: a range (docs/legal/promptness.md); a period known
                // only to the latest information says so (docs/legal/facts-and-dates.md).
                figure = (period.kind == .beforeJudge && !period.span.isExact ? Assessor.hoursInWords(period.span) : Span.format(value))
                    + (period.lastReported.map { " — at least, last reported \($0)" } ?? "")
            } else if label == "Days after lawful end" {
                figure = "none (no sentence-completed or release-ordered)"
            } else {
                figure = "unknown"
            }
            out += "  \(label.padding(toLength: 34, withPad: " ", startingAt: 0))\(figure)\n"
            if let period { out += "      \(period.computation)\n" }
        }
        if !facts.gaps.isEmpty {
            out += "\nOpen questions:\n" + facts.gaps.map { "  - \($0)\n" }.joined()
        }
        return out
    }
}
