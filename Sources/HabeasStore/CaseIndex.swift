import Foundation
import HabeasCore

/// The denormalised columns stored next to each case's JSON so lists and filters never have to
/// decode bodies. Computed from the core at save time.
struct CaseIndex: Sendable, Equatable {
    var title: String
    var personName: String
    var state: String
    var profiles: [String]
    /// Categories the assessment indicates as of the save date.
    var categories: [String]
    var stage: String
    /// The earliest open deadline (ISO date). Compared with "today" at query time, so `overdue`
    /// never goes stale in the database.
    var nextDue: String?
    /// Names, summary, details and charges: what full-text search covers.
    var searchText: String
    /// The day (ISO date) of the earliest arrest in the timeline, even one after "today".
    var firstArrest: String?

    init(_ file: CaseFile, asOf: CaseDate = .today()) {
        title = file.displayTitle
        personName = file.person.name
        state = file.state.uppercased()
        profiles = file.person.profile.map(\.rawValue)
        categories = CaseIndex.indicatedCategories(file, asOf: asOf)
        let procedure = CaseIndex.procedureStage(file, asOf: asOf)
        stage = procedure.stage
        nextDue = procedure.nextDue?.description
        firstArrest = CaseIndex.firstArrest(file)

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
    static func firstArrest(_ file: CaseFile) -> String? {
        Timeline.ordered(file.timeline).first { $0.event.type == .arrest }?.event.date.calendarDate.description
    }

    /// Space-delimited with outer spaces, so `LIKE '% word %'` matches whole words on both backends.
    static func tokens(_ words: [String]) -> String { words.isEmpty ? "" : " " + words.joined(separator: " ") + " " }
    static func untokens(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    static func indicatedCategories(_ file: CaseFile, asOf: CaseDate) -> [String] {
        Assessor.assess(file, asOf: asOf).indicatedCategories.map(\.rawValue)
    }

    /// The procedure tracker's stage and the earliest deadline not yet done. A deadline's due date
    /// does not move with time, so storing it and comparing with "today" at query time is exact.
    static func procedureStage(_ file: CaseFile, asOf: CaseDate) -> (stage: String, nextDue: CaseDate?) {
        let status = ProcedureTracker.status(of: file, asOf: asOf)
        let due = status.pending.filter { $0.completedBy == nil }.map(\.due).min { $0.dayNumber < $1.dayNumber }
        return (status.stage.rawValue, due)
    }
}
