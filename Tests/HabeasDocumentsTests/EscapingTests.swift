import Foundation
import HabeasCore
@testable import HabeasDocuments
import Testing

@Suite struct EscapingTests {
    static let hostile = """
    format: habeas-case/1
    id: hostile
    state: KZ
    person: {name: "<script>alert('x')</script> O'Brien & Sons", sex: male, nationalities: [KZ]}
    deprivation: {ongoing: true, details: "**bold** [^inst:ICCPR] | cell\\n# Heading\\n::pagebreak [?fake]"}
    timeline:
      - {date: 2022-01-05, type: arrest, warrantShown: false, details: "| a | b ::row x"}
    summary: "# Not a heading\\n\\n= not a title ¶ not numbered \\\\ backslash"
    """

    @Test func htmlEscapesHostileText() throws {
        let drafter = try drafter()
        let doc = try drafter.document(.petition, for: try load(Self.hostile), asOf: march18)
        let html = String(decoding: try drafter.render(doc, as: .html), as: UTF8.self)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("O&apos;Brien &amp; Sons"))
        let md = String(decoding: try drafter.render(doc, as: .md), as: UTF8.self)
        #expect(!md.replacingOccurrences(of: "\\<", with: "").contains("<"), "every < is escaped in Markdown")
        for (path, data) in try unzip(try drafter.render(doc, as: .docx)) {
            #expect(XMLCheck.parse(data).ok, "\(path)")
        }
    }

    @Test func caseTextCannotBecomeMarkup() throws {
        let doc = try drafter().document(.petition, for: try load(Self.hostile), asOf: march18)
        // No heading, title, footnote or placeholder came from the case text.
        #expect(!headings(doc).contains { $0.contains("Heading") || $0.contains("Not a heading") })
        #expect(doc.blocks.filter { if case .title = $0 { true } else { false } }.count == 1)
        let text = allText(doc)
        #expect(text.contains("**bold** [^inst:ICCPR] | cell # Heading ::pagebreak [?fake]"))
        #expect(text.contains("# Not a heading = not a title ¶ not numbered \\ backslash"))
        #expect(doc.toComplete?.items.contains("Fake") != true)
        #expect(doc.blocks.filter { $0 == .pageBreak }.isEmpty)
    }

    @Test func markupEscapeRoundTrips() {
        var parser = MarkupParser(catalog: [:])
        let text = "a [^b] *c* **d** | \\ [?e] ¶"
        #expect(parser.inline(Markup.escape(text)) == [.text(text)])
    }
}
