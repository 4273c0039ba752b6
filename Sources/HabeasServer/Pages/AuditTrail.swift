import Foundation
import HabeasCore
import HabeasLocalization
import HabeasStore

/// `/audit`: the audit trail, newest first, filtered by case, action, actor and day, with the
/// state of the hash chain. Entries hold no case content; everything is escaped by the template.
enum AuditTrail {
    struct Row {
        var seq: String
        var at: String
        var actor: String
        var action: String
        var caseID: String
        var caseHref: String?
        var detail: String
        /// The first characters of the hash: enough to compare with a kept head by eye.
        var hash: String
    }
    struct ActionOption {
        var value: String
        var selected: Bool
    }
    struct Model {
        var rows: [Row]
        var hasRows: Bool
        var summary: String
        var chainIntact: Bool
        var chainStatus: String
        var head: String?
        var caseID: String
        var actor: String
        var since: String
        var until: String
        var actions: [ActionOption]
        var anyAction: Bool
        var filterAction: String
        var previous: String?
        var next: String?
        var errors: [String]
        var hasErrors: Bool
        var introHTML = Interface.html("audit.intro", ["command": "<code>habeas audit verify</code>"])
    }

    static let perPage = 100
    static let maxField = 200

    /// The filters as typed, checked: a bad value is named on the page rather than ignored.
    struct Query {
        var filter = AuditFilter()
        var caseID = "", actor = "", since = "", until = "", action = ""
        var page = 1
        var errors: [String] = []
    }

    static func query(_ parameters: [String: String], page: Int) -> Query {
        var query = Query()
        query.page = page
        query.filter.newestFirst = true
        query.filter.limit = perPage
        query.filter.offset = (page - 1) * perPage
        func text(_ key: String) -> String {
            let value = (parameters[key] ?? "").trimmingCharacters(in: .whitespaces)
            guard value.count <= maxField, !value.contains("\0") else {
                query.errors.append(Interface.localizer.text("audit.error.tooLong", ["field": key, "count": String(maxField)]))
                return ""
            }
            return value
        }
        query.caseID = text("case")
        query.actor = text("actor")
        query.action = text("action")
        query.since = text("since")
        query.until = text("until")
        if !query.caseID.isEmpty { query.filter.caseID = query.caseID }
        if !query.actor.isEmpty { query.filter.actor = query.actor }
        if !query.action.isEmpty {
            if let action = AuditEntry.Action(rawValue: query.action) {
                query.filter.action = action
            } else {
                query.errors.append(Interface.localizer.text("audit.error.action", ["value": query.action]))
            }
        }
        for (key, value) in [("since", query.since), ("until", query.until)] where !value.isEmpty {
            guard let day = try? CaseDate(parsing: value), day.time == nil, let start = startOfDay(day) else {
                query.errors.append(Interface.localizer.text("audit.error.day", ["field": key]))
                continue
            }
            // "Until" a day includes that day.
            if key == "since" { query.filter.since = start } else { query.filter.until = start.addingTimeInterval(86_400) }
        }
        return query
    }

    static func startOfDay(_ day: CaseDate) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }

    static func model(_ query: Query, entries: [AuditEntry], total: Int, verification: AuditVerification) -> Model {
        let rows = entries.map { entry in
            Row(seq: String(entry.seq), at: WebDates.timestamp(entry.at), actor: entry.author, action: entry.action.rawValue,
                caseID: entry.caseID, caseHref: entry.caseID.isEmpty ? nil : Route.caseShow(entry.caseID).path,
                detail: entry.detail, hash: String(entry.hash.prefix(12)))
        }
        let l = Interface.localizer
        let status = verification.problem.map { l.text("audit.broken", ["problem": "\($0)"]) }
            ?? l.plural("audit.intact", count: verification.checked)
        let lastPage = max(1, (total + perPage - 1) / perPage)
        func link(_ n: Int) -> String {
            Route.auditTrail.with([("case", query.caseID), ("action", query.action), ("actor", query.actor),
                                   ("since", query.since), ("until", query.until), ("page", n == 1 ? "" : String(n))])
        }
        return Model(
            rows: rows, hasRows: !rows.isEmpty,
            summary: total == 0 ? l.text("audit.noMatch") : l.plural("audit.matches", count: total),
            chainIntact: verification.intact, chainStatus: status, head: verification.head?.description,
            caseID: query.caseID, actor: query.actor, since: query.since, until: query.until,
            actions: AuditEntry.Action.allCases.map { ActionOption(value: $0.rawValue, selected: $0.rawValue == query.action) },
            anyAction: query.action.isEmpty, filterAction: Route.auditTrail.path,
            previous: query.page > 1 ? link(query.page - 1) : nil, next: query.page < lastPage ? link(query.page + 1) : nil,
            errors: query.errors, hasErrors: !query.errors.isEmpty)
    }
}
