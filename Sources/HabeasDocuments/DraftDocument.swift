import HabeasCore

/// The one intermediate form of every draft. Built once per kind from the rendered template, then
/// written as DOCX, HTML or Markdown, so the three formats never disagree on numbers or wording.
public struct DraftDocument: Sendable, Equatable {
    public var kind: DocumentKind
    /// Document properties (DOCX `docProps`, HTML `<title>`): already redacted when the draft is.
    public var metadata: Metadata
    public var blocks: [Block]
    /// Footnotes in order of first citation; `Footnote.number` is 1-based and equals the position + 1.
    public var footnotes: [Footnote]
    /// What the lawyer must add before filing: the first page of the draft when not empty.
    public var toComplete: ToComplete?
    /// The files sent with the draft, numbered as its text cites them (empty when none).
    public var annexes: [Annex] = []
    /// The language it is written in.
    public var language: DraftLanguage = .en
    /// Phrases the language's wording catalogue lacks, drafted in English instead (empty when complete).
    public var untranslated: [String] = []

    public struct Metadata: Sendable, Equatable {
        public var title: String
        public var subject: String
        /// The `--as-of` date, used as the document date so output is reproducible.
        public var date: CaseDate
        public var language: String = "en-GB"
    }

    public struct ToComplete: Sendable, Equatable {
        public var heading: String
        public var intro: String
        public var items: [String]
    }

    /// The highest numbered paragraph (0 when none).
    public var paragraphCount: Int {
        blocks.reduce(0) { if case .paragraph(let p) = $1, let n = p.number { max($0, n) } else { $0 } }
    }
}

public enum Block: Sendable, Equatable {
    case title(String)
    case subtitle(String)
    case heading(level: Int, text: String)
    case paragraph(Paragraph)
    case bullet([Inline])
    case table(Table)
    case pageBreak
}

public struct Paragraph: Sendable, Equatable {
    /// The paragraph number in the document's one continuous sequence, or nil for plain text.
    public var number: Int?
    public var content: [Inline]
    public var style: Style = .body

    public enum Style: String, Sendable {
        case body, note, signature
    }
}

public enum Inline: Sendable, Equatable {
    case text(String)
    case strong(String)
    case emphasis(String)
    /// Information the case lacks, shown highlighted where it belongs and listed on the first page.
    case placeholder(String)
    /// A citation of footnote `number`; `first` is its first citation (the footnote itself is
    /// attached there; later citations repeat the number).
    case footnote(number: Int, first: Bool)

    public var plainText: String {
        switch self {
        case .text(let t), .strong(let t), .emphasis(let t): t
        case .placeholder(let t): "[\(t)]"
        case .footnote(let n, _): "[\(n)]"
        }
    }
}

public struct Table: Sendable, Equatable {
    public var header: [String]
    public var rows: [[[Inline]]]
    /// Relative column widths (DOCX); nil: a narrow first column, the rest shared.
    public var widths: [Int]? = nil
    /// Printed across a landscape page (DOCX): a page break before it starts a landscape section.
    public var landscape = false
}

public struct Footnote: Sendable, Equatable {
    public var number: Int
    /// The catalog key it was cited by (`ref:k1`, `inst:ICCPR`).
    public var key: String
    public var text: String
    public var url: String?
}

extension Array where Element == Inline {
    public var plainText: String { map(\.plainText).joined() }
}
