import Foundation

/// A date in a case file: an ISO 8601 calendar date (`2022-01-05`) or a date-time with its UTC
/// offset (`2022-01-05T23:10:00+06:00`). Plain dates count in calendar days; two date-times count
/// in exact hours. Comparison uses the calendar date first, and the instant only when both sides
/// carry a time, so a plain date never pretends to know an hour.
public struct CaseDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var time: TimeOfDay?

    public struct TimeOfDay: Sendable, Hashable {
        public var hour: Int
        public var minute: Int
        public var second: Int
        /// Offset from UTC in minutes (`+05:30` is 330).
        public var offsetMinutes: Int
        public init(hour: Int, minute: Int, second: Int = 0, offsetMinutes: Int) {
            self.hour = hour
            self.minute = minute
            self.second = second
            self.offsetMinutes = offsetMinutes
        }
    }

    public init(year: Int, month: Int, day: Int, time: TimeOfDay? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.time = time
    }

    public enum ParseError: Error, Equatable {
        case malformed
        case impossible(String)
        case missingOffset
    }

    /// A calendar day that exists, in the years Habeas accepts.
    public init(checkingYear year: Int, month: Int, day: Int) throws(ParseError) {
        guard CaseLimits.years.contains(year) else {
            throw .impossible("the year \(year) is outside \(CaseLimits.years.lowerBound)–\(CaseLimits.years.upperBound), the range Habeas accepts")
        }
        guard (1...12).contains(month) else { throw .impossible("there is no month \(month)") }
        let length = CaseDate.daysInMonth(year: year, month: month)
        guard (1...length).contains(day) else {
            throw .impossible("\(CaseDate.monthNames[month - 1]) \(year) has \(length) days, not \(day)")
        }
        self.init(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS][.fff](Z|±HH:MM)`.
    public init(parsing text: String) throws(ParseError) {
        let chars = Array(TextScanning.trimmed(text, newlines: false))
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            let slice = chars[range]
            guard slice.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(String(slice))
        }
        guard chars.count >= 10, chars[4] == "-", chars[7] == "-",
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        else { throw .malformed }
        try self.init(checkingYear: year, month: month, day: day)
        if chars.count == 10 { return }
        guard chars[10] == "T" || chars[10] == "t" || chars[10] == " ",
              let hour = number(11..<13), chars.count > 13, chars[13] == ":", let minute = number(14..<16)
        else { throw .malformed }
        var index = 16
        var second = 0
        if index < chars.count, chars[index] == ":" {
            guard let parsed = number(index + 1..<index + 3) else { throw .malformed }
            second = parsed
            index += 3
            if index < chars.count, chars[index] == "." || chars[index] == "," {
                index += 1
                while index < chars.count, chars[index].isNumber { index += 1 }
            }
        }
        guard hour < 24, minute < 60, second < 61 else { throw .impossible("\(hour):\(minute) is not a time of day") }
        guard index < chars.count else { throw .missingOffset }
        var offset = 0
        if chars[index] == "Z" || chars[index] == "z" {
            guard index + 1 == chars.count else { throw .malformed }
        } else if chars[index] == "+" || chars[index] == "-" {
            guard let oh = number(index + 1..<index + 3), index + 3 < chars.count, chars[index + 3] == ":",
                  let om = number(index + 4..<index + 6), index + 6 == chars.count
            else { throw .malformed }
            guard oh <= 14, om < 60 else { throw .impossible("UTC offset \(oh):\(om) is out of range") }
            offset = (oh * 60 + om) * (chars[index] == "-" ? -1 : 1)
        } else {
            throw .malformed
        }
        time = TimeOfDay(hour: hour, minute: minute, second: second, offsetMinutes: offset)
    }

    /// Today's calendar date in UTC (the default "as of").
    public static func today(_ now: Date = Date()) -> CaseDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CaseDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    public var hasTime: Bool { time != nil }

    /// The calendar date alone (drops the time).
    public var calendarDate: CaseDate { CaseDate(year: year, month: month, day: day) }

    /// Days since 1970-01-01 of the calendar date as written (local to its own offset).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Seconds since the Unix epoch, for date-times only.
    public var instant: Int? {
        guard let time else { return nil }
        return dayNumber * 86_400 + time.hour * 3600 + time.minute * 60 + time.second - time.offsetMinutes * 60
    }

    public func addingDays(_ days: Int) -> CaseDate {
        var result = CaseDate(dayNumber: dayNumber + days)
        result.time = time
        return result
    }

    /// Calendar months: the day is clamped to the end of a shorter month (31 January + 1 month is
    /// 28 or 29 February), as the Working Group's "one month" and "six months" are counted.
    public func addingMonths(_ months: Int) -> CaseDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        let newDay = min(day, CaseDate.daysInMonth(year: newYear, month: newMonth))
        return CaseDate(year: newYear, month: newMonth, day: newDay, time: time)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    public var description: String {
        func two(_ value: Int) -> String { TextScanning.padded(value, width: 2) }
        var text = TextScanning.padded(year, width: 4) + "-" + two(month) + "-" + two(day)
        if let time {
            text += "T" + two(time.hour) + ":" + two(time.minute) + ":" + two(time.second)
            let magnitude = abs(time.offsetMinutes)
            text += (time.offsetMinutes < 0 ? "-" : "+") + two(magnitude / 60) + ":" + two(magnitude % 60)
        }
        return text
    }

    /// "5 January 2022" or "5 January 2022, 23:10 (UTC+06:00)", for documents.
    public var longDescription: String {
        var text = "\(day) \(CaseDate.monthNames[month - 1]) \(year)"
        if let time {
            let sign = time.offsetMinutes < 0 ? "-" : "+"
            let magnitude = abs(time.offsetMinutes)
            text += String(format: ", %02d:%02d (UTC%@%02d:%02d)", time.hour, time.minute, sign, magnitude / 60, magnitude % 60)
        }
        return text
    }
}

extension CaseDate {
    /// Chronological order where it is knowable: by calendar date, then by instant when both
    /// carry a time. Returns nil when the order within one day cannot be told.
    public static func order(_ a: CaseDate, _ b: CaseDate) -> ComparisonResult? {
        if let ia = a.instant, let ib = b.instant {
            return ia < ib ? .orderedAscending : ia > ib ? .orderedDescending : .orderedSame
        }
        let da = a.dayNumber, db = b.dayNumber
        if da != db { return da < db ? .orderedAscending : .orderedDescending }
        return nil
    }

    /// True when `self` is certainly before `other`.
    public func isBefore(_ other: CaseDate) -> Bool { CaseDate.order(self, other) == .orderedAscending }
    /// True when `self` is on the same day as or before `other` (by calendar date, or instant).
    public func isOnOrBefore(_ other: CaseDate) -> Bool {
        switch CaseDate.order(self, other) {
        case .orderedAscending, .orderedSame, nil: true
        case .orderedDescending: false
        }
    }
}

/// The time between two dates, exact in hours when both carry a time, otherwise in calendar days.
public struct Span: Sendable, Hashable {
    /// Exact hours when both ends are date-times.
    public var exactHours: Double?
    /// Calendar days between the two dates when either end is a plain date.
    public var calendarDays: Int?

    public init(from start: CaseDate, to end: CaseDate) {
        if let a = start.instant, let b = end.instant {
            exactHours = Double(b - a) / 3600
            calendarDays = nil
        } else {
            exactHours = nil
            calendarDays = end.dayNumber - start.dayNumber
        }
    }

    /// Days, fractional when counted in hours (rounded to a tenth).
    public var days: Double {
        if let exactHours { return (exactHours / 24 * 10).rounded() / 10 }
        return Double(calendarDays ?? 0)
    }

    /// Hours: exact, or the calendar days times 24 (an estimate; see `isExact`).
    public var hours: Double {
        if let exactHours { return (exactHours * 10).rounded() / 10 }
        return Double((calendarDays ?? 0) * 24)
    }

    public var isExact: Bool { exactHours != nil }

    /// "72 days", "50 hours", "13.6 days (325.5 hours)".
    public var inWords: String {
        if let exactHours {
            let hours = Span.format((exactHours * 10).rounded() / 10)
            if exactHours < 72 { return "\(hours) hours" }
            return "\(Span.format(days)) days (\(hours) hours)"
        }
        let days = calendarDays ?? 0
        return days == 1 ? "1 day" : "\(days) days"
    }

    public static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(format: "%.1f", number)
    }
}
