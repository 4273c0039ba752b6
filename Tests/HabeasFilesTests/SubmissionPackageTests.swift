import Foundation
import HabeasKeys
import HabeasCore
import HabeasDocuments
@testable import HabeasFiles
import HabeasTestSupport
import Testing
import ZIPFoundation

@Suite struct SubmissionPackageTests {
    struct Setup {
        let vault: FileVault
        let files: [SubmissionPackage.File]
        let output: URL
        func cleanUp() {
            try? FileManager.default.removeItem(at: vault.root)
            try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
        }
    }

    static func setup() throws -> Setup {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("package-\(UUID().uuidString)")
        let vault = try FileVault(root: base.appendingPathComponent("vault"), key: .random())
        func store(_ data: Data) throws -> String {
            let writer = try vault.writer()
            try writer.append(data)
            return try writer.finish().sha256
        }
        let pdf = try store(Data("%PDF-1.4\nthe detention decision\n%%EOF\n".utf8))
        let photo = try store(SyntheticImages.jpeg())
        return Setup(vault: vault, files: [
            .init(sha256: pdf, title: "Detention decision", date: CaseDate(year: 2022, month: 1, day: 8), detectedType: .pdf),
            .init(sha256: photo, title: "Photograph of injuries", identifying: true, detectedType: .jpeg),
        ], output: base.appendingPathComponent("out").appendingPathComponent("package"))
    }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func thePackageCarriesNumberedCleanAnnexesTheDraftCites() throws {
        let setup = try Self.setup()
        defer { setup.cleanUp() }
        let result = try SubmissionPackage.build(try Fixtures.massimov(), kind: .petition, asOf: Fixtures.massimovAsOf, files: setup.files,
                                                 vault: setup.vault, drafter: try Drafter(), into: setup.output, makePDF: false)
        let names = try FileManager.default.contentsOfDirectory(atPath: setup.output.path).sorted()
        #expect(names == ["Annex 01 - Detention decision.pdf", "Annex 02 - Photograph of injuries.jpg", "Annex list.txt", "Checklist.txt",
                          "Communication.docx", "Consent statement.txt", "Covering e-mail.txt"])

        // The photograph leaves without EXIF; the annex list gives the hash of what is sent, and the stored one.
        let photo = try Data(contentsOf: setup.output.appendingPathComponent("Annex 02 - Photograph of injuries.jpg"))
        #expect(photo.range(of: Data("Exif".utf8)) == nil && photo.range(of: Data("SN-4471-KZ".utf8)) == nil)
        let sentPhoto = try FileVault.hash(of: setup.output.appendingPathComponent("Annex 02 - Photograph of injuries.jpg"))
        let list = try Self.read(setup.output.appendingPathComponent("Annex list.txt"))
        #expect(list.contains("Annex 1: Detention decision") && list.contains(setup.files[0].sha256))
        #expect(list.contains("Annex 2: Photograph of injuries") && list.contains(sentPhoto) && list.contains(setup.files[1].sha256))
        #expect(result.entries.map(\.annex.file.sha256) == [setup.files[0].sha256, sentPhoto])

        // The draft in the package names both annexes by the package's numbers, and lists their hashes.
        let archive = try Archive(url: setup.output.appendingPathComponent("Communication.docx"), accessMode: .read)
        var xml = Data()
        _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
        let text = String(decoding: xml, as: UTF8.self)
        #expect(text.contains("Detention decision of 8 January 2022 (Annex 1) and Photograph of injuries (Annex 2)"))
        #expect(text.contains(setup.files[0].sha256) && text.contains(sentPhoto))

        let email = try Self.read(setup.output.appendingPathComponent("Covering e-mail.txt"))
        #expect(email.hasPrefix("To: hrc-wg-ad@un.org\nSubject: New communication (regular procedure) – Karim Massimov (Kazakhstan)"))
        #expect(try Self.read(setup.output.appendingPathComponent("Checklist.txt")).contains("[ ] The signature of the source"))
        for name in names {
            let mode = try FileManager.default.attributesOfItem(atPath: setup.output.appendingPathComponent(name).path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name)")
        }

        let zip = setup.output.deletingLastPathComponent().appendingPathComponent("package.zip")
        try SubmissionPackage.zip(setup.output, to: zip)
        #expect(Set(try Archive(url: zip, accessMode: .read).map(\.path)) == Set(names))
    }

    @Test func anUrgentRequestSaysSoInItsSubject() throws {
        let setup = try Self.setup()
        defer { setup.cleanUp() }
        let result = try SubmissionPackage.build(try Fixtures.massimov(), kind: .urgentAction, asOf: Fixtures.massimovAsOf, files: [],
                                                 vault: setup.vault, drafter: try Drafter(), into: setup.output, makePDF: false)
        #expect(result.subject.hasPrefix("URGENT ACTION REQUEST – "))
        #expect(result.draftFileName == "Urgent action request.docx")
    }

    @Test func commentsOnTheReplyNumberTheirAnnexesAsTheDraftCitesThem() throws {
        let setup = try Self.setup()
        defer { setup.cleanUp() }
        var file = try Fixtures.massimov()
        let asOf = CaseDate(year: 2022, month: 8, day: 1)
        // Without a recorded reply, the checklist asks for it.
        let without = try SubmissionPackage.build(file, kind: .comments, asOf: asOf, files: setup.files, vault: setup.vault,
                                                  drafter: try Drafter(), into: setup.output, makePDF: false)
        #expect(without.checklist.contains { $0.hasPrefix("No reply of the Government is recorded") })
        try FileManager.default.removeItem(at: setup.output)

        file.procedure += [ProcedureEvent(date: CaseDate(year: 2022, month: 6, day: 6), type: .governmentReply),
                           ProcedureEvent(date: CaseDate(year: 2022, month: 6, day: 20), type: .replySentToSource,
                                          attributes: ["commentsDue": .date(CaseDate(year: 2022, month: 8, day: 20))])]
        let result = try SubmissionPackage.build(file, kind: .comments, asOf: asOf, files: setup.files, vault: setup.vault,
                                                 drafter: try Drafter(), into: setup.output, makePDF: false)
        #expect(!result.checklist.contains { $0.hasPrefix("No reply of the Government") })
        #expect(result.draftFileName == "Comments on the Government's reply.docx")
        #expect(result.subject == "Comments of the source on the Government's reply – Karim Massimov (Kazakhstan)")
        let names = try FileManager.default.contentsOfDirectory(atPath: setup.output.path)
        #expect(names.contains("Annex 01 - Detention decision.pdf") && names.contains("Annex 02 - Photograph of injuries.jpg"))
        let archive = try Archive(url: setup.output.appendingPathComponent(result.draftFileName), accessMode: .read)
        var xml = Data()
        _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
        let text = String(decoding: xml, as: UTF8.self)
        #expect(text.contains("Detention decision of 8 January 2022 (Annex 1) and Photograph of injuries (Annex 2)"))
        #expect(text.contains("dated 6 June 2022") && text.contains("on 20 June 2022") && text.contains("by 20 August 2022"))
        #expect(try Self.read(setup.output.appendingPathComponent("Covering e-mail.txt")).contains("the source's comments on the Government's reply"))
    }

    @Test func anAlteredFileIsNeverSentAndNothingIsLeft() throws {
        let setup = try Self.setup()
        defer { setup.cleanUp() }
        let stored = try setup.vault.url(of: setup.files[0].sha256)
        var bytes = try Data(contentsOf: stored)
        bytes[bytes.count - 2] ^= 0x20
        try bytes.write(to: stored)
        #expect(throws: SubmissionPackage.PackageError.fileChanged(title: "Detention decision", sha256: setup.files[0].sha256)) {
            _ = try SubmissionPackage.build(try Fixtures.massimov(), kind: .petition, asOf: Fixtures.massimovAsOf, files: setup.files,
                                            vault: setup.vault, drafter: try Drafter(), into: setup.output, makePDF: false)
        }
        #expect(!FileManager.default.fileExists(atPath: setup.output.path))
    }

    @Test func imagesThatCannotBeCleanedAreLeftOutAndListed() throws {
        let setup = try Self.setup()
        defer { setup.cleanUp() }
        let writer = try setup.vault.writer()
        try writer.append(Data([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]))
        let tiff = SubmissionPackage.File(sha256: try writer.finish().sha256, title: "Scan of the warrant", detectedType: .tiff)
        let result = try SubmissionPackage.build(try Fixtures.massimov(), kind: .petition, asOf: Fixtures.massimovAsOf, files: [tiff],
                                                 vault: setup.vault, drafter: try Drafter(), into: setup.output, makePDF: false)
        #expect(result.entries.isEmpty)
        #expect(result.checklist.contains { $0.contains("“Scan of the warrant” was left out") })
    }
}
