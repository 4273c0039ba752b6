import HabeasCore
import HabeasDocuments
import HabeasFiles
import HabeasImport
import HabeasStore
import Hummingbird

/// A query parameter of an API route, as the OpenAPI document states it.
struct QueryParameter: Sendable {
    var name: String
    var description: String
    var schema: Value
    /// The route refuses a request without it (400).
    var required = false
}

/// One documented answer of an API route.
struct APIResponse: Sendable {
    var status: Int
    var description: String
    /// The JSON schema of the body (a `Schema.ref`), or nil when the body is not JSON.
    var schema: Value?
    var contentTypes: [String] = ["application/json"]

    static func json(_ status: Int, _ description: String, _ schema: String) -> APIResponse {
        APIResponse(status: status, description: description, schema: Schema.ref(schema))
    }
    static func error(_ status: Int, _ description: String) -> APIResponse { json(status, description, "Error") }
}

/// Every route of the API, with the service routes: the router registers each one with
/// `on(_:use:)`, and the OpenAPI document is generated from this table, so a route cannot be
/// served undocumented or documented unserved (a test checks the router against it).
enum APIEndpoint: String, CaseIterable, Sendable {
    case health, openAPI
    case listCases, createCase, getCase, updateCase, deleteCase, undeleteCase, restoreRevision
    case history, diff, assessment, timeline, caseDeadlines, deadlines, draft
    case importArchive, exportArchive, purgeCase, importTable
    case listFiles, uploadFile, downloadFile, removeFile, package
    case listGroups, getGroup, statistics

    var method: HTTPRequest.Method {
        switch self {
        case .createCase, .undeleteCase, .restoreRevision, .importArchive, .purgeCase, .uploadFile, .importTable: .post
        case .updateCase: .put
        case .deleteCase, .removeFile: .delete
        default: .get
        }
    }

    /// The route; the values are placeholders, only the template is used.
    var route: Route {
        switch self {
        case .health: .health
        case .openAPI: .openAPI
        case .listCases, .createCase: .apiCases
        case .getCase, .updateCase, .deleteCase: .apiCase("")
        case .undeleteCase: .apiCaseRestore("")
        case .restoreRevision: .apiRevisionRestore("", revision: 0)
        case .history: .apiHistory("")
        case .diff: .apiDiff("")
        case .assessment: .apiAssessment("")
        case .timeline: .apiTimeline("")
        case .caseDeadlines: .apiCaseDeadlines("")
        case .deadlines: .apiDeadlines
        case .draft: .apiDraft("", file: "")
        case .importArchive: .apiImport
        case .importTable: .apiImportTable
        case .exportArchive: .apiExport
        case .purgeCase: .apiPurge("")
        case .listFiles, .uploadFile: .apiFiles("")
        case .downloadFile, .removeFile: .apiFile("", file: 0)
        case .package: .apiPackage("")
        case .listGroups: .apiGroups
        case .getGroup: .apiGroup("")
        case .statistics: .apiStatistics
        }
    }

    /// Under /api/v1 (with the API's headers and content-type guard), not a service route.
    var isVersioned: Bool { self != .health && self != .openAPI }

    var summary: String {
        switch self {
        case .health: "Liveness check (plain text `ok`)"
        case .openAPI: "This document"
        case .listCases: "Search and list cases"
        case .createCase: "Create a case (revision 1)"
        case .getCase: "A case, latest or `?revision=`"
        case .updateCase: "Save a new revision; name the base with If-Match or ?baseRevision="
        case .deleteCase: "Soft delete (restorable)"
        case .undeleteCase: "Undo a soft delete"
        case .restoreRevision: "Save an old revision as the new current one"
        case .history: "Every revision: number, author, time, note, action"
        case .diff: "Field-level differences between two revisions"
        case .assessment: "The assessment (categories I..V with grounds) as of a date"
        case .timeline: "The chronology with the figures derived from it (days incommunicado, without counsel, …) as of a date"
        case .caseDeadlines: "Procedure stage and deadlines of a case"
        case .deadlines: "Procedure status of the cases, earliest deadline first, a page at a time, with the filters of the case list"
        case .draft: "A draft document, `{kind}.{format}` (e.g. petition.docx)"
        case .importArchive: "Import a case file (new case) or an export bundle (cases with history); safe to repeat"
        case .exportArchive: "Every case with its whole history (habeas-export/1)"
        case .importTable: "Import a spreadsheet (CSV, TSV or XLSX), one row a person: the report names every refused row by number and column; re-importing updates the same cases"
        case .purgeCase: "Remove a deleted case and its history for good (audit keeps a purge entry without content)"
        case .listFiles: "The files attached to a case, with their chain of custody"
        case .uploadFile: "Attach a file: the body is the file's bytes, streamed; stored once under its SHA-256, its type found in the bytes"
        case .downloadFile: "A file's bytes; images without their metadata (GPS, serial numbers)"
        case .removeFile: "Remove a file from a case, recorded with who, when and why; the bytes are kept"
        case .package: "The submission package (ZIP): the draft, the annexes numbered as it cites them, annex list, consent, covering e-mail, checklist"
        case .listGroups: "Groups of cases (mass events), each with its number of cases"
        case .getGroup: "One group: its name, and its cases counted by State, stage, category, profile, place, status and day of arrest"
        case .statistics: "Every visible case counted by State, stage, category, profile, place, status and day of arrest (`?group=` for one group)"
        }
    }

    static let note = QueryParameter(name: "note", description: "What the change is, for the history (or header X-Habeas-Note)", schema: Schema.string)
    static let baseRevision = QueryParameter(name: "baseRevision", description: "The revision this write is based on (or header If-Match: \"N\")",
                                             schema: Schema.type("integer", [.init("minimum", .int(1))]))
    static let asOf = QueryParameter(name: "asOf", description: "YYYY-MM-DD; default today", schema: Schema.type("string", [.init("format", .string("date"))]))
    static func revisionNumber(_ name: String, _ description: String, required: Bool = false) -> QueryParameter {
        QueryParameter(name: name, description: description,
                       schema: Schema.type("integer", [.init("minimum", .int(1)), .init("maximum", .int(Params.maxNumber))]), required: required)
    }

    var query: [QueryParameter] {
        switch self {
        case .health, .openAPI, .history, .exportArchive, .listGroups, .getGroup: []
        case .statistics: [QueryParameter(name: "group", description: "Only the cases of this group", schema: Schema.string)]
        case .listCases, .deadlines: CaseListQuery.parameters
        case .createCase, .deleteCase, .importArchive: [Self.note]
        case .getCase: [Self.revisionNumber("revision", "Revision number")]
        case .updateCase, .undeleteCase, .restoreRevision: [Self.baseRevision, Self.note]
        case .diff: [Self.revisionNumber("from", "Revision number", required: true), Self.revisionNumber("to", "Revision number", required: true)]
        case .assessment: [Self.asOf, Self.revisionNumber("revision", "Assess an older revision")]
        case .timeline: [Self.asOf, Self.revisionNumber("revision", "The timeline of an older revision")]
        case .caseDeadlines: [Self.asOf]
        case .draft: [Self.asOf, QueryParameter(name: "redact", description: "true for a redacted version", schema: Schema.boolean),
                      QueryParameter(name: "lang", description: "The language of the draft: en (default), fr or es",
                                     schema: Schema.type("string", [.init("enum", .array(DraftLanguage.allCases.map { .string($0.rawValue) }))]))]
        case .purgeCase: [QueryParameter(name: "confirm", description: "The case id again, as confirmation", schema: Schema.string, required: true), Self.note]
        case .listFiles: [QueryParameter(name: "removed", description: "true to include removed files", schema: Schema.boolean)]
        case .uploadFile:
            [QueryParameter(name: "title", description: "What the file is", schema: Schema.string, required: true),
             QueryParameter(name: "name", description: "The file's name as the uploader has it", schema: Schema.string),
             QueryParameter(name: "evidence", description: "The evidence item (evidence[].id) it belongs to", schema: Schema.string),
             QueryParameter(name: "date", description: "The date of the document itself, YYYY-MM-DD", schema: Schema.type("string", [.init("format", .string("date"))])),
             QueryParameter(name: "identifying", description: "true if it shows who someone is: never in a redacted output", schema: Schema.boolean),
             Self.note]
        case .downloadFile: []
        case .importTable:
            [QueryParameter(name: "format", description: "csv, tsv or xlsx (default: from Content-Type)",
                            schema: Schema.type("string", [.init("enum", .array(TableKind.allCases.map { .string($0.rawValue) }))])),
             QueryParameter(name: "mapping", description: "A mapping file (YAML: columns: {HEADER: field}, state, dateOrder, id); default: guessed from the header", schema: Schema.string),
             QueryParameter(name: "state", description: "The detaining State (ISO code) of rows without a State column", schema: Schema.string),
             QueryParameter(name: "dateOrder", description: "How all-numeric dates are read (default dmy)",
                            schema: Schema.type("string", [.init("enum", .array(DateOrder.allCases.map { .string($0.rawValue) }))])),
             QueryParameter(name: "group", description: "Add every imported case to this group (created if new)", schema: Schema.string),
             QueryParameter(name: "groupName", description: "The group's name when it is created", schema: Schema.string),
             QueryParameter(name: "dryRun", description: "true to check and report without writing", schema: Schema.boolean),
             Self.note]
        case .removeFile: [QueryParameter(name: "reason", description: "Why the file is removed", schema: Schema.string, required: true), Self.note]
        case .package:
            [QueryParameter(name: "kind", description: "What is sent: \(SubmissionPackage.sentKinds.map(\.rawValue).joined(separator: ", ")) (default petition)",
                            schema: Schema.type("string", [.init("enum", .array(SubmissionPackage.sentKinds.map { .string($0.rawValue) }))])),
             Self.asOf]
        }
    }

    /// The schema of a path parameter.
    static func pathSchema(_ name: String) -> Value {
        switch name {
        case "revision", "file": Schema.type("integer", [.init("minimum", .int(1)), .init("maximum", .int(Params.maxNumber))])
        case "id": Schema.type("string", [.init("description", .string("A case id: lower-case letters, digits and hyphens"))])
        case "group": Schema.type("string", [.init("description", .string("A group id: lower-case letters, digits and hyphens"))])
        default: Schema.string
        }
    }

    /// A body and what it is; nil when the route reads none.
    var body: String? {
        switch self {
        case .createCase, .updateCase: "A habeas-case/1 case file, YAML or JSON"
        case .importArchive: "A case file, or a habeas-export/1 bundle"
        case .uploadFile: "The file's bytes, as they are (any Content-Type but a form's)"
        case .importTable: "The sheet's bytes: text/csv, text/tab-separated-values or an XLSX workbook"
        default: nil
        }
    }

    var responses: [APIResponse] {
        let notFound = APIResponse.error(404, "No such case")
        let badRequest = APIResponse.error(400, "A parameter is not valid: {error}")
        let invalidCase = APIResponse.json(400, "Invalid input: {error, errors: [{line, path, message}]}", "ValidationError")
        let stale = APIResponse.json(409, "Stale write: {error, currentRevision}", "StaleWrite")
        let tooLarge = APIResponse.error(413, "The body is larger than the limit")
        let noVault = APIResponse.error(503, "This server keeps no files (start it with a file store)")
        var list: [APIResponse]
        switch self {
        case .health: list = [APIResponse(status: 200, description: "ok", schema: nil, contentTypes: ["text/plain"])]
        case .openAPI: list = [APIResponse(status: 200, description: "This document", schema: Schema.type("object"))]
        case .listCases: list = [.json(200, "{items, total, page, perPage}", "CasePage"), badRequest]
        case .createCase:
            list = [.json(201, "Created; ETag is the revision", "StoredCase"), invalidCase, .error(409, "The id exists"), tooLarge]
        case .getCase: list = [.json(200, "{id, revision, currentRevision, deletedAt, case}", "StoredCase"), badRequest, notFound]
        case .updateCase:
            list = [.json(200, "Saved", "StoredCase"), invalidCase, notFound, stale, tooLarge,
                    .json(428, "No base revision given: {error, currentRevision}", "StaleWrite")]
        case .deleteCase: list = [APIResponse(status: 204, description: "Deleted", schema: nil, contentTypes: []), notFound]
        case .undeleteCase:
            list = [.json(200, "Restored", "StoredCase"), badRequest, notFound, stale,
                    .json(428, "No base revision given: {error, currentRevision}", "StaleWrite")]
        case .restoreRevision:
            list = [.json(201, "Restored as a new revision", "StoredCase"), badRequest, notFound, stale,
                    .json(428, "No base revision given: {error, currentRevision}", "StaleWrite")]
        case .history: list = [.json(200, "{id, revisions}", "History"), notFound]
        case .diff: list = [.json(200, "{id, from, to, changes: [{path, old, new}]}", "Diff"), badRequest, notFound]
        case .assessment: list = [.json(200, "The assessment", "Assessment"), badRequest, notFound]
        case .timeline: list = [.json(200, "The timeline", "Timeline"), badRequest, notFound]
        case .caseDeadlines: list = [.json(200, "Procedure status", "ProcedureStatus"), badRequest, notFound]
        case .deadlines: list = [.json(200, "{asOf, cases, total, page, perPage}", "DeadlinesPage"), badRequest]
        case .draft:
            list = [APIResponse(status: 200, description: "The document", schema: nil, contentTypes: DraftFormat.allCases.map(CasesAPIController.contentType)),
                    badRequest, .error(404, "No such case or draft")]
        case .importArchive:
            list = [.json(200, "Everything already present", "ImportReport"), .json(201, "Imported", "ImportReport"),
                    .error(400, "Invalid input, with the reason"), .json(409, "A different case with an id exists", "ImportReport"),
                    tooLarge, .json(503, "The import stopped; what was written is listed", "ImportInterrupted")]
        case .exportArchive: list = [.json(200, "Export bundle", "ExportBundle")]
        case .importTable:
            list = [.json(200, "The report: counts, every refused row (row, column, message), likely duplicates", "TableImportReport"),
                    .error(400, "The sheet, the mapping or a parameter is not usable: {error}"), .error(413, "The sheet, or a part of it, is larger than the limit")]
        case .purgeCase:
            list = [APIResponse(status: 204, description: "Purged", schema: nil, contentTypes: []), .error(400, "No confirmation"),
                    notFound, .error(409, "The case is not deleted")]
        case .listFiles: list = [.json(200, "{id, files}", "Files"), badRequest, notFound, noVault]
        case .uploadFile:
            list = [.json(201, "Attached", "Attachment"), .error(400, "A parameter is not valid, or the file is empty: {error}"), notFound,
                    .error(413, "The file is larger than the limit"), noVault]
        case .downloadFile:
            // The type found in the file's bytes (`DetectedType`), never the one it was uploaded with.
            let types = DetectedType.allCases.map(\.mediaType).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            list = [APIResponse(status: 200, description: "The file", schema: nil, contentTypes: types),
                    badRequest, .error(404, "No such case or file"), .error(409, "The stored file changed or cannot be sent: {error}"), noVault]
        case .package:
            list = [APIResponse(status: 200, description: "The package", schema: nil, contentTypes: ["application/zip"]), badRequest, notFound,
                    .error(409, "A file is missing or changed: {error}"), noVault]
        case .removeFile:
            list = [APIResponse(status: 204, description: "Removed", schema: nil, contentTypes: []), badRequest,
                    .error(404, "No such case or file"), .error(409, "Already removed"), noVault]
        case .listGroups: list = [.json(200, "{groups: [{id, name, description, cases}]}", "GroupList")]
        case .getGroup: list = [.json(200, "{id, name, description, statistics}", "Group"), .error(404, "No such group")]
        case .statistics: list = [.json(200, "Counts of the visible cases", "Statistics"), badRequest]
        }
        if RequestOriginMiddleware.stateChanging.contains(method) {
            list += [.error(403, "Refused: a browser said the request came from another site (Sec-Fetch-Site, Origin)"),
                     self == .uploadFile || self == .importTable
                        ? .error(415, "Content-Type is one a cross-site form can send (\(FileUploadContentTypeMiddleware.formTypes.joined(separator: ", "))): {error}")
                        : .error(415, "Content-Type is not one of \(APIContentTypeMiddleware.acceptedTypes.joined(separator: ", ")) (or is missing where a body is required): {error, accepted}")]
        }
        return list
    }
}

extension APIEndpoint {
    /// The API route being served, while its handler runs (`Params.text` checks against it).
    @TaskLocal static var current: APIEndpoint?
}

/// A handler read a query parameter its route does not declare: a defect (500), found by the
/// tests that call every route.
struct UndeclaredQueryParameter: Error {
    var endpoint: APIEndpoint
    var name: String
}

extension RouterMethods where Context == AppRequestContext {
    /// Registers a documented API route: method and path from the table, and the handler runs
    /// with `APIEndpoint.current` set so it can read only the query parameters the table declares.
    @discardableResult
    func on(_ endpoint: APIEndpoint, use handler: @escaping @Sendable (Request, Context) async throws -> Response) -> Self {
        on(endpoint.route.routerPath, method: endpoint.method) { request, context in
            try await APIEndpoint.$current.withValue(endpoint) { try await handler(request, context) }
        }
    }
}
