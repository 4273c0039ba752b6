import Foundation
import HabeasCore
@testable import HabeasStore
import HabeasTestSupport
import Testing

/// The chain of custody of attached files, on every backend.
@Suite struct AttachmentStoreTests {
    static let pdf = NewAttachment(sha256: String(repeating: "1", count: 64), size: 2048, originalName: "décision.pdf", declaredType: "application/pdf",
                                   detectedType: "pdf", title: "Detention decision", date: CaseDate(year: 2022, month: 1, day: 8), evidenceID: "e1")

    static func caseWithEvidence() -> CaseFile {
        var file = sampleCase()
        file.evidence = [EvidenceItem(id: "e1", title: "Detention decision")]
        return file
    }

    @Test(arguments: TestBackend.all)
    func attachListRemoveAndAudit(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(Self.caseWithEvidence(), change: alice)
            let added = try await store.attach(Self.pdf, to: "zz-sample", change: Change(author: "bob"))
            #expect(added.caseID == "zz-sample" && added.sha256 == Self.pdf.sha256 && added.size == 2048)
            #expect(added.originalName == "décision.pdf" && added.declaredType == "application/pdf" && added.detectedType == "pdf")
            #expect(added.date == CaseDate(year: 2022, month: 1, day: 8) && added.evidenceID == "e1" && !added.identifying)
            #expect(added.addedBy == "bob" && added.removedAt == nil)
            #expect(try await store.attachments(of: "zz-sample") == [added])

            try await store.removeAttachment(added.id, of: "zz-sample", reason: "wrong person", change: Change(author: "carol"))
            #expect(try await store.attachments(of: "zz-sample").isEmpty)
            let removed = try #require(try await store.attachments(of: "zz-sample", includeRemoved: true).first)
            #expect(removed.removedBy == "carol" && removed.removalReason == "wrong person" && removed.removedAt != nil)
            // Removing twice is refused; the first removal stands.
            await #expect(throws: StoreError.self) {
                try await store.removeAttachment(added.id, of: "zz-sample", reason: "again", change: Change(author: "dave"))
            }
            #expect(try await store.allAttachments().map(\.id) == [added.id])

            let audit = try await store.audit("zz-sample")
            #expect(audit.map(\.action) == [.create, .attach, .removeFile])
            #expect(audit.map(\.author) == ["alice", "bob", "carol"])
            #expect(!audit.contains { $0.detail.contains("décision") || $0.detail.contains("Detention") }, "no name or title in the audit log")
        }
    }

    @Test(arguments: TestBackend.all)
    func badInputIsRefusedWithTheFieldNamed(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(Self.caseWithEvidence(), change: alice)
            var unknownEvidence = Self.pdf
            unknownEvidence.evidenceID = "e9"
            await #expect(throws: StoreError.invalidInput(field: "evidence", reason: "`e9` is not an evidence item of zz-sample; its items are e1")) {
                _ = try await store.attach(unknownEvidence, to: "zz-sample", change: alice)
            }
            var notAHash = Self.pdf
            notAHash.sha256 = "../../etc/passwd"
            await #expect(throws: StoreError.self) { _ = try await store.attach(notAHash, to: "zz-sample", change: alice) }
            var nul = Self.pdf
            nul.title = "a\0b"
            await #expect(throws: StoreError.invalidInput(field: "title", reason: "contains a NUL character")) {
                _ = try await store.attach(nul, to: "zz-sample", change: alice)
            }
            await #expect(throws: CaseStoreError.notFound(id: "zz-none")) { _ = try await store.attach(Self.pdf, to: "zz-none", change: alice) }
            #expect(try await store.allAttachments().isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func purgingACaseRemovesItsFileRecords(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(Self.caseWithEvidence(), change: alice)
            _ = try await store.attach(Self.pdf, to: "zz-sample", change: alice)
            try await store.delete("zz-sample", change: alice)
            try await store.purge("zz-sample", change: alice)
            #expect(try await store.allAttachments().isEmpty)
        }
    }
}
