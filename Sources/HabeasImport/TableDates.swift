import Foundation
import HabeasCore

/// The order of day, month and year in an all-numeric date (5/1/2022): stated by whoever runs the
/// import, never guessed, and printed in the report.
public enum DateOrder: String, Sendable, CaseIterable {
    case dmy, mdy, ymd

    public var explanation: String {
        switch self {
        case .dmy: "day, month, year (05.01.2022 and 5/1/2022 are 5 January 2022)"
        case .mdy: "month, day, year (01/05/2022 is 5 January 2022)"
        case .ymd: "year, month, day (2022/01/05 is 5 January 2022)"
        }
    }
}

/// Dates as people type them in a sheet: ISO (2022-01-05), numeric with `.`, `/` or `-` in the
/// stated order, and with a month name in English or Russian (5 Jan 2022, January 5, 2022,
/// 5 января 2022 г.). Two-digit years are refused (the century is a guess).
public enum TableDates {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notADate(String)
        case impossible(String)

        public var description: String {
            switch self {
            case .notADate(let why), .impossible(let why): why
            }
        }
    }

    /// `^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T].*)?$`
    static func isISODayPrefix(_ text: String) -> Bool {
        let day = text.prefix { $0 != " " && $0 != "T" }
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && TextScanning.isDigits(parts[0], count: 4...4)
            && TextScanning.isDigits(parts[1], count: 1...2) && TextScanning.isDigits(parts[2], count: 1...2)
    }

    /// `^[0-9]{5}(\.0+)?$`: a spreadsheet's day number.
    static func isSerial(_ text: String) -> Bool {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return TextScanning.isDigits(parts[0], count: 5...5)
            && (parts.count == 1 || (!parts[1].isEmpty && parts[1].utf8.allSatisfy { $0 == 0x30 }))
    }

    public static func parse(_ raw: String, order: DateOrder) throws(Failure) -> CaseDate {
        var text = TextScanning.trimmed(raw)
        for suffix in [" г.", " г", "г."] where text.hasSuffix(suffix) { text = String(text.dropLast(suffix.count)) }
        text = TextScanning.trimmed(text)
        // An ISO date, with or without a time after it (a spreadsheet's "2022-01-05 00:00:00").
        if isISODayPrefix(text) {
            let day = text.prefix { $0 != " " && $0 != "T" }
            let parts = day.split(separator: "-").compactMap { Int($0) }
            return try make(year: parts[0], month: parts[1], day: parts[2], raw: raw)
        }
        // A spreadsheet date serial left as a number (a date column typed as number).
        if isSerial(text), let serial = Double(text),
           let iso = XLSXTableReader.date(serial: serial) {
            return try parse(iso, order: .ymd)
        }
        let numeric = text.split(whereSeparator: { $0 == "." || $0 == "/" || $0 == "-" })
        if numeric.count == 3, numeric.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) {
            let n = numeric.map { Int($0) ?? 0 }
            let (y, m, d): (Int, Int, Int)
            switch order {
            case .dmy: (d, m, y) = (n[0], n[1], n[2])
            case .mdy: (m, d, y) = (n[0], n[1], n[2])
            case .ymd: (y, m, d) = (n[0], n[1], n[2])
            }
            let yearText = order == .ymd ? numeric[0] : numeric[2]
            guard yearText.count == 4 else {
                throw .notADate("`\(raw)`: write the year with four digits (the century of a two-digit year is a guess)")
            }
            guard (1...12).contains(m) else {
                // Say what the other order would have read, so a sheet in the other convention is found quickly.
                let hint = order != .ymd && (1...12).contains(d) ? "; read as \(order == .dmy ? "mdy" : "dmy") it would be \(String(format: "%04d-%02d-%02d", y, d, m)) — check --date-order" : ""
                throw .impossible("`\(raw)`: there is no month \(m) in the order \(order.rawValue)\(hint)")
            }
            return try make(year: y, month: m, day: d, raw: raw)
        }
        // Words: a month name and two numbers, in either order.
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." || $0 == "/" || $0 == "-" })
        var month: Int?
        var numbers: [Substring] = []
        for word in words {
            if let number = Int(word), word.allSatisfy(\.isASCII) {
                numbers.append(word)
                _ = number
            } else if let found = monthNumber(String(word)) {
                guard month == nil else { throw .notADate("`\(raw)` names two months") }
                month = found
            } else {
                throw .notADate("`\(raw)` is not a date (write 2022-01-05, 05.01.2022 or 5 Jan 2022)")
            }
        }
        guard let month, numbers.count == 2 else {
            throw .notADate("`\(raw)` is not a date (write 2022-01-05, 05.01.2022 or 5 Jan 2022)")
        }
        guard let yearText = numbers.first(where: { $0.count == 4 }), let dayText = numbers.first(where: { $0.count <= 2 }),
              let year = Int(yearText), let day = Int(dayText) else {
            throw .notADate("`\(raw)`: write the year with four digits and the day with one or two")
        }
        return try make(year: year, month: month, day: day, raw: raw)
    }

    private static func make(year: Int, month: Int, day: Int, raw: String) throws(Failure) -> CaseDate {
        do {
            return try CaseDate(checkingYear: year, month: month, day: day)
        } catch .impossible(let why) {
            throw .impossible("`\(raw)`: \(why)")
        } catch {
            throw .notADate("`\(raw)` is not a date (write 2022-01-05, 05.01.2022 or 5 Jan 2022)")
        }
    }

    /// English names and abbreviations; Russian names in the nominative and genitive, and abbreviations.
    static func monthNumber(_ word: String) -> Int? {
        let english = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        if let index = full.firstIndex(of: word) { return index + 1 }
        if word == "sept" { return 9 }
        if let index = english.firstIndex(of: word) { return index + 1 }
        let russian = ["янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
        // январь/января/янв; май/мая; март/марта; июнь/июня; …
        if word == "май" || word == "мая" { return 5 }
        for (index, stem) in russian.enumerated() where index != 4 {
            if word.hasPrefix(stem) { return index + 1 }
        }
        return nil
    }
}
