import Foundation
import HabeasCore
@testable import HabeasDocuments
import HabeasTestSupport
import Testing
import ZIPFoundation

/// A seeded synthetic group: arrests over a week, some brought before a judge late, some held
/// incommunicado (their files allege it), some released, a few at risk.
func syntheticGroup(_ count: Int, seed: UInt64 = 42) -> [CaseFile] {
    var state = seed
    func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    let places = ["SIZO No. 1, Almaty", "Temporary detention facility, Almaty", "SIZO Taldykorgan"]
    let charges = ["mass riots", "participation in mass riots", "hooliganism", "violation of the procedure for holding assemblies"]
    return (0..<count).map { i in
        var person = Person(name: "Detainee \(i) Surname\(i)")
        person.birthDate = CaseDate(year: 1970 + next(35), month: 1 + next(12), day: 1 + next(28))
        person.profile = next(3) == 0 ? [.protester] : []
        let released = next(4) == 0
        var deprivation = Deprivation(kind: .preTrial, ongoing: !released)
        deprivation.places = [Place(name: places[next(places.count)])]
        var file = CaseFile(id: "g-\(i)", state: "KZ", person: person, deprivation: deprivation)
        file.charges = [Charge(label: charges[next(charges.count)])]
        let arrest = CaseDate(year: 2022, month: 1, day: 5 + next(7))
        file.timeline.append(TimelineEvent(date: arrest, type: .arrest))
        if next(2) == 0 {
            file.timeline.append(TimelineEvent(date: arrest.addingDays(1 + next(9)), type: .broughtBeforeJudge,
                                               attributes: ["authorityKind": .text("court")]))
        }
        if next(3) == 0 { file.allegations.append(Allegation(type: .incommunicado)) }
        if next(10) == 0 { file.allegations.append(Allegation(type: .healthAtRisk)) }
        if released { file.timeline.append(TimelineEvent(date: CaseDate(year: 2022, month: 2, day: 10), type: .release)) }
        return file
    }
}

@Suite struct GroupPetitionTests {
    let asOf = CaseDate(year: 2022, month: 3, day: 1)

    static func fixtures() throws -> [CaseFile] { try Fixtures.all.map(Fixtures.load) }

    func annex(_ d: DraftDocument) -> Table? {
        d.blocks.lazy.compactMap { if case .table(let t) = $0, t.header.first == "No." { t } else { nil } }.first
    }

    func paragraphs(_ d: DraftDocument) -> [String] {
        d.blocks.compactMap { if case .paragraph(let p) = $0 { p.content.plainText } else { nil } }
    }

    @Test func aCategoryHoldsForASetOnlyWhenEachAssessmentIndicatesIt() throws {
        let files = try Self.fixtures()
        let petition = GroupPetition(title: "Fixtures", files: files, asOf: march18)
        let doc = petition.document()
        let text = paragraphs(doc)
        for category in Category.allCases {
            let findings = petition.members.map { $0.assessment.finding(for: category).finding }
            let indicated = findings.indices.filter { findings[$0] == .indicated }
            let possible = findings.indices.filter { findings[$0] == .possible }
            let claim = text.first { $0.hasPrefix("Category \(category.rawValue) is indicated for") }
            let maybe = text.first { $0.hasPrefix("Category \(category.rawValue) is possible, not established, for") }
            #expect((claim != nil) == !indicated.isEmpty, "\(category)")
            #expect((maybe != nil) == !possible.isEmpty, "\(category)")
            if let claim {
                #expect(claim.contains("all \(files.count) persons") == (indicated.count == files.count), "\(claim)")
                if indicated.count > 1, indicated.count < files.count {
                    #expect(claim.contains("numbered \(GroupPetition.ranges(indicated))"), "\(claim)")
                }
            }
        }
        // The annex says the same, person by person.
        let table = try #require(annex(doc))
        #expect(table.rows.count == files.count)
        for (i, member) in petition.members.enumerated() {
            let cell = table.rows[i][8].plainText
            let indicated = member.assessment.indicatedCategories.map(\.rawValue)
            #expect(cell.hasPrefix(indicated.isEmpty ? "none indicated" : indicated.joined(separator: ", ")), "\(cell)")
            #expect(cell.contains("possible") == member.assessment.categories.contains { $0.finding == .possible })
            #expect(table.rows[i][1].plainText == member.file.person.name)
        }
    }

    @Test func rangesAreCompact() {
        #expect(GroupPetition.ranges([0, 1, 2, 4, 6, 7]) == "1–3, 5, 7, 8")
        #expect(GroupPetition.ranges([3]) == "4")
        #expect(GroupPetition.ranges([]) == "")
    }

    @Test func urgentVariantListsThoseAtRiskFirst() throws {
        let files = syntheticGroup(60)
        let urgent = GroupPetition(title: "Almaty, January 2022", files: files, asOf: asOf, urgent: true)
        let flags = urgent.members.map(\.assessment.urgentAction.eligible)
        let atRisk = flags.filter { $0 }.count
        #expect(atRisk > 0 && atRisk < files.count)
        #expect(flags == Array(repeating: true, count: atRisk) + Array(repeating: false, count: files.count - atRisk))
        let doc = urgent.document()
        #expect(doc.kind == .urgentAction)
        #expect(doc.blocks.contains(.heading(level: 1, text: "III. Persons whose health or life is at risk")))
        let table = try #require(annex(doc))
        #expect(table.rows[0][1].plainText.hasSuffix("(at risk)"))
        #expect(!table.rows[files.count - 1][1].plainText.contains("(at risk)"))
        // The regular variant keeps the order by arrest date.
        let regular = GroupPetition(title: "Almaty, January 2022", files: files, asOf: asOf).members
        let arrests = regular.map { $0.assessment.derived.start!.event.date.dayNumber }
        #expect(arrests == arrests.sorted())
    }

    @Test func redactedNamesNoOne() throws {
        let files = syntheticGroup(30)
        let doc = GroupPetition(title: "Almaty", files: files, asOf: asOf, urgent: true, redact: true).document()
        let text = allText(doc)
        for file in files {
            #expect(!text.contains(file.person.name))
            #expect(!text.contains("Surname"))
        }
        #expect(text.contains("Person 1"))
    }

    @Test func aFiveThousandPersonAnnexRendersInEveryFormat() throws {
        let files = syntheticGroup(5000)
        let doc = GroupPetition(title: "Almaty, January 2022", files: files, asOf: asOf).document()
        let drafter = try drafter()
        let docx = try drafter.render(doc, as: .docx)
        let archive = try Archive(data: docx, accessMode: .read)
        let entry = try #require(archive["word/document.xml"])
        var xml = Data()
        _ = try archive.extract(entry) { xml.append($0) }
        let body = String(decoding: xml, as: UTF8.self)
        // The annex as tables of `rowsPerTable` rows, each with its header, across landscape pages.
        let tables = (5000 + DocxWriter.rowsPerTable - 1) / DocxWriter.rowsPerTable
        #expect(body.components(separatedBy: "<w:tbl>").count - 1 == tables)
        #expect(body.components(separatedBy: "<w:tr>").count - 1 == 5000 + tables)
        #expect(body.components(separatedBy: "<w:tblHeader/>").count - 1 == tables)
        // Every part after the first starts a page (LibreOffice otherwise drops a part whose
        // header just fits at the foot of a page).
        #expect(body.components(separatedBy: "<w:pageBreakBefore/>").count - 1 == tables - 1)
        #expect(body.contains(#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#))
        #expect(body.contains("Detainee 4999 Surname4999"))
        let html = String(decoding: try drafter.render(doc, as: .html), as: UTF8.self)
        #expect(html.components(separatedBy: "<tr").count - 1 == 5001)
        let md = String(decoding: try drafter.render(doc, as: .md), as: UTF8.self)
        #expect(md.contains("| 5000 |"))
    }
}
