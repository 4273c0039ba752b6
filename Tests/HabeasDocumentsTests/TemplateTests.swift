import Foundation
import HabeasCore
@testable import HabeasDocuments
import Testing

@Suite struct TemplateTests {
    @Test func aFolderOverridesTheBundledWording() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "= Petition for {{subject}}\n# Facts\n¶ Held for {{detentionLength}}.[^inst:ICCPR]\n".write(to: dir.appendingPathComponent("petition.mustache"), atomically: true, encoding: .utf8)
        let drafter = try Drafter(templatesDirectory: dir)
        let doc = try drafter.document(.petition, for: try load(massimovYAML), asOf: march18)
        #expect(doc.metadata.title == "Petition for Mr. Massimov")
        #expect(allText(doc).contains("Held for 72 days."))
        #expect(doc.footnotes.count == 1)
        // The other kinds keep the bundled wording.
        let chronology = try drafter.document(.chronology, for: try load(massimovYAML), asOf: march18)
        #expect(chronology.metadata.title == "Chronology")
    }

    @Test func everyProvisionTheEngineCitesNamesItsInstrument() throws {
        let table = try TemplateSet.load().instruments
        let provisions = ["ICCPR art. 9(3)", "UDHR arts. 3 and 9", "CCPR/C/GC/35 para 33", "A/HRC/30/37 principle 9 and guideline 8",
                          "Basic Principles on the Role of Lawyers, principle 7", "Body of Principles, principle 10",
                          "Convention against Torture art. 15", "Nelson Mandela Rules, rule 58", "Refugee Convention art. 31",
                          "Revised Deliberation No. 5 on deprivation of liberty of migrants"]
        for provision in provisions { #expect(table.instrument(for: provision) != nil, "\(provision)") }
        #expect(table.instrument(for: "ICCPR art. 9(3)")?.citation.contains("International Covenant on Civil and Political Rights") == true)
        #expect(table.instrument(for: "CATEGORY") == nil)
    }
}
