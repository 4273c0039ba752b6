/// The procedure status of one or many cases as JSON, as one agenda sorted by due date, and as
/// text for a terminal. The CLI, the web dashboard and the server's API share these.
extension ProcedureStatus {
    /// `{"case", "stage", "next", "deadlines": […], "released", …}`, keys in a stable order.
    public var json: Value {
        var o = ObjectBuilder()
        o.set("case", caseID)
        o.set("title", title)
        o.set("asOf", asOf)
        o.set("stage", stage.rawValue)
        o.set("next", next)
        o.set("deadlines", Value.array(deadlines.map(\.json)))
        o.set("released", released)
        o.set("releasedOn", releasedOn)
        if released { o.set("releaseNotified", releaseNotified) }
        if let urgentAction {
            o.set("urgentAction", Value.object([
                .init("state", .string(urgentAction.state.rawValue)),
                .init("date", .string(urgentAction.date.description)),
            ]))
        }
        o.set("notes", strings: notes)
        return o.value
    }
}

extension ProcedureAnchor {
    public var json: Value { .object([.init("type", .string(type.rawValue)), .init("date", .string(date.description))]) }
}

extension Deadline {
    public var json: Value {
        var o = ObjectBuilder()
        o.set("kind", kind.rawValue)
        o.set("due", due)
        o.set("computedDue", computedDue)
        o.set("statedDue", statedDue)
        o.set("from", from.json)
        o.set("rule", rule)
        o.set("citation", citation)
        o.set("status", status.rawValue)
        o.set("completedBy", completedBy?.json)
        if status == .overdue { o.set("closed", closed) }
        if late { o.set("late", late as Bool?) }
        o.set("notes", strings: notes)
        return o.value
    }
}

/// One deadline of one case, for lists across cases.
public struct AgendaItem: Sendable, Equatable {
    public var caseID: String
    public var title: String
    public var deadline: Deadline
}

public enum ProcedureReport {
    /// `{"asOf": …, "cases": [ … ]}`, cases in the order given.
    public static func json(_ statuses: [ProcedureStatus], asOf: CaseDate) -> Value {
        .object([.init("asOf", .string(asOf.calendarDate.description)), .init("cases", .array(statuses.map(\.json)))])
    }

    /// Every deadline of every case in one list: overdue first, then open, then (with
    /// `includeClosed`) the closed ones (met, superseded, or overdue but past acting on);
    /// each group by due date, then case and kind.
    public static func agenda(_ statuses: [ProcedureStatus], includeClosed: Bool = false) -> [AgendaItem] {
        func group(_ deadline: Deadline) -> Int {
            deadline.needsAttention ? 0 : deadline.status == .open ? 1 : 2
        }
        let kinds = DeadlineKind.allCases
        return statuses.flatMap { status in
            status.deadlines.map { AgendaItem(caseID: status.caseID, title: status.title, deadline: $0) }
        }
        .filter { includeClosed || group($0.deadline) < 2 }
        .sorted { a, b in
            (group(a.deadline), a.deadline.due.dayNumber, a.caseID, kinds.firstIndex(of: a.deadline.kind)!)
                < (group(b.deadline), b.deadline.due.dayNumber, b.caseID, kinds.firstIndex(of: b.deadline.kind)!)
        }
    }

    public static func text(_ statuses: [ProcedureStatus], asOf: CaseDate, includeClosed: Bool = false) -> String {
        let asOf = asOf.calendarDate
        let all = agenda(statuses, includeClosed: true)
        let shown = includeClosed ? all : agenda(statuses)
        let overdue = all.filter { $0.deadline.needsAttention }.count
        let open = all.filter { $0.deadline.status == .open }.count
        var out = "Working Group deadlines as of \(asOf): \(statuses.count) case\(statuses.count == 1 ? "" : "s"), \(overdue) overdue, \(open) open\n\n"
        if shown.isEmpty {
            out += "  No open or overdue deadline.\n"
        }
        let caseWidth = max(4, shown.map(\.caseID.count).max() ?? 0) + 2
        for item in shown {
            let d = item.deadline
            let left = d.daysLeft(asOf: asOf)
            let when: String
            switch d.status {
            case .open: when = left == 0 ? "due today" : "\(ProcedureTracker.days(left)) left"
            case .overdue:
                if let answer = d.completedBy {
                    when = "answered late on \(answer.date.calendarDate)"
                } else {
                    when = "\(ProcedureTracker.days(left)) overdue" + (d.closed ? ", past acting on" : "")
                }
            case .met: when = "met on \(d.completedBy.map { $0.date.calendarDate.description } ?? "?")"
            case .superseded: when = "superseded"
            }
            out += "  \(d.due)  " + d.status.rawValue.uppercased().padding(toLength: 11, withPad: " ", startingAt: 0)
            out += item.caseID.padding(toLength: caseWidth, withPad: " ", startingAt: 0)
            out += d.kind.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0) + when + "\n"
            out += "      from \(d.from.type.rawValue) \(d.from.date.calendarDate) · \(d.citation)\n"
            for note in d.notes { out += "      \(note)\n" }
        }
        let hidden = all.count - shown.count
        if hidden > 0 {
            out += "\n  \(hidden) closed deadline\(hidden == 1 ? "" : "s") (met, superseded, or overdue but past acting on) not shown; --all shows them.\n"
        }
        out += "\nCases\n"
        for status in statuses {
            out += "  \(status.caseID) — \(status.title)\n"
            var flags = ""
            if status.released { flags += ", released" + (status.releasedOn.map { " \($0)" } ?? "") }
            if let urgent = status.urgentAction { flags += ", urgent action \(urgent.state.rawValue) \(urgent.date.calendarDate)" }
            out += "    stage: \(status.stage.rawValue)\(flags)\n"
            out += "    next: \(status.next)\n"
            for note in status.notes { out += "    note: \(note)\n" }
        }
        return out
    }
}
