import Foundation
import HabeasCore

/// The header and first rows of a table, the mapping that would apply, and what those rows
/// would say: the web's column-mapping screen, and `--dry-run`'s first look.
public struct TablePreview: Sendable {
    public var mapping: ColumnMapping
    public var rows: [TableRow]
    public var problems: [RowProblem]

    /// Reads the header and at most `rows` rows. `mappingYAML` over the guess from the header.
    public static func read(_ reader: any TableReader, mappingYAML: String?, state: String?, dateOrder: DateOrder?,
                            today: CaseDate?, rows count: Int = 10) throws -> TablePreview {
        guard let header = try reader.next() else { throw TableError.notATable("the table is empty (no header row)") }
        let mapping = try TableSetup.mapping(header: header, yaml: mappingYAML, state: state, dateOrder: dateOrder)
        let converter = RowConverter(mapping: mapping, today: today)
        var rows: [TableRow] = []
        var problems: [RowProblem] = []
        while rows.count < count, let row = try reader.next() {
            guard !row.isBlank else { continue }
            rows.append(row)
            switch converter.convert(row) {
            case .success(let converted):
                problems += converted.warnings
                if case .failure(let failure) = converter.caseFile(for: converted, over: nil, group: nil) { problems += failure.problems }
            case .failure(let failure): problems += failure.problems
            }
        }
        return TablePreview(mapping: mapping, rows: rows, problems: problems)
    }
}

public enum TableSetup {
    /// The mapping for a header: the guess, with the mapping file over it; refused when no column is the name.
    public static func mapping(header: TableRow, yaml: String?, state: String?, dateOrder: DateOrder?) throws -> ColumnMapping {
        let headers = header.cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let mapping: ColumnMapping
        if let yaml {
            mapping = try ColumnMapping.load(yaml: yaml, headers: headers, state: state, dateOrder: dateOrder)
        } else {
            mapping = ColumnMapping.guess(headers: headers, state: state, dateOrder: dateOrder ?? .dmy)
        }
        guard mapping.column(of: .name) != nil else {
            throw ColumnMapping.MappingError.invalid("no column is the person's name; the header has: "
                + headers.enumerated().map { ColumnName.letters($0.offset) + " \"\($0.element)\"" }.joined(separator: ", ")
                + ". Name it in a mapping file (`columns: {\"HEADER\": name}`)")
        }
        return mapping
    }
}
