import Foundation
import HabeasCore
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
    }

    static func confirm(_ stored: StoredCase) -> ConfirmModel {
        ConfirmModel(id: stored.file.id, heading: stored.file.displayTitle, action: Route.caseDelete(stored.file.id).path,
                     caseHref: Route.caseShow(stored.file.id).path, deletedHref: Route.deletedCases.path)
    }

    struct Row {
        var caseTitle: String
        var caseID: String
        var state: String
        var deletedAt: String
        var undeleteAction: String
        /// The undelete names the revision it brings back, like any other write.
        var revision: Int
    }
    struct ListModel {
        var rows: [Row]
        var hasRows: Bool
        var summary: String
        /// The case just deleted, for the notice at the top.
        var justDeleted: String?
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
        let rows = page.items.map { item in
            Row(caseTitle: item.title, caseID: item.id, state: item.state, deletedAt: item.deletedAt.map(WebDates.timestamp) ?? "",
                undeleteAction: Route.caseUndelete(item.id).path, revision: item.revision)
        }
        let lastPage = max(1, (page.total + page.perPage - 1) / page.perPage)
        func link(_ n: Int) -> String { Route.deletedCases.with([("page", n == 1 ? "" : String(n))]) }
        return ListModel(rows: rows, hasRows: !rows.isEmpty,
                         summary: page.total == 0 ? "No case is deleted." : "\(page.total) deleted case\(page.total == 1 ? "" : "s")",
                         justDeleted: page.items.first { $0.id == justDeleted }?.title,
                         previous: page.page > 1 ? link(page.page - 1) : nil, next: page.page < lastPage ? link(page.page + 1) : nil,
                         listHref: Route.caseList.path)
    }
}
