import Foundation
import HabeasCore
import HabeasDocuments
import HabeasLocalization
import HabeasStore
import Hummingbird

/// `/groups` and `/groups/{group}`: a mass event's counts (from the index, by SQL: no case is
/// decoded to draw the page), the arrests-by-day chart, the list with filters and bulk actions.
enum GroupPages {
    struct GroupRow {
        var id: String
        var name: String
        var href: String
        var count: Int
    }
    struct ListModel {
        var rows: [GroupRow]
        var hasRows: Bool
        var leadHTML = Interface.html("groups.lead", ["groups": "<code>groups</code>"])
        var emptyHTML = Interface.html("groups.empty", ["example": "<code>groups: [group-id]</code>", "option": "<code>--group</code>"])
    }

    struct CountRow {
        var label: String
        var count: Int
        var href: String?
    }
    struct CaseRow {
        var id: String
        var title: String
        var href: String
        var state: String
        var categories: String
        var stage: String
        var nextDue: String
        var overdue: Bool
        var selectLabel: String
    }
    struct Link {
        var label: String
        var href: String
    }
    struct Notice {
        var text: String
        var undoAction: String?
        var skipped: [String]
    }
    struct Model {
        var id: String
        var name: String
        var description: String?
        var total: Int
        var byStage: [CountRow]
        var byCategory: [CountRow]
        var byProfile: [CountRow]
        var byPlace: [CountRow]
        var morePlaces: Int?
        var byStatus: [CountRow]
        var arrestsChart: SafeHTML
        var arrestsTable: SafeHTML
        var statusChart: SafeHTML
        var statusTable: SafeHTML
        var withoutArrest: Int?
        // The list, with the case list's filters.
        var action: String
        var q: String
        var states: [Option]
        var categories: [Option]
        var stages: [Option]
        var overdueOptions: [Option]
        var rows: [CaseRow]
        var summary: String
        var previous: String?
        var next: String?
        var hasRows: Bool
        var ignored: [String]
        var filters: [Option]
        // Bulk actions.
        var canEdit: Bool
        var bulkAction: String
        var eventTypes: [Option]
        var notice: Notice?
        // Downloads.
        var petitionLinks: [Link]
        var casesCSV: String
        var statisticsCSV: String
        // Sentences with numbers, in the interface language.
        var totalText = ""
        var morePlacesText: String?
        var arrestsNote = ""
        var ignoredText: [String] = []
        var scopeAll = ""
    }

    static func list(groups: [CaseGroup], counts: [String: Int]) -> ListModel {
        var rows = groups.map { GroupRow(id: $0.id, name: $0.name, href: Route.group($0.id).path, count: counts[$0.id] ?? 0) }
        // Ids named by cases but not described yet still have a page.
        let described = Set(groups.map(\.id))
        for (id, count) in counts.sorted(by: { $0.key < $1.key }) where !described.contains(id) && count > 0 {
            rows.append(GroupRow(id: id, name: id, href: Route.group(id).path, count: count))
        }
        return ListModel(rows: rows, hasRows: !rows.isEmpty)
    }

    static func build(id: String, group: CaseGroup?, facets: CaseFacets, detention: DetentionFacets, query: CaseQuery, ignored: [String],
                      page: CasePage, canEdit: Bool, notice: Notice?) -> Model {
        let groupPath = Route.group(id).path
        let l = Interface.localizer
        func filtered(_ key: String, _ value: String) -> String { Route.group(id).with([(key, value)]) }
        let byStage = facets.stages.filter { $0.count > 0 }.map { CountRow(label: $0.value.rawValue, count: $0.count, href: filtered("stage", $0.value.rawValue)) }
        let byCategory = facets.categories.filter { $0.count > 0 }.map {
            CountRow(label: l.text("case.category", ["category": $0.value.rawValue]), count: $0.count, href: filtered("category", $0.value.rawValue))
        }
        let byProfile = detention.profiles.map { CountRow(label: Interface.word($0.value).label, count: $0.count, href: filtered("profile", $0.value.rawValue)) }
        let byPlace = detention.places.map { CountRow(label: $0.value, count: $0.count, href: nil) }
        let byStatus = detention.statuses.map { CountRow(label: $0.value.label, count: $0.count, href: nil) }
        let days = Self.everyDay(detention.arrestDays)
        let dayRows = days.map { LabelledCount(label: $0.day.description, count: $0.count) }
        let statusRows = detention.statuses.map { LabelledCount(label: $0.value.label, count: $0.count) }

        func options(_ values: [(String, String)], selected: String?) -> [Option] {
            [Option(value: "", label: l.text("form.any"), selected: selected == nil)] + values.map { Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        }
        var base: [(String, String)] = [
            ("q", query.text ?? ""), ("state", query.state ?? ""), ("category", query.category?.rawValue ?? ""), ("stage", query.stage?.rawValue ?? ""),
            ("profile", query.profile?.rawValue ?? ""), ("overdue", query.overdue.map { $0 ? "true" : "false" } ?? ""),
        ]
        let lastPage = max(1, (page.total + page.perPage - 1) / page.perPage)
        func link(_ n: Int) -> String { Route.group(id).with(base + [("page", n == 1 ? "" : String(n))]) }
        let first = page.total == 0 ? 0 : (page.page - 1) * page.perPage + 1
        let last = min(page.total, page.page * page.perPage)
        let rows = page.items.map { item in
            CaseRow(id: item.id, title: item.title, href: Route.caseShow(item.id).path, state: item.state,
                    categories: item.categories.isEmpty ? l.text("none") : item.categories.map(\.rawValue).joined(separator: Interface.comma),
                    stage: item.stage.rawValue, nextDue: item.nextDue.map(Interface.date) ?? "—", overdue: item.overdue,
                    selectLabel: l.text("group.selectCase", ["case": item.title]))
        }
        base.removeAll { $0.1.isEmpty }
        let petition = Route.groupPetition(id)
        let summary = page.total == 0 ? l.text("group.noMatch")
            : l.text("group.summary", ["first": l.number(first), "last": l.number(last), "total": l.number(page.total)])
        var model = Model(
            id: id, name: group?.name ?? id, description: group?.description, total: facets.total,
            byStage: byStage, byCategory: byCategory, byProfile: byProfile, byPlace: byPlace,
            morePlaces: detention.distinctPlaces > byPlace.count ? detention.distinctPlaces - byPlace.count : nil,
            byStatus: byStatus,
            arrestsChart: Charts.arrestsByDay(id: "chart-days", title: l.text("group.arrests"), days: days),
            arrestsTable: Charts.table(caption: l.text("group.arrests"), header: (l.text("group.day"), l.text("group.arrestsColumn")), rows: dayRows),
            statusChart: Charts.histogram(id: "chart-status", title: l.text("group.byStatusChart"), rows: statusRows),
            statusTable: Charts.table(caption: l.text("group.byStatusChart"), header: (l.text("group.status"), l.text("layout.nav.cases")), rows: statusRows),
            withoutArrest: facets.withoutArrest == 0 ? nil : facets.withoutArrest,
            action: groupPath, q: query.text ?? "",
            states: options(facets.states.map { ($0.value, $0.value) }, selected: query.state),
            categories: options(Category.allCases.map { ($0.rawValue, l.text("case.category", ["category": $0.rawValue])) }, selected: query.category?.rawValue),
            stages: options(ProcedureStage.allCases.map { ($0.rawValue, $0.rawValue) }, selected: query.stage?.rawValue),
            overdueOptions: options([("true", l.text("dashboard.overdue")), ("false", l.text("group.notOverdue"))], selected: query.overdue.map { $0 ? "true" : "false" }),
            rows: rows, summary: summary,
            previous: page.page > 1 ? link(page.page - 1) : nil, next: page.page < lastPage ? link(page.page + 1) : nil,
            hasRows: !rows.isEmpty, ignored: ignored,
            filters: base.map { Option(value: $0.1, label: $0.0, selected: false) },
            canEdit: canEdit, bulkAction: Route.groupBulk(id).path,
            eventTypes: [EventType.release, .death, .releaseOrdered, .transfer, .familyContact, .counselAccess, .hearing, .trialStart]
                .map { Option(value: $0.rawValue, label: Interface.word($0).label, selected: $0 == .release) },
            notice: notice,
            petitionLinks: [
                Link(label: l.text("group.petition.docx"), href: petition.with([("format", "docx")])),
                Link(label: l.text("group.petition.html"), href: petition.with([("format", "html")])),
                Link(label: l.text("group.petition.md"), href: petition.with([("format", "md")])),
                Link(label: l.text("group.urgent.docx"), href: petition.with([("format", "docx"), ("urgent", "true")])),
                Link(label: l.text("group.redacted.docx"), href: petition.with([("format", "docx"), ("redact", "true")])),
            ],
            casesCSV: Route.groupCasesCSV(id).with(base), statisticsCSV: Route.groupStatisticsCSV(id).path)
        model.totalText = l.plural("group.total", count: facets.total)
        model.morePlacesText = model.morePlaces.map { l.plural("group.morePlaces", count: $0) }
        model.arrestsNote = facets.withoutArrest == 0 ? l.text("group.arrests.note") : l.plural("group.arrests.noteWithout", count: facets.withoutArrest)
        model.ignoredText = ignored.map { l.text("group.ignored", ["filter": $0]) }
        model.scopeAll = l.text("group.scope.all", ["summary": summary])
        return model
    }

    /// Every day from the first arrest to the last, zeros included, so the time axis is honest;
    /// at most `maxDays` (a typo years away would otherwise draw thousands of bars): beyond, the
    /// days are summed by week.
    static let maxDays = 120
    static func everyDay(_ counts: [CaseFacets.Count<CaseDate>]) -> [(day: CaseDate, count: Int)] {
        guard let first = counts.first?.value.dayNumber, let last = counts.last?.value.dayNumber else { return [] }
        var tally: [Int: Int] = [:]
        let step = last - first < maxDays ? 1 : 7 * ((last - first) / (7 * maxDays) + 1)
        for c in counts { tally[first + (c.value.dayNumber - first) / step * step, default: 0] += c.count }
        return stride(from: first, through: last, by: step).map { (CaseDate(dayNumber: $0), tally[$0] ?? 0) }
    }

    /// The statistics as JSON: the SQL counts of a group or of every visible case.
    static func json(facets: CaseFacets, detention: DetentionFacets) -> Value {
        func counts(_ rows: [(String, Int)]) -> Value { .array(rows.map { .object([.init("value", .string($0.0)), .init("count", .int($0.1))]) }) }
        return .object([
            .init("total", .int(facets.total)),
            .init("byState", counts(facets.states.map { ($0.value, $0.count) })),
            .init("byStage", counts(facets.stages.map { ($0.value.rawValue, $0.count) })),
            .init("byCategory", counts(facets.categories.map { ($0.value.rawValue, $0.count) })),
            .init("byProfile", counts(detention.profiles.map { ($0.value.rawValue, $0.count) })),
            .init("byPlace", counts(detention.places.map { ($0.value, $0.count) })),
            .init("distinctPlaces", .int(detention.distinctPlaces)),
            .init("byStatus", counts(detention.statuses.map { ($0.value.rawValue, $0.count) })),
            .init("arrestsByDay", counts(detention.arrestDays.map { ($0.value.description, $0.count) })),
            .init("withoutArrest", .int(facets.withoutArrest)),
        ])
    }

    /// The CSV of a list of cases, from the index (no body decoded).
    static func casesCSV(_ items: [CaseSummary]) -> String {
        var writer = CSVWriter(header: ["id", "title", "state", "stage", "categories indicated", "first arrest", "next deadline", "overdue"])
        for item in items {
            writer.append(texts: [item.id, item.title, item.state, item.stage.rawValue, item.categories.map(\.rawValue).joined(separator: " "),
                                  item.firstArrest?.description ?? "", item.nextDue?.description ?? "", item.overdue ? "yes" : "no"])
        }
        return writer.text
    }

    /// Reads a bulk form into the edit it asks for, or says what is wrong.
    static func edit(_ form: FormData) throws -> BulkEdit {
        switch form["action"] {
        case "event":
            guard let type = EventType(rawValue: form["eventType"]) else { throw WebError.badRequest(Interface.localizer.text("group.error.eventType")) }
            guard let date = try? CaseDate(parsing: form["eventDate"].trimmingCharacters(in: .whitespaces)),
                  CaseLimits.years.contains(date.year) else {
                throw WebError.badRequest(Interface.localizer.text("group.error.date"))
            }
            var event = TimelineEvent(date: date, type: type)
            let details = form["details"].trimmingCharacters(in: .whitespacesAndNewlines)
            if !details.isEmpty {
                guard details.count <= 2_000 else { throw WebError.badRequest(Interface.localizer.text("group.error.details")) }
                event.details = details
            }
            return .addEvent(event)
        case "heldBy":
            let text = form["value"].trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count <= 500 else { throw WebError.badRequest(Interface.localizer.text("group.error.heldBy")) }
            return .setHeldBy(text)
        case "ongoing":
            guard ["true", "false"].contains(form["value"]) else { throw WebError.badRequest(Interface.localizer.text("group.error.ongoing")) }
            return .setOngoing(form["value"] == "true")
        default:
            throw WebError.badRequest(Interface.localizer.text("group.error.action"))
        }
    }
}
