import Foundation
import HabeasCore
import HabeasFiles
@testable import HabeasServer
import HabeasTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Files over the API: streamed in, typed by their bytes, sent out without image metadata,
/// removed as a recorded act; forms and oversized bodies refused with nothing kept.
@Suite struct FilesAPITests {
    /// A JPEG with an EXIF block naming a GPS position and a camera serial number.
    static let photo: [UInt8] = {
        func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] { [0xFF, marker] + be16(body.count + 2) + body }
        var tiff: [UInt8] = Array("MM".utf8) + [0, 0x2A, 0, 0, 0, 8] + be16(1) + [0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x1A, 0, 0, 0, 0]
        tiff += be16(1) + [0, 1, 0, 2, 0, 0, 0, 2, 0x4E, 0, 0, 0, 0, 0, 0, 0] + Array("SERIAL-4471".utf8)
        return [0xFF, 0xD8] + segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0]) + segment(0xE1, Array("Exif\0\0".utf8) + tiff)
            + segment(0xDA, [1, 1, 0, 0, 0x3F, 0]) + Array(repeating: 0x5A, count: 64) + [0xFF, 0xD9]
    }()

    static func body(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    @Test func uploadListDownloadRemove() async throws {
        try await withApp(demo: true) { client in
            let uri = Route.apiFiles("kz-massimov").with([("title", "Photograph of injuries"), ("identifying", "true"), ("name", "IMG_0001.JPG")])
            // Declared as a PDF; the bytes say JPEG, and the record keeps both.
            let created = try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/pdf"], body: Self.body(Self.photo))
            #expect(created.status == .created)
            let file = try json(created)
            #expect(file["type"] == .string("jpeg") && file["declaredType"] == .string("application/pdf"))
            #expect(file["originalName"] == .string("IMG_0001.JPG") && file["identifying"] == .bool(true) && file["addedBy"] == .string("admin"))
            #expect(file["size"] == .int(Self.photo.count))
            guard case .int(let id)? = file["id"] else { Issue.record("no id"); return }
            #expect(created.headers[.location] == Route.apiFile("kz-massimov", file: Int64(id)).path)

            let listed = try json(try await client.execute(uri: Route.apiFiles("kz-massimov").path, method: .get))
            guard case .array(let files)? = listed["files"] else { Issue.record("no list"); return }
            #expect(files.count == 1 && files.first?["sha256"] == file["sha256"])

            let download = try await client.execute(uri: Route.apiFile("kz-massimov", file: Int64(id)).path, method: .get)
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "image/jpeg")
            #expect(download.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"Photograph of injuries.jpg\"") == true)
            let sent = Data(buffer: download.body)
            #expect(sent.range(of: Data("Exif".utf8)) == nil && sent.range(of: Data("SERIAL-4471".utf8)) == nil, "metadata left in the download")
            #expect(sent.suffix(66) == Data(Self.photo.suffix(66)), "the picture itself changed")

            let removed = try await client.execute(uri: Route.apiFile("kz-massimov", file: Int64(id)).with([("reason", "wrong person")]), method: .delete)
            #expect(removed.status == .noContent)
            let after = try json(try await client.execute(uri: Route.apiFiles("kz-massimov").path, method: .get))
            #expect(after["files"] == .array([]))
            let all = try json(try await client.execute(uri: Route.apiFiles("kz-massimov").with([("removed", "true")]), method: .get))
            guard case .array(let withRemoved)? = all["files"] else { Issue.record("no list"); return }
            #expect(withRemoved.first?["removalReason"] == .string("wrong person"))
            #expect(try await client.execute(uri: Route.apiFile("kz-massimov", file: Int64(id)).path, method: .get).status == .notFound)
        }
    }

    @Test func theSubmissionPackageIsOneZIPOverTheAPIAndFromTheFilesPage() async throws {
        try await withApp(demo: true) { client in
            let pdf = SyntheticPDF.withText("Detention order of the Esil district court")
            let created = try await client.execute(uri: Route.apiFiles("kz-massimov").with([("title", "Detention order <b>")]), method: .post,
                                                   headers: [.contentType: "application/pdf"], body: ByteBuffer(bytes: pdf))
            #expect(created.status == .created)

            let zip = try await client.execute(uri: Route.apiPackage("kz-massimov").with([("kind", "petition"), ("asOf", "2022-03-18")]), method: .get)
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            #expect(zip.headers[.contentDisposition] == "attachment; filename=\"kz-massimov - petition package.zip\"")
            let bytes = Data(buffer: zip.body)
            #expect(bytes.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]), "a ZIP")
            // Names are stored as they are in a ZIP's headers: the numbered annex and the papers around it.
            for name in ["Annex 01 - Detention order _b_.pdf", "Annex list.txt", "Covering e-mail.txt", "Checklist.txt", "Communication.docx"] {
                #expect(bytes.range(of: Data(name.utf8)) != nil, "\(name) in the package")
            }

            #expect(try await client.execute(uri: Route.apiPackage("kz-massimov").with([("kind", "opinion")]), method: .get).status == .badRequest)
            #expect(try await client.execute(uri: Route.apiPackage("zz-none").path, method: .get).status == .notFound)

            // The Files page offers it, and its button asks for the same ZIP.
            let page = String(buffer: try await client.execute(uri: Route.caseFiles("kz-massimov").path, method: .get).body)
            #expect(page.contains("<form method=\"get\" action=\"\(Route.casePackage("kz-massimov").path)\">"))
            #expect(page.contains("<option value=\"follow-up\">"))
            let web = try await client.execute(uri: Route.casePackage("kz-massimov").with([("kind", "urgent-action")]), method: .get)
            #expect(web.status == .ok && web.headers[.contentType] == "application/zip")
            #expect(Data(buffer: web.body).range(of: Data("Annex 01 - Detention order _b_.pdf".utf8)) != nil)
            #expect(try await client.execute(uri: Route.casePackage("kz-massimov").with([("kind", "x")]), method: .get).status == .badRequest)
        }
    }

    @Test func refusalsNameTheReasonAndKeepNothing() async throws {
        try await withApp(demo: true, vaultLimit: 100) { client in
            let files = Route.apiFiles("kz-massimov")
            // What a cross-site form can send is refused, whatever it holds.
            for type in ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/plain"] {
                let response = try await client.execute(uri: files.with([("title", "x")]), method: .post, headers: [.contentType: type], body: Self.body(Self.photo))
                #expect(response.status == .unsupportedMediaType, "\(type)")
            }
            #expect(try await client.execute(uri: files.path, method: .post, headers: [.contentType: "image/jpeg"], body: Self.body(Self.photo)).status == .badRequest)
            #expect(try await client.execute(uri: files.with([("title", "x"), ("evidence", "e9")]), method: .post,
                                             headers: [.contentType: "image/jpeg"], body: Self.body(Self.photo)).status == .badRequest)
            #expect(try await client.execute(uri: files.with([("title", "x")]), method: .post, headers: [.contentType: "image/jpeg"],
                                             body: ByteBuffer()).status == .badRequest)
            // Over the vault's limit (100 bytes here): 413, and no record.
            let large = try await client.execute(uri: files.with([("title", "x")]), method: .post, headers: [.contentType: "image/jpeg"],
                                                 body: Self.body(Self.photo + Array(repeating: 0, count: 200)))
            #expect(large.status == .contentTooLarge)
            #expect(try json(try await client.execute(uri: files.path, method: .get))["files"] == .array([]))
            #expect(try await client.execute(uri: Route.apiFiles("zz-none").with([("title", "x")]), method: .post,
                                             headers: [.contentType: "image/jpeg"], body: Self.body(Self.photo)).status == .notFound)
        }
    }

    @Test func aServerWithoutAFileStoreSaysSo() async throws {
        try await withApp(demo: true, withFiles: false) { client in
            let response = try await client.execute(uri: Route.apiFiles("kz-massimov").path, method: .get)
            #expect(response.status == .serviceUnavailable)
        }
    }

    @Test func dispositionNamesAreSafe() {
        let header = FilesAPIController.attachmentDisposition("Décision \"du\" juge\r\nX: y", type: .pdf)
        #expect(!header.contains("\r") && !header.contains("\n"))
        #expect(header.hasPrefix("attachment; filename=\"D_cision _du_ juge__X: y.pdf\"; filename*=UTF-8''D%C3%A9cision%20%22du%22%20juge%0D%0AX%3A%20y.pdf"))
    }
}
