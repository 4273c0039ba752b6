import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import HabeasTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `/cases/{id}/files`: the chain of custody of a case's files, escaped, removals included.
@Suite struct CaseFilesPageTests {
    static let hostileTitle = "<script>alert(1)</script> decision"

    @Test func thePageShowsEachFileWithItsCustodyAndTheRemovals() async throws {
        try await withApp(demo: true, prepare: { store in
            let decision = try await store.attach(
                NewAttachment(sha256: String(repeating: "a", count: 64), size: 2_400_000, originalName: "décision <1>.pdf",
                              declaredType: "application/pdf", detectedType: "pdf", title: Self.hostileTitle,
                              date: CaseDate(year: 2022, month: 1, day: 8)),
                to: "kz-massimov", change: Change(author: "bob"))
            _ = try await store.attach(
                NewAttachment(sha256: String(repeating: "b", count: 64), size: 812, originalName: "photo.jpg", detectedType: "jpeg",
                              title: "Photograph", identifying: true),
                to: "kz-massimov", change: Change(author: "carol"))
            try await store.removeAttachment(decision.id, of: "kz-massimov", reason: "wrong case", change: Change(author: "dave"))
        }) { client in
            let show = String(buffer: try await client.execute(uri: Route.caseShow("kz-massimov").path, method: .get).body)
            #expect(show.contains("href=\"\(Route.caseFiles("kz-massimov").path)\""))

            let response = try await client.execute(uri: Route.caseFiles("kz-massimov").path, method: .get)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("<h1>Files of Karim Massimov (Kazakhstan)</h1>"))
            // The live file, with its custody.
            #expect(page.contains("Photograph") && page.contains(String(repeating: "b", count: 64)))
            #expect(page.contains("jpeg, 812 bytes") && page.contains("by carol") && page.contains("identifying: never in a redacted output"))
            // Neither file names an evidence item: nothing of the page's own model leaks into a row.
            #expect(!page.contains("<small>evidence") && !page.contains("Option("))
            // The removed one, with who and why; its title escaped.
            #expect(page.contains("removed") && page.contains("by dave: wrong case"))
            #expect(!page.contains("<script>alert(1)</script>") && page.contains("&lt;script&gt;alert(1)&lt;/script&gt; decision"))

            #expect(try await client.execute(uri: Route.caseFiles("zz-none").path, method: .get).status == .notFound)
        }
    }

    @Test func sizesReadAsPeopleWriteThem() {
        #expect(CaseFiles.byteCount(812) == "812 bytes")
        #expect(CaseFiles.byteCount(2_400_000) == "2.3 MB")
        #expect(CaseFiles.byteCount(3 << 30) == "3.0 GB")
    }
}
