import Foundation
import Hummingbird

/// Every URL the server answers (pages, assets, the API and the service routes), each written
/// once: `template` names the path with `{name}` for each value. The router registers the
/// template (`Route.pattern(Route.caseShow)`), the OpenAPI document prints it, and every link is
/// `Route.caseShow(id).path`, so a path cannot differ between a link, a route and the document.
enum Route: Hashable, Sendable {
    // Pages
    case dashboard
    case caseList
    case caseNew
    case caseShow(String)
    case caseEdit(String)
    case caseYAML(String)
    case caseHistory(String)
    case caseFiles(String)
    case caseFile(String, file: Int64)
    /// A PDF shown in the browser's own viewer (inline, under a sandbox CSP).
    case caseFileView(String, file: Int64)
    /// The submission package ZIP (`?kind=`), as `habeas package` writes it.
    case casePackage(String)
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
    /// A spreadsheet in: GET the upload form; POST the upload, answered with the column-mapping screen.
    case importTable
    /// POST: import the uploaded sheet with the chosen mapping (a dry run: its report; an import:
    /// started in the background, and a redirect to its progress).
    case importTableRun(String)
    /// GET: a background import's progress bar, then its report (the uploader's own).
    case importTableJob(String)
    case export
    case aboutAssessment
    case opinions
    case opinion(String)
    /// The audit trail with its chain status. Admins only (`Route.access`).
    case auditTrail
    /// Groups of cases (a mass event): the list, and one group's counts, chart and cases.
    case groups
    case group(String)
    /// The group communication (`?format=docx|html|md`, `?urgent=true`, `?redact=true`).
    case groupPetition(String)
    /// The group's cases (with the list's filters) as CSV.
    case groupCasesCSV(String)
    /// The group's statistics as CSV (every dimension, the durations included).
    case groupStatisticsCSV(String)
    /// POST: a bulk action on the selected cases of a group.
    case groupBulk(String)
    /// POST: undo a bulk action as one.
    case bulkUndo(String)
    // Assets
    case stylesheet
    case script
    // Accounts
    /// GET: the form; POST: name and password.
    case signIn
    /// A one-time link printed on the console (first admin's setup, demo admin's sign-in).
    case signInLink(String)
    /// The second factor: a TOTP code or a recovery code.
    case secondFactor
    /// An admin's first sign-in: set up the second factor.
    case enrol
    case signOut
    case users
    case user(Int64)
    /// The signed-in user's own account: their second factor and their sessions.
    case account
    // Service
    case health
    case openAPI
    // The JSON API
    case apiCases
    case apiCase(String)
    case apiCaseRestore(String)
    case apiRevisionRestore(String, revision: Int)
    case apiHistory(String)
    case apiDiff(String)
    case apiAssessment(String)
    case apiTimeline(String)
    case apiFiles(String)
    case apiFile(String, file: Int64)
    case apiPackage(String)
    case apiCaseDeadlines(String)
    case apiDeadlines
    case apiDraft(String, file: String)
    case apiPurge(String)
    case apiImport
    case apiImportTable
    case apiExport
    case apiGroups
    case apiGroup(String)
    case apiStatistics

    /// The path with `{name}` in place of each value, and the values in the same order.
    var template: (pattern: String, values: [String]) {
        switch self {
        case .dashboard: ("/", [])
        case .caseList: ("/cases", [])
        case .caseNew: ("/cases/new", [])
        case .caseShow(let id): ("/cases/{id}", [id])
        case .caseEdit(let id): ("/cases/{id}/edit", [id])
        case .caseYAML(let id): ("/cases/{id}/yaml", [id])
        case .caseHistory(let id): ("/cases/{id}/history", [id])
        case .caseFiles(let id): ("/cases/{id}/files", [id])
        case .caseFile(let id, let file): ("/cases/{id}/files/{file}", [id, String(file)])
        case .caseFileView(let id, let file): ("/cases/{id}/files/{file}/view", [id, String(file)])
        case .casePackage(let id): ("/cases/{id}/package", [id])
        case .caseDownload(let id): ("/cases/{id}/download", [id])
        case .caseRestore(let id, let revision): ("/cases/{id}/history/{revision}/restore", [id, String(revision)])
        case .eventNew(let id): ("/cases/{id}/events/new", [id])
        case .eventRemove(let id, let index): ("/cases/{id}/events/{index}/remove", [id, String(index)])
        case .allegationNew(let id): ("/cases/{id}/allegations/new", [id])
        case .allegationRemove(let id, let index): ("/cases/{id}/allegations/{index}/remove", [id, String(index)])
        case .caseDelete(let id): ("/cases/{id}/delete", [id])
        case .caseUndelete(let id): ("/cases/{id}/undelete", [id])
        case .deletedCases: ("/deleted", [])
        case .importCases: ("/import", [])
        case .importTable: ("/import-table", [])
        case .importTableRun(let upload): ("/import-table/{upload}", [upload])
        case .importTableJob(let job): ("/import-table/jobs/{job}", [job])
        case .export: ("/export", [])
        case .aboutAssessment: ("/about/assessment", [])
        case .opinions: ("/opinions", [])
        case .opinion(let name): ("/opinions/{name}", [name])
        case .auditTrail: ("/audit", [])
        case .groups: ("/groups", [])
        case .group(let id): ("/groups/{group}", [id])
        case .groupPetition(let id): ("/groups/{group}/petition", [id])
        case .groupCasesCSV(let id): ("/groups/{group}/cases.csv", [id])
        case .groupStatisticsCSV(let id): ("/groups/{group}/statistics.csv", [id])
        case .groupBulk(let id): ("/groups/{group}/bulk", [id])
        case .bulkUndo(let batch): ("/bulk/{batch}/undo", [batch])
        case .stylesheet: ("/static/habeas.css", [])
        case .script: ("/static/habeas.js", [])
        case .signIn: ("/sign-in", [])
        case .signInLink(let token): ("/sign-in/link/{token}", [token])
        case .secondFactor: ("/sign-in/code", [])
        case .enrol: ("/sign-in/enrol", [])
        case .signOut: ("/sign-out", [])
        case .users: ("/admin/users", [])
        case .account: ("/account", [])
        case .user(let id): ("/admin/users/{user}", [String(id)])
        case .health: ("/healthz", [])
        case .openAPI: ("/api/openapi.json", [])
        case .apiCases: ("/api/v1/cases", [])
        case .apiCase(let id): ("/api/v1/cases/{id}", [id])
        case .apiCaseRestore(let id): ("/api/v1/cases/{id}/restore", [id])
        case .apiRevisionRestore(let id, let revision): ("/api/v1/cases/{id}/revisions/{revision}/restore", [id, String(revision)])
        case .apiHistory(let id): ("/api/v1/cases/{id}/history", [id])
        case .apiDiff(let id): ("/api/v1/cases/{id}/diff", [id])
        case .apiAssessment(let id): ("/api/v1/cases/{id}/assessment", [id])
        case .apiTimeline(let id): ("/api/v1/cases/{id}/timeline", [id])
        case .apiFiles(let id): ("/api/v1/cases/{id}/files", [id])
        case .apiFile(let id, let file): ("/api/v1/cases/{id}/files/{file}", [id, String(file)])
        case .apiPackage(let id): ("/api/v1/cases/{id}/package", [id])
        case .apiCaseDeadlines(let id): ("/api/v1/cases/{id}/deadlines", [id])
        case .apiDeadlines: ("/api/v1/deadlines", [])
        case .apiDraft(let id, let file): ("/api/v1/cases/{id}/drafts/{file}", [id, file])
        case .apiPurge(let id): ("/api/v1/cases/{id}/purge", [id])
        case .apiImport: ("/api/v1/import", [])
        case .apiImportTable: ("/api/v1/import-table", [])
        case .apiExport: ("/api/v1/export", [])
        case .apiGroups: ("/api/v1/groups", [])
        case .apiGroup(let id): ("/api/v1/groups/{group}", [id])
        case .apiStatistics: ("/api/v1/statistics", [])
        }
    }

    /// The link: the template with its values, each escaped as a path segment (case ids are
    /// slugs and need none, but nothing here relies on it).
    var path: String {
        let (pattern, values) = template
        var out = ""
        var index = 0
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += index < values.count ? Self.segment(values[index]) : ""
            index += 1
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#"))
    static func segment(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? "" }

    /// The names of the template's values, in order (`["id", "revision"]`).
    var parameterNames: [String] { Self.parameterNames(template.pattern) }

    static func parameterNames(_ pattern: String) -> [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    /// The router's pattern for this route (values, if any, are ignored).
    var routerPath: RouterPath { RouterPath(template.pattern) }

    /// The router's pattern of a route with values: `Route.pattern(Route.caseShow)`.
    static func pattern(_ route: (String) -> Route) -> RouterPath { route("").routerPath }
    static func pattern(_ route: (String, Int) -> Route) -> RouterPath { route("", 0).routerPath }
    static func pattern(_ route: (String, String) -> Route) -> RouterPath { route("", "").routerPath }
    static func pattern(_ route: (String, Int64) -> Route) -> RouterPath { route("", 0).routerPath }

    /// A link with a query string; empty values are left out.
    func with(_ query: [(String, String)]) -> String {
        let items = query.filter { !$0.1.isEmpty }
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&")
    }
}
