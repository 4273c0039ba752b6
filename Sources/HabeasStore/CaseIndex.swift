import Foundation
import HabeasCore

/// The denormalised columns stored next to each case's JSON so lists and filters never have to
/// decode bodies. Computed from the core at save time.
struct CaseIndex: Sendable, Equatable {
    var title: String
    var personName: String
    var state: String
    var profiles: [Profile]
    /// Categories the assessment indicates as of `asOf`.
    var categories: [Category]
    /// The procedure tracker's stage as of `asOf`.
    var stage: ProcedureStage
    /// The earliest open deadline as of `asOf`. A due date does not move with time, so it is
    /// compared with the caller's "today" at query time and `overdue` never goes stale.
    var nextDue: CaseDate?
    /// Names, summary, details and charges: what full-text search covers.
    var searchText: String
    /// The day of the earliest arrest in the timeline, even one after "today".
    var firstArrest: CaseDate?
    /// The date the stored facts hold as of: `CaseIndex.asOf(_:)`.
    var asOf: CaseDate
    /// The group ids of the file (`groups`): the `case_groups` rows.
    var groups: [String]
    /// Still detained, sentenced, released or died, as of `asOf` (migration 13).
    var status: DetentionStatus
    /// The places of detention named by the file (and the place of arrest when none is), each
    /// once: the `case_places` rows, a blind token and the sealed label (migration 13).
    var places: [String]

    /// What is stored depends on the file alone, never on the machine's clock: the same file
    /// gives the same row on any day (docs/store.md, "What the index holds").
    init(_ file: CaseFile) {
        asOf = CaseIndex.asOf(file)
        title = file.displayTitle
        personName = file.person.name
        state = file.state.uppercased()
        profiles = file.person.profile
        let assessment = Assessor.assess(file, asOf: asOf)
        categories = assessment.indicatedCategories
        status = DetentionStatus.of(assessment.derived)
        var placeNames = file.deprivation.places.map(\.name)
        if placeNames.isEmpty, let arrestPlace = assessment.derived.start?.event.place { placeNames.append(arrestPlace) }
        var seen = Set<String>()
        places = placeNames.filter { name in
            let key = CaseStatistics.normalized(name)
            return !key.isEmpty && seen.insert(key).inserted
        }
        let status = ProcedureTracker.status(of: file, asOf: asOf)
        stage = status.stage
        nextDue = status.pending.filter { $0.completedBy == nil }.map(\.due).min { $0.dayNumber < $1.dayNumber }?.calendarDate
        firstArrest = CaseIndex.firstArrest(file)
        groups = file.groups

        var parts: [String] = [file.displayTitle, file.person.name] + file.person.otherNames
        if let summary = file.summary { parts.append(summary) }
        if let details = file.deprivation.details { parts.append(details) }
        if let heldBy = file.deprivation.heldBy { parts.append(heldBy) }
        for charge in file.charges { parts += [charge.label, charge.law, charge.details].compactMap { $0 } }
        for event in file.timeline { if let details = event.details { parts.append(details) } }
        for allegation in file.allegations { if let details = allegation.details { parts.append(details) } }
        for item in file.evidence { parts += [item.title, item.details].compactMap { $0 } }
        searchText = parts.joined(separator: "\n")
    }

    /// The calendar day of the earliest arrest, in the timeline's own order (partial knowledge and
    /// times included), as the dashboard counted it from bodies before the column existed.
    static func firstArrest(_ file: CaseFile) -> CaseDate? {
        Timeline.ordered(file.timeline).first { $0.event.type == .arrest }?.event.date.calendarDate
    }

    /// The day a file's own information reaches: the latest of its stated `reportedAsOf` and the
    /// dates of its timeline and procedure events. Indexed categories and stage are what the file
    /// shows as of that day, so they state no more than the file does and never follow the clock;
    /// pages that show a case compute them again as of the day they are viewed. A file with no
    /// date at all is taken as of the first day the format allows (nothing has happened yet).
    static func asOf(_ file: CaseFile) -> CaseDate {
        let dates = [file.reportedAsOf].compactMap { $0 } + file.timeline.map(\.date) + file.procedure.map(\.date)
        return dates.map(\.calendarDate).max { $0.dayNumber < $1.dayNumber }
            ?? CaseDate(year: CaseLimits.years.lowerBound, month: 1, day: 1)
    }

    /// Space-delimited with outer spaces: the format of the `categories` and `profiles` columns
    /// before migration 5 moved them to `case_categories` and `case_profiles`.
    static func untokens(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
}
