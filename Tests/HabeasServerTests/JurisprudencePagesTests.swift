import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasJurisprudence
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Jurisprudence pages")
struct JurisprudencePagesTests {
    private func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func aboutShowsTheCalibrationReport() async throws {
        try await withApp { client in
            let response = try await client.execute(uri: "/about/assessment", method: .get)
            #expect(response.status == .ok)
            let body = html(response)
            #expect(body.contains("<h1>About the assessment</h1>"))
            let report = JurisprudencePages.report
            #expect(body.contains("\(report.scored) opinions whose categories were read"))
            for c in report.disagreements { #expect(body.contains(Route.opinion(c.name).path)) }
        }
    }

    @Test func theOpinionsFilterByStateCategoryAndAllegation() async throws {
        try await withApp { client in
            let all = html(try await client.execute(uri: "/opinions", method: .get))
            #expect(all.contains("\(Corpus.shared.count) of \(Corpus.shared.count) opinions."))
            let bahrain = Corpus.shared.filter { $0.state == "BH" && $0.categories?.contains(.V) == true }
            let filtered = html(try await client.execute(uri: "/opinions?state=BH&category=V", method: .get))
            #expect(filtered.contains("\(bahrain.count) of \(Corpus.shared.count) opinions."))
            let incommunicado = Corpus.shared.filter { $0.file.allegations.contains { $0.type == .incommunicado } }
            let byAllegation = html(try await client.execute(uri: "/opinions?allegation=incommunicado", method: .get))
            #expect(byAllegation.contains("\(incommunicado.count) of \(Corpus.shared.count) opinions."))
            // Unknown values are ignored, not echoed.
            let odd = html(try await client.execute(uri: "/opinions?state=%3Cscript%3E", method: .get))
            #expect(!odd.contains("<script>"))
        }
    }

    @Test func anOpinionPageShowsFactsFindingAndSources() async throws {
        try await withApp { client in
            let response = try await client.execute(uri: "/opinions/wgad-2023-2-al-singace", method: .get)
            #expect(response.status == .ok)
            let body = html(response)
            #expect(body.contains("opinion No. 2/2023"))
            #expect(body.contains("categories I, II, III, V"))
            #expect(body.contains("https://www.ilaad.org/"))
            let missing = try await client.execute(uri: "/opinions/no-such-opinion", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test func theCasePageListsPrecedents() async throws {
        try await withApp(demo: true) { client in
            let body = html(try await client.execute(uri: "/cases/kz-massimov", method: .get))
            #expect(body.contains("Precedents of the Working Group"))
            #expect(body.contains("href=\"/opinions/wgad-"))
        }
    }
}
