import ArgumentParser
import Foundation
import HabeasCore
import HabeasImport
import HabeasServer
import HabeasStore

/// `habeas import-table FILE.csv|.tsv|.xlsx`: one row a detainee, into cases.
struct ImportTableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-table",
        abstract: "Import a spreadsheet (CSV, TSV or XLSX), one row a person, as cases.",
        discussion: """
            Columns are matched to case fields by their header (English and Russian words), or by \
            a mapping file (YAML: `columns: {"HEADER": field}`, `state: KZ`, `dateOrder: dmy`, \
            `id: "HEADER"`). Every refused row is reported with its number, column and reason; \
            the good rows are imported, new cases a batch at a time in one transaction. Importing the same sheet \
            again updates the same cases (keyed by the id column, else by State, name and birth \
            date), with a revision only where something changed; a row that looks like another \
            case (same name, different or missing birth date) is reported, not created. \
            Fields: \(TableField.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @OptionGroup var database: DatabaseOption

    @Argument(help: "The table: .csv, .tsv or .xlsx (the first sheet).")
    var file: String

    @Option(help: "A YAML file mapping columns to fields.")
    var mapping: String?

    @Option(help: "Add every imported case to this group (created if new).")
    var group: String?

    @Option(help: "The name of the group when it is created.")
    var groupName: String?

    @Option(help: "The detaining State (ISO code) of rows without a State column.")
    var state: String?

    @Option(help: "How all-numeric dates are read: dmy (05.01.2022 = 5 January), mdy or ymd. Default dmy, or the mapping's.")
    var dateOrder: String?

    @Flag(help: "Read, check and report; write nothing.")
    var dryRun = false

    @Option(help: "Rows read per batch; a batch's new cases are written in one transaction.")
    var batchSize = TableImport.Options.defaultBatchSize

    func run() async throws {
        var order: DateOrder?
        if let dateOrder {
            guard let parsed = DateOrder(rawValue: dateOrder) else {
                Console.error("--date-order is one of dmy, mdy, ymd")
                throw ExitCode(2)
            }
            order = parsed
        }
        guard (1...5_000).contains(batchSize) else {
            Console.error("--batch-size is a number from 1 to 5000")
            throw ExitCode(2)
        }
        var mappingText: String?
        if let mapping {
            guard let data = FileManager.default.contents(atPath: mapping), data.count <= 256 * 1024,
                  let text = String(data: data, encoding: .utf8) else {
                Console.error("\(mapping): cannot be read as a UTF-8 text file of at most 256 KB")
                throw ExitCode(1)
            }
            mappingText = text
        }
        let reader: any TableReader
        do {
            reader = try TableReaders.open(URL(fileURLWithPath: file))
        } catch {
            Console.error("\(file): \(error)")
            throw ExitCode(1)
        }
        let store = try await database.open()
        var options = TableImport.Options(change: Change(author: DatabaseOption.operatorName, note: "imported from \((file as NSString).lastPathComponent)"))
        options.group = group
        options.groupName = groupName
        options.dryRun = dryRun
        options.batchSize = batchSize
        let terminal = isatty(STDERR_FILENO) == 1
        let report: TableImport.Report
        do {
            report = try await TableImport(store: store, options: options).run(
                reader, mappingYAML: mappingText, state: state, dateOrder: order, today: CaseDate.today()) { progress in
                    guard terminal else { return }
                    FileHandle.standardError.write(Data("\r\(progress.rows) rows: \(progress.created) new, \(progress.updated) updated, \(progress.rejected) rejected".utf8))
                }
        } catch {
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            try? await store.close()
            // Rows before the failure that were written are whole cases; running again resumes.
            Console.error("\(file): \(error)")
            throw ExitCode(1)
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        try await store.close()
        let lines = report.lines
        for line in lines.dropLast() { Console.error(line) }
        if let last = lines.last { Console.out(last) }
        if report.counts.rejected > 0 || report.counts.duplicates > 0 { throw ExitCode(1) }
    }
}
