import Foundation
import Testing
@testable import HabeasCore

/// A minimal valid case, for rule-by-rule tests: pass the parts that differ.
func minimalCase(
    id: String = "test-case", state: String = "KZ", kind: String = "pre-trial", ongoing: Bool = true,
    extraTop: String = "", timeline: String = "[]", allegations: String = "", evidence: String = "", procedure: String = ""
) -> String {
    var text = """
    format: habeas-case/1
    id: \(id)
    state: \(state)
    person:
      name: Test Person
    deprivation:
      kind: \(kind)
      ongoing: \(ongoing)
    \(extraTop)
    timeline: \(timeline)

    """
    if !allegations.isEmpty { text += "allegations:\n\(allegations)\n" }
    if !evidence.isEmpty { text += "evidence:\n\(evidence)\n" }
    if !procedure.isEmpty { text += "procedure:\n\(procedure)\n" }
    return text
}

func load(_ text: String) throws -> CaseFile {
    try CaseFile.load(text: text, file: "test.yaml")
}

/// The messages of a file that must fail.
func issues(_ text: String) -> [CaseIssue] {
    do {
        _ = try CaseFile.load(text: text, file: "test.yaml")
        return []
    } catch {
        return error.issues
    }
}

func date(_ text: String) -> CaseDate { try! CaseDate(parsing: text) }
