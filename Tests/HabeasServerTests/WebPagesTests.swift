import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdTesting
import Testing

private func html(_ response: TestResponse) -> String { String(buffer: response.body) }

/// Gets a page and returns the CSRF token its cookie carries (the form repeats it).
private func csrf(_ client: some TestClientProtocol, _ uri: String) async throws -> String {
    let page = try await client.execute(uri: uri, method: .get)
    let cookie = try #require(page.headers[.setCookie])
    let value = try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last)
    #expect(html(page).contains("name=\"_csrf\" value=\"\(value)\""))
    return String(value)
}

private func formBody(_ fields: [(String, String)]) -> ByteBuffer {
    ByteBuffer(string: fields.map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&"))
}

private func post(_ client: some TestClientProtocol, _ uri: String, token: String, _ fields: [(String, String)]) async throws -> TestResponse {
    try await client.execute(uri: uri, method: .post, headers: [
        .contentType: "application/x-www-form-urlencoded",
        .cookie: "\(CSRF.cookieName)=\(token)",
    ], body: formBody([(CSRF.fieldName, token)] + fields))
}

@Suite("Web pages")
struct WebPagesTests {
    @Test func dashboardRendersWithChartsAndSecurityHeaders() async throws {
        try await withApp(demo: true) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
            let body = html(response)
            #expect(body.contains("<h1>Dashboard</h1>"))
            #expect(body.contains("Detentions by month of arrest"))
            // From the summaries' first-arrest dates: the three demo arrests, empty months between.
            for month in ["Jan 2022: 1", "Jun 2023: 1", "Feb 2024: 1", "Feb 2022: 0"] {
                #expect(body.contains("<title>\(month)</title>"), "\(month)")
            }
            #expect(body.contains("href=\"/cases?category=I\""))
            #expect(body.contains("href=\"/cases?state=KZ\""))
        }
    }

    /// After a mass arrest the dashboard lists the first overdue deadlines and links to the rest.
    @Test func dashboardCapsOverdueDeadlines() async throws {
        try await withApp { client in
            for n in 0..<(Dashboard.listLimit + 5) {
                let yaml = """
                format: habeas-case/1
                id: sweep-\(n)
                state: BY
                person: {name: Detainee \(n)}
                deprivation: {kind: pre-trial, ongoing: true}
                timeline: [{date: 2021-01-05, type: arrest}]
                procedure: [{date: 2021-06-01, type: transmitted-to-government}]
                """
                let response = try await client.execute(uri: "/api/v1/cases", method: .post,
                                                        headers: [.contentType: "application/yaml"], body: ByteBuffer(string: yaml))
                #expect(response.status == .created)
            }
            let body = html(try await client.execute(uri: "/", method: .get))
            #expect(body.components(separatedBy: "<tr class=\"overdue\">").count - 1 == Dashboard.listLimit)
            #expect(body.contains("5 more cases with an overdue deadline"))
            #expect(body.contains("href=\"/cases?overdue=true&amp;sort=due\""))
        }
    }

    /// The Must-show, server side: the timeline SVG with its bands and "72 days", categories I and III.
    @Test func massimovCasePage() async throws {
        try await withApp(demo: true) { client in
            let response = try await client.execute(uri: "/cases/kz-massimov?asOf=2022-03-18", method: .get)
            #expect(response.status == .ok)
            let body = html(response)
            #expect(body.contains("<svg class=\"chart timeline-chart\""))
            for band in ["incommunicado", "without-counsel", "undisclosed-location", "pretrial"] {
                #expect(body.contains("class=\"band band-\(band)\""), "band \(band)")
            }
            #expect(body.contains("Incommunicado: 72 days"))
            #expect(body.contains("Categories indicated: <strong>I and III</strong>"))
            #expect(body.contains("/api/v1/cases/kz-massimov/drafts/petition.docx"))
        }
    }

    @Test func caseListFiltersAndUnknownCase() async throws {
        try await withApp(demo: true) { client in
            let list = try await client.execute(uri: "/cases?q=treason&state=KZ", method: .get)
            #expect(list.status == .ok)
            #expect(html(list).contains("Karim Massimov"))
            let none = try await client.execute(uri: "/cases?state=AR&q=treason", method: .get)
            #expect(!html(none).contains("Karim Massimov"))
            let missing = try await client.execute(uri: "/cases/no-such-case", method: .get)
            #expect(missing.status == .notFound)
            #expect(html(missing).contains("could not be found"))
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    @Test func hostileTextIsEscaped() async throws {
        let hostile = "<script>alert(1)</script>\"'&"
        var file = CaseFile(id: "xx-hostile", state: "KZ", person: Person(name: hostile), deprivation: Deprivation(ongoing: true))
        file.title = hostile
        file.summary = hostile
        file.timeline = [TimelineEvent(date: try CaseDate(parsing: "2022-01-05"), type: .arrest)]
        file.timeline[0].details = hostile
        file.allegations = [Allegation(type: .incommunicado)]
        file.allegations[0].details = hostile
        let yaml = file.yamlText()
        try await withApp(demo: true) { client in
            let created = try await client.execute(uri: "/api/v1/cases", method: .post, headers: [.contentType: "application/yaml"], body: ByteBuffer(string: yaml))
            #expect(created.status == .created)
            for uri in ["/cases/xx-hostile", "/cases", "/", "/cases/xx-hostile/edit", "/cases/xx-hostile/yaml", "/cases/xx-hostile/history"] {
                let body = html(try await client.execute(uri: uri, method: .get))
                #expect(!body.contains("<script>alert"), "unescaped on \(uri)")
                #expect(!body.contains("alert(1)</script>"), "\(uri)")
            }
            let page = html(try await client.execute(uri: "/cases/xx-hostile", method: .get))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test func yamlErrorReRendersWithInputKept() async throws {
        try await withApp(demo: true) { client in
            let token = try await csrf(client, "/cases/kz-massimov/yaml")
            let original = try await client.execute(uri: "/cases/kz-massimov/download", method: .get)
            let text = html(original)
            let broken = text.replacingOccurrences(of: "type: arrest", with: "type: arest")
            let line = try #require(broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("type: arest") }) + 1
            let response = try await post(client, "/cases/kz-massimov/yaml", token: token,
                                          [("baseRevision", "1"), ("note", "typo <b>"), ("yaml", broken)])
            #expect(response.status == .unprocessableContent)
            let body = html(response)
            // The text comes back whole (escaped), the line is marked with its message beside it.
            #expect(body.contains("type: arest"))
            #expect(body.contains("value=\"typo &lt;b&gt;\""))
            #expect(body.contains("<li id=\"line-\(line)\" value=\"\(line)\" class=\"marked\">"))
            #expect(body.contains("href=\"#line-\(line)\">Line \(line)</a>"))
            // Nothing was saved.
            let history = try await client.execute(uri: "/api/v1/cases/kz-massimov/history", method: .get)
            #expect(!html(history).contains("\"number\":2") && !html(history).contains("\"number\": 2"))
        }
    }

    @Test func yamlSaveAndStaleWrite() async throws {
        try await withApp(demo: true) { client in
            let token = try await csrf(client, "/cases/kz-massimov/yaml")
            let text = html(try await client.execute(uri: "/cases/kz-massimov/download", method: .get))
            let edited = text.replacingOccurrences(of: "Former Prime Minister", with: "Former prime minister")
            let saved = try await post(client, "/cases/kz-massimov/yaml", token: token, [("baseRevision", "1"), ("yaml", edited)])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/cases/kz-massimov")
            // A second save from the same starting revision is refused, and the text is kept.
            let stale = try await post(client, "/cases/kz-massimov/yaml", token: token, [("baseRevision", "1"), ("yaml", edited + "\n")])
            #expect(stale.status == .unprocessableContent)
            #expect(html(stale).contains("Someone saved revision 2"))
            #expect(html(stale).contains("Former prime minister"))
            let history = html(try await client.execute(uri: "/cases/kz-massimov/history", method: .get))
            #expect(history.contains("Changes from revision 1 to 2"))
            #expect(history.contains("person.occupation"))
        }
    }

    @Test func formCreatesCaseAndShowsErrorsBesideFields() async throws {
        try await withApp(demo: true) { client in
            let token = try await csrf(client, "/cases/new")
            let bad = try await post(client, "/cases/new", token: token, [
                ("id", "Bad Id"), ("state", "Kazakhstan"), ("name", "Kept <Name>"), ("arrestDate", "2022-02-30"),
            ])
            #expect(bad.status == .unprocessableContent)
            let body = html(bad)
            #expect(body.contains("value=\"Kept &lt;Name&gt;\""))
            for field in ["id", "state", "arrestDate"] {
                #expect(body.contains("id=\"f-\(field)-error\""), "error beside \(field)")
            }
            let good = try await post(client, "/cases/new", token: token, [
                ("id", "xx-form"), ("state", "kz"), ("name", "Form Person"), ("arrestDate", "2022-01-05"), ("ongoing", "true"),
                ("kind", "pre-trial"), ("charges", "treason"), ("allegation", "incommunicado"), ("allegation", "no-legal-basis"),
            ])
            #expect(good.status == .seeOther)
            #expect(good.headers[.location] == "/cases/xx-form")
            let page = html(try await client.execute(uri: "/cases/xx-form", method: .get))
            #expect(page.contains("Incommunicado: 72 days"))
            #expect(page.contains("Categories indicated: <strong>I and III</strong>"))  // incommunicado also means no counsel (III)
        }
    }

    @Test func postWithoutCSRFTokenIsRefused() async throws {
        try await withApp(demo: true) { client in
            let response = try await client.execute(uri: "/cases/new", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded"],
                                                    body: formBody([("id", "xx-csrf"), ("state", "KZ"), ("name", "X")]))
            #expect(response.status == .forbidden)
            let missing = try await client.execute(uri: "/cases/xx-csrf", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test func multipartImport() async throws {
        var file = CaseFile(id: "xx-imported", state: "KZ", person: Person(name: "Imported"), deprivation: Deprivation(ongoing: true))
        file.summary = "from an upload"
        let good = file.yamlText()
        try await withApp(demo: true) { client in
            let token = try await csrf(client, "/import")
            let boundary = "----habeasTestBoundary"
            var body = ""
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"good.yaml\"\r\nContent-Type: application/yaml\r\n\r\n\(good)\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"bad.yaml\"\r\nContent-Type: application/yaml\r\n\r\nformat: habeas-case/1\nid: Bad\n\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\r\n"
            body += "--\(boundary)--\r\n"
            let response = try await client.execute(uri: "/import", method: .post, headers: [
                .contentType: "multipart/form-data; boundary=\(boundary)", .cookie: "\(CSRF.cookieName)=\(token)",
            ], body: ByteBuffer(string: body))
            let page = html(response)
            #expect(page.contains("1 imported, 1 not imported"))
            #expect(page.contains("Imported as xx-imported."))
            #expect(page.contains("Line 2"))
            #expect(try await client.execute(uri: "/cases/xx-imported", method: .get).status == .ok)
        }
    }

    @Test func unmatchedURLsGetAnHTMLPageButAPIPathsKeepJSON() async throws {
        try await withApp(demo: true) { client in
            for uri in ["/no/such/page", "/cases/kz-massimov/nothing-here", "/static/missing.css"] {
                let page = try await client.execute(uri: uri, method: .get)
                #expect(page.status == .notFound, "\(uri)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(page.headers[.contentSecurityPolicy] != nil)
                let body = html(page)
                #expect(body.contains("<h1>Not Found</h1>") && body.contains("could not be found"), "\(uri)")
                #expect(!body.contains(uri), "the path is not echoed")
            }
            for uri in ["/api/v1/nothing", "/api/nothing", "/api/v1/cases/kz-massimov/nothing"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(uri)")
                #expect(try ValueJSON.parse(html(response))["error"] != nil)
            }
        }
    }

    @Test func markupTurnsBacktickPairsIntoCodeAfterEscaping() {
        #expect(Markup.message("`arest` is not a timeline type").html == "<code>arest</code> is not a timeline type")
        #expect(Markup.message("`<script>x</script>` & `a`").html == "<code>&lt;script&gt;x&lt;/script&gt;</code> &amp; <code>a</code>")
        #expect(Markup.message("one ` left <b>").html == "one ` left &lt;b&gt;")
        #expect(Markup.message("`a` b `c").html == "<code>a</code> b `c")
        #expect(Markup.message("``").html == "<code></code>")
        #expect(Markup.message("no ticks").html == "no ticks")
    }

    /// The core's messages quote the case's own text: shown as <code>, never as markup.
    @Test func validationMessagesShowCodeSpansAndNoInjectedMarkup() async throws {
        try await withApp(demo: true) { client in
            let token = try await csrf(client, "/cases/new")
            let bad = try await post(client, "/cases/new", token: token, [
                ("id", "xx-ticks"), ("state", "KZ"), ("name", "A"), ("arrestDate", "<i>x</i>`"),
            ])
            #expect(bad.status == .unprocessableContent)
            let body = html(bad)
            #expect(body.contains("<code>&lt;i&gt;x&lt;/i&gt;</code>"), "code span, escaped")
            #expect(!body.contains("<i>x</i>"))

            let yamlToken = try await csrf(client, "/cases/kz-massimov/yaml")
            let text = html(try await client.execute(uri: "/cases/kz-massimov/download", method: .get))
            let broken = text.replacingOccurrences(of: "type: arrest", with: "type: \"<b>arest</b>\"")
            let response = try await post(client, "/cases/kz-massimov/yaml", token: yamlToken, [("baseRevision", "1"), ("yaml", broken)])
            let page = html(response)
            #expect(page.contains("<code>&lt;b&gt;arest&lt;/b&gt;</code>"))
            #expect(!page.contains("<b>arest</b>"))
        }
    }

    @Test func deleteAfterConfirmationThenRestoreFromDeletedCases() async throws {
        try await withApp(demo: true) { client in
            // setup: a second revision, so restoring can be checked to keep the whole history
            let yamlToken = try await csrf(client, "/cases/kz-massimov/yaml")
            let text = html(try await client.execute(uri: "/cases/kz-massimov/download", method: .get))
            let saved = try await post(client, "/cases/kz-massimov/yaml", token: yamlToken,
                                       [("baseRevision", "1"), ("yaml", text.replacingOccurrences(of: "Former Prime Minister", with: "Former premier"))])
            #expect(saved.status == .seeOther)
            #expect(html(try await client.execute(uri: "/cases/kz-massimov", method: .get)).contains("href=\"/cases/kz-massimov/delete\""))
            #expect(html(try await client.execute(uri: "/cases", method: .get)).contains("href=\"/deleted\""))

            // act: the confirmation page changes nothing; its form does
            let token = try await csrf(client, "/cases/kz-massimov/delete")
            #expect(try await client.execute(uri: "/cases/kz-massimov", method: .get).status == .ok)
            let forged = try await client.execute(uri: "/cases/kz-massimov/delete", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded"], body: formBody([]))
            #expect(forged.status == .forbidden)
            let deleted = try await post(client, "/cases/kz-massimov/delete", token: token, [])
            #expect(deleted.status == .seeOther)
            #expect(deleted.headers[.location] == "/deleted?deleted=kz-massimov")

            // verify: gone from the case page and the list, shown under Deleted cases
            #expect(try await client.execute(uri: "/cases/kz-massimov", method: .get).status == .notFound)
            #expect(!html(try await client.execute(uri: "/cases", method: .get)).contains("Karim Massimov"))
            let list = html(try await client.execute(uri: "/deleted?deleted=kz-massimov", method: .get,
                                                     headers: [.cookie: "\(CSRF.cookieName)=\(token)"]))
            #expect(list.contains("Deleted <strong>"))
            #expect(list.contains("action=\"/cases/kz-massimov/undelete\""))
            #expect(list.contains("name=\"_csrf\" value=\"\(token)\""))

            #expect(list.contains("name=\"baseRevision\" value=\"2\""))
            #expect(try await post(client, "/cases/kz-massimov/undelete", token: token, []).status == .conflict, "an undelete names its revision")
            let restored = try await post(client, "/cases/kz-massimov/undelete", token: token, [("baseRevision", "2")])
            #expect(restored.status == .seeOther)
            #expect(restored.headers[.location] == "/cases/kz-massimov")
            #expect(try await client.execute(uri: "/cases/kz-massimov", method: .get).status == .ok)
            #expect(html(try await client.execute(uri: "/deleted", method: .get)).contains("No case is deleted."))
            let history = try ValueJSON.parse(html(try await client.execute(uri: "/api/v1/cases/kz-massimov/history", method: .get)))
            guard case .array(let revisions)? = history["revisions"] else { Issue.record("no revisions"); return }
            #expect(revisions.count == 2)
            // Restoring twice is a not-found page, not a crash.
            #expect(try await post(client, "/cases/kz-massimov/undelete", token: token, []).status == .notFound)
        }
    }

    @Test func addAndRemoveTimelineEventsWithoutYAML() async throws {
        try await withApp(demo: true) { client in
            let edit = html(try await client.execute(uri: "/cases/kz-massimov/edit", method: .get))
            #expect(edit.contains("href=\"/cases/kz-massimov/events/new\""))
            #expect(edit.contains("action=\"/cases/kz-massimov/events/1/remove\""))
            #expect(edit.contains("action=\"/cases/kz-massimov/allegations/0/remove\""))

            // The type's attributes, from the core's table, as controls of their kind.
            let chooser = html(try await client.execute(uri: "/cases/kz-massimov/events/new", method: .get))
            #expect(chooser.contains("<option value=\"brought-before-judge\">"))
            #expect(!chooser.contains("name=\"date\""))
            let verdict = html(try await client.execute(uri: "/cases/kz-massimov/events/new?type=verdict", method: .get))
            for spec in EventType.verdict.attributeSpecs { #expect(verdict.contains("name=\"attr-\(spec.key)\""), "\(spec.key)") }
            #expect(verdict.contains("<select id=\"f-attr-outcome\" name=\"attr-outcome\">"))
            #expect(verdict.contains("<option value=\"acquitted\">acquitted</option>"))
            #expect(verdict.contains("<input type=\"text\" id=\"f-attr-sentence\" name=\"attr-sentence\""))
            let arrest = html(try await client.execute(uri: "/cases/kz-massimov/events/new?type=arrest", method: .get))
            #expect(arrest.contains("<select id=\"f-attr-warrantShown\" name=\"attr-warrantShown\"><option value=\"\" selected>Not stated</option><option value=\"true\">Yes</option>"))

            // Invalid: errors beside their fields, input kept, nothing saved.
            let token = try await csrf(client, "/cases/kz-massimov/events/new?type=verdict")
            let bad = try await post(client, "/cases/kz-massimov/events/new", token: token, [
                ("baseRevision", "1"), ("type", "verdict"), ("date", "2022-02-30"), ("details", "kept <i>text</i>"),
                ("attr-outcome", "convicted"), ("attr-sentence", "ten years"),
            ])
            #expect(bad.status == .unprocessableContent)
            var body = html(bad)
            #expect(body.contains("id=\"f-date-error\""))
            #expect(body.contains("kept &lt;i&gt;text&lt;/i&gt;</textarea>"))
            #expect(body.contains("value=\"ten years\""))
            #expect(body.contains("<option value=\"convicted\" selected>"))
            let badDate = try await post(client, "/cases/kz-massimov/events/new", token: token, [
                ("baseRevision", "1"), ("type", "verdict"), ("date", "2022-03-01"), ("attr-sentence", "ten years"),
            ])
            body = html(badDate)
            #expect(badDate.status == .unprocessableContent)
            #expect(body.contains("id=\"f-attr-sentence-error\""))
            #expect(body.contains("<code>"))

            // Valid: saved as a new revision, shown on the case page.
            let good = try await post(client, "/cases/kz-massimov/events/new", token: token, [
                ("baseRevision", "1"), ("type", "hearing"), ("date", "2022-02-01"), ("approximate", "true"),
                ("details", "Closed hearing <b>in camera</b>"), ("attr-public", "false"), ("attr-classified", ""),
            ])
            #expect(good.status == .seeOther)
            #expect(good.headers[.location] == "/cases/kz-massimov")
            let page = html(try await client.execute(uri: "/cases/kz-massimov", method: .get))
            #expect(page.contains("<strong>hearing</strong>: Closed hearing &lt;b&gt;in camera&lt;/b&gt;"))
            let saved = try ValueJSON.parse(html(try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .get)))
            guard case .array(let timeline)? = saved["case"]?["timeline"] else { Issue.record("no timeline"); return }
            #expect(timeline.count == 3)
            #expect(timeline[2]["type"] == .string("hearing"))
            #expect(timeline[2]["public"] == .bool(false))
            #expect(timeline[2]["classified"] == nil)
            #expect(timeline[2]["approximate"] == .bool(true))

            // Stale: a form from revision 1 is refused and keeps its input.
            let stale = try await post(client, "/cases/kz-massimov/events/new", token: token, [
                ("baseRevision", "1"), ("type", "transfer"), ("date", "2022-02-02"), ("attr-to", "Prison 2"),
            ])
            #expect(stale.status == .unprocessableContent)
            #expect(html(stale).contains("Someone saved revision 2"))
            #expect(html(stale).contains("value=\"Prison 2\""))

            // Remove: only from the revision the page showed.
            let staleRemove = try await post(client, "/cases/kz-massimov/events/2/remove", token: token, [("baseRevision", "1")])
            #expect(staleRemove.status == .conflict)
            let removed = try await post(client, "/cases/kz-massimov/events/2/remove", token: token, [("baseRevision", "2")])
            #expect(removed.status == .seeOther)
            #expect(removed.headers[.location] == "/cases/kz-massimov/edit#timeline-events")
            #expect(!html(try await client.execute(uri: "/cases/kz-massimov", method: .get)).contains("<strong>hearing</strong>"))
            #expect(try await post(client, "/cases/kz-massimov/events/9/remove", token: token, [("baseRevision", "3")]).status == .notFound)
            let history = try ValueJSON.parse(html(try await client.execute(uri: "/api/v1/cases/kz-massimov/history", method: .get)))
            guard case .array(let revisions)? = history["revisions"] else { Issue.record("no revisions"); return }
            #expect(revisions.count == 3)
        }
    }

    @Test func addAndRemoveAllegationsWithRightOrGround() async throws {
        try await withApp(demo: true) { client in
            let token = try await csrf(client, "/cases/kz-massimov/allegations/new")
            // A ground on an allegation that is not discrimination: the core's message, beside the field.
            let bad = try await post(client, "/cases/kz-massimov/allegations/new", token: token, [
                ("baseRevision", "1"), ("type", "exercise-of-rights"), ("ground", "religion"), ("details", "kept"),
            ])
            #expect(bad.status == .unprocessableContent)
            let body = html(bad)
            #expect(body.contains("id=\"f-ground-error\""))
            #expect(body.contains("<code>discrimination</code>"))
            #expect(body.contains("<option value=\"religion\" selected>"))
            let good = try await post(client, "/cases/kz-massimov/allegations/new", token: token, [
                ("baseRevision", "1"), ("type", "exercise-of-rights"), ("right", "peaceful-assembly"), ("details", "At a rally."),
            ])
            #expect(good.status == .seeOther)
            let saved = try ValueJSON.parse(html(try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .get)))
            guard case .array(let allegations)? = saved["case"]?["allegations"] else { Issue.record("no allegations"); return }
            #expect(allegations.last?["right"] == .string("peaceful-assembly"))
            #expect(allegations.last?["details"] == .string("At a rally."))
            let edit = html(try await client.execute(uri: "/cases/kz-massimov/edit", method: .get))
            #expect(edit.contains("right: peaceful-assembly; At a rally."))
            let removed = try await post(client, "/cases/kz-massimov/allegations/\(allegations.count - 1)/remove", token: token, [("baseRevision", "2")])
            #expect(removed.status == .seeOther)
            let after = try ValueJSON.parse(html(try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .get)))
            guard case .array(let left)? = after["case"]?["allegations"] else { Issue.record("no allegations"); return }
            #expect(left.count == allegations.count - 1)
        }
    }

    /// Triple braces print without escaping: only the server-built charts may use them.
    @Test func templatesEscapeEverythingButCharts() throws {
        let assets = try WebAssets.load()
        #expect(assets.library.getTemplate(named: "case") != nil)
        let allowed: Set<String> = ["arrestsChart", "arrestsTable", "statusChart", "statusTable", "placeChart", "placeTable", "chart", "detentionsChart", "categoryChart"]
        let web = try #require(WebAssets.directory())
        let templates = web.appendingPathComponent("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            var rest = Substring(text)
            while let open = rest.range(of: "{{{") {
                let after = rest[open.upperBound...]
                let close = try #require(after.range(of: "}}}"))
                let variable = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                // `…HTML` names hold `SafeHTML` built by `Markup` (escaped, then <code> added).
                #expect(allowed.contains(variable) || variable.hasSuffix("HTML"), "\(name) prints {{{\(variable)}}} unescaped")
                rest = after[close.upperBound...]
            }
            #expect(!text.contains("{{&"), "\(name) uses {{& … }}")
        }
    }

    @Test func timelineChartEscapesItsText() {
        var file = CaseFile(id: "xx-chart", state: "KZ", person: Person(name: "A"), deprivation: Deprivation(ongoing: true))
        file.timeline = [TimelineEvent(date: CaseDate(year: 2022, month: 1, day: 5), type: .arrest)]
        file.allegations = [Allegation(type: .incommunicado)]
        // Issue 12: an ongoing state runs only to the latest information, and says so.
        file.reportedAsOf = CaseDate(year: 2022, month: 3, day: 18)
        let facts = Timeline.derive(file, asOf: CaseDate(year: 2022, month: 3, day: 18))
        let svg = Charts.timeline(facts, caseTitle: "<b>x</b>").html
        #expect(svg.contains("&lt;b&gt;x&lt;/b&gt;"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("Incommunicado: 72 days or more (last reported 2022-03-18)"))
        #expect(svg.contains("role=\"img\""))
    }
}
