import Foundation
import HabeasCore
@testable import HabeasJurisprudence
import HabeasTestSupport

/// A corpus file built from parts, for synthetic corpora: the opinion event is added last.
func opinionYAML(id: String, state: String = "ZZ", allegations: String = "", timeline: String = "[]",
                 profile: String = "", date: String = "2020-06-01", number: String? = nil, categories: String? = nil,
                 arbitrary: Bool? = true, kind: String = "pre-trial") -> String {
    var opinion = "  - date: \(date)\n    type: opinion-adopted\n"
    if let number { opinion += "    number: \"\(number)\"\n" }
    if let categories { opinion += "    categories: [\(categories)]\n" }
    if let arbitrary { opinion += "    arbitrary: \(arbitrary)\n" }
    return """
    format: habeas-case/1
    id: \(id)
    state: \(state)
    person:
      name: Person \(id)
    \(profile.isEmpty ? "" : "  profile: [\(profile)]\n")deprivation:
      kind: \(kind)
      ongoing: true
    timeline: \(timeline)
    \(allegations.isEmpty ? "" : "allegations:\n" + allegations)
    procedure:
    \(opinion)
    """
}

func corpus(_ files: [(String, String)]) -> [CorpusOpinion] {
    let loaded = Corpus.load(texts: files.map { (name: $0.0 + ".yaml", text: $0.1) })
    precondition(loaded.problems.isEmpty, loaded.problems.map(\.description).joined(separator: "\n"))
    return loaded.opinions
}

/// The Massimov facts as published: the one fixture of every suite.
let massimovYAML: String = { try! Fixtures.massimovText }()

let massimovAsOf = Fixtures.massimovAsOf
