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

    // MARK: Text of the files in full-text search

    static func finds(_ word: String, _ store: SQLCaseStore) async throws -> [String] {
        try await store.search(CaseQuery(text: word, today: testToday)).items.map(\.id)
    }

    @Test(arguments: TestBackend.all)
    func aWordOnlyInAFileFindsTheCaseUntilTheFileIsRemoved(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(Self.caseWithEvidence(), change: alice)
            _ = try await store.create(sampleCase(id: "zz-other"), change: alice)
            let added = try await store.attach(Self.pdf, to: "zz-sample", change: alice)
            #expect(try await Self.finds("Karaganda", store).isEmpty)
            #expect(try await store.extractedTextLengths(of: "zz-sample").isEmpty)

            try await store.setExtractedText("Ruling of the Karaganda court\u{0C}page two\0", of: added.id, in: "zz-sample")
            #expect(try await Self.finds("Karaganda", store) == ["zz-sample"])
            #expect(try await Self.finds("\"Karaganda court\"", store) == ["zz-sample"], "a phrase inside the file")
            #expect(try await store.extractedTextLengths(of: "zz-sample") == [added.id: 38])
            // The case's own words are still found beside them.
            #expect(try await Self.finds("conference", store).sorted() == ["zz-other", "zz-sample"])

            // A new revision of the case rewrites its own words and keeps its files' words.
            let current = try await store.get("zz-sample")
            var edited = current.file
            edited.title = "Renamed case"
            _ = try await store.update(edited, basedOn: current.currentRevision, change: alice)
            #expect(try await Self.finds("Karaganda", store) == ["zz-sample"])

            try await store.removeAttachment(added.id, of: "zz-sample", reason: "wrong file", change: alice)
            #expect(try await Self.finds("Karaganda", store).isEmpty)
            // Text cannot be set on a removed file.
            await #expect(throws: StoreError.self) { try await store.setExtractedText("Karaganda", of: added.id, in: "zz-sample") }
            #expect(try await Self.finds("Karaganda", store).isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func theIndexHoldsABoundedShareOfTheFilesText(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(Self.caseWithEvidence(), change: alice)
            var second = Self.pdf
            second.sha256 = String(repeating: "2", count: 64)
            let first = try await store.attach(Self.pdf, to: "zz-sample", change: alice)
            let later = try await store.attach(second, to: "zz-sample", change: alice)
            // Distinct words, the worst case for PostgreSQL's tsvector: the write must not fail.
            let words = (0..<60_000).map { "w\(String($0, radix: 36))x" }.joined(separator: " ")
            try await store.setExtractedText(words + " Zhezkazgan", of: first.id, in: "zz-sample")
            try await store.setExtractedText("Balkhash", of: later.id, in: "zz-sample")
            #expect(try await Self.finds("w0x", store) == ["zz-sample"])
            // Beyond the index's bound (the first file's words fill it), a word is stored but not indexed.
            #expect(try await Self.finds("Balkhash", store).isEmpty)
            #expect(try await Self.finds("Zhezkazgan", store).isEmpty)
            #expect(try await store.extractedTextLengths(of: "zz-sample")[later.id] == 8)
        }
    }

    @Test func cleaningDropsControlCharactersAndCutsBetweenCharacters() {
        #expect(AttachmentText.clean("a\0b\u{0C}c\u{7}d\té", limit: 100) == "ab\ncd\té")
        #expect(AttachmentText.clean("ééé", limit: 5) == "éé", "é is two bytes: the third does not fit")
        #expect(AttachmentText.clean("abc", limit: 0) == "")
    }

    @Test(arguments: TestBackend.all)
    func purgingACaseRemovesItsFilesText(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(Self.caseWithEvidence(), change: alice)
            let added = try await store.attach(Self.pdf, to: "zz-sample", change: alice)
            try await store.setExtractedText("Karaganda", of: added.id, in: "zz-sample")
            try await store.delete("zz-sample", change: alice)
            try await store.purge("zz-sample", change: alice)
            #expect(try await store.extractedTextLengths(of: "zz-sample").isEmpty)
        }
    }
}
