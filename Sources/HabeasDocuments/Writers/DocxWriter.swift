import Foundation
import HabeasCore
import ZIPFoundation

/// Writes a `DraftDocument` as WordprocessingML in a ZIP package (ZIPFoundation): real Title and
/// Heading styles, numbered paragraphs from `numbering.xml`, real footnotes, a page-numbered footer
/// and document properties that hold only the (redacted, if so) title.
public struct DocxWriter: Sendable {
    public init() {}

    static let wNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let rNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let numberedList = 1
    static let bulletList = 2

    /// The parts of the package, in the order they are written.
    public func parts(_ document: DraftDocument) -> [(path: String, xml: String)] {
        [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(document.metadata)),
            ("docProps/app.xml", appProperties),
            ("word/document.xml", body(document)),
            ("word/_rels/document.xml.rels", documentRelationships),
            // The text's language for spelling and hyphenation: the draft's own.
            ("word/styles.xml", Self.styles.replacingOccurrences(of: "<w:lang w:val=\"en-GB\"/>", with: "<w:lang w:val=\"\(XML.escape(document.metadata.language))\"/>")),
            ("word/numbering.xml", Self.numbering),
            ("word/footnotes.xml", footnotes(document.footnotes)),
            ("word/settings.xml", Self.settings(language: document.metadata.language)),
            ("word/footer1.xml", Self.footer(document.language)),
        ]
    }

    public func write(_ document: DraftDocument) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        // The as-of date as every entry's date: the same case drafts to the same bytes.
        let date = Self.date(document.metadata.date)
        for part in parts(document) {
            let data = Data(part.xml.utf8)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static func date(_ day: CaseDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(max(day.dayNumber, 3653) * 86_400 + 12 * 3600))
    }

    static func timestamp(_ day: CaseDate) -> String {
        String(format: "%04d-%02d-%02dT00:00:00Z", day.year, day.month, day.day)
    }

    // MARK: Package

    var contentTypes: String {
        let main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="\(main).document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="\(main).styles+xml"/>\
        <Override PartName="/word/numbering.xml" ContentType="\(main).numbering+xml"/>\
        <Override PartName="/word/footnotes.xml" ContentType="\(main).footnotes+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="\(main).settings+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="\(main).footer+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """
    }

    var packageRelationships: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """
    }

    var documentRelationships: String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(base)/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="\(base)/numbering" Target="numbering.xml"/>\
        <Relationship Id="rId3" Type="\(base)/footnotes" Target="footnotes.xml"/>\
        <Relationship Id="rId4" Type="\(base)/settings" Target="settings.xml"/>\
        <Relationship Id="rId5" Type="\(base)/footer" Target="footer1.xml"/>\
        </Relationships>
        """
    }

    /// Only the title, the subject and the program: no author, no editing history.
    func coreProperties(_ m: DraftDocument.Metadata) -> String {
        let stamp = Self.timestamp(m.date)
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
        <dc:title>\(XML.escape(m.title))</dc:title><dc:subject>\(XML.escape(m.subject))</dc:subject>\
        <dc:creator>Habeas</dc:creator><cp:lastModifiedBy>Habeas</cp:lastModifiedBy>\
        <dc:language>\(XML.escape(m.language))</dc:language>\
        <dcterms:created xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:created>\
        <dcterms:modified xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:modified>\
        </cp:coreProperties>
        """
    }

    var appProperties: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
        xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
        <Application>Habeas</Application></Properties>
        """
    }

    // MARK: Body

    func body(_ document: DraftDocument) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="\(Self.wNamespace)" xmlns:r="\(Self.rNamespace)"><w:body>
        """
        if let todo = document.toComplete {
            xml += paragraph(style: "Heading1", runs: run(todo.heading))
            if !todo.intro.isEmpty { xml += paragraph(style: "Note", runs: run(todo.intro)) }
            for item in todo.items {
                xml += paragraph(style: "ListBullet", numbering: Self.bulletList, runs: run(item, highlight: true))
            }
            xml += pageBreak
        }
        // Each page break that leads to a landscape table (or back from one) ends the section
        // instead: the annex of a group gets a landscape page without the rest of the draft.
        var landscape = false
        for (index, block) in document.blocks.enumerated() {
            switch block {
            case .title(let text): xml += paragraph(style: "Title", runs: run(text))
            case .subtitle(let text): xml += paragraph(style: "Subtitle", runs: run(text))
            case .heading(let level, let text): xml += paragraph(style: "Heading\(min(max(level, 1), 3))", runs: run(text))
            case .paragraph(let p):
                let style = p.number != nil ? "NumberedParagraph" : p.style == .note ? "Note" : p.style == .signature ? "Signature" : "BodyText"
                xml += paragraph(style: style, numbering: p.number != nil ? Self.numberedList : nil, runs: runs(p.content))
            case .bullet(let content):
                xml += paragraph(style: "ListBullet", numbering: Self.bulletList, runs: runs(content))
            case .table(let table): xml += self.table(table, textWidth: landscape ? Self.landscapeTextWidth : Self.portraitTextWidth)
            case .pageBreak:
                let next = Self.landscapeAhead(document.blocks, after: index)
                if next != landscape {
                    xml += "<w:p><w:pPr>" + Self.section(landscape: landscape) + "</w:pPr></w:p>"
                    landscape = next
                } else {
                    xml += pageBreak
                }
            }
        }
        return xml + Self.section(landscape: landscape) + "</w:body></w:document>"
    }

    /// A4 less 2.5 cm margins, in twips, upright and across.
    static let portraitTextWidth = 9072
    static let landscapeTextWidth = 14004

    /// The section properties of an A4 section (a new section starts on a new page).
    static func section(landscape: Bool) -> String {
        let size = landscape ? #"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"# : #"<w:pgSz w:w="11906" w:h="16838"/>"#
        return #"<w:sectPr><w:footerReference w:type="default" r:id="rId5"/>"# + size
            + #"<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>"#
    }

    /// Whether the blocks after a page break, up to the next one, hold a landscape table.
    static func landscapeAhead(_ blocks: [Block], after index: Int) -> Bool {
        for block in blocks[(index + 1)...] {
            switch block {
            case .pageBreak: return false
            case .table(let table) where table.landscape: return true
            default: continue
            }
        }
        return false
    }

    /// Rows per table when a long table is written: LibreOffice lays out one table that runs
    /// over hundreds of pages in time that grows faster than its rows (a 5,000-row annex took
    /// minutes), and a run of tables of this many rows, each with its header, in linear time.
    static let rowsPerTable = 100

    var pageBreak: String { #"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"# }

    func paragraph(style: String, numbering: Int? = nil, keepNext: Bool = false, runs: String) -> String {
        var props = #"<w:pStyle w:val="\#(style)"/>"#
        if let numbering { props += #"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="\#(numbering)"/></w:numPr>"# }
        if keepNext { props += "<w:keepNext/>" }
        return "<w:p><w:pPr>\(props)</w:pPr>\(runs)</w:p>"
    }

    func run(_ text: String, bold: Bool = false, italic: Bool = false, highlight: Bool = false) -> String {
        var props = ""
        if bold { props += "<w:b/>" }
        if italic { props += "<w:i/>" }
        if highlight { props += #"<w:highlight w:val="yellow"/>"# }
        let rPr = props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>"
        return #"<w:r>\#(rPr)<w:t xml:space="preserve">\#(XML.escape(text))</w:t></w:r>"#
    }

    func runs(_ content: [Inline]) -> String {
        content.map { item in
            switch item {
            case .text(let t): run(t)
            case .strong(let t): run(t, bold: true)
            case .emphasis(let t): run(t, italic: true)
            case .placeholder(let t): run("[\(t)]", highlight: true)
            case .footnote(let n, true):
                #"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="\#(n)"/></w:r>"#
            case .footnote(let n, false):
                // A later citation repeats the number of the note, as printed legal texts do.
                #"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>\#(n)</w:t></w:r>"#
            }
        }.joined()
    }

    func table(_ table: Table, textWidth: Int = DocxWriter.portraitTextWidth) -> String {
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return "" }
        let widths = Self.columnWidths(table.widths, columns: columns, textWidth: textWidth)
        var head = #"<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="\#(textWidth)" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
        head += widths.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined() + "</w:tblGrid>"
        func cell(_ content: String, width: Int, header: Bool) -> String {
            let shade = header ? #"<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>"# : ""
            return #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/>\#(shade)</w:tcPr>"# + content + "</w:tc>"
        }
        if !table.header.isEmpty {
            head += "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
            for i in 0..<columns {
                let text = i < table.header.count ? table.header[i] : ""
                head += cell(paragraph(style: "TableText", runs: run(text, bold: true)), width: widths[i], header: true)
            }
            head += "</w:tr>"
        }
        var xml = ""
        var start = 0
        repeat {
            // Tables side by side with no paragraph between them are one table to Word: a
            // hairline paragraph keeps each part of a long table apart. Each part starts a page:
            // LibreOffice 7.4 drops a table's rows when its header (or header and first row)
            // fits at the foot of a page with under half a point to spare (docs/legal/drafts.md).
            if start > 0 { xml += #"<w:p><w:pPr><w:pStyle w:val="TableText"/><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>"# }
            xml += "<w:tbl>" + head
            for row in table.rows[start..<min(start + Self.rowsPerTable, table.rows.count)] {
                xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                for i in 0..<columns {
                    let content = i < row.count ? row[i] : []
                    xml += cell(paragraph(style: "TableText", runs: runs(content)), width: widths[i], header: false)
                }
                xml += "</w:tr>"
            }
            xml += "</w:tbl>"
            start += Self.rowsPerTable
        } while start < table.rows.count
        // Word requires a paragraph between a table and what follows it.
        return xml + #"<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>"#
    }

    /// Column widths in twips that fill `textWidth`: in proportion to `relative` when it has a
    /// positive weight per column, else a narrow first (date) column and the rest shared.
    static func columnWidths(_ relative: [Int]?, columns: Int, textWidth: Int) -> [Int] {
        if let relative, relative.count == columns, relative.allSatisfy({ $0 > 0 && $0 <= 1_000 }) {
            let total = relative.reduce(0, +)
            var widths = relative.map { textWidth * $0 / total }
            widths[columns - 1] += textWidth - widths.reduce(0, +)
            return widths
        }
        let first = columns > 1 ? 2000 : textWidth
        let other = columns > 1 ? (textWidth - first) / (columns - 1) : 0
        return (0..<columns).map { $0 == 0 ? first : other }
    }

    // MARK: Footnotes

    func footnotes(_ notes: [Footnote]) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:footnotes xmlns:w="\(Self.wNamespace)" xmlns:r="\(Self.rNamespace)">\
        <w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>\
        <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
        """
        for note in notes {
            var text = " " + note.text
            if let url = note.url { text += " " + url }
            xml += #"<w:footnote w:id="\#(note.number)"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>"#
            xml += #"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#
            xml += run(text) + "</w:p></w:footnote>"
        }
        return xml + "</w:footnotes>"
    }

    // MARK: Fixed parts

    static func settings(language: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="\(wNamespace)">\
        <w:defaultTabStop w:val="709"/>\
        <w:characterSpacingControl w:val="doNotCompress"/>\
        <w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>\
        <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
        <w:themeFontLang w:val="\(XML.escape(language))"/>\
        </w:settings>
        """
    }

    /// "Page 2 of 9", "Page 2 sur 9", "Página 2 de 9".
    static func footer(_ language: DraftLanguage) -> String {
        let words: (page: String, of: String)
        switch language {
        case .en: words = ("Page ", " of ")
        case .fr: words = ("Page ", " sur ")
        case .es: words = ("Página ", " de ")
        }
        let page = words.page, of = words.of
        return footerTemplate.replacingOccurrences(of: ">Page </w:t>", with: ">\(page)</w:t>").replacingOccurrences(of: "> of </w:t>", with: ">\(of)</w:t>")
    }

    static let footerTemplate = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:ftr xmlns:w="\(wNamespace)" xmlns:r="\(rNamespace)"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>\
    <w:r><w:t xml:space="preserve">Page </w:t></w:r>\
    <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>\
    <w:r><w:t xml:space="preserve"> of </w:t></w:r>\
    <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>\
    </w:p></w:ftr>
    """

    /// One continuous decimal sequence for numbered paragraphs (1., 2., …) and a bullet list.
    static let numbering = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:numbering xmlns:w="\(wNamespace)">\
    <w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>\
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>\
    <w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>\
    <w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>\
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/>\
    <w:pPr><w:ind w:left="567" w:hanging="283"/></w:pPr></w:lvl></w:abstractNum>\
    <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>\
    <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>\
    </w:numbering>
    """

    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="\(wNamespace)">\
    <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>\
    <w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>\
    <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
    <w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Subtitle"/><w:qFormat/>\
    <w:pPr><w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:qFormat/>\
    <w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:sz w:val="24"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/>\
    <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/>\
    <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/>\
    <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:i/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="NumberedParagraph"><w:name w:val="Numbered Paragraph"/><w:basedOn w:val="BodyText"/><w:qFormat/>\
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:jc w:val="both"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="567"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="240"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>\
    <w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>\
    <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>\
    <w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/>\
    <w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/>\
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/>\
    </w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
    </w:styles>
    """
}
