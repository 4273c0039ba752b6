import Foundation
import SWXMLHash
import ZIPFoundation

/// The first worksheet of an XLSX workbook: shared strings, inline strings, numbers, booleans and
/// dates (numbers in a date format, as the serial day count from 1899-12-30). The package is a
/// ZIP (ZIPFoundation) whose parts are XML (SWXMLHash). Every part is bounded by its declared
/// and its actual decompressed size and by its compression ratio, so a zip bomb is refused
/// before it is inflated; the sheet is then read row by row from the parsed part.
public final class XLSXTableReader: TableReader {
    private let limits: TableLimits
    private var rows: [XMLIndexer]
    private var position = 0
    private let sharedStrings: [String]
    private let dateStyles: Set<Int>
    private var lastNumber = 0

    public init(url: URL, limits: TableLimits) throws {
        self.limits = limits
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= limits.maxXLSXBytes else {
            throw TableError.tooLarge("the workbook is larger than \(limits.maxXLSXBytes / 1_048_576) MB")
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw TableError.notATable("\(url.lastPathComponent) is not an XLSX workbook (not a ZIP package)")
        }
        let reader = PartReader(archive: archive, limits: limits)
        sharedStrings = try reader.xml("xl/sharedStrings.xml").map(Self.sharedStrings) ?? []
        dateStyles = try reader.xml("xl/styles.xml").map(Self.dateStyles) ?? []
        guard let sheet = try reader.xml(try Self.firstSheetPath(reader)) else {
            throw TableError.notATable("the workbook has no worksheet")
        }
        rows = sheet["worksheet"]["sheetData"]["row"].all
        if rows.count > limits.maxRows + 1 {
            throw TableError.tooLarge("more than \(limits.maxRows) rows")
        }
    }

    public func next() throws -> TableRow? {
        guard position < rows.count else { return nil }
        let row = rows[position]
        position += 1
        // `r` is the row's number in the sheet; rows without one follow the previous.
        let number = row.element?.attribute(by: "r").flatMap { Int($0.text) } ?? lastNumber + 1
        guard number > lastNumber, number <= limits.maxRows + 1 else {
            throw TableError.unreadable("row numbers out of order near row \(number)")
        }
        lastNumber = number
        var cells: [String] = []
        for cell in row["c"].all {
            guard let element = cell.element else { continue }
            let index = element.attribute(by: "r").flatMap { Self.columnIndex($0.text) } ?? cells.count
            guard index < limits.maxColumns else {
                throw TableError.tooLarge("row \(number) has more than \(limits.maxColumns) columns")
            }
            while cells.count < index { cells.append("") }
            let text = value(of: cell, element: element)
            if index < cells.count { cells[index] = text } else { cells.append(text) }
        }
        try TableBounds.check(cells, number: number, limits: limits)
        return TableRow(number: number, cells: cells)
    }

    private func value(of cell: XMLIndexer, element: SWXMLHash.XMLElement) -> String {
        let type = element.attribute(by: "t")?.text ?? "n"
        switch type {
        case "s":
            guard let index = Int(cell["v"].element?.text ?? ""), sharedStrings.indices.contains(index) else { return "" }
            return sharedStrings[index]
        case "inlineStr":
            return Self.richText(cell["is"])
        case "b":
            return cell["v"].element?.text == "1" ? "TRUE" : "FALSE"
        case "str", "e":
            return cell["v"].element?.text ?? ""
        default:
            let raw = cell["v"].element?.text ?? ""
            if let style = element.attribute(by: "s").flatMap({ Int($0.text) }), dateStyles.contains(style),
               let serial = Double(raw), let date = Self.date(serial: serial) {
                return date
            }
            return Self.number(raw)
        }
    }

    /// "44566" → "2022-01-05": days since 1899-12-30 (Excel's 1900 system, its leap-year bug included).
    static func date(serial: Double) -> String? {
        guard serial.isFinite, serial >= 1, serial < 100_000 else { return nil }
        let days = Int(serial.rounded(.down))
        guard let date = Calendar(identifier: .gregorian).date(byAdding: .day, value: days, to: epoch) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let y = parts.year, let m = parts.month, let d = parts.day else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    private static let epoch: Date = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
    }()

    /// Whole numbers without ".0"; others as written.
    static func number(_ raw: String) -> String {
        if let value = Double(raw), value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return raw
    }

    /// "AB12" → 27.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            letters += 1
            guard letters <= 3 else { return nil }
            index = index * 26 + Int(scalar.value - 64)
        }
        return letters == 0 ? nil : index - 1
    }

    /// A string item: `<t>` or rich-text runs `<r><t>`.
    static func richText(_ item: XMLIndexer) -> String {
        if let text = item["t"].element?.text { return text }
        return item["r"].all.map { $0["t"].element?.text ?? "" }.joined()
    }

    static func sharedStrings(_ xml: XMLIndexer) -> [String] {
        xml["sst"]["si"].all.map(richText)
    }

    /// The cell styles (`cellXfs` indices) whose number format is a date: the built-in date
    /// formats 14–22 and 45–47, or a custom format with day, month or year letters.
    static func dateStyles(_ xml: XMLIndexer) -> Set<Int> {
        var custom: [Int: String] = [:]
        for format in xml["styleSheet"]["numFmts"]["numFmt"].all {
            if let id = format.element?.attribute(by: "numFmtId").flatMap({ Int($0.text) }),
               let code = format.element?.attribute(by: "formatCode")?.text {
                custom[id] = code
            }
        }
        func isDate(_ id: Int) -> Bool {
            if (14...22).contains(id) || (45...47).contains(id) { return true }
            guard let code = custom[id]?.lowercased() else { return false }
            // Drop quoted literals and bracketed colours/locales before looking for date letters.
            let stripped = code.replacingOccurrences(of: "\"[^\"]*\"", with: "", options: .regularExpression)
                .replacingOccurrences(of: "\\[[^\\]]*\\]", with: "", options: .regularExpression)
            return stripped.contains("d") || stripped.contains("y") || (stripped.contains("m") && !stripped.contains("h"))
        }
        var styles = Set<Int>()
        for (index, xf) in xml["styleSheet"]["cellXfs"]["xf"].all.enumerated() {
            if let id = xf.element?.attribute(by: "numFmtId").flatMap({ Int($0.text) }), isDate(id) { styles.insert(index) }
        }
        return styles
    }

    /// The first sheet the workbook lists, through its relationships; `xl/worksheets/sheet1.xml` if it lists none.
    static func firstSheetPath(_ reader: PartReader) throws -> String {
        guard let workbook = try reader.xml("xl/workbook.xml"),
              let relation = workbook["workbook"]["sheets"]["sheet"].all.first?.element?.allAttributes
                .first(where: { $0.key == "r:id" || $0.key.hasSuffix(":id") })?.value.text,
              let relations = try reader.xml("xl/_rels/workbook.xml.rels"),
              let target = relations["Relationships"]["Relationship"].all
                .first(where: { $0.element?.attribute(by: "Id")?.text == relation })?.element?.attribute(by: "Target")?.text
        else { return "xl/worksheets/sheet1.xml" }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        // A target outside the package's xl/ folder is not a sheet of this workbook.
        guard !path.contains(".."), path.hasPrefix("xl/") else { throw TableError.notATable("the workbook names a sheet outside it") }
        return path
    }
}

/// Reads parts of a ZIP package with every bound checked before and during inflation.
struct PartReader {
    let archive: Archive
    let limits: TableLimits

    /// The part's bytes, or nil when the package has no such part.
    func data(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        let declared = entry.uncompressedSize
        let compressed = max(entry.compressedSize, 1)
        guard declared <= UInt64(limits.maxXLSXPartBytes) else {
            throw TableError.tooLarge("\(path) would decompress to \(declared / 1_048_576) MB; at most \(limits.maxXLSXPartBytes / 1_048_576) MB")
        }
        if declared > 1_048_576, declared / compressed > UInt64(limits.maxCompressionRatio) {
            throw TableError.tooLarge("\(path) decompresses \(declared / compressed) times its size: a zip bomb")
        }
        // The declared size can lie: the bytes actually inflated are counted too.
        let ceiling = min(UInt64(limits.maxXLSXPartBytes), max(declared, 1_048_576) &* 2)
        var result = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard UInt64(result.count + chunk.count) <= ceiling else { throw PartTooLarge() }
                result.append(chunk)
            }
        } catch is PartTooLarge {
            throw TableError.tooLarge("\(path) decompresses to more than its declared size: a zip bomb")
        } catch {
            throw TableError.unreadable("\(path) is damaged (\(error))")
        }
        return result
    }

    func xml(_ path: String) throws -> XMLIndexer? {
        guard let data = try data(path) else { return nil }
        // A DTD is the way to entity expansion; a spreadsheet part never has one.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw TableError.notATable("\(path) declares a DTD, which no spreadsheet part has")
        }
        let parsed = XMLHash.config { $0.detectParsingErrors = true }.parse(data)
        if case .parsingError = parsed { throw TableError.unreadable("\(path) is not well-formed XML") }
        return parsed
    }

    private struct PartTooLarge: Error {}
}
