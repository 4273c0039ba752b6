import Foundation
import Testing
@testable import HabeasCore

/// Fixtures shipped with the tests, and the optional shared examples beside the repository.
enum Fixtures {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "yaml")!
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    static func load(_ name: String) throws -> CaseFile {
        try CaseFile.load(text: text(name), file: "\(name).yaml")
    }

    static let all = ["kz-massimov", "fx-judge-50h", "fx-clean-47h", "fx-disappeared-confession", "fx-immigration"]

    /// `../shared/examples` next to the repository, when present (not on every machine).
    static var sharedExamples: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/examples")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func sharedExampleFiles() -> [URL] {
        guard let dir = sharedExamples,
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir.appendingPathComponent($0) }
    }
}

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
