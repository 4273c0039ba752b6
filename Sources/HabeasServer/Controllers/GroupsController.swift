import Foundation
import HabeasCore
import HabeasDocuments
import HabeasStore
import Hummingbird

/// Groups of cases: the pages, the group communication, CSV exports, bulk actions and their undo,
/// and the JSON API of groups and statistics. Every count goes through the visible-cases filter;
/// every case touched by a bulk action is checked against the user's teams.
struct GroupsController: PageController {
    let deps: AppDependencies
    let renderer: PageRenderer

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.groups.routerPath, use: list)
        web.get(Route.pattern(Route.group), use: show)
        web.get(Route.pattern(Route.groupPetition), use: petition)
        web.get(Route.pattern(Route.groupCasesCSV), use: casesCSV)
        web.get(Route.pattern(Route.groupStatisticsCSV), use: statisticsCSV)
        web.post(Route.pattern(Route.groupBulk), use: bulk)
        web.post(Route.pattern(Route.bulkUndo), use: undo)
    }

    /// The most cases a petition, a CSV or a bulk "every case matching" reads: bounded work per request.
    static let maxCases = 20_000

    // MARK: Pages

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let model = GroupPages.list(groups: try await store.groups(), counts: try await store.visibleGroupCounts())
        return try renderer.render(model, title: Interface.localizer.text("layout.nav.groups"), request: request, section: .groups)
    }

    /// The group's description, or nil for an id only named by cases; a 404 when neither.
    func group(_ context: AppRequestContext) async throws -> (id: String, group: CaseGroup?) {
        let id = try context.parameters.require("group")
        guard CaseFile.isValidID(id) else { throw WebError.notFound }
        let group = try await store.group(id)
        if group == nil, try await store.visibleFacets(group: id).total == 0 { throw WebError.notFound }
        return (id, group)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (id, group) = try await self.group(context)
        var (query, ignored) = CaseListQuery.parse(request.uri.queryParameters, today: deps.today(), for: .web)
        query.group = id
        // The profile counts link here: the web list reads the profile filter on this page.
        query.profile = request.uri.queryParameters.get("profile").flatMap { Profile(rawValue: String($0)) }
        let page = try await store.visibleSearch(query)
        let facets = try await store.visibleFacets(group: id)
        let detention = try await store.visibleDetentionFacets(group: id)
        var notice: GroupPages.Notice?
        if let batchID = request.uri.queryParameters.get("batch").map({ String($0) }), let batch = try await store.batch(batchID) {
            notice = GroupPages.Notice(
                text: batch.undoneAt != nil
                    ? Interface.localizer.text("group.bulk.undone", ["action": batch.description])
                    : Interface.localizer.plural("group.bulk.done", count: batch.entries.count, ["action": batch.description]),
                undoAction: batch.undoneAt == nil ? Route.bulkUndo(batchID).path : nil,
                skipped: request.uri.queryParameters.get("skipped").flatMap { Int($0) }.map { [Interface.localizer.plural("group.bulk.skipped", count: $0)] } ?? [])
        }
        let canEdit = (SignedIn.current?.account.role ?? .viewer) >= .lawyer
        let model = GroupPages.build(id: id, group: group, facets: facets, detention: detention, query: query, ignored: ignored,
                                     page: page, canEdit: canEdit, notice: notice)
        return try renderer.render(model, title: group?.name ?? id, request: request, section: .groups)
    }

    /// The ids of the group's visible cases matching `query`, a page of the maximum size at a time.
    func ids(_ query: CaseQuery) async throws -> [String] {
        var query = query
        query.perPage = CaseQuery.maxPerPage
        query.page = 1
        var ids: [String] = []
        while ids.count < Self.maxCases {
            let page = try await store.visibleSearch(query)
            ids += page.items.map(\.id)
            if page.items.isEmpty || query.page * query.perPage >= page.total { break }
            query.page += 1
        }
        return Array(ids.prefix(Self.maxCases))
    }

    func summaries(_ query: CaseQuery) async throws -> [CaseSummary] {
        var query = query
        query.perPage = CaseQuery.maxPerPage
        query.page = 1
        var items: [CaseSummary] = []
        while items.count < Self.maxCases {
            let page = try await store.visibleSearch(query)
            items += page.items
            if page.items.isEmpty || query.page * query.perPage >= page.total { break }
            query.page += 1
        }
        return Array(items.prefix(Self.maxCases))
    }

    @Sendable func petition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (id, group) = try await self.group(context)
        let format = try Params.text(request, "format").map { text in
            guard let format = DraftFormat(rawValue: text) else { throw WebError.badRequest(Interface.localizer.text("group.error.format")) }
            return format
        } ?? .docx
        let urgent = request.uri.queryParameters.get("urgent") == "true"
        let redact = request.uri.queryParameters.get("redact") == "true"
        let asOf = WebDates.asOf(request, today: deps.today())
        var query = CaseQuery(today: asOf)
        query.group = id
        var files: [CaseFile] = []
        for caseID in try await ids(query) { files.append(try await store.get(caseID).file) }
        let document = GroupPetition(title: group?.name ?? id, files: files, asOf: asOf, urgent: urgent, redact: redact).document()
        let data = try deps.drafter().render(document, as: format)
        // Each case the communication discloses is in the audit trail, as a single draft is.
        for file in files {
            try await store.recordAudit(action: redact ? .redactedExport : .draft, caseID: file.id, actor: WebAuthor.name,
                                        detail: "group \(id) \(urgent ? "urgent-action" : "petition").\(format.fileExtension)")
        }
        return Response(status: .ok, headers: [
            .contentType: CasesAPIController.contentType(format),
            .contentDisposition: "attachment; filename=\"\(id)\(redact ? "-redacted" : "")-group-\(urgent ? "urgent-action" : "petition").\(format.fileExtension)\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func csv(_ text: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func casesCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (id, _) = try await self.group(context)
        var (query, _) = CaseListQuery.parse(request.uri.queryParameters, today: deps.today(), for: .web)
        query.group = id
        return Self.csv(GroupPages.casesCSV(try await summaries(query)), name: "\(id)-cases.csv")
    }

    /// Every dimension, the charges and derived durations included: these need each case's body,
    /// so this is an export (bounded by `maxCases`), not the page.
    @Sendable func statisticsCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (id, _) = try await self.group(context)
        let asOf = WebDates.asOf(request, today: deps.today())
        var query = CaseQuery(today: asOf)
        query.group = id
        var stats = CaseStatistics(asOf: asOf)
        for caseID in try await ids(query) {
            let file = try await store.get(caseID).file
            stats.add(file, groups: file.groups)
        }
        return Self.csv(stats.csv, name: "\(id)-statistics.csv")
    }

    // MARK: Bulk actions

    @Sendable func bulk(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (id, _) = try await self.group(context)
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        let edit = try GroupPages.edit(form)
        var selected: [String]
        if form["scope"] == "all" {
            // The filters of the page the form was on, carried in hidden fields.
            var params = Hummingbird.Parameters()
            for key in ["q", "state", "category", "stage", "profile", "overdue"] where !form[key].isEmpty {
                params.append(key: Substring(key), value: Substring(form[key]))
            }
            var (query, _) = CaseListQuery.parse(params, today: deps.today(), for: .web)
            query.profile = Profile(rawValue: form["profile"])
            query.group = id
            selected = try await ids(query)
        } else {
            selected = Array(form.all("case").prefix(Self.maxCases))
            guard !selected.isEmpty else { throw WebError.badRequest(Interface.localizer.text("group.error.none")) }
            // A case of another team is not there for this user: it is skipped as not found.
            var visible: [String] = []
            for caseID in selected where CaseFile.isValidID(caseID) {
                if let teams = SignedIn.current?.visibleTeams {
                    if try await store.caseBelongs(caseID, toAnyOf: teams) { visible.append(caseID) }
                } else {
                    visible.append(caseID)
                }
            }
            selected = visible
        }
        let result = try await store.applyBulk(edit, to: selected, change: Change(author: WebAuthor.name))
        var query: [(String, String)] = [("batch", result.batchID)]
        let skipped = form["scope"] == "all" ? result.skipped.count : form.all("case").count - result.changed.count
        if skipped > 0 { query.append(("skipped", String(skipped))) }
        return Response.redirect(to: Route.group(id).with(query), type: .normal)
    }

    @Sendable func undo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let batchID = try context.parameters.require("batch")
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        guard let batch = try await store.batch(batchID) else { throw WebError.notFound }
        // Undo restores only cases this user may see; the others stay as they are.
        if let teams = SignedIn.current?.visibleTeams {
            for entry in batch.entries where !(try await store.caseBelongs(entry.caseID, toAnyOf: teams)) {
                throw WebError.badRequest(Interface.localizer.text("group.error.notVisible"))
            }
        }
        _ = try await store.undoBulk(batchID, change: Change(author: WebAuthor.name))
        let group = form["group"]
        let back = CaseFile.isValidID(group) ? Route.group(group).with([("batch", batchID)]) : Route.groups.path
        return Response.redirect(to: back, type: .normal)
    }
}

/// `/api/v1/groups…` and `/api/v1/statistics`: the counts of the group page, as JSON.
struct GroupsAPIController: Sendable {
    let deps: AppDependencies
    var store: any CaseStore & AccountStore { deps.store }

    func register(on api: RouterGroup<AppRequestContext>) {
        api.on(.listGroups, use: apiList)
        api.on(.getGroup, use: apiGroup)
        api.on(.statistics, use: apiStatistics)
    }

    // MARK: API

    @Sendable func apiList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let model = GroupPages.list(groups: try await store.groups(), counts: try await store.visibleGroupCounts())
        let described = Dictionary(try await store.groups().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return JSON.response(.object([.init("groups", .array(model.rows.map { row in
            .object([.init("id", .string(row.id)), .init("name", .string(row.name)),
                     .init("description", described[row.id]?.description.map(Value.string) ?? .null), .init("cases", .int(row.count))])
        }))]))
    }

    @Sendable func apiGroup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("group")
        guard CaseFile.isValidID(id) else { throw APIError(.notFound, "no such group") }
        let group = try await store.group(id)
        let facets = try await store.visibleFacets(group: id)
        if group == nil, facets.total == 0 { throw APIError(.notFound, "no such group") }
        let detention = try await store.visibleDetentionFacets(group: id)
        return JSON.response(.object([
            .init("id", .string(id)), .init("name", .string(group?.name ?? id)),
            .init("description", group?.description.map(Value.string) ?? .null),
            .init("statistics", GroupPages.json(facets: facets, detention: detention)),
        ]))
    }

    @Sendable func apiStatistics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let group = try Params.text(request, "group")
        if let group, !CaseFile.isValidID(group) { throw APIError(.badRequest, "`group` is a group id: lower-case letters, digits and hyphens") }
        let facets = try await store.visibleFacets(group: group)
        let detention = try await store.visibleDetentionFacets(group: group)
        return JSON.response(GroupPages.json(facets: facets, detention: detention))
    }
}
