import HabeasCore

/// A file to send with a draft, as the store describes it: the draft names it by title and date,
/// and the annex list gives its SHA-256 so the recipient can check it is the file the source sent.
public struct AnnexFile: Sendable, Equatable {
    public var sha256: String
    public var title: String
    public var date: CaseDate?
    /// The evidence item the file belongs to (`evidence[].id`), or nil for a file of the case.
    public var evidenceID: String?
    /// The file shows who someone is (a photograph, an identity document): never in a redacted output.
    public var identifying: Bool

    public init(sha256: String, title: String, date: CaseDate? = nil, evidenceID: String? = nil, identifying: Bool = false) {
        self.sha256 = sha256
        self.title = title
        self.date = date
        self.evidenceID = evidenceID
        self.identifying = identifying
    }
}

/// A file with its annex number (see `AnnexNumbering`). The submission package names its files
/// with these numbers, so the draft's "Annex 2" is the package's Annex 2.
public struct Annex: Sendable, Equatable {
    public var number: Int
    public var file: AnnexFile
    /// Whether a ground of the draft relies on it (every annex is also listed with the facts).
    public var reliedOnByGround: Bool

    public var label: String { "Annex \(number)" }
}

/// Numbers the annexes of a draft before it is written. The draft first names every annex in its
/// account of the facts, in number order; the numbers put first the files of the evidence the
/// grounds rely on, in the order the grounds rely on it, then the other files in the order given.
/// So "first cited" and "numbered" agree wherever the text cites a file again.
struct AnnexNumbering {
    let annexes: [Annex]

    init(files: [AnnexFile], evidenceOrder: [String]) {
        var seen: Set<String> = []
        let unique = files.filter { seen.insert($0.sha256).inserted }
        var ordered: [AnnexFile] = []
        for id in evidenceOrder {
            for file in unique where file.evidenceID == id && !ordered.contains(file) { ordered.append(file) }
        }
        let reliedOn = ordered.count
        ordered += unique.filter { !ordered.contains($0) }
        annexes = ordered.enumerated().map { Annex(number: $0.offset + 1, file: $0.element, reliedOnByGround: $0.offset < reliedOn) }
    }

    /// "Annex 1 and Annex 2": the annexes of these evidence items, labelled and listed in the draft's language.
    func cite(evidence ids: [String], label: (Int) -> String = { "Annex \($0)" }, list: ([String]) -> String = { Wording.list($0) }) -> String? {
        var labels: [String] = []
        for id in ids {
            for annex in annexes where annex.file.evidenceID == id && !labels.contains(label(annex.number)) { labels.append(label(annex.number)) }
        }
        return labels.isEmpty ? nil : list(labels)
    }
}
