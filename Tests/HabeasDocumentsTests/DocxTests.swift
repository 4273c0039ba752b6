import Foundation
import HabeasCore
@testable import HabeasDocuments
import Testing

@Suite struct DocxTests {
    @Test(arguments: DocumentKind.allCases)
    func packageIsWellFormed(kind: DocumentKind) throws {
        let drafter = try drafter()
        let doc = try drafter.document(kind, for: try load(massimovYAML), asOf: march18)
        let parts = try unzip(try drafter.render(doc, as: .docx))

        // Every part parses.
        var parsed: [String: [(name: String, attributes: [String: String])]] = [:]
        for (path, data) in parts {
            let result = XMLCheck.parse(data)
            #expect(result.ok, "\(path): \(result.error ?? "")")
            parsed[path] = result.elements
        }
        // Content types cover every part.
        let types = try #require(parsed["[Content_Types].xml"])
        let defaults = Set(types.filter { $0.name == "Default" }.compactMap { $0.attributes["Extension"] })
        let overrides = Set(types.filter { $0.name == "Override" }.compactMap { $0.attributes["PartName"] })
        for path in parts.keys where path != "[Content_Types].xml" {
            #expect(overrides.contains("/" + path) || (path.hasSuffix(".rels") && defaults.contains("rels")), "\(path) has a content type")
        }
        for override in overrides { #expect(parts[String(override.dropFirst())] != nil, "\(override) exists") }
        // Relationships point at parts that exist, and every part is reachable.
        var reachable: Set<String> = ["[Content_Types].xml"]
        for (path, elements) in parsed where path.hasSuffix(".rels") {
            reachable.insert(path)
            let base = path.replacingOccurrences(of: "_rels/", with: "").replacingOccurrences(of: ".rels", with: "")
            let directory = (base as NSString).deletingLastPathComponent
            for rel in elements where rel.name == "Relationship" {
                let target = try #require(rel.attributes["Target"])
                let full = directory.isEmpty ? target : directory + "/" + target
                #expect(parts[full] != nil, "\(path) → \(full)")
                reachable.insert(full)
            }
        }
        #expect(Set(parts.keys) == reachable)

        // Real styles, numbering and footnotes.
        let styles = Set(try #require(parsed["word/styles.xml"]).filter { $0.name == "w:style" }.compactMap { $0.attributes["w:styleId"] })
        #expect(styles.isSuperset(of: ["Title", "Heading1", "Heading2", "Heading3", "NumberedParagraph", "FootnoteText", "FootnoteReference"]))
        let body = try #require(parsed["word/document.xml"])
        let used = Set(body.filter { $0.name == "w:pStyle" }.compactMap { $0.attributes["w:val"] })
        #expect(used.isSubset(of: styles))
        #expect(used.contains("Heading1") && used.contains("Title"))
        let referenced = body.filter { $0.name == "w:footnoteReference" }.compactMap { $0.attributes["w:id"] }
        let notes = try #require(parsed["word/footnotes.xml"]).filter { $0.name == "w:footnote" }.compactMap { $0.attributes["w:id"] }
        #expect(referenced.map { Int($0)! } == Array(1...max(1, doc.footnotes.count)).prefix(referenced.count).map { $0 })
        #expect(Set(referenced).isSubset(of: Set(notes)))
        #expect(referenced.count == doc.footnotes.count)
        if doc.paragraphCount > 0 {
            #expect(body.contains { $0.name == "w:numId" && $0.attributes["w:val"] == "1" })
        }
    }

    @Test func petitionHasTheChronologyTableAndNumberedParagraphs() throws {
        let drafter = try drafter()
        let doc = try drafter.document(.petition, for: try load(massimovYAML), asOf: march18)
        let parts = try unzip(try drafter.render(doc, as: .docx))
        let xml = String(decoding: try #require(parts["word/document.xml"]), as: UTF8.self)
        #expect(xml.contains("<w:tbl>"))
        #expect(xml.contains("Mr. Massimov"))
        #expect(xml.contains("held incommunicado since 5 January 2022, at least 72 days as of 18 March 2022"))
        let numbered = xml.components(separatedBy: #"<w:pStyle w:val="NumberedParagraph"/>"#).count - 1
        #expect(numbered == doc.paragraphCount)
        let core = String(decoding: try #require(parts["docProps/core.xml"]), as: UTF8.self)
        #expect(core.contains("<dc:creator>Habeas</dc:creator>"))
    }

    /// Relative widths fill the text width exactly; unusable ones fall back to the default.
    @Test func columnWidthsFillTheLine() {
        #expect(DocxWriter.columnWidths([1, 2, 1], columns: 3, textWidth: 9072) == [2268, 4536, 2268])
        #expect(DocxWriter.columnWidths([1, 1, 1], columns: 3, textWidth: 100).reduce(0, +) == 100)
        #expect(DocxWriter.columnWidths([1, 0, 1], columns: 3, textWidth: 9072) == [2000, 3536, 3536])
        #expect(DocxWriter.columnWidths([1, 1], columns: 3, textWidth: 9072) == [2000, 3536, 3536])
    }

    /// A page break before a landscape table ends an upright section; the rest stays upright.
    @Test func aLandscapeTableGetsItsOwnSection() {
        let wide = Table(header: ["A", "B"], rows: (0..<250).map { [[.text("\($0)")], [.text("x")]] }, widths: [1, 3], landscape: true)
        let doc = DraftDocument(kind: .petition, metadata: .init(title: "T", subject: "S", date: march18),
                                blocks: [.paragraph(Paragraph(number: nil, content: [.text("upright")])), .pageBreak, .heading(level: 1, text: "Annex"), .table(wide)],
                                footnotes: [], toComplete: nil)
        let xml = DocxWriter().body(doc)
        let sections = xml.components(separatedBy: "<w:sectPr>").dropFirst()
        #expect(sections.count == 2)
        #expect(sections.first?.contains("w:orient") == false && sections.last?.contains(#"w:orient="landscape""#) == true)
        #expect(xml.range(of: "<w:sectPr>")!.lowerBound < xml.range(of: "Annex")!.lowerBound, "the annex heading opens the landscape section")
        #expect(xml.components(separatedBy: "<w:tbl>").count - 1 == 3, "250 rows as three tables")
        #expect(xml.contains(#"<w:gridCol w:w="3501"/><w:gridCol w:w="10503"/>"#))
    }

    @Test func sameCaseSameBytes() throws {
        let drafter = try drafter()
        let file = try load(massimovYAML)
        #expect(try drafter.draft(.petition, for: file, asOf: march18, format: .docx) == drafter.draft(.petition, for: file, asOf: march18, format: .docx))
    }
}
