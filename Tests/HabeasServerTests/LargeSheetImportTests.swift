import Foundation
import HabeasCore
import HabeasImport
@testable import HabeasServer
@testable import HabeasStore
import HabeasTestSupport
import Testing

/// Issue 15's must-show: a 5,000-row sheet as many hands fill it — dates typed five ways and
/// stored as date cells in two formats, vocabulary typos, impossible dates, missing names —
/// imports with every bad row reported by number and column, nothing of a bad row written, and
/// a second import of the same file creates nothing and makes no revision.
@Suite("Large sheet import")
struct LargeSheetImportTests {
    static let today = CaseDate(year: 2024, month: 1, day: 1)
    static let headers = ["Name", "Date of birth", "Profile", "Sex", "Arrest date", "Place of detention", "Charges"]

    /// A cell as the XLSX has it and as a CSV export of the same sheet would write it.
    struct Cell {
        var xlsx: TestTables.Cell
        var csv: String
        static func text(_ s: String, inline: Bool = false) -> Cell { Cell(xlsx: inline ? .inline(s) : .shared(s), csv: s) }
    }

    /// What the test expects of a refused row: its column (letter and header) and a word of the reason.
    struct Refusal {
        var column: String
        var reason: String
    }

    struct Sheet {
        var rows: [[Cell]] = []
        /// By sheet row number (the header is row 1).
        var refused: [Int: Refusal] = [:]
        /// The id each good row keys, with its birth and arrest dates.
        var good: [Int: (id: String, born: CaseDate, arrested: CaseDate)] = [:]
    }

    /// Seeded: the same 5,000 rows every run, about one in twenty-five refused for one reason.
    static func sheet(_ count: Int, seed: UInt64 = 2022) -> Sheet {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        /// One date in one of the ways people keep it: a date cell (two formats), or typed.
        func date(_ d: CaseDate) -> Cell {
            let serial = TestTables.serial(year: d.year, month: d.month, day: d.day)
            let iso = d.description
            let dotted = String(format: "%02d.%02d.%04d", d.day, d.month, d.year)
            switch next(6) {
            case 0: return Cell(xlsx: .date(serial), csv: iso)
            case 1: return Cell(xlsx: .customDate(serial), csv: dotted)
            case 2: return .text(dotted)
            case 3: return .text("\(d.day) \(months[d.month - 1]) \(d.year)", inline: true)
            case 4: return .text("\(monthNames[d.month - 1]) \(d.day), \(d.year)")
            default: return .text(iso, inline: true)
            }
        }
        let profiles = ["journalist", "protestor", "lawyer", "журналист", "blogger", "", ""]
        let typos = ["jornalist", "protestr", "lawer", "jurnalist"]
        let sexes = ["m", "f", "male", "Female", "ж", ""]
        let places = ["SIZO No. 1, Almaty", "IVS Almaty", "SIZO Taldykorgan", ""]
        let charges = ["mass riots", "hooliganism; mass riots", "", "participation in mass riots"]

        var sheet = Sheet()
        sheet.rows.append(headers.map { .text($0) })
        for i in 0..<count {
            let number = i + 2
            let name = "Surname\(i) Given\(i)"
            let born = CaseDate(year: 1960 + next(44), month: 1 + next(12), day: 1 + next(28))
            let arrested = CaseDate(year: 2022, month: 1, day: 5 + next(7))
            var row: [Cell] = [.text(name), date(born), .text(profiles[next(profiles.count)]), .text(sexes[next(sexes.count)]),
                               date(arrested), .text(places[next(places.count)]), .text(charges[next(charges.count)])]
            switch next(100) {
            case 0:
                row[0] = .text("")
                sheet.refused[number] = Refusal(column: "A \"Name\"", reason: "no name")
            case 1:
                row[2] = .text(typos[next(typos.count)], inline: true)
                sheet.refused[number] = Refusal(column: "C \"Profile\"", reason: "is not a")
            case 2:
                row[4] = .text(["31.02.2022", "30.02.2022", "29.02.2022"][next(3)])
                sheet.refused[number] = Refusal(column: "E \"Arrest date\"", reason: "February")
            case 3:
                row[1] = .text("29.02.\(1961 + 4 * next(10))")   // never a leap year
                sheet.refused[number] = Refusal(column: "B \"Date of birth\"", reason: "February")
            default:
                sheet.good[number] = (CaseKey.id(name: name, birthDate: born, state: "KZ"), born, arrested)
            }
            sheet.rows.append(row)
        }
        return sheet
    }

    enum Format: String, CaseIterable, CustomStringConvertible {
        case xlsx, csv
        var description: String { rawValue }
    }

    static func write(_ sheet: Sheet, as format: Format) throws -> URL {
        switch format {
        case .xlsx:
            return try TestTables.xlsx(sheet.rows.map { $0.map(\.xlsx) })
        case .csv:
            func quoted(_ s: String) -> String { s.contains(where: { $0 == "," || $0 == "\"" || $0 == ";" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
            return try TestTables.file(sheet.rows.map { $0.map { quoted($0.csv) }.joined(separator: ",") }.joined(separator: "\n") + "\n", extension: "csv")
        }
    }

    static func revisions(_ store: SQLCaseStore) async throws -> Int {
        try await store.pool.withSession { db in
            try await db.raw("SELECT COUNT(*) AS n FROM case_revisions").first(decodingColumn: "n", as: Int.self)
        } ?? -1
    }

    @Test(arguments: Format.allCases)
    func fiveThousandRowsWithTyposAndMixedDates(_ format: Format) async throws {
        let sheet = Self.sheet(5_000)
        #expect(sheet.refused.count > 100 && sheet.good.count > 4_500, "the seed gives both kinds in number")
        let url = try Self.write(sheet, as: format)
        defer { try? FileManager.default.removeItem(at: url) }
        try await withStore(.sqlite) { store in
            func run() async throws -> TableImport.Report {
                try await TableImport(store: store, options: .init(change: Change(author: "importer", note: "sheet")))
                    .run(try TableReaders.open(url), mappingYAML: nil, state: "KZ", dateOrder: .dmy, today: Self.today)
            }
            let report = try await run()
            #expect(report.counts.rows == 5_000)
            #expect(report.counts.created == sheet.good.count)
            #expect(report.counts.rejected == sheet.refused.count)
            #expect(report.counts.duplicates == 0 && !report.truncated)

            // Every refused row by its number, with its column and the reason; no other row refused.
            #expect(Set(report.rejected.map(\.row)) == Set(sheet.refused.keys))
            for (row, refusal) in sheet.refused.sorted(by: { $0.key < $1.key }) {
                let problems = report.rejected.filter { $0.row == row }
                #expect(problems.contains { $0.column == refusal.column && $0.message.contains(refusal.reason) },
                        "row \(row): expected \(refusal.column) (\(refusal.reason)), got \(problems.map(\.description))")
            }
            // Nothing of a refused row is written: the stored cases are exactly the good rows'.
            #expect(Set(report.createdIDs) == Set(sheet.good.values.map(\.id)))
            #expect(try await store.search(CaseQuery(today: Self.today)).total == sheet.good.count)
            #expect(try await Self.revisions(store) == sheet.good.count)
            // Each way of writing a date read as the same day.
            for (row, good) in sheet.good.sorted(by: { $0.key < $1.key }) where row % 37 == 0 {
                let file = try await store.get(good.id).file
                #expect(file.person.birthDate == good.born, "row \(row)")
                #expect(file.timeline.first { $0.type == .arrest }?.date == good.arrested, "row \(row)")
            }

            // The same file again: nothing created, nothing updated, no revision, no duplicate.
            let again = try await run()
            #expect(again.counts.created == 0 && again.counts.updated == 0 && again.counts.duplicates == 0)
            #expect(again.counts.unchanged == sheet.good.count)
            #expect(Set(again.rejected.map(\.row)) == Set(sheet.refused.keys))
            #expect(try await store.search(CaseQuery(today: Self.today)).total == sheet.good.count)
            #expect(try await Self.revisions(store) == sheet.good.count)
        }
    }
}
