import HabeasCore

/// A precedent of the Working Group that the petition cites in the argument of one category: the
/// sentence in the body and the footnote that identifies the opinion and what was read of it.
/// Built by HabeasJurisprudence from its corpus; the drafter only words it.
public struct PrecedentCitation: Sendable, Equatable {
    public var category: Category
    /// The sentence in the argument, plain text ("In its opinion No. 2/2023 concerning Bahrain, …").
    public var sentence: String
    /// A stable key for the footnote (`2-2023`).
    public var key: String
    /// The footnote: symbol, person, State, and the address of what was read.
    public var footnote: String
    public var url: String?
    /// The Working Group did not find this category in that opinion; the sentence says so.
    public var contrary: Bool

    public init(category: Category, sentence: String, key: String, footnote: String, url: String? = nil, contrary: Bool = false) {
        self.category = category
        self.sentence = sentence
        self.key = key
        self.footnote = footnote
        self.url = url
        self.contrary = contrary
    }
}

extension DraftContext {
    /// The paragraphs citing precedents in the argument of `category`, each with its footnote.
    mutating func precedentContexts(_ category: Category) -> [[String: Any]] {
        precedents.filter { $0.category == category }.map { citation in
            let key = "wgad:" + Markup.sanitizeKey(citation.key)
            addFootnote(key, FootnoteSource(text: citation.footnote, url: citation.url))
            return ["text": Markup.raw(Markup.escape(citation.sentence) + Markup.cite(key))]
        }
    }
}
