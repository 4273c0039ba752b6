import Foundation
import HabeasCore
import HabeasLocalization
import HabeasStore

/// `/cases/{id}/delete` (confirm, then soft delete) and `/deleted` (deleted cases, each with a
/// restore button). A deleted case keeps every revision; restoring brings it back as it was.
enum CaseDelete {
    struct ConfirmModel {
        var id: String
        var heading: String
        var action: String
        var caseHref: String
        var deletedHref: String
        var explanationHTML: SafeHTML
    }

    static func confirm(_ stored: StoredCase) -> ConfirmModel {
        ConfirmModel(id: stored.file.id, heading: stored.file.displayTitle, action: Route.caseDelete(stored.file.id).path,
                     caseHref: Route.caseShow(stored.file.id).path, deletedHref: Route.deletedCases.path,
                     explanationHTML: Interface.html("delete.explanation", ["deleted": "<a href=\"" + Route.deletedCases.path + "\">" + Escape.html(Interface.localizer.text("list.deleted")) + "</a>"]))
    }

    struct Row {
        var caseTitle: String
        var caseID: String
        var state: String
        var deletedAt: String
        var undeleteAction: String
        /// The undelete names the revision it brings back, like any other write.
        var revision: Int
        var restoreLabel: String
    }
    struct ListModel {
        var rows: [Row]
        var hasRows: Bool
        var summary: String
        /// The case just deleted, for the notice at the top.
        var justDeleted: String?
        var justDeletedHTML: SafeHTML?
        var previous: String?
        var next: String?
        var listHref: String
    }

    static let perPage = 50

    static func query(page: Int, today: CaseDate) -> CaseQuery {
        var query = CaseQuery(today: today)
        query.onlyDeleted = true
        query.sort = .title
        query.page = max(1, page)
        query.perPage = perPage
        return query
    }

    static func list(_ page: CasePage, justDeleted: String?) -> ListModel {
        let l = Interface.localizer
        let rows = page.items.map { item in
            Row(caseTitle: item.title, caseID: item.id, state: item.state, deletedAt: item.deletedAt.map(WebDates.timestamp) ?? "",
                undeleteAction: Route.caseUndelete(item.id).path, revision: item.revision,
                restoreLabel: l.text("deleted.restoreCase", ["case": item.title]))
        }
        let lastPage = max(1, (page.total + page.perPage - 1) / page.perPage)
        func link(_ n: Int) -> String { Route.deletedCases.with([("page", n == 1 ? "" : String(n))]) }
        let just = page.items.first { $0.id == justDeleted }?.title
        return ListModel(rows: rows, hasRows: !rows.isEmpty,
                         summary: page.total == 0 ? l.text("deleted.none") : l.plural("deleted.count", count: page.total),
                         justDeleted: just,
                         justDeletedHTML: just.map { Interface.html("deleted.notice", ["case": "<strong>" + Escape.html($0) + "</strong>"]) },
                         previous: page.page > 1 ? link(page.page - 1) : nil, next: page.page < lastPage ? link(page.page + 1) : nil,
                         listHref: Route.caseList.path)
    }
}
