import Foundation
import HabeasCore
@testable import HabeasJurisprudence

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
  profile: [political-figure]
deprivation:
  kind: pre-trial
  ongoing: true
  heldBy: National Security Committee
  places:
    - name: undisclosed
      official: false
charges:
  - label: treason
timeline:
  - date: 2022-01-05
    type: arrest
    approximate: true
    warrantShown: false
    reasonsGiven: false
  - date: 2022-01-08
    type: detention-order
    authority: unnamed judicial body
    authorityIdentified: false
    detaineePresent: false
    public: false
    reasonsPublished: false
allegations:
  - type: no-legal-basis
  - type: incommunicado
  - type: undisclosed-location
  - type: counsel-not-of-choice
  - type: denied-family-contact
  - type: denied-medical-care
  - type: secret-proceedings
  - type: tribunal-not-independent
  - type: politically-motivated
  - type: health-at-risk
procedure:
  - date: 2022-03-18
    type: communication-submitted
    approximate: true
"""

let massimovAsOf = CaseDate(year: 2022, month: 3, day: 18)
