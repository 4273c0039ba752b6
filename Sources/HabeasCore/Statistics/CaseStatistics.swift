/// Where a person stands as of a date, from the timeline only (a missing event is not a fact:
/// with no recorded release or death the person is counted as still detained, as the file says).
public enum DetentionStatus: String, Sendable, CaseIterable, Comparable {
    /// No recorded end of the latest custody period, and no conviction on file.
    case detained = "still-detained"
    /// Still detained after a `verdict` with `outcome: convicted`.
    case sentenced
    case released
    case died

    public var label: String {
        switch self {
        case .detained: "still detained"
        case .sentenced: "sentenced, detained"
        case .released: "released"
        case .died: "died in custody"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    public static func of(_ facts: DerivedFacts) -> DetentionStatus {
        if let end = facts.end { return end.event.type == .death ? .died : .released }
        let convicted = facts.events.contains { $0.event.type == .verdict && $0.event.outcome == VerdictOutcome.convicted.rawValue }
        return convicted ? .sentenced : .detained
    }
}

/// A count under a label, in the order the statistics present them.
public struct LabelledCount: Sendable, Equatable {
    public var label: String
    public var count: Int
    public init(label: String, count: Int) {
        self.label = label
        self.count = count
    }
}

/// A distribution of a derived duration in fixed buckets. A figure the timeline does not give is
/// counted under `unknown`, never guessed; with dates only, hours are a range and a case whose range
/// spans two buckets is counted under `unsettled` (docs/legal/promptness.md).
public struct Histogram: Sendable, Equatable {
    public struct Bucket: Sendable, Equatable {
        public var label: String
        /// Inclusive lower bound, in the histogram's unit.
        public var lower: Double
        /// Exclusive upper bound; nil for the last, open bucket.
        public var upper: Double?
        public var count: Int
    }
    public var unit: String
    public var buckets: [Bucket]
    /// No figure: the timeline does not prove the period.
    public var unknown: Int = 0
    /// A range from dates only that falls across a bucket boundary.
    public var unsettled: Int = 0

    public init(unit: String, bounds: [(label: String, lower: Double, upper: Double?)]) {
        self.unit = unit
        self.buckets = bounds.map { Bucket(label: $0.label, lower: $0.lower, upper: $0.upper, count: 0) }
    }

    func index(of value: Double) -> Int? {
        buckets.firstIndex { value >= $0.lower && ($0.upper.map { value < $0 } ?? true) }
    }

    /// Counts a value known exactly (or, for days, to the day).
    public mutating func add(_ value: Double?) {
        guard let value, let i = index(of: value) else { unknown += 1; return }
        buckets[i].count += 1
    }

    /// Counts a value known to lie in `[low, high]`: in a bucket only when both ends fall in it.
    public mutating func add(low: Double, high: Double) {
        guard let a = index(of: low), let b = index(of: high) else { unknown += 1; return }
        if a == b { buckets[a].count += 1 } else { unsettled += 1 }
    }

    /// Every bucket, then `unsettled` and `unknown` when not zero, as labelled counts.
    public var rows: [LabelledCount] {
        var rows = buckets.map { LabelledCount(label: $0.label, count: $0.count) }
        if unsettled > 0 { rows.append(LabelledCount(label: "not settled by the dates", count: unsettled)) }
        if unknown > 0 { rows.append(LabelledCount(label: "not known", count: unknown)) }
        return rows
    }

    /// Days incommunicado: a period still running counts at its known length (to the latest report).
    public static func daysIncommunicado() -> Histogram {
        Histogram(unit: "days", bounds: [("0–2 days", 0, 3), ("3–7 days", 3, 8), ("8–30 days", 8, 31),
                                         ("31–90 days", 31, 91), ("91–365 days", 91, 366), ("over a year", 366, nil)])
    }

    /// Hours before a judge, against the 48-hour standard (GC35 para 33).
    public static func hoursBeforeJudge() -> Histogram {
        Histogram(unit: "hours", bounds: [("48 hours or less", 0, 48.000_001), ("48–72 hours", 48.000_001, 72.000_001),
                                          ("3–7 days", 72.000_001, 168.000_001), ("7–30 days", 168.000_001, 720.000_001),
                                          ("over 30 days", 720.000_001, nil)])
    }
}

/// Counts over a list of cases, as of one date: by State, group, stage, category, profile, charge,
/// place and status; the distribution of the derived durations; arrests by day. Pure: the caller
/// feeds each case once (`add`), so memory grows with the number of distinct labels, not of cases.
public struct CaseStatistics: Sendable, Equatable {
    public var asOf: CaseDate
    public var total = 0
    public var byState: [LabelledCount] { Self.sorted(states) }
    public var byGroup: [LabelledCount] { Self.sorted(groups) }
    public var byStage: [LabelledCount] {
        ProcedureStage.allCases.compactMap { s in stages[s].map { LabelledCount(label: s.rawValue, count: $0) } }
    }
    /// Categories the assessment indicates; `possibleByCategory` those only possible, kept apart.
    public var byCategory: [LabelledCount] {
        Category.allCases.compactMap { c in indicated[c].map { LabelledCount(label: "Category \(c.rawValue)", count: $0) } }
    }
    public var possibleByCategory: [LabelledCount] {
        Category.allCases.compactMap { c in possible[c].map { LabelledCount(label: "Category \(c.rawValue) (possible)", count: $0) } }
    }
    public var byProfile: [LabelledCount] { Self.sorted(profiles) }
    public var byCharge: [LabelledCount] { Self.sorted(charges) }
    public var byPlace: [LabelledCount] { Self.sorted(places) }
    public var byStatus: [LabelledCount] {
        DetentionStatus.allCases.compactMap { s in statuses[s].map { LabelledCount(label: s.label, count: $0) } }
    }
    public var daysIncommunicado = Histogram.daysIncommunicado()
    public var hoursBeforeJudge = Histogram.hoursBeforeJudge()
    /// Arrests by calendar day of the first arrest, every day from the first to the last (zeros included).
    public var arrestsByDay: [(day: CaseDate, count: Int)] {
        guard let first = arrestDays.keys.min(), let last = arrestDays.keys.max() else { return [] }
        return (first...last).map { (CaseDate(dayNumber: $0), arrestDays[$0] ?? 0) }
    }
    /// Cases without a recorded arrest (not on the arrests-by-day chart).
    public var withoutArrest = 0

    private var states: [String: Int] = [:]
    private var groups: [String: Int] = [:]
    private var stages: [ProcedureStage: Int] = [:]
    private var indicated: [Category: Int] = [:]
    private var possible: [Category: Int] = [:]
    private var profiles: [String: Int] = [:]
    /// Keyed case- and space-insensitively; the label is the first spelling seen.
    private var charges: [String: Keyed] = [:]
    private var places: [String: Keyed] = [:]
    private var statuses: [DetentionStatus: Int] = [:]
    private var arrestDays: [Int: Int] = [:]

    struct Keyed: Sendable, Equatable {
        var label: String
        var count: Int
    }

    public init(asOf: CaseDate) { self.asOf = asOf }

    public static func == (a: Self, b: Self) -> Bool {
        a.asOf == b.asOf && a.total == b.total && a.states == b.states && a.groups == b.groups && a.stages == b.stages
            && a.indicated == b.indicated && a.possible == b.possible && a.profiles == b.profiles && a.charges == b.charges
            && a.places == b.places && a.statuses == b.statuses && a.arrestDays == b.arrestDays
            && a.daysIncommunicado == b.daysIncommunicado && a.hoursBeforeJudge == b.hoursBeforeJudge && a.withoutArrest == b.withoutArrest
    }

    /// Adds one case. `assessment` defaults to `Assessor.assess(file, asOf:)`; `groups` are the
    /// group slugs the case belongs to.
    public mutating func add(_ file: CaseFile, assessment: Assessment? = nil, stage: ProcedureStage? = nil, groups: [String] = []) {
        let assessed = assessment ?? Assessor.assess(file, asOf: asOf)
        let facts = assessed.derived
        total += 1
        states[file.state, default: 0] += 1
        for g in Set(groups) { self.groups[g, default: 0] += 1 }
        stages[stage ?? ProcedureTracker.status(of: file, asOf: asOf).stage, default: 0] += 1
        for f in assessed.categories {
            switch f.finding {
            case .indicated: indicated[f.category, default: 0] += 1
            case .possible: possible[f.category, default: 0] += 1
            case .notIndicated: break
            }
        }
        for p in Set(file.person.profile) { profiles[p.rawValue, default: 0] += 1 }
        Self.countOnce(file.charges.map(\.label), into: &charges)
        var placeNames = file.deprivation.places.map(\.name)
        if placeNames.isEmpty, let p = facts.start?.event.place { placeNames.append(p) }
        Self.countOnce(placeNames, into: &places)
        statuses[DetentionStatus.of(facts), default: 0] += 1
        if let arrest = facts.start { arrestDays[arrest.event.date.dayNumber, default: 0] += 1 } else { withoutArrest += 1 }

        daysIncommunicado.add(facts.daysIncommunicado)
        if let span = facts.beforeJudge?.span {
            if let exact = span.exactHours {
                hoursBeforeJudge.add(exact)
            } else {
                // d calendar days: more than (d-1)×24 and fewer than (d+1)×24 hours.
                let days = Double(span.calendarDays ?? 0)
                hoursBeforeJudge.add(low: max(0, (days - 1) * 24 + 0.000_002), high: (days + 1) * 24 - 0.000_002)
            }
        } else {
            hoursBeforeJudge.add(nil)
        }
    }

    /// A label as counted: spaces collapsed, lowercase ("SIZO  Almaty" and "sizo almaty" are one place).
    public static func normalized(_ label: String) -> String { key(label) }

    static func key(_ label: String) -> String {
        label.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    static func countOnce(_ labels: [String], into table: inout [String: Keyed]) {
        var seen = Set<String>()
        for label in labels {
            let k = key(label)
            guard !k.isEmpty, seen.insert(k).inserted else { continue }
            let tidy = label.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            table[k, default: Keyed(label: tidy, count: 0)].count += 1
        }
    }

    /// Most frequent first, then by label: the same input always gives the same order.
    static func sorted(_ table: [String: Int]) -> [LabelledCount] {
        table.map { LabelledCount(label: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
    }

    static func sorted(_ table: [String: Keyed]) -> [LabelledCount] {
        sorted(Dictionary(table.values.map { ($0.label, $0.count) }, uniquingKeysWith: +))
    }

    /// Every dimension as `(dimension, label, count)` rows, in the order of the page.
    public var rows: [(dimension: String, label: String, count: Int)] {
        var out: [(dimension: String, label: String, count: Int)] = [("total", "cases", total)]
        func add(_ name: String, _ counts: [LabelledCount]) { out += counts.map { (dimension: name, label: $0.label, count: $0.count) } }
        add("state", byState)
        add("group", byGroup)
        add("stage", byStage)
        add("category", byCategory)
        add("category", possibleByCategory)
        add("profile", byProfile)
        add("charge", byCharge)
        add("place", byPlace)
        add("status", byStatus)
        add("days incommunicado", daysIncommunicado.rows)
        add("hours before a judge", hoursBeforeJudge.rows)
        add("arrests by day", arrestsByDay.map { LabelledCount(label: $0.day.description, count: $0.count) })
        if withoutArrest > 0 { out.append((dimension: "arrests by day", label: "no arrest recorded", count: withoutArrest)) }
        return out
    }

    /// The statistics as CSV (`dimension,value,count`).
    public var csv: String {
        var writer = CSVWriter(header: ["dimension", "value", "count"])
        for row in rows { writer.append([.text(row.dimension), .text(row.label), .number(row.count)]) }
        return writer.text
    }
}
