import Foundation
import HabeasCore
import HabeasDocuments
@testable import HabeasServer
import HabeasStore
import HabeasTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The route × role matrix: every route the router serves, as every role and as a stranger.
@Suite("Route × role matrix")
struct AccessMatrixTests {
    /// The least each route needs, written out here on purpose: changing who may do what must be
    /// done twice, in `Route.access` and here, and a route added without an entry here fails.
    static let expected: [String: Access] = [
        "GET /healthz": .public, "GET /static/habeas.css": .public, "GET /static/habeas.js": .public,
        "GET /sign-in": .public, "POST /sign-in": .public, "GET /sign-in/code": .public, "POST /sign-in/code": .public,
        "GET /sign-in/enrol": .public, "POST /sign-in/enrol": .public, "GET /sign-in/link/{token}": .public,
        "POST /sign-in/link/{token}": .public, "POST /sign-out": .public,
        "GET /api/openapi.json": .read,
        "GET /": .redacted, "GET /cases": .redacted, "GET /cases/{id}": .redacted, "GET /cases/{id}/yaml": .read, "GET /cases/{id}/history": .read,
        "GET /cases/{id}/files": .read, "GET /cases/{id}/files/{file}": .read, "GET /cases/{id}/files/{file}/view": .read,
        "GET /cases/{id}/package": .read, "GET /api/v1/cases/{id}/package": .read, "GET /cases/{id}/download": .read,
        "GET /deleted": .read, "GET /about/assessment": .read, "GET /opinions": .read, "GET /opinions/{name}": .read,
        "GET /cases/new": .edit, "POST /cases/new": .edit, "GET /cases/{id}/edit": .edit, "POST /cases/{id}/edit": .edit,
        "POST /cases/{id}/yaml": .edit, "POST /cases/{id}/files": .edit, "POST /cases/{id}/history/{revision}/restore": .edit,
        "GET /cases/{id}/events/new": .edit, "POST /cases/{id}/events/new": .edit, "POST /cases/{id}/events/{index}/remove": .edit,
        "GET /cases/{id}/allegations/new": .edit, "POST /cases/{id}/allegations/new": .edit,
        "POST /cases/{id}/allegations/{index}/remove": .edit, "GET /cases/{id}/delete": .edit, "POST /cases/{id}/delete": .edit,
        "POST /cases/{id}/undelete": .edit,
        "GET /import": .admin, "POST /import": .admin, "GET /export": .admin, "GET /audit": .admin,
        "GET /admin/users": .admin, "POST /admin/users": .admin, "POST /admin/users/{user}": .admin,
        "GET /account": .redacted, "POST /account": .redacted,
        "GET /api/v1/cases": .read, "POST /api/v1/cases": .edit, "GET /api/v1/cases/{id}": .read, "PUT /api/v1/cases/{id}": .edit,
        "DELETE /api/v1/cases/{id}": .edit, "POST /api/v1/cases/{id}/restore": .edit,
        "POST /api/v1/cases/{id}/revisions/{revision}/restore": .edit, "GET /api/v1/cases/{id}/history": .read,
        "GET /api/v1/cases/{id}/diff": .read, "GET /api/v1/cases/{id}/assessment": .read, "GET /api/v1/cases/{id}/timeline": .read,
        "GET /api/v1/cases/{id}/deadlines": .read, "GET /api/v1/deadlines": .read, "GET /api/v1/cases/{id}/drafts/{file}": .redacted,
        "GET /api/v1/cases/{id}/files": .read, "POST /api/v1/cases/{id}/files": .edit, "GET /api/v1/cases/{id}/files/{file}": .read,
        "DELETE /api/v1/cases/{id}/files/{file}": .edit,
        "POST /api/v1/import": .admin, "POST /api/v1/import-table": .edit,
        "GET /import-table": .edit, "POST /import-table": .edit, "POST /import-table/{upload}": .edit, "GET /import-table/jobs/{job}": .edit, "GET /api/v1/export": .admin, "POST /api/v1/cases/{id}/purge": .admin,
        "GET /groups": .read, "GET /groups/{group}": .read, "GET /groups/{group}/petition": .read,
        "GET /groups/{group}/cases.csv": .read, "GET /groups/{group}/statistics.csv": .read,
        "POST /groups/{group}/bulk": .edit, "POST /bulk/{batch}/undo": .edit,
        "GET /api/v1/groups": .read, "GET /api/v1/groups/{group}": .read, "GET /api/v1/statistics": .read,
    ]

    static func servedRoutes() async throws -> [(method: HTTPRequest.Method, template: String)] {
        let (store, cleanUp) = try await TestBackend.sqlite.store()
        defer { cleanUp() }
        let router = buildRouter(dependencies: AppDependencies(store: store))
        try await store.close()
        return router.routes.map { ($0.method, $0.path.description) }
    }

    @Test func everyServedRouteHasAnEntryAndTheTableAgrees() async throws {
        let served = try await Self.servedRoutes()
        #expect(served.count == Self.expected.count, "every entry here is served, and every served route has an entry")
        for (method, template) in served {
            let key = "\(method.rawValue) \(template)"
            guard let expected = Self.expected[key] else {
                Issue.record("\(key) has no entry in the route × role matrix: add it to AccessMatrixTests.expected and Route.access")
                continue
            }
            let route = try #require(Route.match(template)?.route, "\(key) is not in Route.all")
            #expect(route.access(method) == expected, "\(key)")
        }
    }

    /// A concrete path for a template: the case `kz-massimov` (in the member's team).
    static func path(_ template: String, caseID: String) -> String {
        template.replacingOccurrences(of: "{id}", with: caseID).replacingOccurrences(of: "{revision}", with: "1")
            .replacingOccurrences(of: "{file}", with: template.hasPrefix("/api/v1/cases/{id}/drafts") ? "petition.md" : "1")
            .replacingOccurrences(of: "{index}", with: "0").replacingOccurrences(of: "{name}", with: "no-such-opinion")
            .replacingOccurrences(of: "{token}", with: "no-such-link").replacingOccurrences(of: "{user}", with: "1")
    }

    static let users: [(TestUser, Role?)] = [(.anonymous, nil), (.member(.viewer), .viewer), (.member(.researcher), .researcher),
                                             (.member(.lawyer), .lawyer), (.admin, .admin)]

    /// Each route as each user: a stranger is sent to sign in (pages) or gets 401 (API); a role
    /// below the route's gets 403; any other answer (200, 303, 400, 404, 405, 409 …) means the
    /// request got past access control to the route itself.
    @Test(arguments: 0..<5)
    func everyRouteAsEveryRole(_ userIndex: Int) async throws {
        let (user, role) = Self.users[userIndex]
        let served = try await Self.servedRoutes()
        try await withApp(demo: true, as: user, prepare: { store in
            let team = try await testTeam(store)
            try await store.assignCase("kz-massimov", to: team.id)
        }) { client in
            let token = try await Self.csrf(client)
            // Writes first would delete the case the reads need: reads, then writes.
            for (method, template) in served.sorted(by: { ($0.method == .get ? 0 : 1, $0.template) < ($1.method == .get ? 0 : 1, $1.template) }) {
                let key = "\(method.rawValue) \(template)"
                let access = try #require(Self.expected[key])
                var path = Self.path(template, caseID: "kz-massimov")
                if template.contains("/drafts/") { path += "?redact=true" }
                let isAPI = template.hasPrefix("/api/") || template == "/healthz"
                var headers: HTTPFields = [:]
                var body: ByteBuffer?
                if method != .get {
                    if isAPI {
                        headers[.contentType] = "application/json"
                    } else {
                        headers[.contentType] = "application/x-www-form-urlencoded"
                        headers[.cookie] = "\(CSRF.cookieName)=\(token)"
                        body = ByteBuffer(string: "\(CSRF.fieldName)=\(token)")
                    }
                }
                let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
                let status = response.status.code
                let toSignIn = status == 302 && response.headers[.location]?.hasPrefix("/sign-in") == true
                switch (access.leastRole, role) {
                case (nil, _):
                    // A wrong sign-in answers 401 itself; "public" means no redirect and no role refusal.
                    #expect(status != 403 && !toSignIn, "\(key) is public, as \(user)")
                case (_, nil):
                    #expect(isAPI ? status == 401 : toSignIn, "\(key) as a stranger: \(status)")
                case (let least?, let role?) where role < least:
                    #expect(status == 403, "\(key) as \(role): \(status), expected 403")
                default:
                    #expect(![401, 403].contains(status) && !toSignIn, "\(key) as \(user): \(status), expected past access control")
                }
            }
        }
    }

    static func csrf(_ client: some TestClientProtocol) async throws -> String {
        // A public page that renders for anyone (the sign-in form redirects a signed-in user).
        let page = try await client.execute(uri: "/sign-in/link/none", method: .get)
        let cookie = try #require(page.headers[.setCookie])
        return String(try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))
    }

    /// A case outside the user's teams is answered exactly as a case that does not exist, on
    /// every route of one case; lists, searches, counts and deadlines leave it out.
    @Test func anotherTeamsCaseDoesNotExistForAMember() async throws {
        try await withApp(demo: true, as: .member(.lawyer), prepare: { store in
            let team = try await testTeam(store)
            try await store.assignCase("kz-massimov", to: team.id)
            let other = try await store.createTeam(name: "other")
            try await store.assignCase("mt-immigration-amadou", to: other.id)
        }) { client in
            let served = try await Self.servedRoutes()
            for (method, template) in served where template.contains("{id}") && method == .get {
                let hidden = try await client.execute(uri: Self.path(template, caseID: "mt-immigration-amadou") + (template.contains("/drafts/") ? "?redact=true" : ""), method: .get)
                let missing = try await client.execute(uri: Self.path(template, caseID: "zz-no-such-case") + (template.contains("/drafts/") ? "?redact=true" : ""), method: .get)
                #expect(hidden.status == .notFound, "\(template)")
                #expect(hidden.status == missing.status, "\(template)")
            }
            let list = String(buffer: try await client.execute(uri: "/api/v1/cases", method: .get).body)
            #expect(list.contains("kz-massimov") && !list.contains("amadou") && !list.contains("delgado"))
            #expect(list.contains("\"total\": 1"))
            for query in ["q=Amadou", "q=Delgado", "state=MT", "state=AR"] {
                let found = String(buffer: try await client.execute(uri: "/api/v1/cases?\(query)", method: .get).body)
                #expect(found.contains("\"total\": 0"), "\(query)")
            }
            let page = String(buffer: try await client.execute(uri: "/cases", method: .get).body)
            #expect(!page.contains("Amadou") && !page.contains("Delgado"))
            let dashboard = String(buffer: try await client.execute(uri: "/", method: .get).body)
            #expect(!dashboard.contains("amadou") && !dashboard.contains("Amadou") && !dashboard.contains("href=\"/cases?state=MT\""))
            let deadlines = String(buffer: try await client.execute(uri: "/api/v1/deadlines", method: .get).body)
            #expect(!deadlines.contains("amadou") && !deadlines.contains("delgado"))
            // A write to it is refused the same way.
            let put = try await client.execute(uri: "/api/v1/cases/mt-immigration-amadou", method: .delete)
            #expect(put.status == .notFound)
        }
    }

    @Test func aViewerGetsRedactedDraftsOnly() async throws {
        let box = StoreBox()
        try await withApp(demo: true, as: .member(.viewer), prepare: { store in
            box.store = store
            let team = try await testTeam(store)
            try await store.assignCase("kz-massimov", to: team.id)
        }) { client in
            let reference = try #require(try box.store?.reference(of: "kz-massimov"))
            let plain = try await client.execute(uri: "/api/v1/cases/\(reference)/drafts/petition.md", method: .get)
            #expect(plain.status == .forbidden)
            let redacted = try await client.execute(uri: "/api/v1/cases/\(reference)/drafts/petition.md?redact=true", method: .get)
            #expect(redacted.status == .ok)
            #expect(!String(buffer: redacted.body).contains("Massimov"))
            // The id itself (it carries the name) is a case that does not exist, for a viewer.
            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/petition.md?redact=true", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/cases/kz-massimov", method: .get).status == .notFound)
            for path in ["/", "/cases", "/cases/\(reference)"] {
                #expect(try await client.execute(uri: path, method: .get).status == .ok, "\(path)")
            }
            for path in ["/api/v1/cases", "/api/v1/cases/\(reference)", "/cases/\(reference)/history", "/cases/\(reference)/yaml", "/cases/\(reference)/download"] {
                #expect(try await client.execute(uri: path, method: .get).status == .forbidden, "\(path)")
            }
        }
    }
}

/// What a viewer can get (redacted drafts of their team's cases) names no one: every draft kind,
/// as HTML and Markdown, of every demo case, searched for every part of every person's name.
@Suite("A viewer sees no name")
struct ViewerSeesNoNameTests {
    static let names = ["Karim", "Massimov", "Lucía", "Delgado", "Amadou", "Diallo", "Sow"]

    /// Every part of every name in the demo cases (the person's names, the source's), and the ids.
    static func demoNames() throws -> [String] {
        var names: Set<String> = []
        for file in try DemoCases.files() {
            names.insert(file.id)
            for text in [file.person.name] + file.person.otherNames + [file.source?.name].compactMap({ $0 }) {
                for word in text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "-" }) where word.count >= 3 {
                    names.insert(String(word))
                }
            }
        }
        return names.sorted()
    }

    /// The dashboard, the list (also when searched by a name), every case page and the drafts it
    /// links to, as a viewer: no page names anyone.
    static func viewerPagesNameNoOne() async throws {
        let box = StoreBox()
        let names = try demoNames()
        #expect(names.contains("Massimov") && names.contains("kz-massimov"))
        try await withApp(demo: true, as: .member(.viewer), prepare: { store in
            box.store = store
            let team = try await testTeam(store)
            for file in try DemoCases.files() { try await store.assignCase(file.id, to: team.id) }
        }) { (client: any TestClientProtocol) async throws in
            func page(_ path: String) async throws -> String {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                let text = String(buffer: response.body)
                let headers = response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
                for name in names { #expect(!(text + headers).localizedCaseInsensitiveContains(name), "\(path) names \(name)") }
                return text
            }
            _ = try await page("/")
            let list = try await page("/cases?sort=title")
            let searched = try await page("/cases?q=Massimov")
            #expect(searched.contains("text search"), "the search by a name is left out, and said so")
            let links = Set(list.matches(of: /href="(\/cases\/R[A-P]{32})"/).map { String($0.output.1) })
            #expect(links.count == (try DemoCases.files()).count, "every case is listed, by reference")
            for link in links {
                let casePage = try await page(link)
                #expect(casePage.contains("A redacted view"))
                for draft in casePage.matches(of: /href="(\/api\/v1\/cases\/R[A-P]{32}\/drafts\/[a-z-]+\.html[^"]*)"/) {
                    _ = try await page(String(draft.output.1).replacingOccurrences(of: "&amp;", with: "&"))
                }
            }
        }
    }

    @Test func redactedDraftsOfEveryDemoCaseNameNoOne() async throws {
        let ids = ["kz-massimov", "ar-delgado-released", "mt-immigration-amadou"]
        let box = StoreBox()
        try await withApp(demo: true, as: .member(.viewer), prepare: { store in
            box.store = store
            let team = try await testTeam(store)
            for id in ids { try await store.assignCase(id, to: team.id) }
        }) { (client: any TestClientProtocol) async throws in
            var served = 0
            for plainID in ids {
                let id = try #require(try box.store?.reference(of: plainID))
                for kind in DocumentKind.allCases {
                    for format in ["html", "md"] {
                        let response = try await client.execute(uri: "/api/v1/cases/\(id)/drafts/\(kind.rawValue).\(format)?redact=true", method: .get)
                        guard response.status == .ok else {
                            #expect(response.status.code < 500, "\(id) \(kind) \(format): \(response.status)")
                            continue
                        }
                        served += 1
                        let text = String(buffer: response.body)
                        for name in Self.names {
                            #expect(!text.contains(name), "\(id) \(kind).\(format) names \(name)")
                        }
                    }
                }
            }
            #expect(served >= ids.count * 2, "the redacted petitions at least were served")
        }
        try await Self.viewerPagesNameNoOne()
        // The same draft unredacted names him: the search above would find a name that got through.
        try await withApp(demo: true) { (client: any TestClientProtocol) async throws in
            let plain = try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/petition.md", method: .get)
            #expect(String(buffer: plain.body).contains("Massimov"))
        }
    }
}
