import Foundation
import HabeasCore

/// The one fixtures folder of the test suites (Habeas's own encodings of public facts), and the
/// optional shared examples beside the repository.
public enum Fixtures {
    public static func url(_ name: String) -> URL {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "yaml") else {
            preconditionFailure("no fixture named \(name).yaml in Tests/HabeasTestSupport/Fixtures")
        }
        return url
    }

    public static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    public static func load(_ name: String) throws -> CaseFile {
        try CaseFile.load(text: text(name), file: "\(name).yaml")
    }

    /// The fixtures every suite runs over.
    public static let all = ["kz-massimov", "fx-judge-50h", "fx-clean-47h", "fx-disappeared-confession", "fx-immigration"]

    /// The Massimov facts as published, and the date of the petition they were stated at.
    public static var massimovText: String { get throws { try text("kz-massimov") } }
    public static func massimov() throws -> CaseFile { try load("kz-massimov") }
    public static let massimovAsOf = CaseDate(year: 2022, month: 3, day: 18)

    /// `../shared/examples` next to the repository, when present (not on every machine: tests
    /// over it skip when it is absent).
    public static var sharedExamples: URL? {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = repository.deletingLastPathComponent().appendingPathComponent("shared/examples")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    public static func sharedExampleFiles() -> [URL] {
        guard let dir = sharedExamples,
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir.appendingPathComponent($0) }
    }
}
