import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdTesting
import Testing
import HabeasTestSupport

func demoText(_ id: String) throws -> String {
    // The demo files are the server's resources; tests read them through the server module.
    try String(contentsOf: DemoCases.directory().appendingPathComponent("\(id).yaml"), encoding: .utf8)
}

/// The API refuses state-changing bodies without a YAML or JSON content type.
let yamlBody: HTTPFields = [.contentType: "application/yaml"]

func json(_ response: TestResponse) throws -> Value {
    try ValueJSON.parse(String(buffer: response.body))
}

@Suite("API")
struct APITests {
    @Test func healthz() async throws {
        try await withApp { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "ok\n")
        }
    }

    /// The issue's Must-show, on each backend: create kz-massimov (the one fixture every suite
    /// asserts on), assess as of 2022-03-18, a stale update gets 409, "treason" finds it.
    @Test(arguments: TestBackend.all)
    func massimovMustShow(_ backend: TestBackend) async throws {
        let yaml = try Fixtures.massimovText
        try await withApp(backend) { client in
            let created = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody, body: ByteBuffer(string: yaml))
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")

            let assessment = try await client.execute(uri: "/api/v1/cases/kz-massimov/assessment?asOf=2022-03-18", method: .get)
            #expect(assessment.status == .ok)
            let value = try json(assessment)
            guard case .array(let categories)? = value["categories"] else { Issue.record("no categories"); return }
            let indicated = categories.compactMap { c -> String? in
                guard c["finding"] == .string("indicated"), case .string(let name)? = c["category"] else { return nil }
                return name
            }
            #expect(indicated.contains("I"))
            #expect(indicated.contains("III"))

            // Two writers start from revision 1; the second is refused with the current revision.
            let edited = yaml.replacingOccurrences(of: "summary: >", with: "summary: >\n  Updated.")
            let first = try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .put, headers: [.ifMatch: "\"1\"", .contentType: "application/yaml"],
                                                 body: ByteBuffer(string: edited))
            #expect(first.status == .ok)
            let stale = try await client.execute(uri: "/api/v1/cases/kz-massimov?baseRevision=1", method: .put, headers: yamlBody, body: ByteBuffer(string: yaml))
            #expect(stale.status == .conflict)
            #expect(try json(stale)["currentRevision"] == .int(2))

            let search = try await client.execute(uri: "/api/v1/cases?q=treason", method: .get)
            #expect(search.status == .ok)
            let found = try json(search)
            #expect(found["total"] == .int(1))
            guard case .array(let items)? = found["items"] else { Issue.record("no items"); return }
            #expect(items.first?["id"] == .string("kz-massimov"))
            #expect(items.first?["firstArrest"] == .string("2022-01-05"))
            #expect(items.first?["categories"] == .array([.string("I"), .string("III")]))
        }
    }

    @Test func createGetUpdateHistoryDiffDeleteRestore() async throws {
        let yaml = try demoText("ar-delgado-released")
        try await withApp { client in
            var response = try await client.execute(uri: "/api/v1/cases", method: .post, headers: [.init("X-Habeas-Author")!: "alice", .contentType: "text/yaml"],
                                                    body: ByteBuffer(string: yaml))
            #expect(response.status == .created)
            response = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody, body: ByteBuffer(string: yaml))
            #expect(response.status == .conflict)

            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .get)
            #expect(response.status == .ok)
            #expect(try json(response)["case"]?["id"] == .string("ar-delgado-released"))

            let changed = yaml.replacingOccurrences(of: "Freelance photojournalist", with: "Staff photographer")
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .put, headers: yamlBody, body: ByteBuffer(string: changed))
            #expect(response.status.code == 428)
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released?baseRevision=1", method: .put,
                                                headers: [.init("X-Habeas-Author")!: "bob", .init("X-Habeas-Note")!: "occupation", .contentType: "application/x-yaml"],
                                                body: ByteBuffer(string: changed))
            #expect(response.status == .ok)

            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released/history", method: .get)
            guard case .array(let revisions)? = try json(response)["revisions"] else { Issue.record("no revisions"); return }
            // The server records who wrote, never the client's X-Habeas-Author.
            #expect(revisions.map { $0["author"] } == [.string("admin"), .string("admin")])
            #expect(revisions.last?["note"] == .string("occupation"))

            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released/diff?from=1&to=2", method: .get)
            guard case .array(let changes)? = try json(response)["changes"] else { Issue.record("no changes"); return }
            #expect(changes.map { $0["path"] } == [.string("person.occupation")])

            // A restore must say what it replaces, like any write (issue 10).
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released/revisions/1/restore", method: .post)
            #expect(response.status.code == 428)
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released/revisions/1/restore?baseRevision=1", method: .post)
            #expect(response.status == .conflict)
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released/revisions/1/restore?baseRevision=2", method: .post)
            #expect(response.status == .created)
            #expect(try json(response)["revision"]?["number"] == .int(3))

            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .delete)
            #expect(response.status == .noContent)
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .get)
            #expect(response.status == .notFound)
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released/restore", method: .post)
            #expect(response.status.code == 428)
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released/restore?baseRevision=2", method: .post)
            #expect(response.status == .conflict)
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released/restore?baseRevision=3", method: .post)
            #expect(response.status == .ok)
            response = try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .get)
            #expect(response.status == .ok)
        }
    }

    @Test func invalidCaseFileGets400WithLocatedErrors() async throws {
        let bad = """
            format: habeas-case/1
            id: bad-case
            state: KZ
            person:
              name: Someone
            deprivation:
              ongoing: true
            timeline:
              - date: 2022-01-05
                type: arest
            """
        try await withApp { client in
            let response = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody, body: ByteBuffer(string: bad))
            #expect(response.status == .badRequest)
            guard case .array(let errors)? = try json(response)["errors"] else { Issue.record("no errors"); return }
            #expect(errors.first?["path"] == .string("timeline[0].type"))
            #expect(errors.first?["line"] == .int(10))
        }
    }

    @Test func unknownCaseIs404AndErrorsNeverEchoInternals() async throws {
        try await withApp { client in
            let response = try await client.execute(uri: "/api/v1/cases/nope", method: .get)
            #expect(response.status == .notFound)
            #expect(try json(response)["error"] == .string("no such case"))
            let bad = try await client.execute(uri: "/api/v1/cases?sort=sideways", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func demoCasesLoadAndListDeadlinesAndExport() async throws {
        try await withApp(demo: true) { client in
            var response = try await client.execute(uri: "/api/v1/cases?perPage=10", method: .get)
            #expect(try json(response)["total"] == .int(Int(try DemoCases.files().count)))
            response = try await client.execute(uri: "/api/v1/cases?state=MT", method: .get)
            #expect(try json(response)["total"] == .int(1))
            response = try await client.execute(uri: "/api/v1/cases/kz-massimov/deadlines?asOf=2022-06-07", method: .get)
            #expect(response.status == .ok)
            response = try await client.execute(uri: "/api/v1/deadlines?asOf=2022-06-07", method: .get)
            #expect(response.status == .ok)
            #expect(try json(response)["total"] == .int(Int(try DemoCases.files().count)))
            // A page at a time, with the list's filters; Massimov's reply was due 2022-06-06.
            response = try await client.execute(uri: "/api/v1/deadlines?asOf=2022-06-07&overdue=true&perPage=1", method: .get)
            let overdue = try json(response)
            #expect(overdue["perPage"] == .int(1))
            guard case .array(let cases)? = overdue["cases"] else { Issue.record("no cases"); return }
            #expect(cases.first?["case"] == .string("kz-massimov"))
            response = try await client.execute(uri: "/api/v1/export", method: .get)
            #expect(response.status == .ok)
            let records = try CaseArchive.records(fromBundle: try json(response))
            #expect(records.map(\.id).contains("kz-massimov"))
        }
    }

    @Test func draftDownload() async throws {
        try await withApp(demo: true) { client in
            let response = try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/petition.md?asOf=2022-03-18", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("Massimov"))
            let missing = try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/petition.pdf", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test func importThenExportRoundTrip() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-bundle-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try await withApp(demo: true) { client in
            let response = try await client.execute(uri: "/api/v1/export", method: .get)
            #expect(response.status == .ok)
            try String(buffer: response.body).write(to: file, atomically: true, encoding: .utf8)
        }
        let bundle = try String(contentsOf: file, encoding: .utf8)
        let sent = bundle
        try await withApp { client in
            let response = try await client.execute(uri: "/api/v1/import", method: .post, headers: [.contentType: "application/json; charset=utf-8"], body: ByteBuffer(string: sent))
            #expect(response.status == .created)
            let again = try await client.execute(uri: "/api/v1/export", method: .get)
            #expect(try CaseArchive.records(fromBundle: try json(again)) == (try CaseArchive.records(fromBundle: ValueJSON.parse(sent))))
        }
    }

    /// A page on another site can make a browser post a plain form or text/plain: refused with
    /// 415 naming the accepted types, before anything is read or saved.
    @Test func crossSiteContentTypesAreRefused() async throws {
        let yaml = try demoText("ar-delgado-released")
        try await withApp { client in
            for type in ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "TEXT/PLAIN; charset=utf-8"] {
                for uri in ["/api/v1/cases", "/api/v1/import"] {
                    let response = try await client.execute(uri: uri, method: .post, headers: [.contentType: type], body: ByteBuffer(string: yaml))
                    #expect(response.status == .unsupportedMediaType, "\(type) to \(uri)")
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                    let body = try json(response)
                    #expect(body["accepted"] == .array(["application/json", "application/yaml", "text/yaml", "application/x-yaml"].map(Value.string)))
                    guard case .string(let message)? = body["error"] else { Issue.record("no error message"); continue }
                    #expect(message.contains("application/json") && message.contains("application/yaml"))
                }
            }
            // A body without a content type (a no-cors fetch) is refused too.
            let untyped = try await client.execute(uri: "/api/v1/cases", method: .post, body: ByteBuffer(string: yaml))
            #expect(untyped.status == .unsupportedMediaType)
            #expect(try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .get).status == .notFound)

            // The accepted types work; a write without a body needs no content type.
            #expect(try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody, body: ByteBuffer(string: yaml)).status == .created)
            let put = try await client.execute(uri: "/api/v1/cases/ar-delgado-released?baseRevision=1", method: .put,
                                               headers: [.contentType: "text/plain"], body: ByteBuffer(string: yaml))
            #expect(put.status == .unsupportedMediaType)
            let formDelete = try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .delete,
                                                      headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(formDelete.status == .unsupportedMediaType)
            let crossSite = try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .delete,
                                                     headers: [.init("Sec-Fetch-Site")!: "cross-site"])
            #expect(crossSite.status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .delete).status == .noContent)
            let restore = try await client.execute(uri: "/api/v1/cases/ar-delgado-released/restore", method: .post,
                                                   headers: [.contentType: "text/plain"])
            #expect(restore.status == .unsupportedMediaType)
            #expect(try await client.execute(uri: "/api/v1/cases/ar-delgado-released/restore?baseRevision=1", method: .post).status == .ok)
            // Reads are not affected.
            #expect(try await client.execute(uri: "/api/v1/cases", method: .get, headers: [.contentType: "text/plain"]).status == .ok)
        }
    }

    /// The SQLite files a test creates (with -wal and -shm) are gone when it ends.
    @Test func testStoresLeaveNoFilesBehind() async throws {
        let path = TemporaryFiles.sqlitePath("habeas-api")
        let store = try await CaseStores.open(.sqlite(path: path), master: TestBackend.masterKey)
        _ = try await store.create(try CaseFile.load(text: try demoText("ar-delgado-released")), change: Change(author: "t"))
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try await store.close()
        TemporaryFiles.removeSQLite(path)
        for suffix in ["", "-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: path + suffix), "\(suffix)") }
    }

    @Test func serveRefusesNonLoopbackHosts() {
        var config = ServerConfig()
        for host in ["127.0.0.1", "::1", "localhost", "127.1.2.3", "[::1]"] {
            config.host = host
            #expect(throws: Never.self) { try config.validate() }
        }
        for host in ["0.0.0.0", "192.168.1.10", "::", "example.org", "127.0.0.1.evil.com"] {
            config.host = host
            #expect(throws: ServerConfig.NotLoopback.self) { try config.validate() }
        }
    }
}
