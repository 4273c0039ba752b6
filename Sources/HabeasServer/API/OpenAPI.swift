import HabeasCore
import Hummingbird

/// The OpenAPI 3 description of the API, built from one table. A test checks that every route
/// the router serves is documented here and every documented operation is served.
enum OpenAPI {
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var query: [(name: String, description: String)] = []
        var body: String? = nil
        var responses: [(code: String, description: String)] = [("200", "OK")]
    }

    static let caseFileBody = "A habeas-case/1 case file, YAML or JSON"
    static let errors: [(code: String, description: String)] = [("400", "Invalid input: {\"error\", \"errors\": [{line, path, message}]}"), ("404", "No such case")]

    static let stateChanging: Set<String> = ["post", "put", "patch", "delete"]
    /// What `APIContentTypeMiddleware` answers on every state-changing operation.
    static let guardResponses: [(code: String, description: String)] = [
        ("403", "Refused: a browser said the request came from another site (Sec-Fetch-Site)"),
        ("415", "Content-Type is not one of \(APIContentTypeMiddleware.acceptedTypes.joined(separator: ", ")) (or is missing where a body is required): {error, accepted}"),
    ]

    static let operations: [Operation] = [
        Operation(method: "get", path: "/healthz", summary: "Liveness check (plain text `ok`)"),
        Operation(method: "get", path: "/api/openapi.json", summary: "This document"),
        Operation(method: "get", path: "/api/v1/cases", summary: "Search and list cases",
                  query: [("q", "Full-text query over names, summaries, details and charges (words, \"phrases\", -excluded, or)"),
                          ("state", "Detaining State, ISO 3166-1 alpha-2"), ("category", "Category indicated at the last save: I..V"),
                          ("stage", "Procedure stage"), ("overdue", "true: a deadline has passed; false: none has"),
                          ("profile", "Person profile"), ("deleted", "true: only soft-deleted cases"),
                          ("sort", "relevance, -updated, updated, title, state, due, -created"),
                          ("page", "Page number from 1"), ("perPage", "Items per page, 1..200"), ("asOf", "Today for `overdue`, YYYY-MM-DD")],
                  responses: [("200", "{items, total, page, perPage}"), ("400", "Bad filter")]),
        Operation(method: "post", path: "/api/v1/cases", summary: "Create a case (revision 1)", body: caseFileBody,
                  responses: [("201", "Created; ETag is the revision"), ("400", "Validation errors with line and path"), ("409", "The id exists")]),
        Operation(method: "get", path: "/api/v1/cases/{id}", summary: "A case, latest or `?revision=`",
                  query: [("revision", "Revision number")], responses: [("200", "{id, revision, currentRevision, deletedAt, case}")] + errors),
        Operation(method: "put", path: "/api/v1/cases/{id}", summary: "Save a new revision; name the base with If-Match or ?baseRevision=",
                  query: [("baseRevision", "The revision this write is based on (or header If-Match: \"N\")")], body: caseFileBody,
                  responses: [("200", "Saved")] + errors + [("409", "Stale write: {error, currentRevision}"), ("428", "No base revision given")]),
        Operation(method: "delete", path: "/api/v1/cases/{id}", summary: "Soft delete (restorable)", responses: [("204", "Deleted")] + errors),
        Operation(method: "post", path: "/api/v1/cases/{id}/restore", summary: "Undo a soft delete", responses: [("200", "Restored")] + errors),
        Operation(method: "post", path: "/api/v1/cases/{id}/revisions/{revision}/restore", summary: "Save an old revision as the new current one",
                  query: [("baseRevision", "Optional base revision (or If-Match)")], responses: [("201", "Restored as a new revision")] + errors + [("409", "Stale write")]),
        Operation(method: "get", path: "/api/v1/cases/{id}/history", summary: "Every revision: number, author, time, note, action",
                  responses: [("200", "{id, revisions}")] + errors),
        Operation(method: "get", path: "/api/v1/cases/{id}/diff", summary: "Field-level differences between two revisions",
                  query: [("from", "Revision number"), ("to", "Revision number")], responses: [("200", "{id, from, to, changes: [{path, old, new}]}")] + errors),
        Operation(method: "get", path: "/api/v1/cases/{id}/assessment", summary: "The assessment (categories I..V with grounds) as of a date",
                  query: [("asOf", "YYYY-MM-DD; default today"), ("revision", "Assess an older revision")], responses: [("200", "Assessment")] + errors),
        Operation(method: "get", path: "/api/v1/cases/{id}/deadlines", summary: "Procedure stage and deadlines of a case",
                  query: [("asOf", "YYYY-MM-DD; default today")], responses: [("200", "Procedure status")] + errors),
        Operation(method: "get", path: "/api/v1/deadlines", summary: "Procedure status of the cases, earliest deadline first, a page at a time",
                  query: [("asOf", "YYYY-MM-DD; default today"), ("overdue", "true or false"), ("state", "ISO 3166-1 alpha-2"),
                          ("stage", "Procedure stage"), ("q", "Full-text query"), ("page", "1-based"), ("perPage", "1 to 200, default 25")],
                  responses: [("200", "{asOf, cases, total, page, perPage}")]),
        Operation(method: "get", path: "/api/v1/cases/{id}/drafts/{file}", summary: "A draft document, `{kind}.{format}` (e.g. petition.docx)",
                  query: [("asOf", "YYYY-MM-DD; default today"), ("redact", "true for a redacted version")],
                  responses: [("200", "The document (docx, html or md)")] + errors),
        Operation(method: "post", path: "/api/v1/import", summary: "Import a case file (new case) or an export bundle (cases with history); safe to repeat",
                  body: "A case file, or a habeas-export/1 bundle", responses: [("200", "Everything already present: {imported, alreadyPresent, conflicts}"),
                                                                               ("201", "{imported: [ids], alreadyPresent: [ids], conflicts: []}"), ("400", "Invalid input, with the reason"),
                                                                               ("409", "A different case with an id exists: {conflicts: [{id, reason}]}"), ("413", "Larger than the archive limit")]),
        Operation(method: "post", path: "/api/v1/cases/{id}/purge", summary: "Remove a deleted case and its history for good (audit keeps a purge entry without content)",
                  query: [("confirm", "The case id again, as confirmation")], responses: [("204", "Purged"), ("400", "No confirmation"), ("404", "No such case"), ("409", "The case is not deleted")]),
        Operation(method: "get", path: "/api/v1/export", summary: "Every case with its whole history (habeas-export/1)",
                  responses: [("200", "Export bundle")]),
    ]

    static var document: Value {
        var paths: [Value.Member] = []
        for path in uniquePaths {
            var methods: [Value.Member] = []
            for op in operations where op.path == path {
                var parameters: [Value] = pathParameters(path).map { name in
                    .object([.init("name", .string(name)), .init("in", .string("path")), .init("required", .bool(true)),
                             .init("schema", .object([.init("type", .string(name == "revision" ? "integer" : "string"))]))])
                }
                parameters += op.query.map { q in
                    .object([.init("name", .string(q.name)), .init("in", .string("query")), .init("required", .bool(false)),
                             .init("description", .string(q.description)), .init("schema", .object([.init("type", .string("string"))]))])
                }
                var operation: [Value.Member] = [.init("summary", .string(op.summary))]
                if !parameters.isEmpty { operation.append(.init("parameters", .array(parameters))) }
                if let body = op.body {
                    operation.append(.init("requestBody", .object([
                        .init("description", .string(body)), .init("required", .bool(true)),
                        .init("content", .object(APIContentTypeMiddleware.acceptedTypes.map { type in
                            .init(type, .object([.init("schema", .object([.init("type", .string(type == "application/json" ? "object" : "string"))]))]))
                        })),
                    ])))
                }
                var responses = op.responses
                if stateChanging.contains(op.method) { responses += guardResponses }
                operation.append(.init("responses", .object(responses.map { .init($0.code, .object([.init("description", .string($0.description))])) })))
                methods.append(.init(op.method, .object(operation)))
            }
            paths.append(.init(path, .object(methods)))
        }
        return .object([
            .init("openapi", .string("3.0.3")),
            .init("info", .object([
                .init("title", .string("Habeas API")),
                .init("version", .string("1")),
                .init("description", .string("Cases before the UN Working Group on Arbitrary Detention: revisions, search, assessment, deadlines, drafts. Loopback only until accounts exist. State-changing requests must send Content-Type application/json, application/yaml, text/yaml or application/x-yaml (none where no body is read): form and text/plain posts, which other sites can make a browser send, are refused with 415.")),
            ])),
            .init("paths", .object(paths)),
        ])
    }

    static var uniquePaths: [String] {
        var seen: [String] = []
        for op in operations where !seen.contains(op.path) { seen.append(op.path) }
        return seen
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}

func addOpenAPIRoutes(to router: Router<AppRequestContext>) {
    let text = ValueWriter.json(OpenAPI.document)
    router.get("/api/openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
