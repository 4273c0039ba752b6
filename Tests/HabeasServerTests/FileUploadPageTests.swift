import Foundation
import HabeasCore
import HabeasFiles
@testable import HabeasServer
import HabeasTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The files page's upload form: streamed in, checked before it is kept, refused cleanly.
@Suite struct FileUploadPageTests {
    static let boundary = "----habeas-test-boundary"

    static func multipart(_ fields: [(String, String)], file: (name: String, type: String, bytes: [UInt8])?) -> ByteBuffer {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    static func token(_ client: some TestClientProtocol, _ uri: String) async throws -> String {
        let page = try await client.execute(uri: uri, method: .get)
        let cookie = try #require(page.headers[.setCookie])
        return String(try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))
    }

    static func upload(_ client: some TestClientProtocol, token: String?, _ fields: [(String, String)],
                       file: (name: String, type: String, bytes: [UInt8])?, boundary: String = boundary) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if let token { headers[.cookie] = "\(CSRF.cookieName)=\(token)" }
        return try await client.execute(uri: Route.caseFiles("kz-massimov").path, method: .post, headers: headers,
                                        body: multipart((token.map { [(CSRF.fieldName, $0)] } ?? []) + fields, file: file))
    }

    @Test func aPhotographIsAddedAndShownWithoutItsMetadata() async throws {
        try await withApp(demo: true) { client in
            let page = Route.caseFiles("kz-massimov").path
            let token = try await Self.token(client, page)
            let sent = try await Self.upload(client, token: token, [("title", "Photograph of injuries"), ("date", "2022-02-01"), ("identifying", "true")],
                                             file: ("IMG_0001.JPG", "image/jpeg", FilesAPITests.photo))
            #expect(sent.status == .seeOther || sent.status == .found)
            #expect(sent.headers[.location] == page)

            let html = String(buffer: try await client.execute(uri: page, method: .get).body)
            #expect(html.contains("Photograph of injuries") && html.contains("as <code>IMG_0001.JPG</code>") && html.contains("identifying"))
            let view = Route.caseFile("kz-massimov", file: 1).path
            #expect(html.contains("<img src=\"\(view)\""))
            let image = try await client.execute(uri: view, method: .get)
            #expect(image.status == .ok && image.headers[.contentType] == "image/jpeg")
            let bytes = Data(buffer: image.body)
            #expect(bytes.range(of: Data("Exif".utf8)) == nil && bytes.range(of: Data("SERIAL-4471".utf8)) == nil)
        }
    }

    @Test func aPDFIsShownInTheBrowsersViewerAndNothingElseIs() async throws {
        try await withApp(demo: true) { client in
            let page = Route.caseFiles("kz-massimov").path
            let token = try await Self.token(client, page)
            let pdf = Array(SyntheticPDF.withText("Ruling of the Esil district court"))
            #expect(try await Self.upload(client, token: token, [("title", "Ruling")], file: ("ruling.pdf", "application/pdf", pdf)).status == .seeOther)
            // An HTML page named .pdf and sent as a PDF is what its bytes are: never viewed inline.
            let html = Array("<!doctype html><script>alert(1)</script>".utf8)
            #expect(try await Self.upload(client, token: token, [("title", "Fake")], file: ("fake.pdf", "application/pdf", html)).status == .seeOther)
            _ = try await Self.upload(client, token: token, [("title", "Photo")], file: ("p.jpg", "image/jpeg", FilesAPITests.photo))

            let listing = String(buffer: try await client.execute(uri: page, method: .get).body)
            let viewer = Route.caseFileView("kz-massimov", file: 1).path
            #expect(listing.contains("<a href=\"\(viewer)\">View</a>"))
            #expect(!listing.contains(Route.caseFileView("kz-massimov", file: 2).path) && !listing.contains(Route.caseFileView("kz-massimov", file: 3).path))
            #expect(listing.contains(ExternalTools.pdftotext == nil ? "is not installed on the server" : "Its text is found by the case search."))

            let shown = try await client.execute(uri: viewer, method: .get)
            #expect(shown.status == .ok && shown.headers[.contentType] == "application/pdf")
            #expect(shown.headers[.contentDisposition]?.hasPrefix("inline; filename=\"Ruling.pdf\"") == true)
            #expect(shown.headers[.contentSecurityPolicy] == "sandbox; default-src 'none'" && shown.headers[.xContentTypeOptions] == "nosniff")
            #expect(Array(Data(buffer: shown.body)) == pdf)
            // The download stays a download.
            #expect(try await client.execute(uri: Route.caseFile("kz-massimov", file: 1).path, method: .get).headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            for other in [2, 3, 99] as [Int64] {
                #expect(try await client.execute(uri: Route.caseFileView("kz-massimov", file: other).path, method: .get).status == .notFound)
            }
        }
    }

    @Test func refusalsKeepNothing() async throws {
        try await withApp(demo: true, vaultLimit: 100) { client in
            let page = Route.caseFiles("kz-massimov").path
            let token = try await Self.token(client, page)
            let photo = ("a.jpg", "image/jpeg", FilesAPITests.photo)
            // No CSRF token: 403.
            #expect(try await Self.upload(client, token: nil, [("title", "x")], file: photo).status == .forbidden)
            // No title, a bad date, an unknown evidence item: the form again, with every reason.
            let refused = try await Self.upload(client, token: token, [("title", " "), ("date", "yesterday"), ("evidence", "e9")],
                                                file: ("a.jpg", "image/jpeg", Array(FilesAPITests.photo.prefix(50))))
            #expect(refused.status == .unprocessableContent)
            let text = String(buffer: refused.body)
            #expect(text.contains("Say what the file is") && text.contains("The date is YYYY-MM-DD") && text.contains("Choose one of the listed evidence items"))
            #expect(try await Self.upload(client, token: token, [("title", "x")], file: nil).status == .unprocessableContent)
            // Over the limit (100 bytes here): 413.
            #expect(try await Self.upload(client, token: token, [("title", "x")], file: photo).status == .contentTooLarge)
            // Not multipart, or a boundary that is empty or too long: 400, never a crash.
            for boundary in ["", String(repeating: "b", count: 71)] {
                #expect(try await Self.upload(client, token: token, [("title", "x")], file: photo, boundary: boundary).status == .badRequest, "\(boundary.count)")
            }
            // A field longer than 16 KB.
            #expect(try await Self.upload(client, token: token, [("title", String(repeating: "t", count: 20_000))], file: nil).status == .badRequest)
            let html = String(buffer: try await client.execute(uri: page, method: .get).body)
            #expect(html.contains("No file is attached to this case."))
        }
    }
}
