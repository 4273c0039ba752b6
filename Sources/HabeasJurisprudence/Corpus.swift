import Foundation
import HabeasCore

/// One adopted opinion of the Working Group, encoded as a `habeas-case/1` file from what was read
/// in public (the opinion, or NGO statements quoting it). The finding lives only in the file's
/// `opinion-adopted` event; the facts are the rest of the file.
public struct CorpusOpinion: Sendable, Equatable {
    /// The file name without extension (`wgad-2023-2-al-singace`).
    public var name: String
    public var file: CaseFile

    public init(name: String, file: CaseFile) {
        self.name = name
        self.file = file
    }

    /// The first `opinion-adopted` event: the Working Group's finding.
    public var opinion: ProcedureEvent? { file.procedure.first { $0.type == .opinionAdopted } }
    /// "2/2023", when it was read.
    public var number: String? { opinion?.number }
    public var session: String? { opinion?.session }
    public var adopted: CaseDate? { opinion?.date }
    /// The categories found, when they were read. `nil`: not read (the file is not scored).
    public var categories: [Category]? { opinion?.categories }
    /// Whether the detention was found arbitrary, when read.
    public var arbitrary: Bool? { opinion?.arbitrary }
    public var state: String { file.state }
    public var year: Int? { adopted?.year }

    /// Scored by calibration: the categories (or a finding of "not arbitrary") were read.
    public var isScored: Bool {
        guard let opinion else { return false }
        if opinion.categories != nil { return true }
        return opinion.arbitrary == false
    }

    /// The file the engine sees: the facts without the finding (every `opinion-adopted` event
    /// removed, and what follows an opinion: its transmission, follow-up and review).
    public var facts: CaseFile {
        var copy = file
        let after: Set<ProcedureType> = [.opinionAdopted, .opinionTransmitted, .followUpSubmitted, .reviewRequested]
        copy.procedure.removeAll { after.contains($0.type) }
        return copy
    }

    /// The public addresses read, from `references`.
    public var sources: [Reference] { file.references }

    /// `extensions.corpus.thin`: the encoder judged the facts too thin for the engine.
    public var isThin: Bool {
        if case .bool(let thin)? = file.extensions?["corpus"]?["thin"] { return thin }
        return false
    }

    /// The paragraph of the opinion that supports `category`, when it was read
    /// (`extensions.corpus.paragraphs.I: "94-95"`).
    public func paragraph(for category: Category) -> String? {
        if case .string(let para)? = file.extensions?["corpus"]?["paragraphs"]?[category.rawValue] { return para }
        return nil
    }

    /// "opinion No. 2/2023", or the session and date when the number was not read.
    public var citation: String {
        if let number { return "opinion No. \(number)" }
        if let session { return "opinion of the \(session)th session (number not read)" }
        if let adopted { return "opinion adopted \(opinion?.approximate == true ? "about " : "")\(adopted.longDescription) (number not read)" }
        return "opinion (number not read)"
    }

    /// The official symbol, `A/HRC/WGAD/2023/2`, derived from the number.
    public var symbol: String? {
        guard let number else { return nil }
        let parts = number.split(separator: "/")
        guard parts.count == 2 else { return nil }
        return "A/HRC/WGAD/\(parts[1])/\(parts[0])"
    }

    /// "Bahrain", in English.
    public var stateName: String { Corpus.country(state) }
}

/// A corpus file that could not be read, with every problem.
public struct CorpusProblem: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var messages: [String]
    public var description: String { messages.map { "\(name): \($0)" }.joined(separator: "\n") }
}

public enum Corpus {
    /// The corpus bundled with the package, in file-name order. The files are validated by the tests;
    /// a file that does not load here is left out and reported in `problems`.
    public static func bundled() -> (opinions: [CorpusOpinion], problems: [CorpusProblem]) {
        guard let url = Bundle.module.url(forResource: "Corpus", withExtension: nil) else {
            return ([], [CorpusProblem(name: "Corpus", messages: ["the corpus is missing from this build"])])
        }
        return load(directory: url)
    }

    /// The bundled corpus, loaded once per process.
    public static let shared: [CorpusOpinion] = bundled().opinions

    /// Every `.yaml`, `.yml` and `.json` file of a directory.
    public static func load(directory: URL) -> (opinions: [CorpusOpinion], problems: [CorpusProblem]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            return ([], [CorpusProblem(name: directory.path, messages: ["cannot be read as a directory"])])
        }
        var texts: [(name: String, text: String)] = []
        var problems: [CorpusProblem] = []
        for name in names.sorted() where ["yaml", "yml", "json"].contains((name as NSString).pathExtension.lowercased()) {
            let url = directory.appendingPathComponent(name)
            // A corpus file is a few kilobytes; refuse anything absurd rather than read it whole.
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            guard size <= maxFileBytes else {
                problems.append(CorpusProblem(name: name, messages: ["larger than \(maxFileBytes) bytes"]))
                continue
            }
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                problems.append(CorpusProblem(name: name, messages: ["not UTF-8 text"]))
                continue
            }
            texts.append((name, text))
        }
        let loaded = load(texts: texts)
        return (loaded.opinions, problems + loaded.problems)
    }

    /// Loads opinions from `(file name, text)` pairs.
    public static func load(texts: [(name: String, text: String)]) -> (opinions: [CorpusOpinion], problems: [CorpusProblem]) {
        var opinions: [CorpusOpinion] = []
        var problems: [CorpusProblem] = []
        for (name, text) in texts {
            let stem = (name as NSString).deletingPathExtension
            do {
                let file = try CaseFile.load(text: text, file: name)
                guard file.procedure.contains(where: { $0.type == .opinionAdopted }) else {
                    problems.append(CorpusProblem(name: name, messages: ["has no opinion-adopted event: not an opinion"]))
                    continue
                }
                opinions.append(CorpusOpinion(name: stem, file: file))
            } catch {
                problems.append(CorpusProblem(name: name, messages: error.issues.map(\.description)))
            }
        }
        return (opinions, problems)
    }

    static let maxFileBytes = 256 * 1024

    /// The English name of an ISO 3166-1 alpha-2 code, or the code.
    public static func country(_ code: String) -> String {
        Locale(identifier: "en_GB").localizedString(forRegionCode: code.uppercased()) ?? code
    }
}
