import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HabeasCore
@testable import HabeasDocuments
import Testing
import ZIPFoundation

/// The Massimov facts as published (shared/examples/kz-massimov.yaml), inline so the tests do not
/// need the shared folder.
let massimovYAML = """
format: habeas-case/1
id: kz-massimov
title: Karim Massimov (Kazakhstan)
state: KZ
person:
  name: Karim Massimov
  sex: male
  nationalities: [KZ]
  occupation: Former Prime Minister (twice)
  profile: [political-figure]
deprivation:
  kind: pre-trial
  ongoing: true
  heldBy: National Security Committee
  places:
    - name: undisclosed
      official: false
  details: Held amid large-scale unrest; family knows nothing of the conditions of detention.
charges:
  - label: treason
  - label: attempt to seize power
  - label: abuse of power
timeline:
  - date: 2022-01-05
    type: arrest
    approximate: true
    by: security forces (National Security Committee)
    warrantShown: false
    reasonsGiven: false
  - date: 2022-01-08
    type: detention-order
    authority: unnamed judicial body
    authorityIdentified: false
    detaineePresent: false
    public: false
    reasonsPublished: false
    details: Continued pre-trial detention allegedly authorised; ruling and reasons never made public.
allegations:
  - type: no-legal-basis
    details: No legal ground for arrest and detention has been specified.
  - type: incommunicado
    details: For 72 days without access to his family, his chosen lawyer or his doctor.
  - type: undisclosed-location
  - type: counsel-not-of-choice
    details: Chosen lawyer not admitted.
  - type: denied-family-contact
  - type: denied-medical-care
    details: No access to his own doctor.
  - type: secret-proceedings
    details: Proceedings classified "Top Secret"; the detention ruling was not published.
  - type: tribunal-not-independent
    details: The authorising judicial body is unnamed and unidentified.
  - type: politically-motivated
    details: Part of a wider suppression of political opponents after the January 2022 events.
  - type: health-at-risk
    details: Continued incommunicado detention threatens his health, physical or psychological integrity and life.
procedure:
  - date: 2022-03-18
    type: communication-submitted
    approximate: true
  - date: 2022-03-18
    type: urgent-action-requested
    approximate: true
  - date: 2022-04-07
    type: transmitted-to-government
    details: Inferred from the reply deadline of 6 June 2022.
source:
  organisation: Counsel for Mr. Massimov
  consent: true
  confidential: false
summary: >
  Twice Prime Minister of Kazakhstan, arrested around 5 January 2022 amid unrest and held
  incommunicado for 72 days without access to family, chosen lawyer or doctor. An unidentified
  judicial body allegedly authorised pre-trial detention on 8 January 2022 on charges of treason,
  attempt to seize power and abuse of power; no ruling or reasons were published.
"""

let march18 = CaseDate(year: 2022, month: 3, day: 18)

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
