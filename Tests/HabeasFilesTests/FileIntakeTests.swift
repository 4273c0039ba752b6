import Foundation
import HabeasCore
import HabeasKeys
@testable import HabeasFiles
import HabeasStore
import HabeasTestSupport
import Testing

/// A file attached through the one intake every entry point shares: recorded, then its text
/// in the case's full-text search when the tools are installed, and attached all the same when not.
@Suite struct FileIntakeTests {
    static func vault() throws -> FileVault {
        try FileVault(root: FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString)"), key: .random())
    }

    static func put(_ data: Data, in vault: FileVault) throws -> StoredFile {
        let writer = try vault.writer()
        try writer.append(data)
        return try writer.finish()
    }

    static func finds(_ word: String, _ store: SQLCaseStore) async throws -> [String] {
        try await store.search(CaseQuery(text: word, today: CaseDate(year: 2024, month: 1, day: 1))).items.map(\.id)
    }

    @Test(arguments: TestBackend.all)
    func aWordOnlyInsideAnAttachedPDFFindsTheCase(_ backend: TestBackend) async throws {
        let vault = try Self.vault()
        defer { try? FileManager.default.removeItem(at: vault.root) }
        try await withStore(backend) { store in
            let file = try Fixtures.massimov()
            _ = try await store.create(file, change: Change(author: "alice"))
            #expect(try await Self.finds("Quixotically", store).isEmpty)

            let pdf = SyntheticPDF.withText("Quixotically worded ruling of the district court")
            #expect(ContentSniffer.detect(head: pdf) == .pdf)
            let stored = try Self.put(pdf, in: vault)
            let (attachment, outcome) = try await FileIntake(store: store, vault: vault).attach(
                NewAttachment(sha256: stored.sha256, size: stored.size, originalName: "ruling.pdf", detectedType: DetectedType.pdf.rawValue,
                              title: "Ruling"),
                to: file.id, change: Change(author: "alice"))
            // Attached whether or not the text could be read.
            #expect(try await store.attachments(of: file.id).map(\.id) == [attachment.id])

            guard ExternalTools.pdftotext != nil else {
                #expect(outcome == .toolMissing(ExternalTools.pdftotextPackage))
                #expect(try await Self.finds("Quixotically", store).isEmpty)
                #expect(FileIntake.textStatus(of: attachment, storedCharacters: nil) == outcome)
                print("◇ pdftotext is not installed: the extraction half of this test is SKIPPED")
                return
            }
            guard case .searchable(let characters) = outcome else {
                Issue.record("pdftotext did not read the PDF: \(outcome)")
                return
            }
            #expect(characters >= "Quixotically worded ruling of the district court".count)
            #expect(try await Self.finds("Quixotically", store) == [file.id])
            let lengths = try await store.extractedTextLengths(of: file.id)
            #expect(FileIntake.textStatus(of: attachment, storedCharacters: lengths[attachment.id]) == outcome)

            try await store.removeAttachment(attachment.id, of: file.id, reason: "wrong file", change: Change(author: "alice"))
            #expect(try await Self.finds("Quixotically", store).isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func imagesHaveNoTextAndAPlainTextFileIsSearchable(_ backend: TestBackend) async throws {
        let vault = try Self.vault()
        defer { try? FileManager.default.removeItem(at: vault.root) }
        try await withStore(backend) { store in
            let file = try Fixtures.massimov()
            _ = try await store.create(file, change: Change(author: "alice"))
            let intake = FileIntake(store: store, vault: vault)
            let photo = try Self.put(SyntheticImages.jpeg(), in: vault)
            let (_, photoText) = try await intake.attach(
                NewAttachment(sha256: photo.sha256, size: photo.size, originalName: "p.jpg", detectedType: "jpeg", title: "Photo"),
                to: file.id, change: Change(author: "alice"))
            #expect(photoText == .notApplicable)

            let note = try Self.put(Data("Statement of the cellmate, Zhanaozen\n".utf8), in: vault)
            let (_, noteText) = try await intake.attach(
                NewAttachment(sha256: note.sha256, size: note.size, originalName: "n.txt", detectedType: "text", title: "Statement"),
                to: file.id, change: Change(author: "alice"))
            #expect(noteText == .searchable(characters: 37), "the line break is kept")
            #expect(try await Self.finds("Zhanaozen", store) == [file.id])
        }
    }
}
