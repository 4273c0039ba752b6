import HabeasCore
import HabeasLocalization
import HabeasStore

/// `/cases/{id}/history`: every revision, and the field-level diff between two of them
/// (`?from=&to=`, by default the last change).
enum CaseHistory {
    struct Revision {
        var number: Int
        var when: String
        var author: String
        var note: String?
        var action: String
        var showHref: String
        var diffHref: String?
        var restoreAction: String?
        var isCurrent: Bool
        var actionAndNote: String
        var restoreLabel: String
    }
    struct Change {
        var path: String
        var old: String
        var new: String
        var added: Bool
        var removed: Bool
    }
    struct Model {
        var id: String
        var heading: String
        var caseHref: String
        var revisions: [Revision]
        var diffFrom: Int
        var diffTo: Int
        var hasDiff: Bool
        var changes: [Change]
        var noChanges: Bool
        var currentRevision: Int
        var title: String
        var diffHeading: String
    }

    static func build(id: String, heading: String, history: [RevisionInfo], from: Int?, to: Int?,
                      changes: [FieldChange]) -> Model {
        let current = history.last?.number ?? 0
        let l = Interface.localizer
        let revisions = history.reversed().map { info in
            let note = info.note.isEmpty ? info.restoredFrom.map { l.text("history.restoredFrom", ["revision": String($0)]) } : info.note
            let action = l.text("history.action." + info.action.rawValue)
            return Revision(number: info.number, when: WebDates.timestamp(info.createdAt), author: info.author,
                     note: note,
                     action: info.action.rawValue,
                     showHref: Route.caseShow(id).with([("revision", String(info.number))]),
                     diffHref: info.number > 1 ? Route.caseHistory(id).with([("from", String(info.number - 1)), ("to", String(info.number))]) : nil,
                     restoreAction: info.number == current ? nil : Route.caseRestore(id, revision: info.number).path,
                     isCurrent: info.number == current,
                     actionAndNote: note.map { l.text("history.actionWithNote", ["action": action, "note": $0]) } ?? action,
                     restoreLabel: l.text("history.restore", ["revision": String(info.number)]))
        }
        return Model(
            id: id, heading: heading, caseHref: Route.caseShow(id).path, revisions: revisions,
            diffFrom: from ?? 0, diffTo: to ?? 0, hasDiff: from != nil && to != nil,
            changes: changes.map { change in
                Change(path: change.path, old: change.old.map(render) ?? "", new: change.new.map(render) ?? "",
                       added: change.old == nil, removed: change.new == nil)
            },
            noChanges: changes.isEmpty, currentRevision: current,
            title: l.text("history.title", ["case": heading]),
            diffHeading: l.text("history.diff", ["from": String(from ?? 0), "to": String(to ?? 0)]))
    }

    /// A value in one line: strings bare, anything else as compact JSON.
    static func render(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return ValueWriter.json(value).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
