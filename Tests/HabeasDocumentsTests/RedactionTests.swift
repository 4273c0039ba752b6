import Foundation
import HabeasCore
@testable import HabeasDocuments
import Testing

@Suite struct RedactionTests {
    static let confidential = """
    format: habeas-case/1
    id: kz-sadykova
    title: Aigerim Sadykova (Kazakhstan)
    state: KZ
    person:
      name: Aigerim Nurlanovna Sadykova
      otherNames: [Aika Sadykova-Bek]
      sex: female
      birthDate: 1988-04-17
      nationalities: [KZ]
      idDocument: passport N12345678
      occupation: Blogger
      address: 12 Abai Avenue, Almaty
      profile: [blogger]
    deprivation:
      kind: pre-trial
      ongoing: true
      heldBy: Police of Almaty
      places: [{name: Temporary detention centre, official: true}]
    timeline:
      - date: 2023-02-01T09:00:00+06:00
        type: arrest
        by: police
        warrantShown: false
        details: Sadykova was taken from 12 Abai Avenue, Almaty in front of her children.
      - date: 2023-02-04T10:00:00+06:00
        type: brought-before-judge
        details: "Ms. SADYKOVA told the judge her passport N12345678 was seized; born 17 April 1988."
    allegations:
      - type: exercise-of-rights
        right: expression
        details: Aika Sadykova-Bek wrote posts criticising the akim; Nurlanovna's blog was blocked.
    source:
      name: Dana Sadykova
      contact: dana@example.org, +7 700 000 0000
      relationship: sister
      consent: true
      consentGivenBy: family
      confidential: true
    summary: Aigerim Sadykova, a blogger known as Aika, was arrested at home. Her sister Dana reported it.
    references:
      - {id: r1, text: Post by Aigerim Sadykova, url: "https://sadykova.example.org/post"}
    """

    static let secrets = ["Aigerim", "Nurlanovna", "Sadykova", "Aika", "Sadykova-Bek", "Bek", "Dana", "dana@example.org",
                          "+7 700 000 0000", "N12345678", "Abai", "1988-04-17", "17 April 1988", "kz-sadykova"]

    static func leaks(_ text: String) -> [String] {
        secrets.filter { text.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
    }

    @Test(arguments: [DocumentKind.summary, .petition, .chronology, .urgentAction, .followUp])
    func noOriginalNameAnywhere(kind: DocumentKind) throws {
        let drafter = try drafter()
        let file = try load(Self.confidential)
        // The summary is redacted because the source is confidential; the others on request.
        let doc = try drafter.document(kind, for: file, asOf: CaseDate(year: 2023, month: 3, day: 1), redact: kind != .summary)
        #expect(Self.leaks(allText(doc)) == [])
        #expect(Self.leaks(doc.metadata.title + doc.metadata.subject) == [])
        for (path, data) in try unzip(try drafter.render(doc, as: .docx)) {
            #expect(Self.leaks(String(decoding: data, as: UTF8.self)) == [], "\(path)")
        }
        #expect(Self.leaks(String(decoding: try drafter.render(doc, as: .html), as: UTF8.self)) == [])
        #expect(Self.leaks(String(decoding: try drafter.render(doc, as: .md), as: UTF8.self)) == [])
    }

    @Test func pseudonymIsConsistent() throws {
        let doc = try drafter().document(.summary, for: try load(Self.confidential), asOf: CaseDate(year: 2023, month: 3, day: 1))
        let text = allText(doc)
        #expect(text.contains("Ms. A"))
        #expect(text.contains("A, a blogger known as A"))
        // Issue 10: a passage that quotes the address is withheld whole, not patched word by word.
        #expect(text.contains(Redaction.withheld))
        #expect(!text.contains("Abai"))
        #expect(!text.contains("sister Dana"))
    }

    @Test func petitionIsNotRedactedUnlessAsked() throws {
        let doc = try drafter().document(.petition, for: try load(Self.confidential), asOf: CaseDate(year: 2023, month: 3, day: 1))
        let text = allText(doc)
        #expect(text.contains("Ms. Sadykova"))
        #expect(text.contains("dana@example.org"), "the source's contact belongs to the submission to the secretariat")
    }
}
