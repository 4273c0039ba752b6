import Foundation
import HabeasCore
@testable import HabeasImport
import HabeasTestSupport
import Testing
import ZIPFoundation

@Suite("Table reading")
struct TableReadingTests {
    static func rows(_ reader: any TableReader) throws -> [TableRow] {
        var rows: [TableRow] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    @Test func csvRowsKeepTheirNumbersAndQuotedNewlines() throws {
        let url = try TestTables.file("name;notes\n\"Ivanov Ivan\";\"two\nlines\"\nPetrov;x\n", extension: "csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let rows = try Self.rows(TableReaders.open(url))
        #expect(rows.map(\.number) == [1, 2, 3])
        #expect(rows[1].cells == ["Ivanov Ivan", "two\nlines"])
    }

    @Test func aRowLongerThanTheBoundIsRefused() throws {
        // An unclosed quote would read the rest of the file into one cell.
        let url = try TestTables.file("name,notes\na,\"" + String(repeating: "x", count: 300_000) + "\n", extension: "csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var limits = TableLimits()
        limits.maxRowBytes = 100_000
        let reader = try TableReaders.open(url, limits: limits)
        _ = try reader.next()
        #expect(throws: TableError.self) { _ = try reader.next() }
    }

    @Test func cellsAndColumnsAreBounded() throws {
        let url = try TestTables.file("a,b,c\n1,2,3\n", extension: "csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var limits = TableLimits()
        limits.maxColumns = 2
        #expect(throws: TableError.tooLarge("row 1 has 3 columns; at most 2")) { _ = try TableReaders.open(url, limits: limits).next() }
    }

    @Test func datesAsPeopleTypeThem() throws {
        let expected = "2022-01-05"
        for text in ["2022-01-05", "05.01.2022", "5.1.2022", "5 Jan 2022", "January 5, 2022", "5 января 2022 г.", "5/1/2022", "2022-01-05 00:00:00", "44566"] {
            #expect(try TableDates.parse(text, order: .dmy).description == expected, "\(text)")
        }
        #expect(try TableDates.parse("1/5/2022", order: .mdy).description == expected)
        #expect(try TableDates.parse("2022/01/05", order: .ymd).description == expected)
        #expect(throws: TableDates.Failure.self) { try TableDates.parse("5/1/22", order: .dmy) }
        #expect(throws: TableDates.Failure.self) { try TableDates.parse("31.02.2022", order: .dmy) }
        do {
            _ = try TableDates.parse("1/25/2022", order: .dmy)
            Issue.record("a month 25 was accepted")
        } catch {
            #expect(error.description.contains("2022-01-25"))
        }
    }

    @Test func russianHeadersAreGuessed() {
        let mapping = ColumnMapping.guess(headers: ["№", "ФИО", "Дата рождения", "Дата задержания", "Статья УК", "Адвокат", "Что-то"],
                                          state: "KZ", dateOrder: .dmy)
        #expect(mapping.column(of: .id) == 0)
        #expect(mapping.column(of: .name) == 1)
        #expect(mapping.column(of: .birthDate) == 2)
        #expect(mapping.column(of: .arrestDate) == 3)
        #expect(mapping.column(of: .charges) == 4)
        #expect(mapping.column(of: .lawyer) == 5)
        #expect(mapping.unmatched == [6])
    }

    @Test func aMappingFileOverridesTheGuessAndSuggestsFields() throws {
        let headers = ["Person", "Born", "Custom"]
        let mapping = try ColumnMapping.load(yaml: "state: KZ\ndateOrder: mdy\ncolumns:\n  Custom: profile\n  Born: birthDate\n",
                                             headers: headers, state: nil, dateOrder: nil)
        #expect(mapping.column(of: .profile) == 2 && mapping.column(of: .birthDate) == 1 && mapping.dateOrder == .mdy && mapping.state == "KZ")
        #expect(throws: ColumnMapping.MappingError.self) {
            _ = try ColumnMapping.load(yaml: "columns:\n  Custom: birthdat\n", headers: headers, state: nil, dateOrder: nil)
        }
        do {
            _ = try ColumnMapping.load(yaml: "columns:\n  Custom: birthdat\n", headers: headers, state: nil, dateOrder: nil)
        } catch {
            #expect(error.description.contains("`birthDate`"))
        }
    }

    @Test func rowsBecomeCasesAndTyposAreRefusedWithSuggestions() throws {
        let mapping = ColumnMapping.guess(headers: ["Name", "Date of birth", "Profile", "Sex", "Arrest date", "Place of detention", "Court"],
                                          state: "KZ", dateOrder: .dmy)
        let converter = RowConverter(mapping: mapping, today: CaseDate(year: 2026, month: 11, day: 30))
        let good = try converter.convert(TableRow(number: 2, cells: ["Иванов Иван", "05.03.1990", "журналист; blogger", "м", "5 Jan 2022", "СИЗО-1", "Almaty court"])).get()
        #expect(good.id == "kz-ivanov-ivan-1990-03-05")
        let file = try converter.caseFile(for: good, over: nil, group: "almaty-2022-01").get()
        #expect(file.person.profile == [.journalist, .blogger])
        #expect(file.person.sex == .male)
        #expect(file.timeline.first?.type == .arrest && file.timeline.first?.date.description == "2022-01-05")
        #expect(file.deprivation.places.first?.name == "СИЗО-1")
        #expect(file.groups == ["almaty-2022-01"])
        #expect(file.extensions?["table"]?["court"] == .string("Almaty court"))

        guard case .failure(let failure) = converter.convert(TableRow(number: 7, cells: ["Petrov", "1990-13-01", "jurnalist", "", "", "", ""])) else {
            Issue.record("a bad row was accepted")
            return
        }
        #expect(failure.problems.count == 2)
        #expect(failure.problems.allSatisfy { $0.row == 7 })
        #expect(failure.problems.contains { $0.column == "B \"Date of birth\"" && $0.message.contains("no month 13") })
        #expect(failure.problems.contains { $0.column == "C \"Profile\"" && $0.message.contains("did you mean `journalist`") })
    }

    /// A date after today is refused (a row records what has happened), and so is a birth after
    /// the arrest; both name the row and the column.
    @Test func datesAfterTodayOrBirthsAfterTheArrestAreRefused() throws {
        let mapping = ColumnMapping.guess(headers: ["Name", "Date of birth", "Arrest date", "Release date"], state: "KZ", dateOrder: .dmy)
        let converter = RowConverter(mapping: mapping, today: CaseDate(year: 2026, month: 11, day: 30))
        func problems(_ cells: [String]) -> [RowProblem] {
            switch converter.convert(TableRow(number: 3, cells: cells)) {
            case .failure(let failure): failure.problems
            case .success(let converted):
                switch converter.caseFile(for: converted, over: nil, group: nil) {
                case .failure(let failure): failure.problems
                case .success: []
                }
            }
        }
        #expect(problems(["Ana", "01.01.1990", "30.11.2026", ""]).isEmpty, "today itself is a day that has happened")
        #expect(problems(["Ana", "01.01.1990", "01.12.2026", ""]).isEmpty, "east of the server it may be tomorrow already")
        let future = problems(["Ana", "01.01.1990", "05.01.2052", ""])
        #expect(future.count == 1 && future[0].row == 3 && future[0].column == "C \"Arrest date\"")
        #expect(future.first?.message.contains("2052-01-05 is after today (2026-11-30)") == true)
        #expect(problems(["Ana", "01.01.1990", "05.01.2022", "02.12.2026"]).map(\.column) == ["D \"Release date\""])
        let born = problems(["Ana", "01.01.2023", "05.01.2022", ""])
        #expect(born.count == 1 && born[0].column == "B \"Date of birth\"" && born[0].message.contains("after the arrest on 2022-01-05"))
    }

    @Test func anXLSXSheetIsRead() throws {
        let url = try TestTables.xlsx([
            [.shared("Name"), .shared("Date of birth"), .inline("Notes"), .shared("Number")],
            [.shared("Ivanov Ivan"), .date(32937), .inline("a & b"), .number("42")],
            [.inline("Petrov"), .shared("05.01.1985"), .inline(""), .number("3.5")],
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        let rows = try Self.rows(TableReaders.open(url))
        #expect(rows.count == 3)
        #expect(rows[1].cells == ["Ivanov Ivan", "1990-03-05", "a & b", "42"])
        #expect(rows[2].cells == ["Petrov", "05.01.1985", "", "3.5"])
    }

    @Test func aZipBombIsRefused() throws {
        // 8 MB of one byte deflates to a few kilobytes: declared, it is over the ratio.
        let bomb = Data(repeating: 0x20, count: 8 * 1_048_576)
        let url = try TestTables.xlsx([], sheetXML: bomb)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try TableReaders.open(url)
            Issue.record("the bomb was read")
        } catch let error as TableError {
            #expect(error.description.contains("zip bomb"))
        }
        // A part over the size bound is refused whatever its ratio.
        var limits = TableLimits()
        limits.maxXLSXPartBytes = 1_000_000
        #expect(throws: TableError.self) { _ = try TableReaders.open(url, limits: limits) }
    }

    @Test func aDTDInAPartIsRefused() throws {
        let xml = Data(#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><worksheet><sheetData/></worksheet>"#.utf8)
        let url = try TestTables.xlsx([], sheetXML: xml)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: TableError.self) { _ = try TableReaders.open(url) }
    }

    @Test func notAWorkbookIsNamed() throws {
        let url = try TestTables.file("not a zip", extension: "xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: TableError.self) { _ = try TableReaders.open(url) }
    }

    /// The key that likely duplicates are found by: word order, case, punctuation and ё against е
    /// (precomposed or decomposed) do not make two people.
    @Test func nameKeysIgnoreOrderCaseAndYo() {
        #expect(NameKey.of("Пётр  Иванов") == NameKey.of("иванов, петр"))
        #expect(NameKey.of("Пе\u{0308}тр Иванов") == NameKey.of("Петр Иванов"))
        #expect(NameKey.of("Askar Kassymov") == "askar kassymov")
        #expect(NameKey.of("Askar Kassymov") != NameKey.of("Askar Kasymov"))
    }
}
