/// What the timeline proves as of a date (spec: "A missing event is not a fact").
///
/// A period (incommunicado, without counsel, before a judge, at an undisclosed location) counts
/// only (a) up to a recorded event that ends it, or (b) while it is still running, when the
/// source alleges it. With neither, the figure is unknown (`nil`) and the question goes to gaps.
public struct DerivedFacts: Sendable, Equatable {
    public var asOf: CaseDate
    /// Events on or before `asOf`, in chronological order (file order within a day).
    public var events: [IndexedEvent]
    /// The first arrest: the start of the deprivation, and of the first custody period.
    public var start: IndexedEvent?
    /// The end (release or death) of the latest custody period, if recorded by `asOf`: nil while
    /// the person is detained.
    public var end: IndexedEvent?
    /// The date the first custody period is counted to: its end, or `asOf`.
    public var countedTo: CaseDate
    /// Every custody period: an arrest after a release opens a new one (extension, docs/case-format.md).
    public var custody: [CustodyPeriod] = []
    /// The date of the latest information (`reportedAsOf`, or the latest dated entry of the file),
    /// never after `asOf`. An alleged ongoing state is known to run only to here.
    public var reportedAsOf: CaseDate
    /// Whether the file states `reportedAsOf` (otherwise it was taken from the latest entry).
    public var reportedAsOfStated: Bool = false
    /// No contact with the family: until the first `family-contact` (drafts measure denied family
    /// contact by this, never by the incommunicado window).
    public var withoutFamilyContact: Period?
    /// When the period before a judge ended at an appearance whose `authorityKind` is not recorded:
    /// the period to the first appearance before a court or judge (or still running, as alleged).
    public var beforeJudicialAuthority: Period?
    /// The appearance of unknown kind that may or may not have been before a judge.
    public var unknownAuthorityAppearance: IndexedEvent?

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
    /// The structured form of the sentences above (computations, gaps), by their English text.
    public var phrases: Phrasebook = [:]

    public var ongoing: Bool { end == nil }
    /// The person is detained in a period after the first (released, then arrested again).
    public var rearrested: Bool { custody.count > 1 }
    public var daysWithoutFamilyContact: Double? { withoutFamilyContact?.span.days }

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
            .init("daysWithoutFamilyContact", number(daysWithoutFamilyContact)),
            .init("reportedAsOf", .string(reportedAsOf.description)),
            .init("custodyPeriods", .array(custody.map(\.json))),
            .init("runningAtLeast", .object(periods.filter(\.isRunning).map { .init($0.kind.rawValue, .string($0.figure)) })),
        ])
    }

    public var periods: [Period] {
        [incommunicado, withoutCounsel, beforeJudge, undisclosedLocation, pretrial, afterLawfulEnd].compactMap { $0 }
    }
}

/// From an arrest to the release or death that ends it (nil: still detained).
public struct CustodyPeriod: Sendable, Equatable {
    public var start: IndexedEvent
    public var end: IndexedEvent?
    public var json: Value {
        .object([.init("from", .string(start.event.date.description)),
                 .init("to", end.map { .string($0.event.date.description) } ?? .null),
                 .init("endedBy", end.map { .string($0.event.type.rawValue) } ?? .null)])
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
        case withoutFamilyContact = "without-family-contact"
        case beforeJudge = "before-judge"
        case undisclosedLocation = "undisclosed-location"
        case pretrial
        case afterLawfulEnd = "after-lawful-end"

        public var label: String {
            switch self {
            case .incommunicado: "incommunicado"
            case .withoutCounsel: "without counsel"
            case .withoutFamilyContact: "without contact with the family"
            case .beforeJudge: "not brought before a judge"
            case .undisclosedLocation: "at an undisclosed location"
            case .pretrial: "in detention before judgment"
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
    /// For a period still running as alleged: the date of the latest information, to which it is
    /// known to run ("at least N days (last reported DATE)").
    public var lastReported: CaseDate?

    public var isRunning: Bool { if case .running = ending { true } else { false } }

    /// "72 days", or for a period known only to the latest report "at least 72 days (last reported 2022-03-18)".
    public var figure: String {
        guard let lastReported else { return span.inWords }
        return "at least \(span.inWords) (last reported \(lastReported))"
    }

    /// `figure` as a phrase argument.
    public var figureArgument: Phrase.Argument {
        guard let lastReported else { return .span(span) }
        return .phrase(Phrase("phrase.figure.atLeast", ["length": .span(span), "date": .date(lastReported)]))
    }

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
