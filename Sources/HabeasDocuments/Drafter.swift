import Foundation
import HabeasCore

/// What `habeas draft KIND` produces.
public enum DocumentKind: String, Sendable, CaseIterable {
    /// The communication to the Working Group, following the model questionnaire.
    case petition
    /// The request for an urgent appeal (A/HRC/36/38 paras 22–24).
    case urgentAction = "urgent-action"
    /// The source's follow-up information after an opinion (para 20).
    case followUp = "follow-up"
    /// The source's comments on the Government's reply, which the Working Group sends to the
    /// source for comments (OHCHR complaints page; docs/legal/working-group-procedure.md §2.5).
    case comments
    /// The dated events and what they prove.
    case chronology
    /// The public version: redacted when the source is confidential or on request.
    case summary

    /// The template that words it.
    var template: String { rawValue }
}

public enum DraftFormat: String, Sendable, CaseIterable {
    case docx, html, md

    public var fileExtension: String { rawValue }
}

/// Builds drafts: the case, what its timeline proves and its assessment → one `DraftDocument` →
/// DOCX, HTML or Markdown.
public struct Drafter: Sendable {
    public let templates: TemplateSet

    public init(templates: TemplateSet) {
        self.templates = templates
    }

    /// The bundled wording, overridden by same-named files in `templatesDirectory`.
    public init(templatesDirectory: URL? = nil) throws {
        self.templates = try TemplateSet.load(overrides: templatesDirectory)
    }

    /// Whether `kind` is redacted for `file`: always on request; the summary also whenever the source
    /// has not said it may be named (the questionnaire's default is confidential).
    public static func isRedacted(_ kind: DocumentKind, _ file: CaseFile, redact: Bool) -> Bool {
        redact || (kind == .summary && file.source?.confidential != false)
    }

    /// The draft of `kind`. `assessment` defaults to `Assessor.assess(file, asOf:)`; when the draft is
    /// redacted, the case is redacted first and the assessment recomputed from it, so the source's
    /// own words in the grounds are redacted too.
    /// `annexes`: the files sent with the draft; the result's `annexes` numbers them as the text cites them.
    public func document(_ kind: DocumentKind, for file: CaseFile, asOf: CaseDate, assessment: Assessment? = nil,
                         redact: Bool = false, precedents: [PrecedentCitation] = [], annexes: [AnnexFile] = [],
                         language: DraftLanguage = .en) throws -> DraftDocument {
        let redacted = Self.isRedacted(kind, file, redact: redact)
        let redaction = redacted ? Redaction(for: file) : nil
        let subject = redaction.map { $0.redact(file) } ?? file
        var assessed = assessment ?? Assessor.assess(subject, asOf: asOf)
        if let redaction { assessed = Self.redact(assessed, with: redaction) }
        var context = DraftContext(file: subject, asOf: asOf, assessment: assessed, templates: templates, redacted: redacted, language: language)
        context.precedents = precedents
        context.annexes = AnnexNumbering(files: redacted ? annexes.filter { !$0.identifying } : annexes, evidenceOrder: context.evidenceOrder)
        let values = try DraftBuilder.context(kind, &context)
        let markup = try templates.render(TemplateSet.name(kind.template, in: language), values)
        var parser = MarkupParser(catalog: context.catalog)
        parser.parse(markup)
        let toComplete = parser.todoHeading.map { heading in
            var items = context.todo
            for placeholder in parser.placeholders where !items.contains(Wording.capitalizedFirst(placeholder)) {
                items.append(Wording.capitalizedFirst(placeholder))
            }
            return DraftDocument.ToComplete(heading: heading, intro: parser.todoIntro, items: items)
        }
        let title = parser.blocks.lazy.compactMap { if case .title(let t) = $0 { t } else { nil } }.first ?? kind.rawValue
        var document = DraftDocument(
            kind: kind,
            metadata: .init(title: title, subject: subject.displayTitle, date: asOf, language: language.tag),
            blocks: parser.blocks, footnotes: parser.footnotes,
            toComplete: toComplete?.items.isEmpty == false ? toComplete : nil)
        document.annexes = context.annexes.annexes
        document.language = language
        document.untranslated = context.t.missing
        // Belt and braces: whatever a template or a footnote brought in is redacted too.
        if let redaction { document = Self.redact(document, with: redaction) }
        return document
    }

    /// The draft written in `format`.
    public func render(_ document: DraftDocument, as format: DraftFormat) throws -> Data {
        switch format {
        case .docx: try DocxWriter().write(document)
        case .html: Data(HTMLWriter(stylesheet: (try? templates.text("document.css")) ?? "").write(document).utf8)
        case .md: Data(MarkdownWriter().write(document).utf8)
        }
    }

    /// `document` then `render` in one call.
    public func draft(_ kind: DocumentKind, for file: CaseFile, asOf: CaseDate, format: DraftFormat,
                      assessment: Assessment? = nil, redact: Bool = false, precedents: [PrecedentCitation] = [],
                      language: DraftLanguage = .en) throws -> Data {
        try render(document(kind, for: file, asOf: asOf, assessment: assessment, redact: redact, precedents: precedents, language: language), as: format)
    }

    static func redact(_ a: Assessment, with r: Redaction) -> Assessment {
        var out = a
        out.categories = a.categories.map { finding in
            var f = finding
            f.grounds = finding.grounds.map { g in
                var ground = g
                ground.details = g.details.map { r.apply($0) }
                ground.computation = g.computation.map { r.apply($0) }
                ground.note = g.note.map { r.apply($0) }
                return ground
            }
            return f
        }
        out.urgentAction.reasons = a.urgentAction.reasons.map { r.apply($0) }
        out.gaps = a.gaps.map { r.apply($0) }
        out.remedies = a.remedies.map { r.apply($0) }
        out.referrals = a.referrals.map { r.apply($0) }
        return out
    }

    static func redact(_ d: DraftDocument, with r: Redaction) -> DraftDocument {
        func inline(_ items: [Inline]) -> [Inline] {
            items.map {
                switch $0 {
                case .text(let t): .text(r.apply(t))
                case .strong(let t): .strong(r.apply(t))
                case .emphasis(let t): .emphasis(r.apply(t))
                case .placeholder(let t): .placeholder(r.apply(t))
                case .footnote: $0
                }
            }
        }
        var out = d
        out.metadata.title = r.apply(d.metadata.title)
        out.metadata.subject = r.apply(d.metadata.subject)
        out.blocks = d.blocks.map { block in
            switch block {
            case .title(let t): .title(r.apply(t))
            case .subtitle(let t): .subtitle(r.apply(t))
            case .heading(let level, let t): .heading(level: level, text: r.apply(t))
            case .paragraph(var p): { p.content = inline(p.content); return .paragraph(p) }()
            case .bullet(let items): .bullet(inline(items))
            case .table(var t): {
                t.header = t.header.map { r.apply($0) }
                t.rows = t.rows.map { $0.map(inline) }
                return .table(t)
            }()
            case .pageBreak: .pageBreak
            }
        }
        out.footnotes = d.footnotes.map { var f = $0; f.text = r.apply(f.text); f.url = f.url.flatMap { r.leaks(in: $0) ? nil : $0 }; return f }
        if var todo = d.toComplete {
            todo.items = todo.items.map { r.apply($0) }
            todo.heading = r.apply(todo.heading)
            todo.intro = r.apply(todo.intro)
            out.toComplete = todo
        }
        return out
    }
}
