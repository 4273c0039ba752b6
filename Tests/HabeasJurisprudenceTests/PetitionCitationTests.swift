import Foundation
import HabeasCore
import HabeasDocuments
@testable import HabeasJurisprudence
import Testing

@Suite struct PetitionCitationTests {
    @Test func massimovPetitionCitesTheWorkingGroupInCategoriesIAndIII() throws {
        let file = try CaseFile.load(text: massimovYAML)
        // Drafted today (after every opinion of the corpus): a draft dated earlier cites only what existed then.
        let today = CaseDate(year: 2026, month: 11, day: 29)
        let citations = PetitionPrecedents.citations(for: file, asOf: today)
        for category in [Category.I, .III] {
            let supporting = citations.filter { $0.category == category && !$0.contrary }
            #expect(supporting.count >= 2, "category \(category.rawValue): \(supporting.count) supporting opinions")
            #expect(supporting.count <= PetitionPrecedents.maxSupporting)
            #expect(supporting.allSatisfy { $0.sentence.contains("(opinion No. ") })
        }
        let drafter = try Drafter()
        let doc = try drafter.document(.petition, for: file, asOf: today, precedents: citations)
        let md = String(decoding: try drafter.render(doc, as: .md), as: UTF8.self)
        let sectionI = try #require(md.range(of: "Category I:"))
        let sectionIII = try #require(md.range(of: "Category III:"))
        let iText = md[sectionI.lowerBound..<sectionIII.lowerBound]
        #expect(iText.components(separatedBy: "The Working Group has found").count - 1 >= 2)
        #expect(md[sectionIII.lowerBound...].components(separatedBy: "The Working Group has found").count - 1 >= 2)
        // Each cited opinion has its footnote with the symbol.
        #expect(md.contains("A/HRC/WGAD/"))
    }

    @Test func anOpinionThatWentTheOtherWayIsCitedAsSuch() throws {
        let opinions = corpus([
            ("for", opinionYAML(id: "for", allegations: "  - type: exercise-of-rights\n    right: peaceful-assembly\n", number: "1/2019", categories: "II")),
            ("against", opinionYAML(id: "against", allegations: "  - type: exercise-of-rights\n    right: peaceful-assembly\n  - type: no-warrant\n", number: "2/2019", categories: "I, III")),
        ])
        let file = try CaseFile.load(text: opinionYAML(id: "query-case", allegations: "  - type: exercise-of-rights\n    right: peaceful-assembly\n  - type: no-warrant\n", arbitrary: nil)
            .replacingOccurrences(of: "type: opinion-adopted", with: "type: communication-submitted")
            .replacingOccurrences(of: "procedure:", with: "categoriesClaimed: [II]\nprocedure:"))
        let citations = PetitionPrecedents.citations(for: file, asOf: CaseDate(year: 2021, month: 1, day: 1), finder: PrecedentFinder(opinions: opinions))
        let support = try #require(citations.first { !$0.contrary })
        #expect(support.sentence.contains("opinion No. 1/2019"))
        let contrary = try #require(citations.first { $0.contrary })
        #expect(contrary.sentence.contains("opinion No. 2/2019"))
        #expect(contrary.sentence.contains("did not find category II"))
        #expect(!contrary.sentence.contains("has found"))
    }

    @Test func aDraftDatedIn2022CitesNoOpinionOf2023() throws {
        let file = try CaseFile.load(text: massimovYAML)
        let citations = PetitionPrecedents.citations(for: file, asOf: massimovAsOf)
        #expect(!citations.contains { $0.sentence.contains("/2023") || $0.sentence.contains("/2024") })
    }

    @Test func opinionsAdoptedAfterTheDraftDateAreNotCited() throws {
        let opinions = corpus([("later", opinionYAML(id: "later", allegations: "  - type: incommunicado\n", date: "2030-01-01", number: "1/2030", categories: "I"))])
        let file = try CaseFile.load(text: opinionYAML(id: "query-case", allegations: "  - type: incommunicado\n", arbitrary: nil).replacingOccurrences(of: "type: opinion-adopted", with: "type: communication-submitted"))
        #expect(PetitionPrecedents.citations(for: file, asOf: CaseDate(year: 2021, month: 1, day: 1), finder: PrecedentFinder(opinions: opinions)).isEmpty)
    }
}
