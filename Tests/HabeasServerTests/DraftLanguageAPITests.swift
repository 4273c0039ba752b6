import Foundation
import HabeasCore
@testable import HabeasServer
import Hummingbird
import HummingbirdTesting
import Testing
import HabeasTestSupport

/// `?lang=` on the draft route, and the case page's language choice (issue 16).
@Suite("Draft languages over the API")
struct DraftLanguageAPITests {
    @Test func draftsComeInTheWorkingGroupsLanguagesAndOtherValuesAreRefused() async throws {
        try await withApp(demo: true) { client in
            let fr = try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/petition.md?asOf=2022-03-18&lang=fr", method: .get)
            #expect(fr.status == .ok)
            #expect(fr.headers[.contentLanguage] == "fr-FR")
            #expect(fr.headers[.contentDisposition]?.contains("petition-fr.md") == true)
            let frText = String(buffer: fr.body)
            #expect(frText.contains("Groupe de travail sur la détention arbitraire") && frText.contains("Pacte international relatif aux droits civils et politiques"))
            let es = try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/summary.html?asOf=2022-03-18&lang=es", method: .get)
            #expect(es.status == .ok)
            #expect(String(buffer: es.body).contains("lang=\"es-ES\""))
            let en = try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/petition.md?asOf=2022-03-18", method: .get)
            #expect(String(buffer: en.body).contains("Working Group on Arbitrary Detention"))
            for bad in ["ru", "FR", "fr-FR", "%3Cscript%3E"] {
                let refused = try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/petition.md?lang=\(bad)", method: .get)
                #expect(refused.status == .badRequest, "\(bad)")
                let body = String(buffer: refused.body)
                #expect(body.contains("en, fr or es") && !body.contains("<script>"), "\(bad)")
            }
            let page = String(buffer: try await client.execute(uri: "/cases/kz-massimov", method: .get).body)
            #expect(page.contains("name=\"lang\"") && page.contains("<option value=\"fr\" lang=\"fr\">Français</option>"))
            #expect(page.contains("formaction=\"/api/v1/cases/kz-massimov/drafts/petition.docx\""))
        }
    }

    @Test func theOpenAPIDocumentDeclaresLang() throws {
        #expect(APIEndpoint.draft.query.contains { $0.name == "lang" })
    }
}
