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

    init(_ file: CaseFile, asOf: CaseDate = .today()) {
        title = file.displayTitle
        personName = file.person.name
        state = file.state.uppercased()
        profiles = file.person.profile.map(\.rawValue)
        categories = CaseIndex.indicatedCategories(file, asOf: asOf)
        let procedure = CaseIndex.procedureStage(file)
        stage = procedure.stage
        nextDue = procedure.nextDue?.description

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

    /// Space-delimited with outer spaces, so `LIKE '% word %'` matches whole words on both backends.
    static func tokens(_ words: [String]) -> String { words.isEmpty ? "" : " " + words.joined(separator: " ") + " " }
    static func untokens(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    // The assessment engine (`Assessor`) is being built in another issue; until it lands the
    // category column stays empty and the filter finds nothing. Replace this one function then.
    static func indicatedCategories(_ file: CaseFile, asOf: CaseDate) -> [String] {
        []
    }

    /// Stage and next deadline from the UN procedure events. A stand-in for the procedure tracker
    /// (another issue): same stage names as the state machine, 60-day reply period, comments date
    /// as set by the secretariat, 6-month follow-up.
    static func procedureStage(_ file: CaseFile) -> (stage: String, nextDue: CaseDate?) {
        let events = file.procedure.enumerated().sorted {
            ($0.element.date.dayNumber, $0.offset) < ($1.element.date.dayNumber, $1.offset)
        }.map(\.element)
        guard let last = events.last else { return ("draft", nil) }
        func after(_ type: ProcedureType, _ date: CaseDate) -> Bool {
            events.contains { $0.type == type && !$0.date.isBefore(date) }
        }
        var stage: String
        var due: CaseDate?
        switch last.type {
        case .communicationSubmitted, .urgentActionRequested, .urgentAppealSent: stage = "submitted"
        case .transmittedToGovernment, .extensionRequested: stage = "transmitted"
        case .extensionGranted: stage = "extended"
        case .governmentReply, .replySentToSource: stage = "reply-to-source"
        case .sourceComments: stage = "ready-for-deliberation"
        case .opinionAdopted, .opinionTransmitted, .followUpSubmitted: stage = "follow-up"
        case .reviewRequested: stage = "review-requested"
        case .releasedNotified: stage = "released"
        case .caseFiled: stage = "filed"
        }
        if let transmitted = events.last(where: { $0.type == .transmittedToGovernment }),
           !after(.governmentReply, transmitted.date) {
            var reply = transmitted.replyDue ?? transmitted.date.addingDays(60)
            if events.contains(where: { $0.type == .extensionGranted && !$0.date.isBefore(transmitted.date) }) {
                reply = reply.addingMonths(1)
            }
            due = reply
        }
        if let sent = events.last(where: { $0.type == .replySentToSource }), let comments = sent.commentsDue,
           !after(.sourceComments, sent.date) {
            due = comments
        }
        if let opinion = events.last(where: { $0.type == .opinionTransmitted }),
           !after(.followUpSubmitted, opinion.date) {
            due = opinion.date.addingMonths(6)
        }
        if [.caseFiled, .releasedNotified].contains(last.type) { due = nil }
        return (stage, due)
    }
}
