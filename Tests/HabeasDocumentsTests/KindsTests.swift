import Foundation
import HabeasCore
@testable import HabeasDocuments
import Testing

@Suite struct KindsTests {
    @Test(arguments: DocumentKind.allCases)
    func everyKindHasATitleAndRendersInEveryFormat(kind: DocumentKind) throws {
        let drafter = try drafter()
        let doc = try drafter.document(kind, for: try load(massimovYAML), asOf: march18)
        #expect(doc.blocks.contains { if case .title = $0 { true } else { false } })
        #expect(!headings(doc, level: 1).isEmpty)
        for format in DraftFormat.allCases {
            #expect(try !drafter.render(doc, as: format).isEmpty)
        }
        let md = String(decoding: try drafter.render(doc, as: .md), as: UTF8.self)
        let html = String(decoding: try drafter.render(doc, as: .html), as: UTF8.self)
        for heading in headings(doc) {
            #expect(md.contains(heading.replacingOccurrences(of: "(", with: "(")), "\(heading) in Markdown")
            #expect(html.contains(XML.escape(heading)), "\(heading) in HTML")
        }
    }

    @Test func urgentActionGivesTheAssessmentsReasons() throws {
        let file = try load(massimovYAML)
        let assessment = Assessor.assess(file, asOf: march18)
        #expect(assessment.urgentAction.eligible)
        let doc = try drafter().document(.urgentAction, for: file, asOf: march18, assessment: assessment)
        let text = allText(doc)
        for reason in assessment.urgentAction.reasons { #expect(text.contains(Wording.longDates(reason))) }
        #expect(text.contains("the Government of Kazakhstan"))
        #expect(headings(doc, level: 1).contains { $0.contains("Why urgent action is needed") })
    }

    @Test func followUpAsksTheStandardQuestionsAndDatesTheReport() throws {
        let yaml = massimovYAML.replacingOccurrences(of: "source:\n", with: """
          - date: 2022-09-02
            type: opinion-adopted
            number: 53/2022
            session: 94th
            categories: [I, III]
            arbitrary: true
          - date: 2022-10-28
            type: opinion-transmitted
        source:

        """)
        let doc = try drafter().document(.followUp, for: try load(yaml), asOf: CaseDate(year: 2023, month: 1, day: 10))
        let text = allText(doc)
        #expect(text.contains("No. 53/2022"))
        #expect(text.contains("28 April 2023"), "six months from the transmission of the opinion")
        let sub = headings(doc, level: 2)
        for q in ["(a) Release", "(b) Compensation", "(c) Investigation", "(d) Legislation", "(e) Other steps"] {
            #expect(sub.contains { $0.hasPrefix(q) }, "\(q)")
        }
        #expect(text.contains("has not been released"))
        #expect(doc.toComplete?.items.contains { $0.contains("compensation") } == true)
    }

    @Test func followUpWithoutAnOpinionSaysSo() throws {
        let doc = try drafter().document(.followUp, for: try load(massimovYAML), asOf: march18)
        #expect(doc.toComplete?.items.contains { $0.contains("none is recorded") } == true)
    }

    @Test func commentsStateTheReplyOrAskForIt() throws {
        let without = try drafter().document(.comments, for: try load(massimovYAML), asOf: march18)
        #expect(without.toComplete?.items.contains { $0.contains("Government's reply (a government-reply event") && $0.contains("none is recorded") } == true)
        #expect(without.toComplete?.items.contains { $0.contains("source's comments on each point") } == true)

        let yaml = massimovYAML.replacingOccurrences(of: "source:\n", with: """
          - date: 2022-06-06
            type: government-reply
          - date: 2022-06-20
            type: reply-sent-to-source
            commentsDue: 2022-08-20
        source:

        """)
        let doc = try drafter().document(.comments, for: try load(yaml), asOf: CaseDate(year: 2022, month: 7, day: 1))
        let text = allText(doc)
        #expect(text.contains("The reply of the Government of Kazakhstan to the allegations is dated 6 June 2022."))
        #expect(text.contains("on 20 June 2022 for its comments, to be made by 20 August 2022"))
        #expect(doc.toComplete?.items.contains { $0.contains("none is recorded") } != true)
        // A reply dated after the draft's date is not stated.
        let early = try drafter().document(.comments, for: try load(yaml), asOf: CaseDate(year: 2022, month: 6, day: 1))
        #expect(!allText(early).contains("is dated 6 June 2022"))
    }

    @Test func chronologyTabulatesTheEventsAndTheFigures() throws {
        let doc = try drafter().document(.chronology, for: try load(massimovYAML), asOf: march18)
        let tables = doc.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
        let events = try #require(tables.first)
        #expect(events.header == ["Date", "Event", "Details"])
        #expect(events.rows.count == 2)
        #expect(events.rows[0][0].plainText == "5 January 2022 (approximate)")
        #expect(allText(doc).contains("72 days incommunicado"))
        #expect(tables.count == 2, "events and the procedure")
    }

    @Test func summaryNeverNamesTheSource() throws {
        let doc = try drafter().document(.summary, for: try load(massimovYAML), asOf: march18)
        #expect(!allText(doc).contains("Counsel for"))
        // Massimov's source is not confidential: the public version may name him.
        #expect(allText(doc).contains("Massimov"))
    }
}
