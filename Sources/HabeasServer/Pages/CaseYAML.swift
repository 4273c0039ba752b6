import HabeasCore
import HabeasLocalization
import HabeasStore

/// `/cases/{id}/yaml`: the whole case file in a textarea. On an error the text comes back as typed,
/// the errors are listed with their line numbers, and a numbered copy of the text marks each
/// offending line with its message right below it.
enum CaseYAML {
    struct Issue {
        var line: String
        var anchor: String
        var path: String
        var messageHTML: SafeHTML
    }
    struct Line {
        var number: Int
        var text: String
        var anchor: String
        var marked: Bool
        var messages: [Markup.Line]
        var errorLabel: String
    }
    struct Model {
        var id: String
        var action: String
        var caseHref: String
        var editHref: String
        var text: String
        var rows: Int
        var baseRevision: String
        var note: String
        var issues: [Issue]
        var hasIssues: Bool
        var issueCount: Int
        var lines: [Line]
        var conflict: Bool
        var currentRevision: String
        var introHTML: SafeHTML
        var conflictHTML: SafeHTML
        var issuesHeading: String
    }

    static func model(id: String, text: String, baseRevision: String, note: String, issues: [CaseIssue] = [],
                      conflictWith current: Int? = nil) -> Model {
        var byLine: [Int: [String]] = [:]
        for issue in issues {
            if let line = issue.line { byLine[line, default: []].append((issue.path.isEmpty ? "" : issue.path + ": ") + issue.message) }
        }
        let textLines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        let lines = issues.isEmpty ? [] : textLines.enumerated().map { index, line in
            Line(number: index + 1, text: line, anchor: "line-\(index + 1)", marked: byLine[index + 1] != nil, messages: (byLine[index + 1] ?? []).map(Markup.Line.init),
                 errorLabel: Interface.localizer.text("yaml.errorOnLine", ["line": String(index + 1)]))
        }
        return Model(
            id: id, action: Route.caseYAML(id).path, caseHref: Route.caseShow(id).path, editHref: Route.caseEdit(id).path,
            text: text, rows: min(40, max(16, textLines.count + 2)), baseRevision: baseRevision, note: note,
            issues: issues.map { Issue(line: $0.line.map { Interface.localizer.text("yaml.line", ["line": String($0)]) } ?? Interface.localizer.text("yaml.wholeFile"), anchor: $0.line.map { "#line-\($0)" } ?? "#yaml",
                                       path: $0.path, messageHTML: Markup.message($0.message)) },
            hasIssues: !issues.isEmpty, issueCount: issues.count, lines: lines,
            conflict: current != nil, currentRevision: current.map(String.init) ?? "",
            introHTML: Interface.html("yaml.intro", ["format": "<code>habeas-case/1</code>",
                                                  "form": "<a href=\"" + Route.caseEdit(id).path + "\">" + Escape.html(Interface.localizer.text("yaml.useForm")) + "</a>"]),
            conflictHTML: Interface.html("yaml.conflict.text", ["revision": current.map(String.init) ?? "",
                                                                 "current": "<a href=\"" + Route.caseShow(id).path + "\">" + Escape.html(Interface.localizer.text("yaml.currentCase")) + "</a>"]),
            issuesHeading: Interface.localizer.plural("yaml.problems", count: issues.count))
    }

    /// Validates the text and checks that it is still the same case.
    static func parse(_ text: String, id: String) -> Result<CaseFile, CaseValidationError> {
        do {
            let file = try CaseFile.load(text: text, file: nil)
            guard file.id == id else {
                return .failure(CaseValidationError(issues: [CaseIssue(line: lineOfID(text), path: "id",
                    message: "the id is `\(file.id)` but this is the case `\(id)`: a case's id cannot change (import the text as a new case instead)")]))
            }
            return .success(file)
        } catch {
            return .failure(error)
        }
    }

    private static func lineOfID(_ text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("id:") }.map { $0 + 1 }
    }
}
