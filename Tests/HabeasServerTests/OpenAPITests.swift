import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdTesting
import Testing
import HabeasTestSupport

/// The OpenAPI document against the router and against real answers.
@Suite("OpenAPI")
struct OpenAPITests {
    /// Every API or service route the router serves is in the table and the document, with its
    /// path and query parameters and a schema for every JSON answer; nothing else is.
    @Test func documentListsExactlyTheServedRoutes() async throws {
        let (store, cleanUp) = try await TestBackend.sqlite.store()
        let router = buildRouter(dependencies: AppDependencies(store: store))
        let served = Set(router.routes.map { "\($0.method.rawValue.uppercased()) \($0.path.description)" })
        try await store.close()
        cleanUp()
        let apiServed = served.filter { $0.contains(" /api/") || $0.hasSuffix(" /healthz") }
        let document = OpenAPI.document
        guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
        var documented: Set<String> = []
        for path in paths {
            guard case .object(let methods) = path.value else { Issue.record("\(path.key) is not an object"); continue }
            for method in methods { documented.insert("\(method.key.uppercased()) \(path.key)") }
        }
        #expect(apiServed == documented, "served, not documented: \(apiServed.subtracting(documented).sorted()); documented, not served: \(documented.subtracting(apiServed).sorted())")
        #expect(documented.count == APIEndpoint.allCases.count)

        for endpoint in APIEndpoint.allCases {
            let path = endpoint.route.template.pattern
            let operation = document["paths"]?[path]?[endpoint.method.rawValue.lowercased()]
            guard let operation else { Issue.record("\(endpoint) missing"); continue }
            guard case .array(let parameters)? = operation["parameters"] ?? .array([]) else { Issue.record("\(endpoint) parameters"); continue }
            let inPath = parameters.filter { $0["in"] == .string("path") }.compactMap { p -> String? in if case .string(let s)? = p["name"] { s } else { nil } }
            let inQuery = parameters.filter { $0["in"] == .string("query") }.compactMap { p -> String? in if case .string(let s)? = p["name"] { s } else { nil } }
            #expect(inPath == Route.parameterNames(path), "\(endpoint)")
            #expect(inQuery == endpoint.query.map(\.name), "\(endpoint)")
            #expect(parameters.allSatisfy { $0["schema"] != nil }, "\(endpoint)")
            let required = parameters.filter { $0["in"] == .string("query") && $0["required"] == .bool(true) }
                .compactMap { p -> String? in if case .string(let s)? = p["name"] { s } else { nil } }
            #expect(required == endpoint.query.filter(\.required).map(\.name), "\(endpoint)")
            guard case .object(let responses)? = operation["responses"] else { Issue.record("\(endpoint) responses"); continue }
            #expect(!responses.isEmpty)
            for response in responses {
                guard case .object(let content)? = response.value["content"] else { continue }
                for type in content where type.key == "application/json" {
                    #expect(type.value["schema"] != nil, "\(endpoint) \(response.key) has no schema")
                }
            }
        }
        // Every reference resolves.
        #expect(SchemaCheck.unresolvedReferences(in: document, document: document).isEmpty)
        // The accepted body types and the guard's refusal are documented.
        let create = document["paths"]?["/api/v1/cases"]?["post"]
        guard case .object(let content)? = create?["requestBody"]?["content"] else { Issue.record("no request body"); return }
        #expect(content.map(\.key) == APIContentTypeMiddleware.acceptedTypes)
        #expect(create?["responses"]?["415"] != nil)
        #expect(document["paths"]?["/api/v1/cases/{id}"]?["delete"]?["responses"]?["415"] != nil)
        #expect(document["paths"]?["/api/v1/cases/{id}"]?["get"]?["responses"]?["415"] == nil)
        // Required where the route refuses a request without them.
        #expect(APIEndpoint.diff.query.filter(\.required).map(\.name) == ["from", "to"])
        #expect(APIEndpoint.purgeCase.query.filter(\.required).map(\.name) == ["confirm"])
        // The deadlines list documents the filters the list accepts.
        #expect(APIEndpoint.deadlines.query.map(\.name) == APIEndpoint.listCases.query.map(\.name))
    }

    @Test func servedDocumentIsTheGeneratedOne() async throws {
        try await withApp { client in
            let response = try await client.execute(uri: Route.openAPI.path, method: .get)
            #expect(response.status == .ok)
            #expect(try json(response) == OpenAPI.document)
        }
    }

    /// Calls every route of the table on the demo cases and checks each answer's status is
    /// documented for it and its body conforms to the documented schema.
    @Test func realAnswersConformToTheirSchemas() async throws {
        let document = OpenAPI.document
        try await withApp(demo: true) { client in
            var exercised: Set<APIEndpoint> = []
            func call(_ endpoint: APIEndpoint, _ uri: String, body: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
                var fields = headers
                if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
                let response = try await client.execute(uri: uri, method: endpoint.method, headers: fields, body: body.map { ByteBuffer(string: $0) })
                exercised.insert(endpoint)
                let status = String(response.status.code)
                let documented = document["paths"]?[endpoint.route.template.pattern]?[endpoint.method.rawValue.lowercased()]?["responses"]?[status]
                guard let documented else {
                    Issue.record("\(endpoint) answered \(status), which is not documented")
                    return response
                }
                if case .object(let content)? = documented["content"], let schema = content.first(where: { $0.key == "application/json" })?.value["schema"] {
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(endpoint) \(status)")
                    let problems = SchemaCheck.problems(try json(response), schema: schema, document: document)
                    #expect(problems.isEmpty, "\(endpoint) \(status): \(problems)")
                }
                return response
            }

            #expect(try await call(.health, Route.health.path).status == .ok)
            #expect(try await call(.openAPI, Route.openAPI.path).status == .ok)
            #expect(try await call(.listCases, Route.apiCases.with([("perPage", "2")])).status == .ok)
            #expect(try await call(.listCases, Route.apiCases.with([("stage", "nonsense")])).status == .badRequest)
            let got = try await call(.getCase, Route.apiCase("kz-massimov").path)
            #expect(got.status == .ok)
            #expect(try await call(.getCase, Route.apiCase("no-such-case").path).status == .notFound)

            // A copy of the Massimov case under another id, created, changed, deleted and brought back.
            guard case .object(let members)? = try json(got)["case"] else { Issue.record("no case"); return }
            let copy = Value.object(members.map { $0.key == "id" ? .init("id", .string("kz-copy")) : $0 })
            let created = try await call(.createCase, Route.apiCases.path, body: ValueWriter.json(copy))
            #expect(created.status == .created)
            #expect(try await call(.createCase, Route.apiCases.path, body: "{\"format\": \"habeas-case/1\"}").status == .badRequest)
            var changed = members.map { $0.key == "id" ? Value.Member("id", .string("kz-copy")) : $0 }
            changed.removeAll { $0.key == "title" }
            changed.append(.init("title", .string("A copy")))
            #expect(try await call(.updateCase, Route.apiCase("kz-copy").path, body: ValueWriter.json(.object(changed)),
                                   headers: [.ifMatch: "\"1\""]).status == .ok)
            #expect(try await call(.updateCase, Route.apiCase("kz-copy").path, body: ValueWriter.json(.object(changed)),
                                   headers: [.ifMatch: "\"1\""]).status == .conflict)
            #expect(try await call(.history, Route.apiHistory("kz-copy").path).status == .ok)
            #expect(try await call(.diff, Route.apiDiff("kz-copy").with([("from", "1"), ("to", "2")])).status == .ok)
            #expect(try await call(.restoreRevision, Route.apiRevisionRestore("kz-copy", revision: 1).with([("baseRevision", "2")])).status == .created)
            #expect(try await call(.assessment, Route.apiAssessment("kz-massimov").with([("asOf", "2022-03-18")])).status == .ok)
            let timeline = try await call(.timeline, Route.apiTimeline("kz-massimov").with([("asOf", "2022-03-18")]))
            #expect(timeline.status == .ok)
            #expect(try json(timeline)["case"] == .string("kz-massimov"))
            #expect(try await call(.timeline, Route.apiTimeline("kz-massimov").with([("asOf", "someday")])).status == .badRequest)
            #expect(try await call(.caseDeadlines, Route.apiCaseDeadlines("kz-massimov").path).status == .ok)
            #expect(try await call(.deadlines, Route.apiDeadlines.with([("perPage", "5")])).status == .ok)
            let draft = try await call(.draft, Route.apiDraft("kz-massimov", file: "petition.md").path)
            #expect(draft.status == .ok)
            #expect(draft.headers[.contentType] == CasesAPIController.contentType(.md))
            let export = try await call(.exportArchive, Route.apiExport.path)
            #expect(export.status == .ok)
            #expect(try await call(.importArchive, Route.apiImport.path, body: String(buffer: export.body)).status == .ok)
            #expect(try await call(.deleteCase, Route.apiCase("kz-copy").path).status == .noContent)
            let deletedDeadlines = try await call(.deadlines, Route.apiDeadlines.with([("deleted", "true")]))
            #expect(deletedDeadlines.status == .ok)
            #expect(try json(deletedDeadlines)["total"] == .int(1))
            #expect(try await call(.undeleteCase, Route.apiCaseRestore("kz-copy").with([("baseRevision", "3")])).status == .ok)
            #expect(try await call(.deleteCase, Route.apiCase("kz-copy").path).status == .noContent)
            #expect(try await call(.purgeCase, Route.apiPurge("kz-copy").with([("confirm", "kz-copy")])).status == .noContent)

            // Files: upload, list, download, remove.
            let uploaded = try await call(.uploadFile, Route.apiFiles("kz-massimov").with([("title", "Detention decision"), ("date", "2022-01-08")]),
                                          body: "%PDF-1.4\nthe decision\n", headers: [.contentType: "application/pdf"])
            #expect(uploaded.status == .created)
            guard case .int(let fileID)? = try json(uploaded)["id"] else { Issue.record("no file id"); return }
            #expect(try await call(.uploadFile, Route.apiFiles("kz-massimov").path, body: "x", headers: [.contentType: "application/pdf"]).status == .badRequest)
            #expect(try await call(.listFiles, Route.apiFiles("kz-massimov").path).status == .ok)
            #expect(try await call(.listFiles, Route.apiFiles("no-such-case").path).status == .notFound)
            #expect(try await call(.downloadFile, Route.apiFile("kz-massimov", file: Int64(fileID)).path).status == .ok)
            #expect(try await call(.downloadFile, Route.apiFile("kz-massimov", file: 999).path).status == .notFound)
            #expect(try await call(.package, Route.apiPackage("kz-massimov").with([("kind", "opinion")])).status == .badRequest)
            #expect(try await call(.removeFile, Route.apiFile("kz-massimov", file: Int64(fileID)).with([("reason", "duplicate")])).status == .noContent)
            #expect(try await call(.removeFile, Route.apiFile("kz-massimov", file: Int64(fileID)).with([("reason", "again")])).status == .conflict)

            // A spreadsheet: one good row, one refused.
            let sheet = "Name,Profile\nIvanov Ivan,journalist\nPetrov,jurnalist\n"
            let table = try await call(.importTable, Route.apiImportTable.with([("state", "KZ"), ("dryRun", "true")]), body: sheet,
                                       headers: [.contentType: "text/csv"])
            #expect(table.status == .ok)
            #expect(try await call(.importTable, Route.apiImportTable.path, body: sheet, headers: [.contentType: "application/pdf"]).status == .badRequest)

            // Groups and statistics.
            #expect(try await call(.listGroups, Route.apiGroups.path).status == .ok)
            #expect(try await call(.getGroup, Route.apiGroup("no-such-group").path).status == .notFound)
            #expect(try await call(.statistics, Route.apiStatistics.path).status == .ok)
            #expect(try await call(.statistics, Route.apiStatistics.with([("group", "Not An Id")])).status == .badRequest)

            #expect(exercised == Set(APIEndpoint.allCases), "not called: \(Set(APIEndpoint.allCases).subtracting(exercised))")
        }
    }

    /// A handler of an API route can read only the query parameters its route declares.
    @Test func handlersReadOnlyDeclaredQueryParameters() throws {
        let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: "/x?page=2&asOf=2022-01-01"),
                              body: RequestBody(buffer: ByteBuffer()))
        #expect(throws: UndeclaredQueryParameter.self) {
            try APIEndpoint.$current.withValue(.history) { try Params.int(request, "page") }
        }
        #expect(try APIEndpoint.$current.withValue(.listCases) { try Params.int(request, "page") } == 2)
        #expect(try APIEndpoint.$current.withValue(.assessment) { try Params.date(request, "asOf") } != nil)
        #expect(throws: UndeclaredQueryParameter.self) {
            try APIEndpoint.$current.withValue(.assessment) { try Params.flag(request, "redact") }
        }
        // Outside an API route (the web pages) nothing is checked.
        #expect(try Params.int(request, "page") == 2)
    }

    /// The checker itself: it must be able to fail.
    @Test func schemaCheckFindsMissingKeysAndWrongTypes() {
        let document = OpenAPI.document
        let page = Schema.ref("CasePage")
        #expect(!SchemaCheck.problems(.object([.init("items", .array([]))]), schema: page, document: document).isEmpty)
        #expect(!SchemaCheck.problems(.object([.init("items", .string("x")), .init("total", .int(0)), .init("page", .int(1)), .init("perPage", .int(2))]),
                                      schema: page, document: document).isEmpty)
        #expect(SchemaCheck.problems(.object([.init("items", .array([])), .init("total", .int(0)), .init("page", .int(1)), .init("perPage", .int(2))]),
                                     schema: page, document: document).isEmpty)
        #expect(!SchemaCheck.problems(.null, schema: Schema.string, document: document).isEmpty)
        #expect(SchemaCheck.problems(.null, schema: Schema.nullable(Schema.string), document: document).isEmpty)
    }
}

/// A structural JSON Schema check (OpenAPI 3.0 dialect): `$ref`, `allOf`, `nullable`, `type`,
/// `required`, `properties`, `items`, `enum`. Enough to say an answer has the documented shape.
enum SchemaCheck {
    static func resolve(_ schema: Value, document: Value) -> Value? {
        guard case .string(let ref)? = schema["$ref"] else { return schema }
        let name = ref.replacingOccurrences(of: "#/components/schemas/", with: "")
        return document["components"]?["schemas"]?[name]
    }

    static func problems(_ value: Value, schema: Value, document: Value, at path: String = "$") -> [String] {
        guard let schema = resolve(schema, document: document) else { return ["\(path): unresolved reference"] }
        if value == .null {
            return schema["nullable"] == .bool(true) || schema["type"] == nil && schema["allOf"] == nil ? [] : ["\(path): null"]
        }
        var found: [String] = []
        if case .array(let all)? = schema["allOf"] {
            for part in all { found += problems(value, schema: part, document: document, at: path) }
        }
        if case .array(let options)? = schema["enum"], !options.contains(value) { found.append("\(path): \(value) is not one of the listed values") }
        guard case .string(let type)? = schema["type"] else { return found }
        switch (type, value) {
        case ("object", .object(let members)):
            if case .array(let required)? = schema["required"] {
                for case .string(let key) in required where !members.contains(where: { $0.key == key }) { found.append("\(path): no \(key)") }
            }
            if case .object(let properties)? = schema["properties"] {
                for property in properties {
                    if let member = members.first(where: { $0.key == property.key }) {
                        found += problems(member.value, schema: property.value, document: document, at: "\(path).\(property.key)")
                    }
                }
            }
        case ("array", .array(let items)):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { found += problems(item, schema: itemSchema, document: document, at: "\(path)[\(index)]") }
            }
        case ("string", .string), ("integer", .int), ("number", .int), ("number", .double), ("boolean", .bool): break
        default: found.append("\(path): expected \(type), found \(value)")
        }
        return found
    }

    static func unresolvedReferences(in value: Value, document: Value) -> [String] {
        switch value {
        case .object(let members):
            var out: [String] = []
            for member in members {
                if member.key == "$ref", resolve(value, document: document) == nil { out.append("\(member.value)") }
                out += unresolvedReferences(in: member.value, document: document)
            }
            return out
        case .array(let items): return items.flatMap { unresolvedReferences(in: $0, document: document) }
        default: return []
        }
    }
}
