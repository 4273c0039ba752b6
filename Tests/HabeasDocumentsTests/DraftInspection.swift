import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HabeasCore
@testable import HabeasDocuments
import Testing
import ZIPFoundation
import HabeasTestSupport

/// The Massimov facts as published: the one fixture of every suite.
let massimovYAML: String = { try! Fixtures.massimovText }()

let march18 = Fixtures.massimovAsOf

func load(_ yaml: String) throws -> CaseFile {
    try CaseFile.load(text: yaml, file: "inline.yaml")
}

func drafter() throws -> Drafter { try Drafter() }

/// Every piece of text of a document, in order (the to-complete page first, footnotes last),
/// without the footnote marks (so "ICCPR¹ art. 9(1)" reads "ICCPR art. 9(1)").
func allText(_ d: DraftDocument) -> String {
    allText(d, marks: false)
}

func allText(_ d: DraftDocument, marks: Bool) -> String {
    func plain(_ items: [Inline]) -> String {
        items.map { if case .footnote = $0, !marks { "" } else { $0.plainText } }.joined()
    }
    var parts: [String] = []
    if let todo = d.toComplete { parts += [todo.heading, todo.intro] + todo.items }
    for block in d.blocks {
        switch block {
        case .title(let t), .subtitle(let t), .heading(_, let t): parts.append(t)
        case .paragraph(let p): parts.append(plain(p.content))
        case .bullet(let c): parts.append(plain(c))
        case .table(let t): parts += t.header + t.rows.flatMap { $0.map(plain) }
        case .pageBreak: break
        }
    }
    parts += d.footnotes.map { $0.text + " " + ($0.url ?? "") }
    return parts.joined(separator: "\n")
}

func headings(_ d: DraftDocument, level: Int? = nil) -> [String] {
    d.blocks.compactMap { if case .heading(let l, let t) = $0, level == nil || l == level { t } else { nil } }
}

/// Footnote citations in reading order.
func citations(_ d: DraftDocument) -> [(number: Int, first: Bool)] {
    func of(_ inlines: [Inline]) -> [(Int, Bool)] {
        inlines.compactMap { if case .footnote(let n, let f) = $0 { (n, f) } else { nil } }
    }
    return d.blocks.flatMap { block -> [(Int, Bool)] in
        switch block {
        case .paragraph(let p): of(p.content)
        case .bullet(let c): of(c)
        case .table(let t): t.rows.flatMap { $0.flatMap(of) }
        default: []
        }
    }.map { (number: $0.0, first: $0.1) }
}

/// The parts of a DOCX package: path → bytes.
func unzip(_ data: Data) throws -> [String: Data] {
    let archive = try Archive(data: data, accessMode: .read)
    var parts: [String: Data] = [:]
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        parts[entry.path] = bytes
    }
    return parts
}

/// Parses XML with Foundation's parser; returns the error, or nil when well-formed.
final class XMLCheck: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
    }

    static func parse(_ data: Data) -> (ok: Bool, elements: [(name: String, attributes: [String: String])], error: String?) {
        let parser = XMLParser(data: data)
        let delegate = XMLCheck()
        parser.delegate = delegate
        let ok = parser.parse()
        return (ok, delegate.elements, parser.parserError.map { "\($0)" })
    }
}
