import Foundation
@testable import HabeasCore
@testable import HabeasDocuments
import Testing

@Suite struct PetitionTests {
    @Test func followsTheQuestionnaireAndArguesTheIndicatedCategories() throws {
        let file = try load(massimovYAML)
        let assessment = Assessor.assess(file, asOf: march18)
        let doc = try drafter().document(.petition, for: file, asOf: march18, assessment: assessment)

        let sections = headings(doc, level: 1)
        let expected = ["I. Identity", "II. Arrest", "III. Detention", "IV. Description of the circumstances",
                        "V. Why the source", "VI. Domestic steps", "VII. Source and consent", "VIII. Request"]
        #expect(sections.count == expected.count)
        for (heading, prefix) in zip(sections, expected) { #expect(heading.hasPrefix(prefix)) }

        let text = allText(doc)
        #expect(text.contains("Mr. Massimov"))
        #expect(text.contains("held incommunicado since 5 January 2022, at least 72 days as of 18 March 2022"))
        // Every category the assessment indicates is argued, with each provision of its grounds.
        let subheadings = headings(doc, level: 2)
        #expect(!assessment.indicatedCategories.isEmpty)
        for category in assessment.indicatedCategories {
            #expect(subheadings.contains { $0.contains("Category \(category.rawValue):") }, "category \(category.rawValue)")
            for provision in assessment.finding(for: category).grounds.flatMap(\.provisions) {
                #expect(text.contains(provision), "\(provision) of category \(category.rawValue)")
            }
        }
        for finding in assessment.categories where finding.finding == .notIndicated {
            #expect(!subheadings.contains { $0.contains("Category \(finding.category.rawValue):") })
        }
        // Remedies and referrals are requested.
        for remedy in assessment.remedies { #expect(text.contains(remedy)) }
    }

    @Test func footnotesAreNumberedInOrderOfFirstCitation() throws {
        let doc = try drafter().document(.petition, for: try load(massimovYAML), asOf: march18)
        let cited = citations(doc)
        let firsts = cited.filter(\.first).map(\.number)
        #expect(!firsts.isEmpty)
        #expect(firsts == Array(1...firsts.count))
        #expect(doc.footnotes.map(\.number) == Array(1...doc.footnotes.count))
        #expect(firsts.count == doc.footnotes.count)
        // A later citation never names a note not yet introduced.
        var seen = 0
        for c in cited {
            if c.first { seen = c.number } else { #expect(c.number <= seen) }
        }
        let iccpr = try #require(doc.footnotes.first { $0.key == "inst:ICCPR" })
        #expect(iccpr.text.contains("International Covenant on Civil and Political Rights"))
    }

    @Test func referencesAreFootnotedWhereTheFactsCiteThem() throws {
        let yaml = """
        format: habeas-case/1
        id: ref-order
        state: KZ
        person: {name: Aliya Test, sex: female, nationalities: [KZ]}
        deprivation: {kind: pre-trial, ongoing: true}
        timeline:
          - {date: 2022-01-05, type: arrest, warrantShown: false, sourceRefs: [second]}
        allegations:
          - {type: incommunicado, sourceRefs: [first]}
        references:
          - {id: first, text: Statement of the family, url: "https://example.org/family"}
          - {id: second, text: Report of the arrest}
          - {id: third, text: Press article}
        """
        let doc = try drafter().document(.petition, for: try load(yaml), asOf: march18)
        let refs = doc.footnotes.filter { $0.key.hasPrefix("ref:") }.map(\.key)
        // "second" is cited first (the arrest, section II); "third" is cited by no fact, so with the
        // circumstances (IV); "first" in the analysis (V).
        #expect(refs == ["ref:second", "ref:third", "ref:first"])
        #expect(doc.footnotes.first { $0.key == "ref:first" }?.url == "https://example.org/family")
    }

    @Test func handBuiltAssessmentIsArguedCategoryByCategory() throws {
        let file = try load(massimovYAML)
        let facts = Timeline.derive(file, asOf: march18)
        func ground(_ a: AllegationType, _ provisions: [String], _ strength: Ground.Strength = .sufficient) -> Ground {
            Ground(allegation: a, derived: false, computation: nil, provisions: provisions, facts: [], strength: strength,
                   rule: "test", details: nil, note: nil)
        }
        let assessment = Assessment(
            caseID: file.id, asOf: march18,
            categories: [
                CategoryFinding(category: .I, finding: .indicated, grounds: [ground(.noWarrant, ["ICCPR art. 9(1)", "UDHR art. 9"])]),
                CategoryFinding(category: .II, finding: .possible, grounds: [ground(.exerciseOfRights, ["ICCPR art. 19"], .supporting)]),
                CategoryFinding(category: .III, finding: .notIndicated, grounds: []),
                CategoryFinding(category: .IV, finding: .notIndicated, grounds: []),
                CategoryFinding(category: .V, finding: .indicated, grounds: [ground(.discrimination, ["ICCPR art. 26", "Convention against Torture art. 15"])]),
            ],
            urgentAction: UrgentAction(eligible: false, reasons: []), evidence: [], derived: facts,
            gaps: ["A test gap?"], remedies: ["Release the person immediately."], referrals: [], udhrOnly: false)
        let doc = try drafter().document(.petition, for: file, asOf: march18, assessment: assessment)
        // By default the indicated categories are argued; a merely possible one only when claimed.
        let subheadings = headings(doc, level: 2).filter { $0.contains("Category") }
        #expect(subheadings.count == 2)
        #expect(subheadings[0].hasPrefix("A. Category I:"))
        #expect(subheadings[1].hasPrefix("B. Category V:"))
        let text = allText(doc)
        for p in ["ICCPR art. 9(1)", "UDHR art. 9", "ICCPR art. 26", "Convention against Torture art. 15"] {
            #expect(text.contains(p))
        }
        #expect(!text.contains("ICCPR art. 19"))
        var claimed = file
        claimed.categoriesClaimed = [.I, .II, .V]
        let argued = try drafter().document(.petition, for: claimed, asOf: march18, assessment: assessment)
        let claimedHeadings = headings(argued, level: 2).filter { $0.contains("Category") }
        #expect(claimedHeadings.map { String($0.prefix(15)) } == ["A. Category I: ", "B. Category II:", "C. Category V: "])
        #expect(allText(argued).contains("ICCPR art. 19"))
        #expect(doc.footnotes.contains { $0.text.hasPrefix("Convention against Torture and Other Cruel") })
        #expect(doc.toComplete?.items.contains("A test gap?") == true)
    }

    @Test func missingRequiredInformationIsListedNotLeftBlank() throws {
        let yaml = """
        format: habeas-case/1
        id: sparse
        state: EG
        person: {name: Mona}
        deprivation: {ongoing: true}
        timeline: []
        """
        let doc = try drafter().document(.petition, for: try load(yaml), asOf: march18)
        let todo = try #require(doc.toComplete)
        #expect(todo.heading == "To complete before filing")
        let items = todo.items.joined(separator: "\n")
        for what in ["First name(s)", "Nationality", "Date (and time) of arrest", "Place of arrest", "Whether a warrant was shown",
                     "Every place of detention", "A chronological account", "The name of the source", "The source's postal address",
                     "The consent", "The signature"] {
            #expect(items.localizedCaseInsensitiveContains(what), "\(what)")
        }
        // The same items are highlighted where they belong.
        let placeholders = doc.blocks.flatMap { block -> [Inline] in
            switch block {
            case .paragraph(let p): p.content
            case .table(let t): t.rows.flatMap { $0.flatMap { $0 } }
            default: []
            }
        }.filter { if case .placeholder = $0 { true } else { false } }
        #expect(placeholders.count >= 8)
    }
}
