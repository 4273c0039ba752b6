/// What the timeline proves as of a date (spec: "A missing event is not a fact").
///
/// A period (incommunicado, without counsel, before a judge, at an undisclosed location) counts
/// only (a) up to a recorded event that ends it, or (b) while it is still running, when the
/// source alleges it. With neither, the figure is unknown (`nil`) and the question goes to gaps.
public struct DerivedFacts: Sendable, Equatable {
    public var asOf: CaseDate
    /// Events on or before `asOf`, in chronological order (file order within a day).
    public var events: [IndexedEvent]
    /// The first arrest: the start of the deprivation.
    public var start: IndexedEvent?
    /// Release or death, if recorded by `asOf`.
    public var end: IndexedEvent?
    /// The date periods still running are counted to: the end of the deprivation, or `asOf`.
    public var countedTo: CaseDate

    public var incommunicado: Period?
    public var withoutCounsel: Period?
    public var beforeJudge: Period?
    public var undisclosedLocation: Period?
    public var pretrial: Period?
    public var afterLawfulEnd: Period?
    /// Questions the timeline leaves open ("When did the detainee first see a lawyer?").
    public var gaps: [String]
    /// Appearances that do not count as before a judge (a prosecutor is not a judicial authority).
    public var nonJudicialAppearances: [IndexedEvent]

    public var ongoing: Bool { end == nil }

    public var daysIncommunicado: Double? { incommunicado?.span.days }
    public var daysWithoutCounsel: Double? { withoutCounsel?.span.days }
    public var hoursBeforeJudge: Double? { beforeJudge?.span.hours }
    public var daysUndisclosedLocation: Double? { undisclosedLocation?.span.days }
    public var daysPretrial: Double? { pretrial?.span.days }
    public var daysAfterLawfulEnd: Double? { afterLawfulEnd?.span.days }

    /// The figures in the JSON shape of `habeas timeline --json` and of the assessment's `derived`.
    public var figures: Value {
        func number(_ v: Double?) -> Value {
            guard let v else { return .null }
            return v == v.rounded() ? .int(Int(v)) : .double(v)
        }
        return .object([
            .init("daysIncommunicado", number(daysIncommunicado)),
            .init("daysWithoutCounsel", number(daysWithoutCounsel)),
            .init("hoursBeforeJudge", number(hoursBeforeJudge)),
            .init("daysUndisclosedLocation", number(daysUndisclosedLocation)),
            .init("daysPretrial", number(daysPretrial)),
            .init("daysAfterLawfulEnd", number(daysAfterLawfulEnd)),
        ])
    }

    public var periods: [Period] {
        [incommunicado, withoutCounsel, beforeJudge, undisclosedLocation, pretrial, afterLawfulEnd].compactMap { $0 }
    }
}

/// A timeline event with its position in the file (`timeline[index]`).
public struct IndexedEvent: Sendable, Equatable {
    public var index: Int
    public var event: TimelineEvent
    public var path: String { "timeline[\(index)]" }
}

public struct Period: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case incommunicado
        case withoutCounsel = "without-counsel"
        case beforeJudge = "before-judge"
        case undisclosedLocation = "undisclosed-location"
        case pretrial
        case afterLawfulEnd = "after-lawful-end"

        public var label: String {
            switch self {
            case .incommunicado: "incommunicado"
            case .withoutCounsel: "without counsel"
            case .beforeJudge: "not brought before a judge"
            case .undisclosedLocation: "at an undisclosed location"
            case .pretrial: "in detention before trial"
            case .afterLawfulEnd: "detained after the lawful end of detention"
            }
        }
    }

    public enum Ending: Sendable, Equatable {
        /// A recorded event ended it.
        case event(IndexedEvent)
        /// Still running at `countedTo`, as the source alleges (the allegations that say so).
        case running(allegedBy: [String])
    }

    public var kind: Kind
    public var from: CaseDate
    public var to: CaseDate
    public var startEvent: IndexedEvent
    public var ending: Ending
    public var span: Span
    /// How it was computed, in words: "no counsel or family contact from 2022-01-05 to 2022-03-18: 72 days".
    public var computation: String

    /// Whether `date` falls inside the period, as far as the dates can tell: nil when it cannot be
    /// told (a plain date on the first or last day of a window measured in hours).
    public func contains(_ date: CaseDate) -> Bool? {
        let afterStart = CaseDate.order(from, date)
        let beforeEnd = CaseDate.order(date, to)
        if afterStart == .orderedDescending || beforeEnd == .orderedDescending { return false }
        if case .event = ending, beforeEnd == .orderedSame { return false }
        if afterStart == nil || beforeEnd == nil {
            // Same calendar day as a boundary, without an hour to compare.
            if case .running = ending, beforeEnd == nil, afterStart != nil { return true }
            return nil
        }
        return true
    }
}
