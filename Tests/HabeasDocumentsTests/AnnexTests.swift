import Foundation
import HabeasCore
@testable import HabeasDocuments
import HabeasTestSupport
import Testing

/// The files sent with a draft are numbered in the order the text first cites them, and the
/// numbers in the text are the numbers of the annex list.
@Suite struct AnnexTests {
    static let letter = AnnexFile(sha256: String(repeating: "a", count: 64), title: "Letter from the family", date: CaseDate(year: 2022, month: 2, day: 1),
                                  evidenceID: "e-letter")
    static let photo = AnnexFile(sha256: String(repeating: "b", count: 64), title: "Photograph of the detainee", evidenceID: nil, identifying: true)
    static let decision = AnnexFile(sha256: String(repeating: "c", count: 64), title: "Detention decision", date: CaseDate(year: 2022, month: 1, day: 8),
                                    evidenceID: "e-decision")

    /// Massimov with two evidence items: the detention decision (cited by the secret-proceedings
    /// allegation, argued under category III) and the family's letter (cited by incommunicado,
    /// argued under category I, so first).
    static func massimovWithEvidence() throws -> CaseFile {
        var file = try Fixtures.massimov()
        file.evidence = [EvidenceItem(id: "e-decision", title: "Detention decision"), EvidenceItem(id: "e-letter", title: "Letter from the family")]
        for index in file.allegations.indices {
            switch file.allegations[index].type {
            case .incommunicado: file.allegations[index].evidenceRefs = ["e-letter"]
            case .secretProceedings: file.allegations[index].evidenceRefs = ["e-decision"]
            default: break
            }
        }
        return file
    }

    @Test func numbersFollowTheFirstCitationAndTheListMatchesTheText() throws {
        let file = try Self.massimovWithEvidence()
        let doc = try drafter().document(.petition, for: file, asOf: march18, annexes: [Self.photo, Self.decision, Self.letter])
        #expect(doc.annexes.map(\.file.title) == ["Letter from the family", "Detention decision", "Photograph of the detainee"])
        #expect(doc.annexes.map(\.number) == [1, 2, 3])
        #expect(doc.annexes.map(\.reliedOnByGround) == [true, true, false])

        let text = allText(doc)
        let incommunicado = try #require(text.components(separatedBy: "\n").first { $0.contains("held incommunicado since") && $0.contains("Annex") })
        #expect(incommunicado.contains("(see Annex 1)"))
        let secret = try #require(text.components(separatedBy: "\n").first { $0.contains("conducted in secret") })
        #expect(secret.contains("(see Annex 2)"))
        #expect(!text.contains("Annex 4"))
        // Every annex is named with the facts, in number order, before any ground relies on one.
        #expect(text.contains("The source encloses Letter from the family of 1 February 2022 (Annex 1), Detention decision of 8 January 2022 (Annex 2) and Photograph of the detainee (Annex 3)."))
        let firstMention = try #require(text.range(of: "(Annex 1)")), firstGround = try #require(text.range(of: "(see Annex 1)"))
        #expect(firstMention.lowerBound < firstGround.lowerBound)

        // The annex list: every file with its number, date and hash, in number order.
        guard case .table(let table)? = doc.blocks.last(where: { if case .table(let t) = $0 { t.header.first == "Annex" } else { false } }) else {
            Issue.record("no annex table"); return
        }
        let rows = table.rows.map { $0.map { $0.map(\.plainText).joined() } }
        #expect(rows == [
            ["1", "Letter from the family", "1 February 2022", Self.letter.sha256],
            ["2", "Detention decision", "8 January 2022", Self.decision.sha256],
            ["3", "Photograph of the detainee", "undated", Self.photo.sha256],
        ])
    }

    @Test func identifyingFilesAreLeftOutOfRedactedDrafts() throws {
        let file = try Self.massimovWithEvidence()
        let doc = try drafter().document(.petition, for: file, asOf: march18, redact: true, annexes: [Self.photo, Self.letter])
        #expect(doc.annexes.map(\.file.sha256) == [Self.letter.sha256])
        #expect(!allText(doc).contains(Self.photo.sha256))
    }

    @Test func noFilesNoAnnexSection() throws {
        let doc = try drafter().document(.petition, for: try Self.massimovWithEvidence(), asOf: march18)
        #expect(doc.annexes.isEmpty)
        #expect(!headings(doc).contains { $0.contains("Annexes") })
        #expect(!allText(doc).contains("(see Annex"))
    }

    @Test(arguments: [DocumentKind.followUp, .urgentAction])
    func otherSubmissionsListTheirAnnexes(_ kind: DocumentKind) throws {
        let doc = try drafter().document(kind, for: try Self.massimovWithEvidence(), asOf: march18, annexes: [Self.letter])
        #expect(headings(doc).contains { $0.hasSuffix("Annexes") })
        #expect(allText(doc).contains(Self.letter.sha256))
    }
}
