import Foundation
@testable import HabeasCore
@testable import HabeasDocuments
import Testing

/// Issue 12 §9: the drafts say exactly what the file shows.
@Suite struct DraftWordingTests {
    @Test func ongoingPeriodsSayAtLeastAsOfTheLatestInformation() throws {
        let today = CaseDate(year: 2026, month: 11, day: 29)
        let doc = try drafter().document(.petition, for: try load(massimovYAML), asOf: today)
        let text = allText(doc)
        #expect(text.contains("has been held incommunicado since 5 January 2022, at least 72 days as of 18 March 2022"))
        #expect(!text.contains("1789"))
        let urgent = allText(try drafter().document(.urgentAction, for: try load(massimovYAML), asOf: today))
        #expect(urgent.contains("at least 72 days (last reported 2022-03-18)") || urgent.contains("at least 72 days as of 18 March 2022"))
        #expect(!urgent.contains("1789"))
    }

    static let released = """
    format: habeas-case/1
    id: xx-released
    state: KZ
    person:
      name: Nurlan Test
      sex: male
    deprivation:
      kind: pre-trial
      ongoing: false
    charges:
      - label: fraud
    timeline:
      - date: 2022-01-01
        type: arrest
        warrantShown: true
        reasonsGiven: true
      - date: 2022-01-06
        type: counsel-access
        chosen: true
        confidential: true
      - date: 2022-01-21
        type: family-contact
      - date: 2022-02-01
        type: release
    allegations:
      - type: denied-family-contact
    """

    @Test func endedPeriodsArePastWithBothDatesAndFamilyContactIsMeasuredFromItsEvents() throws {
        let file = try load(Self.released)
        let asOf = CaseDate(year: 2022, month: 6, day: 1)
        let text = allText(try drafter().document(.petition, for: file, asOf: asOf))
        #expect(text.contains("was without access to a lawyer from 1 January 2022 to 6 January 2022 (5 days)"))
        // Counsel ended the incommunicado window on day 5; the family came only on day 20.
        #expect(text.contains("was denied contact with his family from 1 January 2022 to 21 January 2022 (20 days)"))
        #expect(!text.contains("has been held"))
    }

    @Test func bindingProvisionsAreViolatedAndStandardsAreCitedAsStandards() throws {
        let text = allText(try drafter().document(.petition, for: try load(massimovYAML), asOf: march18))
        #expect(text.contains("As the Human Rights Committee has held, the applicable standard is set out in"))
        for sentence in text.components(separatedBy: "This violates ").dropFirst() {
            // The sentence ends at a full stop followed by a capital ("art. 9" is not an end).
            let end = sentence.range(of: #"\.(\s+[A-Z*]|$)"#, options: .regularExpression)?.lowerBound ?? sentence.endIndex
            let cited = sentence[..<end]
            #expect(!cited.contains("CCPR/C/GC/35"), "a general comment cited as violated: \(cited)")
            #expect(!cited.contains("Basic Principles"), "principles cited as violated: \(cited)")
            #expect(!cited.isEmpty, "a sentence with no provision")
        }
        #expect(!text.contains("This violates ."))
    }

    @Test func aStateNotPartyToTheCovenantIsArguedOnTheDeclaration() throws {
        let yaml = massimovYAML.replacingOccurrences(of: "state: KZ", with: "state: MM")
        let text = allText(try drafter().document(.petition, for: try load(yaml), asOf: march18))
        #expect(text.contains("is not a party to the International Covenant on Civil and Political Rights"))
        #expect(!text.contains("ICCPR art."))
    }
}
