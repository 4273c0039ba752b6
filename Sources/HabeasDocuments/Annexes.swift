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

/// A file with its annex number. Numbers follow the order in which the draft first cites the
/// files (through the evidence its grounds rest on); files it does not cite come last, in the
/// order given. The submission package names its files with these numbers, so the draft's
/// "Annex 2" is the package's Annex 2.
public struct Annex: Sendable, Equatable {
    public var number: Int
    public var file: AnnexFile
    /// Whether the text of the draft refers to it (not only the annex list).
    public var citedInText: Bool

    public var label: String { "Annex \(number)" }
}

/// Numbers annexes as a draft is built.
struct AnnexNumbering {
    let files: [AnnexFile]
    private(set) var citedOrder: [String] = []

    init(files: [AnnexFile]) {
        // One file once, even if attached twice.
        var seen: Set<String> = []
        self.files = files.filter { seen.insert($0.sha256).inserted }
    }

    /// "Annex 1 and Annex 2" for the files of these evidence items, numbering those not yet cited.
    mutating func cite(evidence ids: [String]) -> String? {
        var labels: [String] = []
        for id in ids {
            for file in files where file.evidenceID == id {
                if !citedOrder.contains(file.sha256) { citedOrder.append(file.sha256) }
                let label = "Annex \(citedOrder.firstIndex(of: file.sha256)! + 1)"
                if !labels.contains(label) { labels.append(label) }
            }
        }
        return labels.isEmpty ? nil : Wording.list(labels)
    }

    /// Every file, numbered: cited ones in order of first citation, then the rest.
    var annexes: [Annex] {
        let cited = citedOrder.compactMap { sha in files.first { $0.sha256 == sha } }
        let rest = files.filter { !citedOrder.contains($0.sha256) }
        return (cited + rest).enumerated().map { Annex(number: $0.offset + 1, file: $0.element, citedInText: $0.offset < cited.count) }
    }
}
