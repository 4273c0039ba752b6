import Foundation
import HabeasCore
import ZIPFoundation

/// Spreadsheets made by the tests themselves: CSV text in a file, and small XLSX workbooks built
/// part by part with ZIPFoundation (shared strings, inline strings, numbers, date serials).
public enum TestTables {
    /// A file in the temporary folder with these bytes; the caller removes it.
    public static func file(_ text: String, extension ext: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-table-\(UUID().uuidString).\(ext)")
        try Data(text.utf8).write(to: url)
        return url
    }

    /// A cell of a test workbook.
    public enum Cell {
        case shared(String)
        case inline(String)
        case number(String)
        /// A number in the built-in date format 14 (m/d/yyyy): the serial day count.
        case date(Int)
        /// A number in a custom date format (`dd.mm.yyyy`, numFmtId 164), as a Russian-locale sheet saves it.
        case customDate(Int)
    }

    /// The serial day count a spreadsheet stores for a date (days since 1899-12-30).
    public static func serial(year: Int, month: Int, day: Int) -> Int {
        CaseDate(year: year, month: month, day: day).dayNumber + 25_569
    }

    /// An XLSX workbook with one sheet of `rows`; `sheetXML` replaces the sheet part when given
    /// (for hostile parts), and `extraParts` are added as they are.
    public static func xlsx(_ rows: [[Cell]], sheetXML: Data? = nil, extraParts: [String: Data] = [:]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-table-\(UUID().uuidString).xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        var strings: [String] = []
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var sheet = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for (r, row) in rows.enumerated() {
            sheet += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                let ref = String(UnicodeScalar(UInt8(65 + c))) + "\(r + 1)"
                switch cell {
                case .shared(let text):
                    strings.append(text)
                    sheet += #"<c r="\#(ref)" t="s"><v>\#(strings.count - 1)</v></c>"#
                case .inline(let text): sheet += #"<c r="\#(ref)" t="inlineStr"><is><t>\#(escape(text))</t></is></c>"#
                case .number(let text): sheet += #"<c r="\#(ref)"><v>\#(text)</v></c>"#
                case .date(let serial): sheet += #"<c r="\#(ref)" s="1"><v>\#(serial)</v></c>"#
                case .customDate(let serial): sheet += #"<c r="\#(ref)" s="2"><v>\#(serial)</v></c>"#
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        let shared = #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(strings.count)">"#
            + strings.map { "<si><t>\(escape($0))</t></si>" }.joined() + "</sst>"
        let styles = #"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#
        let workbook = #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Detainees" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        let rels = #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
        var parts: [String: Data] = [
            "xl/workbook.xml": Data(workbook.utf8), "xl/_rels/workbook.xml.rels": Data(rels.utf8),
            "xl/sharedStrings.xml": Data(shared.utf8), "xl/styles.xml": Data(styles.utf8),
            "xl/worksheets/sheet1.xml": sheetXML ?? Data(sheet.utf8),
        ]
        for (path, data) in extraParts { parts[path] = data }
        for (path, data) in parts.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }
}

