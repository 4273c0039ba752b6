import Hummingbird

/// Every HTML page's URL, described once: the router registers `pattern`, views link with `path`.
/// Case ids are slugs (`[a-z0-9][a-z0-9-]*`, checked by the format), so they need no escaping.
enum WebRoute: Hashable, Sendable {
    case dashboard
    case caseList
    case caseNew
    case caseShow(String)
    case caseEdit(String)
    case caseYAML(String)
    case caseHistory(String)
    case caseDownload(String)
    case caseRestore(String, revision: Int)
    case eventNew(String)
    case eventRemove(String, index: Int)
    case allegationNew(String)
    case allegationRemove(String, index: Int)
    /// GET: the confirmation page; POST: the soft delete.
    case caseDelete(String)
    case caseUndelete(String)
    /// Not under /cases/: "deleted" would be a valid case id there.
    case deletedCases
    case importCases
    case export
    case stylesheet
    case script

    var path: String {
        switch self {
        case .dashboard: "/"
        case .caseList: "/cases"
        case .caseNew: "/cases/new"
        case .caseShow(let id): "/cases/\(id)"
        case .caseEdit(let id): "/cases/\(id)/edit"
        case .caseYAML(let id): "/cases/\(id)/yaml"
        case .caseHistory(let id): "/cases/\(id)/history"
        case .caseDownload(let id): "/cases/\(id)/download"
        case .caseRestore(let id, let revision): "/cases/\(id)/history/\(revision)/restore"
        case .eventNew(let id): "/cases/\(id)/events/new"
        case .eventRemove(let id, let index): "/cases/\(id)/events/\(index)/remove"
        case .allegationNew(let id): "/cases/\(id)/allegations/new"
        case .allegationRemove(let id, let index): "/cases/\(id)/allegations/\(index)/remove"
        case .caseDelete(let id): "/cases/\(id)/delete"
        case .caseUndelete(let id): "/cases/\(id)/undelete"
        case .deletedCases: "/deleted"
        case .importCases: "/import"
        case .export: "/export"
        case .stylesheet: "/static/habeas.css"
        case .script: "/static/habeas.js"
        }
    }

    /// The router pattern: the same path with `:id` / `:revision` in place of the values.
    static func pattern(_ route: (String) -> WebRoute) -> RouterPath { RouterPath(route(":id").path) }

    static var restorePattern: RouterPath { RouterPath("/cases/:id/history/:revision/restore") }
    static var eventRemovePattern: RouterPath { RouterPath("/cases/:id/events/:index/remove") }
    static var allegationRemovePattern: RouterPath { RouterPath("/cases/:id/allegations/:index/remove") }

    /// A path with a query string; empty values are left out.
    func with(_ query: [(String, String)]) -> String {
        let items = query.filter { !$0.1.isEmpty }
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&")
    }

    /// The drafts the server's API produces, linked from the case page.
    static func draft(_ id: String, kind: String, format: String, asOf: String?) -> String {
        "/api/v1/cases/\(id)/drafts/\(kind).\(format)" + (asOf.map { "?asOf=\($0)" } ?? "")
    }
}
