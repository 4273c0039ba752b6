import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Backups, imports, purge and authorship over HTTP (issue 10).
@Suite("Archive API")
struct ArchiveAPITests {
    private static let jsonBody: HTTPFields = [.contentType: "application/json"]

    private func exportBundle(demo: Bool = true) async throws -> String {
        let box = Box()
        try await withApp(demo: demo) { client in
            let response = try await client.execute(uri: "/api/v1/export", method: .get)
            #expect(response.status == .ok)
            await box.set(String(buffer: response.body))
        }
        return await box.value
    }

    private actor Box {
        var value = ""
        func set(_ text: String) { value = text }
    }

    @Test func badBundlesGet400WithTheReasonAndWriteNothing() async throws {
        let bundle = try await exportBundle()
        let value = try ValueJSON.parse(bundle)
        var records = try CaseArchive.records(fromBundle: value)
        records.sort { $0.id < $1.id }
        func variant(_ change: (inout CaseRecord) -> Void) -> String {
            var copy = records
            change(&copy[copy.count - 1])
            // Written without validation, as a hostile client would.
            return ValueWriter.json(.object([.init("format", .string(CaseArchive.bundleFormat)),
                                             .init("cases", .array(copy.map(CaseArchive.value(of:))))]))
        }
        let cases: [(String, String)] = [
            (variant { $0.revisions[0].info.number = -1 }, "revisions[0].number"),
            (variant { $0.revisions[0].info.number = Int.max }, "revisions[0].number"),
            (variant { $0.revisions.append(.init(info: RevisionInfo(number: $0.revisions.count + 2, author: "x", note: "", createdAt: Date(), action: .update),
                                                  file: $0.revisions[0].file)) }, "number"),
            (variant { $0.revisions.append(.init(info: RevisionInfo(number: $0.revisions.count + 1, author: "x", note: "", createdAt: Date(), action: .restore,
                                                                    restoredFrom: 99), file: $0.revisions[0].file)) }, "restoredFrom"),
        ]
        try await withApp { client in
            for (body, field) in cases {
                let response = try await client.execute(uri: "/api/v1/import", method: .post, headers: Self.jsonBody, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(field)")
                guard case .string(let message)? = try json(response)["error"] else { Issue.record("no error"); continue }
                #expect(message.contains(field), "\(message)")
            }
            // Invalid UTF-8 is refused, not repaired.
            var bytes = Array(bundle.utf8)
            bytes[bytes.count / 2] = 0xFF
            let invalid = try await client.execute(uri: "/api/v1/import", method: .post, headers: Self.jsonBody, body: ByteBuffer(bytes: bytes))
            #expect(invalid.status == .badRequest)
            // Nothing of any of them was written.
            let list = try await client.execute(uri: "/api/v1/cases", method: .get)
            #expect(try json(list)["total"] == .int(0))
        }
    }

    @Test func anExportRestoresAndReimportingIsHarmless() async throws {
        let bundle = try await exportBundle()
        let sent = try CaseArchive.records(fromBundle: ValueJSON.parse(bundle))
        try await withApp { client in
            let first = try await client.execute(uri: "/api/v1/import", method: .post, headers: Self.jsonBody, body: ByteBuffer(string: bundle))
            #expect(first.status == .created)
            #expect(try json(first)["imported"] == .array(sent.map { .string($0.id) }))
            let again = try await client.execute(uri: "/api/v1/import", method: .post, headers: Self.jsonBody, body: ByteBuffer(string: bundle))
            #expect(again.status == .ok)
            let report = try json(again)
            #expect(report["imported"] == .array([]) && report["conflicts"] == .array([]))
            #expect(report["alreadyPresent"] == .array(sent.map { .string($0.id) }))

            // The history keeps the claims, marked as imported by the server's identity.
            let history = try await client.execute(uri: "/api/v1/cases/kz-massimov/history", method: .get)
            guard case .array(let revisions)? = try json(history)["revisions"] else { Issue.record("no revisions"); return }
            #expect(revisions.allSatisfy { $0["imported"]?["by"] == .string("admin") })

            let exported = try await client.execute(uri: "/api/v1/export", method: .get)
            #expect(try CaseArchive.records(fromBundle: json(exported)).map(\.id) == sent.map(\.id))
        }
    }

    @Test func theClientCannotNameTheAuthor() async throws {
        let yaml = try demoText("ar-delgado-released")
        try await withApp { client in
            var headers = yamlBody
            headers[.init("X-Habeas-Author")!] = "someone-else"
            let created = try await client.execute(uri: "/api/v1/cases", method: .post, headers: headers, body: ByteBuffer(string: yaml))
            #expect(created.status == .created)
            #expect(try json(created)["revision"]?["author"] == .string("admin"))
            #expect(try json(created)["revision"]?["imported"] == .null)
        }
    }

    @Test func purgeNeedsADeletedCaseAndConfirmation() async throws {
        try await withApp(demo: true) { client in
            let uri = "/api/v1/cases/kz-massimov/purge"
            #expect(try await client.execute(uri: uri, method: .post).status == .badRequest)
            #expect(try await client.execute(uri: uri + "?confirm=other", method: .post).status == .badRequest)
            let live = try await client.execute(uri: uri + "?confirm=kz-massimov", method: .post)
            #expect(live.status == .conflict)
            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .get).status == .ok)

            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .delete).status == .noContent)
            #expect(try await client.execute(uri: uri + "?confirm=kz-massimov", method: .post).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov/restore", method: .post).status == .notFound)
            #expect(try await client.execute(uri: uri + "?confirm=kz-massimov", method: .post).status == .notFound)
            let exported = try await client.execute(uri: "/api/v1/export", method: .get)
            #expect(!(try CaseArchive.records(fromBundle: json(exported)).map(\.id).contains("kz-massimov")))
        }
    }

    /// The web's import takes a backup larger than an ordinary form may be (here over 2 MB), and
    /// restores it through the same path as the API.
    @Test func theWebImportRestoresALargeBackup() async throws {
        let base = try CaseFile.load(text: try demoText("kz-massimov"))
        let records = (0..<400).map { n -> CaseRecord in
            var file = base
            file.id = String(format: "kz-copy-%03d", n)
            return CaseRecord(id: file.id, revisions: [
                .init(info: RevisionInfo(number: 1, author: "someone", note: "", createdAt: Date(timeIntervalSince1970: 1_600_000_000), action: .create), file: file),
            ])
        }
        let bundle = ValueWriter.json(CaseArchive.bundle(records))
        #expect(bundle.utf8.count > 2 * 1_048_576)
        try await withApp { client in
            let page = try await client.execute(uri: "/import", method: .get)
            let cookie = try #require(page.headers[.setCookie])
            let token = String(try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))
            let boundary = "----habeasArchiveBoundary"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"habeas-export.json\"\r\nContent-Type: application/json\r\n\r\n\(bundle)\r\n"
            body += "--\(boundary)--\r\n"
            let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: "\(CSRF.cookieName)=\(token)"]
            let response = try await client.execute(uri: "/import", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("Imported as kz-copy-399."))
            let list = try await client.execute(uri: "/api/v1/cases?perPage=1", method: .get)
            #expect(try json(list)["total"] == .int(400))
            // Again: already present, nothing failed.
            let again = try await client.execute(uri: "/import", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(again.status == .ok)
            #expect(String(buffer: again.body).contains("Already present as kz-copy-000; skipped."))
        }
    }
}
