import HabeasStore
import Hummingbird

/// The least a request needs, per route and method. `AccessMiddleware` enforces it for every
/// request; the route × role test reads this table.
enum Access: String, Sendable, CaseIterable {
    /// No sign-in: /healthz, the stylesheet and script, the sign-in pages.
    case `public`
    /// Any signed-in user; a viewer only gets redacted output (drafts need `redact=true`; pages
    /// are built from redacted files and name cases by reference).
    case redacted
    /// Researchers and above: reads a case of their teams.
    case read
    /// Lawyers and above: changes a case of their teams.
    case edit
    /// Admins: users, import, export, purge.
    case admin

    /// nil for `public`.
    var leastRole: Role? {
        switch self {
        case .public: nil
        case .redacted: .viewer
        case .read: .researcher
        case .edit: .lawyer
        case .admin: .admin
        }
    }
}

extension Route {
    /// Every route, with placeholder values: what the router serves must be in this list (the
    /// route × role test checks it), and every entry has an `access`.
    static let all: [Route] = [
        .dashboard, .caseList, .caseNew, .caseShow(""), .caseEdit(""), .caseYAML(""), .caseHistory(""), .caseFiles(""),
        .caseFile("", file: 0), .caseFileView("", file: 0), .casePackage(""), .caseDownload(""), .caseRestore("", revision: 0), .eventNew(""), .eventRemove("", index: 0),
        .allegationNew(""), .allegationRemove("", index: 0), .caseDelete(""), .caseUndelete(""), .deletedCases, .importCases, .importTable, .importTableRun(""), .importTableJob(""),
        .export, .aboutAssessment, .opinions, .opinion(""), .auditTrail, .stylesheet, .script, .health, .openAPI,
        .signIn, .signInLink(""), .secondFactor, .enrol, .signOut, .users, .user(0), .account,
        .apiCases, .apiCase(""), .apiCaseRestore(""), .apiRevisionRestore("", revision: 0), .apiHistory(""), .apiDiff(""),
        .apiAssessment(""), .apiTimeline(""), .apiFiles(""), .apiFile("", file: 0), .apiPackage(""), .apiCaseDeadlines(""), .apiDeadlines,
        .apiDraft("", file: ""), .apiPurge(""), .apiImport, .apiImportTable, .apiExport,
        .groups, .group(""), .groupPetition(""), .groupCasesCSV(""), .groupStatisticsCSV(""), .groupBulk(""), .bulkUndo(""),
        .apiGroups, .apiGroup(""), .apiStatistics,
    ]

    /// The least a request with `method` on this route needs.
    func access(_ method: HTTPRequest.Method) -> Access {
        let reading = method == .get || method == .head
        switch self {
        case .health, .stylesheet, .script, .signIn, .signInLink, .secondFactor, .enrol, .signOut:
            // The sign-in steps check their own (partial) session.
            return .public
        case .apiPurge, .importCases, .apiImport, .export, .apiExport, .users, .user, .auditTrail:
            return .admin
        case .apiDraft:
            return reading ? .redacted : .edit
        // A viewer's pages name no one: cases by reference, built from redacted files
        // (`CaseLabel`, `CasePagesController.show`).
        case .dashboard, .caseList, .caseShow:
            return reading ? .redacted : .edit
        // Anyone signed in manages their own second factor and sessions.
        case .account:
            return .redacted
        // Forms that only lead to a change.
        case .caseNew, .caseEdit, .caseDelete, .eventNew, .allegationNew, .importTable, .importTableRun, .importTableJob:
            return .edit
        default:
            return reading ? .read : .edit
        }
    }

    var isDraft: Bool {
        if case .apiDraft = self { true } else { false }
    }

    /// Routes whose handler records a more specific audit entry (a draft, an export, a package)
    /// than the `read` the access check records for every other read of a case.
    var recordsItsOwnAudit: Bool {
        switch self {
        case .apiDraft, .caseDownload, .casePackage, .apiPackage: true
        default: false
        }
    }

    /// Whether the route's `{id}` is a case id: the per-case check applies.
    var isCaseRoute: Bool { parameterNames.contains("id") }

    /// The route a path names, with its values by name; nil when no route has this shape. A
    /// literal segment wins over a `{value}` (`/cases/new` is not the case `new`).
    static func match(_ path: String) -> (route: Route, values: [String: String])? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var best: (route: Route, values: [String: String], literals: Int)?
        for route in all {
            let pattern = route.template.pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            guard pattern.count == segments.count else { continue }
            var values: [String: String] = [:]
            var literals = 0
            var matched = true
            for (expected, given) in zip(pattern, segments) {
                if expected.hasPrefix("{") && expected.hasSuffix("}") {
                    guard !given.isEmpty else { matched = false; break }
                    values[String(expected.dropFirst().dropLast())] = String(given).removingPercentEncoding ?? String(given)
                } else if expected == given {
                    literals += 1
                } else {
                    matched = false
                    break
                }
            }
            if matched, literals > (best?.literals ?? -1) { best = (route, values, literals) }
        }
        return best.map { ($0.route, $0.values) }
    }
}
