import HabeasCore
import Hummingbird

/// The OpenAPI 3 description of the API, generated from the route table (`APIEndpoint`, whose
/// paths come from `Route`) and the schemas (`Schema`): what the router serves is what this says.
enum OpenAPI {
    static var document: Value {
        var paths: [Value.Member] = []
        for endpoint in APIEndpoint.allCases {
            let path = endpoint.route.template.pattern
            let operation = Value.Member(endpoint.method.rawValue.lowercased(), self.operation(endpoint))
            if let index = paths.firstIndex(where: { $0.key == path }), case .object(let methods) = paths[index].value {
                paths[index] = .init(path, .object(methods + [operation]))
            } else {
                paths.append(.init(path, .object([operation])))
            }
        }
        return .object([
            .init("openapi", .string("3.0.3")),
            .init("info", .object([
                .init("title", .string("Habeas API")),
                .init("version", .string("1")),
                .init("description", .string("Cases before the UN Working Group on Arbitrary Detention: revisions, search, assessment, deadlines, drafts. Every route but /healthz needs a signed-in user: send `Authorization: Bearer TOKEN` with a token from `habeas users token add NAME` (a read token may only read). A user sees the cases of their teams (an admin every case); another case answers 404. State-changing requests must send Content-Type application/json, application/yaml, text/yaml or application/x-yaml (none where no body is read): form and text/plain posts, which other sites can make a browser send, are refused with 415.")),
            ])),
            .init("paths", .object(paths)),
            .init("security", .array([.object([.init("bearer", .array([]))])])),
            .init("components", .object([
                .init("schemas", .object(Schema.components.map { .init($0.0, $0.1) })),
                .init("securitySchemes", .object([.init("bearer", .object([
                    .init("type", .string("http")), .init("scheme", .string("bearer")),
                    .init("description", .string("An API token (habeas users token add NAME --scope read|write)")),
                ]))])),
            ])),
        ])
    }

    static func operation(_ endpoint: APIEndpoint) -> Value {
        var parameters: [Value] = endpoint.route.parameterNames.map { name in
            .object([.init("name", .string(name)), .init("in", .string("path")), .init("required", .bool(true)),
                     .init("schema", APIEndpoint.pathSchema(name))])
        }
        parameters += endpoint.query.map { q in
            .object([.init("name", .string(q.name)), .init("in", .string("query")), .init("required", .bool(q.required)),
                     .init("description", .string(q.description)), .init("schema", q.schema)])
        }
        var members: [Value.Member] = [.init("operationId", .string(endpoint.rawValue)), .init("summary", .string(endpoint.summary))]
        let access = endpoint.route.access(endpoint.method)
        if access == .public { members.append(.init("security", .array([]))) }
        if !parameters.isEmpty { members.append(.init("parameters", .array(parameters))) }
        if let body = endpoint.body {
            members.append(.init("requestBody", .object([
                .init("description", .string(body)), .init("required", .bool(true)),
                .init("content", .object(APIContentTypeMiddleware.acceptedTypes.map { type in
                    .init(type, .object([.init("schema", type == "application/json" ? Schema.type("object") : Schema.string)]))
                })),
            ])))
        }
        var responses = endpoint.responses
        if access != .public {
            responses.append(.error(401, "No valid token: {error}"))
            if !responses.contains(where: { $0.status == 403 }) {
                responses.append(.error(403, "The token's user (role \(access.leastRole?.rawValue ?? "")+ needed) or scope may not do this"))
            }
        }
        members.append(.init("responses", .object(responses.sorted { $0.status < $1.status }.map { response in
            var fields: [Value.Member] = [.init("description", .string(response.description))]
            if !response.contentTypes.isEmpty {
                fields.append(.init("content", .object(response.contentTypes.map { type in
                    .init(type, .object(response.schema.map { [.init("schema", $0)] } ?? []))
                })))
            }
            return .init(String(response.status), .object(fields))
        })))
        return .object(members)
    }
}

/// `/healthz` and the OpenAPI document: outside /api/v1, without the API's middleware.
struct ServiceController: Sendable {
    let openAPI = ValueWriter.json(OpenAPI.document)

    func register(on router: Router<AppRequestContext>) {
        router.on(.health) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        let text = openAPI
        router.on(.openAPI) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
