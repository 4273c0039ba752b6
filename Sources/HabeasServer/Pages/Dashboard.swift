import HabeasCore
import HabeasLocalization
import HabeasStore

/// `/`: what needs attention first (overdue and next-30-day deadlines), then the counts and charts.
enum Dashboard {
    struct Model {
        struct DeadlineRow {
            var caseTitle: String
            var caseHref: String
            var label: String
            var due: String
            var when: String
            var overdue: Bool
        }
        struct CountRow {
            var label: String
            var count: Int
            var href: String
            /// The label in the interface language ("Category I"); set where it differs.
            var name: String = ""
        }
        var asOf: String
        var total: Int
        var overdue: [DeadlineRow]
        var upcoming: [DeadlineRow]
        /// After a mass arrest thousands of deadlines can be overdue at once: the page lists the
        /// first `listLimit` of each table and links to the full, filtered case list.
        var moreOverdue: MoreLink?
        var moreUpcoming: MoreLink?
        struct MoreLink {
            var count: Int
            var href: String
        }
        var byStage: [CountRow]
        var byCategory: [CountRow]
        var byState: [CountRow]
        var detentionsChart: SafeHTML
        var categoryChart: SafeHTML
        /// Still detained, sentenced, released, died: from the index (migration 13), with its table.
        var statusChart: SafeHTML
        var statusTable: SafeHTML
        var placeChart: SafeHTML
        var placeTable: SafeHTML
        /// nil when every case has an arrest date (an Int 0 would still open a Mustache section).
        var withoutArrest: Int?
        var hasCases: Bool
        /// Whole sentences of the interface language (Interface), their numbers in its plural forms.
        var totalText: String = ""
        var arrestNote: String = ""
        var emptyHTML = SafeHTML(html: "")
        var moreOverdueText: String = ""
        var moreUpcomingText: String = ""
    }

    static let window = 30
    static let listLimit = 20

    static func build(store: any CaseStore, asOf: CaseDate) async throws -> Model {
        // Counts and the chart from the index's aggregates; bodies only for the deadlines shown.
        let facets = try await store.visibleFacets()
        let detention = try await store.visibleDetentionFacets(group: nil)
        let statusRows = detention.statuses.map { LabelledCount(label: $0.value.label, count: $0.count) }
        let placeRows = detention.places.map { LabelledCount(label: $0.value, count: $0.count) }
        var months: [Int: Int] = [:]
        for count in facets.arrestMonths { months[count.value.year * 12 + count.value.month - 1, default: 0] += count.count }
        let withoutArrest = facets.withoutArrest

        // Deadlines: only cases whose earliest open deadline falls before the end of the window,
        // the overdue ones first, then the upcoming, each earliest first.
        let l = Interface.localizer
        let limit = asOf.addingDays(window).dayNumber
        var overdue: [Model.DeadlineRow] = []
        var upcoming: [Model.DeadlineRow] = []
        var overdueCases = 0
        var upcomingCases = 0
        for isPast in [true, false] {
            var query = CaseQuery(today: asOf)
            query.overdue = isPast
            query.dueOnOrBefore = asOf.addingDays(window)
            query.sort = .nextDue
            query.perPage = listLimit
            pages: while true {
                let page = try await store.visibleSearch(query)
                if query.page == 1 { if isPast { overdueCases = page.total } else { upcomingCases = page.total } }
                for summary in page.items {
                    // Bodies only for as many as are shown.
                    guard (isPast ? overdue.count : upcoming.count) < listLimit else { break pages }
                    let file = try await store.get(summary.id).file
                    let status = ProcedureTracker.status(of: file, asOf: asOf)
                    for deadline in status.pending where deadline.due.dayNumber <= limit {
                        let left = deadline.daysLeft(asOf: asOf)
                        let row = Model.DeadlineRow(
                            caseTitle: try CaseLabel.title(id: file.id, title: file.displayTitle, state: file.state, store: store),
                            caseHref: try CaseLabel.href(id: file.id, store: store), label: deadline.kind.label,
                            due: deadline.due.description,
                            when: left < 0 ? l.plural("deadline.overdueBy", count: -left) : left == 0 ? l.text("deadline.today") : l.plural("deadline.inDays", count: left),
                            overdue: deadline.status == .overdue)
                        if row.overdue { overdue.append(row) } else { upcoming.append(row) }
                    }
                }
                if query.page * query.perPage >= page.total || page.items.isEmpty { break }
                query.page += 1
            }
        }
        overdue.sort { $0.due < $1.due }
        upcoming.sort { $0.due < $1.due }
        let shownOverdue = Set(overdue.map(\.caseHref)).count
        let shownUpcoming = Set(upcoming.map(\.caseHref)).count
        let moreOverdue = overdueCases > shownOverdue
            ? Model.MoreLink(count: overdueCases - shownOverdue, href: Route.caseList.with([("overdue", "true"), ("sort", CaseQuery.Sort.nextDue.rawValue)]))
            : nil
        let moreUpcoming = upcomingCases > shownUpcoming
            ? Model.MoreLink(count: upcomingCases - shownUpcoming, href: Route.caseList.with([("sort", CaseQuery.Sort.nextDue.rawValue)]))
            : nil

        func counts(_ values: [(String, Int)], filter: String, order: [String]? = nil) -> [Model.CountRow] {
            let tally = Dictionary(values.filter { $0.1 > 0 }, uniquingKeysWith: +)
            let keys = order?.filter { tally[$0] != nil } ?? tally.keys.sorted { tally[$0]! != tally[$1]! ? tally[$0]! > tally[$1]! : $0 < $1 }
            return keys.map { Model.CountRow(label: $0, count: tally[$0]!, href: Route.caseList.with([(filter, $0)])) }
        }
        let byStage = counts(facets.stages.map { ($0.value.rawValue, $0.count) }, filter: "stage", order: ProcedureStage.allCases.map(\.rawValue))
        let byCategory = counts(facets.categories.map { ($0.value.rawValue, $0.count) }, filter: "category", order: Category.allCases.map(\.rawValue)).map { row in
            var row = row
            row.name = l.text("case.category", ["category": row.label])
            return row
        }
        let byState = counts(facets.states.map { ($0.value, $0.count) }, filter: "state")

        let columns = arrestColumns(months)
        let categoryRows = Category.allCases.map { c in (l.text("case.category", ["category": c.rawValue]), byCategory.first { $0.label == c.rawValue }?.count ?? 0) }
        var model = Model(
            asOf: asOf.description, total: facets.total, overdue: overdue, upcoming: upcoming,
            moreOverdue: moreOverdue, moreUpcoming: moreUpcoming,
            byStage: byStage, byCategory: byCategory, byState: byState,
            detentionsChart: Charts.columns(id: "chart-months", title: l.text("dashboard.chart.months"), bars: columns),
            categoryChart: Charts.bars(id: "chart-categories", title: l.text("dashboard.chart.categories"), rows: categoryRows),
            statusChart: Charts.histogram(id: "chart-status", title: "Cases by status", rows: statusRows),
            statusTable: Charts.table(caption: "Cases by status", header: ("Status", "Cases"), rows: statusRows),
            placeChart: Charts.histogram(id: "chart-places", title: "Places of detention recorded most often", rows: placeRows, colour: "#5b2c83"),
            placeTable: Charts.table(caption: "Places of detention", header: ("Place", "Cases"), rows: placeRows),
            withoutArrest: withoutArrest == 0 ? nil : withoutArrest, hasCases: facets.total > 0)
        model.totalText = l.plural("dashboard.total", count: facets.total, ["date": Interface.date(asOf)])
        model.arrestNote = withoutArrest == 0 ? l.text("dashboard.byMonth") : l.plural("dashboard.withoutArrest", count: withoutArrest)
        model.emptyHTML = Interface.html("dashboard.empty", [
            "create": "<a href=\"\(Escape.html(Route.caseNew.path))\">\(Escape.html(l.text("dashboard.create")))</a>",
            "import": "<a href=\"\(Escape.html(Route.importCases.path))\">\(Escape.html(l.text("dashboard.import")))</a>",
        ])
        model.moreOverdueText = moreOverdue.map { l.plural("dashboard.moreOverdue", count: $0.count) } ?? ""
        model.moreUpcomingText = moreUpcoming.map { l.plural("dashboard.moreUpcoming", count: $0.count) } ?? ""
        return model
    }

    /// The most columns the arrests chart draws, whatever the dates: the page stays small.
    static let maxColumns = 48

    /// Every period in the range, empty ones too, so the time axis is honest: months while they
    /// fit in `maxColumns`, then years, then decades.
    static func arrestColumns(_ months: [Int: Int]) -> [(label: String, count: Int)] {
        guard let first = months.keys.min(), let last = months.keys.max() else { return [] }
        if last - first < maxColumns {
            return (first...last).map { (Charts.monthLabel($0 / 12, $0 % 12 + 1), months[$0] ?? 0) }
        }
        let years = first / 12...last / 12
        let step = years.count <= maxColumns ? 1 : 10 * ((years.count + 10 * maxColumns - 1) / (10 * maxColumns))
        var tally: [Int: Int] = [:]
        for (month, count) in months { tally[(month / 12) / step * step, default: 0] += count }
        return stride(from: years.lowerBound / step * step, through: years.upperBound, by: step).map { start in
            (step == 1 ? "\(start)" : "\(start)–\(start + step - 1)", tally[start] ?? 0)
        }
    }
}
