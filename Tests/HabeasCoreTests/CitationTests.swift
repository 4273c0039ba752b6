import Foundation
import Testing
@testable import HabeasCore

/// What the code cites must be in the repository: every `docs/….md` a comment, message or rule
/// names exists, every `§N` of the procedure note and every `Category N` of the categories note
/// is a heading there, and every passage a rule quotes from the categories note is in it.
@Suite struct CitationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ relative: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    static func sourceFiles() -> [(path: String, text: String)] {
        let sources = root.appendingPathComponent("Sources")
        let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        var files: [(String, String)] = []
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "swift", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            files.append((String(url.path.dropFirst(root.path.count + 1)), text))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func everyDocumentTheSourcesNameExists() throws {
        let files = Self.sourceFiles()
        #expect(files.count > 50, "the sources were not found beside the tests")
        let reference = try Regex(#"docs/[A-Za-z0-9_/-]+\.md"#)
        var named = Set<String>()
        for (path, text) in files {
            for match in text.matches(of: reference) {
                let document = String(text[match.range])
                named.insert(document)
                #expect(Self.read(document) != nil, "\(path) cites \(document), which is not in the repository")
            }
        }
        #expect(named.contains("docs/legal/categories.md") && named.contains("docs/legal/working-group-procedure.md"))
    }

    @Test func nothingPointsOutsideTheRepository() {
        for (path, text) in Self.sourceFiles() where !path.contains("/Corpus/") {
            for outside in ["wgad-categories.md", "wgad-procedure.md", "model-questionnaire.md", "shared/domain", "issue 12"] {
                let pointsOutside = text.contains(outside)
                #expect(!pointsOutside, "\(path) points to \(outside), outside the repository")
            }
        }
    }

    @Test func procedureSectionsAreHeadings() throws {
        let note = try #require(Self.read("docs/legal/working-group-procedure.md"))
        let headings = Set(note.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("#") else { return nil }
            return line.split(separator: " ").dropFirst().first.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
        })
        let section = try Regex(#"§(\d+(?:\.\d+)?)"#)
        var cited = 0
        for (path, text) in Self.sourceFiles() where path.contains("/Procedure/") || text.contains("working-group-procedure.md") {
            for match in text.matches(of: section) {
                let number = String(text[match.range].dropFirst())
                // RFC sections are cited with "RFC" before them; those are not ours.
                let before = text[..<match.range.lowerBound].suffix(12)
                if before.contains("RFC") { continue }
                cited += 1
                #expect(headings.contains(number), "\(path) cites §\(number), which is not a heading of working-group-procedure.md")
            }
        }
        #expect(cited > 10)
    }

    @Test func ruleCitationsResolve() throws {
        // Compared as prose: case, emphasis marks and line breaks aside.
        let categories = try #require(Self.read("docs/legal/categories.md")).lowercased()
            .replacingOccurrences(of: "*", with: "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let quote = try Regex(#"'([^']+)'"#)
        for rule in RuleBook.rows {
            for document in rule.citation.matches(of: try Regex(#"docs/[A-Za-z0-9_/-]+\.md"#)) {
                #expect(Self.read(String(rule.citation[document.range])) != nil, "\(rule.id): \(rule.citation)")
            }
            if let category = rule.citation.firstMatch(of: try Regex(#"categories\.md,? Category (I|II|III|IV|V)\b"#)) {
                let name = String(rule.citation[category.range].split(separator: " ").last!)
                #expect(categories.contains("## category \(name.lowercased()):"), "\(rule.id) cites Category \(name), not a heading")
            }
            guard rule.citation.contains("categories.md") else { continue }
            for match in rule.citation.matches(of: quote) {
                let passage = String(rule.citation[match.range].dropFirst().dropLast()).lowercased()
                for part in passage.components(separatedBy: "…") {
                    let piece = part.trimmingCharacters(in: .whitespaces)
                    if piece.isEmpty { continue }
                    #expect(categories.contains(piece), "\(rule.id) quotes '\(piece)', which docs/legal/categories.md does not say")
                }
            }
        }
    }
}
