import Foundation
import HabeasCore
@testable import HabeasDocuments
import Testing

/// Issue 10: a draft is opened by people who trust it; nothing in a case file may make it run code.
@Suite struct HostileDraftTests {
    static func file(url: String) -> String {
        """
        format: habeas-case/1
        id: hostile-links
        state: KZ
        person: {name: Test Person, sex: male, nationalities: [KZ]}
        deprivation: {kind: pre-trial, ongoing: true}
        timeline:
          - {date: 2022-01-05, type: arrest, warrantShown: false, sourceRefs: [r1]}
        references:
          - {id: r1, text: "A report", url: "\(url)"}
        """
    }

    @Test(arguments: ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<script>x</script>", "vbscript:msgbox(1)",
                      "https://example.org/a b"])
    func markdownNeverLinksAnythingButWebAndMailAddresses(url: String) throws {
        let drafter = try drafter()
        let doc = try drafter.document(.petition, for: try load(Self.file(url: url)), asOf: march18)
        let md = String(decoding: try drafter.render(doc, as: .md), as: UTF8.self)
        #expect(md.contains("A report"))
        let lower = md.lowercased()
        for scheme in ["javascript:", "data:", "vbscript:"] {
            #expect(!lower.contains("<" + scheme), "no autolink to \(scheme)")
            #expect(!lower.contains("](" + scheme), "no inline link to \(scheme)")
        }
    }

    @Test func webAddressesStayLinks() throws {
        let drafter = try drafter()
        let doc = try drafter.document(.petition, for: try load(Self.file(url: "https://example.org/report")), asOf: march18)
        let md = String(decoding: try drafter.render(doc, as: .md), as: UTF8.self)
        #expect(md.contains("<https://example.org/report>"))
    }
}
