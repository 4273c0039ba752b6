import Foundation

/// The open deadlines as an iCalendar file (RFC 5545), for lawyers' calendars.
/// Each event's UID is the case id and the deadline kind, so importing a newer export updates
/// the event (an extension moves it) instead of adding a second one; SEQUENCE counts how often
/// that deadline was superseded, which is what clients compare to accept the update.
public enum ProcedureCalendar {
    /// - Parameter stamp: the DTSTAMP of every event (the time of the export), passed in to keep this pure.
    /// - Parameter reminderDays: a display alarm this many days before; nil for none.
    /// - Parameter withTitles: name the case by its title (usually the detainee's name). Off by
    ///   default: calendars are synchronised to third-party services, so events carry the case id only.
    public static func ics(_ statuses: [ProcedureStatus], stamp: Date, reminderDays: Int? = 7, withTitles: Bool = false) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Habeas//Working Group deadlines//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape("Working Group deadlines (Habeas)"),
        ]
        let dtstamp = utcStamp(stamp)
        for status in statuses {
            var seen: Set<String> = []
            for deadline in status.deadlines.reversed() where deadline.status == .open {
                let uid = self.uid(caseID: status.caseID, kind: deadline.kind)
                guard seen.insert(uid).inserted else { continue } // one event per UID: the latest wins
                let sequence = status.deadlines.filter { $0.kind == deadline.kind && $0.status == .superseded }.count
                let summary = "\(deadline.kind.label) due: \(withTitles ? status.title : status.caseID)"
                var description = [
                    "Case \(status.caseID). \(deadline.kind.label) due \(deadline.due).",
                    "Counts from \(deadline.from.type.rawValue) on \(deadline.from.date.calendarDate).",
                    deadline.rule,
                    "Citation: \(deadline.citation).",
                ]
                description += deadline.notes
                lines += [
                    "BEGIN:VEVENT",
                    "UID:" + escape(uid),
                    "DTSTAMP:" + dtstamp,
                    "SEQUENCE:\(sequence)",
                    "DTSTART;VALUE=DATE:" + icsDate(deadline.due),
                    "DTEND;VALUE=DATE:" + icsDate(deadline.due.addingDays(1)),
                    "SUMMARY:" + escape(summary),
                    "DESCRIPTION:" + escape(description.joined(separator: "\n")),
                    "STATUS:CONFIRMED",
                    "TRANSP:TRANSPARENT",
                ]
                if let reminderDays {
                    lines += [
                        "BEGIN:VALARM",
                        "ACTION:DISPLAY",
                        "DESCRIPTION:" + escape(summary),
                        "TRIGGER:-P\(reminderDays)D",
                        "END:VALARM",
                    ]
                }
                lines.append("END:VEVENT")
            }
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `kz-massimov-government-reply@habeas`: stable across exports and as-of dates.
    public static func uid(caseID: String, kind: DeadlineKind) -> String { "\(caseID)-\(kind.rawValue)@habeas" }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
    static func escape(_ text: String) -> String {
        var out = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            default: out.unicodeScalars.append(scalar)
            }
            previousCR = scalar == "\r"
        }
        return out
    }

    /// Content lines longer than 75 octets are split, each continuation starting with a space
    /// (RFC 5545 §3.1); never inside a UTF-8 sequence, nor between a backslash and what it escapes,
    /// which naive readers mishandle although unfolding comes first.
    static func fold(_ line: String) -> String {
        var out = ""
        var length = 0
        var pending = ""
        for scalar in line.unicodeScalars {
            pending.unicodeScalars.append(scalar)
            if scalar == "\\", pending.unicodeScalars.count == 1 { continue } // keep with what it escapes
            let size = pending.utf8.count
            if length + size > 75 {
                out += "\r\n "
                length = 1
            }
            out += pending
            length += size
            pending = ""
        }
        return out + pending
    }

    static func icsDate(_ date: CaseDate) -> String {
        let d = date.calendarDate
        return String(format: "%04d%02d%02d", d.year, d.month, d.day)
    }

    static func utcStamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        return icsDate(CaseDate(dayNumber: days)) + String(format: "T%02d%02d%02dZ", rest / 3600, rest / 60 % 60, rest % 60)
    }
}
