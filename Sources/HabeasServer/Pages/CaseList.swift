import HabeasCore
import HabeasStore
import Hummingbird

/// `/cases`: the store's search with its filters, as a GET form so every result is a link.
enum CaseList {
    struct Row {
        var title: String
        var href: String
        var state: String
        var categories: String
        var stage: String
        var nextDue: String
        var overdue: Bool
    }
    struct Model {
        var q: String
        var states: [Option]
        var categories: [Option]
        var stages: [Option]
        var overdueOptions: [Option]
        var sorts: [Option]
        var rows: [Row]
        var total: Int
        var summary: String
        // Optionals, not empty strings: an empty string still opens a Mustache section.
        var previous: String?
        var next: String?
        var hasRows: Bool
        var ignored: [String]
        /// The same list (every page) as CSV.
        var csvHref: String
    }

    static let perPage = 25

    static func build(_ query: CaseQuery, ignored: [String], page: CasePage, states: [String]) -> Model {
        func options(_ values: [(String, String)], selected: String?) -> [Option] {
            [Option(value: "", label: "Any", selected: selected == nil)] + values.map { Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        }
        let rows = page.items.map { item in
            Row(title: item.title, href: Route.caseShow(item.id).path, state: item.state,
                categories: item.categories.isEmpty ? "none" : item.categories.map(\.rawValue).joined(separator: ", "),
                stage: item.stage.rawValue, nextDue: item.nextDue?.description ?? "—", overdue: item.overdue)
        }
        var base: [(String, String)] = [
            ("q", query.text ?? ""), ("state", query.state ?? ""), ("category", query.category?.rawValue ?? ""), ("stage", query.stage?.rawValue ?? ""),
            ("overdue", query.overdue.map { $0 ? "true" : "false" } ?? ""), ("sort", query.sort == .relevance ? "" : query.sort.rawValue),
        ]
        let lastPage = max(1, (page.total + page.perPage - 1) / page.perPage)
        base.append(("page", ""))
        func link(_ n: Int) -> String {
            Route.caseList.with(base.map { $0.0 == "page" ? ($0.0, n == 1 ? "" : String(n)) : $0 })
        }
        let first = page.total == 0 ? 0 : (page.page - 1) * page.perPage + 1
        let last = min(page.total, page.page * page.perPage)
        let sortLabels: [CaseQuery.Sort: String] = [
            .relevance: "Best match, then recently updated", .updated: "Recently updated", .updatedAscending: "Least recently updated",
            .title: "Title", .state: "State", .nextDue: "Next deadline", .created: "Recently created",
        ]
        return Model(
            q: query.text ?? "",
            states: options(states.map { ($0, $0) }, selected: query.state),
            categories: options(Category.allCases.map { ($0.rawValue, "Category \($0.rawValue)") }, selected: query.category?.rawValue),
            stages: options(ProcedureStage.allCases.map { ($0.rawValue, $0.rawValue) }, selected: query.stage?.rawValue),
            overdueOptions: options([("true", "Overdue"), ("false", "Not overdue")], selected: query.overdue.map { $0 ? "true" : "false" }),
            sorts: CaseQuery.Sort.allCases.map { Option(value: $0 == .relevance ? "" : $0.rawValue, label: sortLabels[$0] ?? $0.rawValue, selected: $0 == query.sort) },
            rows: rows, total: page.total,
            summary: page.total == 0 ? "No case matches." : "Cases \(first) to \(last) of \(page.total)",
            previous: page.page > 1 ? link(page.page - 1) : nil,
            next: page.page < lastPage ? link(page.page + 1) : nil,
            hasRows: !rows.isEmpty, ignored: ignored,
            csvHref: Route.caseList.with(base.filter { $0.0 != "page" } + [("format", "csv")]))
    }
}
