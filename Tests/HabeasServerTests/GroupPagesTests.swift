import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import HabeasTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// A member of the Almaty group: arrested on `day` of January 2022, held at `place`.
private func member(_ n: Int, day: Int, place: String, group: String = "almaty-2022-01") -> CaseFile {
    var person = Person(name: "Detainee Number\(n)")
    person.profile = n % 2 == 0 ? [.protester] : []
    var deprivation = Deprivation(kind: .preTrial, ongoing: true)
    deprivation.places = [Place(name: place)]
    var file = CaseFile(id: "al-\(n)", state: "KZ", person: person, deprivation: deprivation)
    file.groups = [group]
    file.charges = [Charge(label: n % 3 == 0 ? "=cmd|' /C calc'!A0" : "mass riots")]
    file.timeline = [TimelineEvent(date: CaseDate(year: 2022, month: 1, day: day), type: .arrest)]
    return file
}

private func text(_ response: TestResponse) -> String { String(buffer: response.body) }

private func csrf(_ client: some TestClientProtocol, _ uri: String) async throws -> String {
    let page = try await client.execute(uri: uri, method: .get)
    let cookie = try #require(page.headers[.setCookie])
    return String(try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))
}

private func post(_ client: some TestClientProtocol, _ uri: String, token: String, _ fields: [(String, String)]) async throws -> TestResponse {
    let body = ([(CSRF.fieldName, token)] + fields).map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&")
    return try await client.execute(uri: uri, method: .post, headers: [
        .contentType: "application/x-www-form-urlencoded", .cookie: "\(CSRF.cookieName)=\(token)",
    ], body: ByteBuffer(string: body))
}

@Suite("Group pages")
struct GroupPagesTests {
    static func prepare(_ store: SQLCaseStore) async throws {
        _ = try await store.createGroup(NewCaseGroup(id: "almaty-2022-01", name: "Almaty, January 2022"), change: Change(author: "t"))
        for n in 1...6 {
            _ = try await store.create(member(n, day: n <= 4 ? 5 : 7, place: n <= 3 ? "SIZO No. 1, Almaty" : "IVS <Taldykorgan>"),
                                       change: Change(author: "t"))
        }
        _ = try await store.create(member(99, day: 9, place: "Elsewhere", group: "other-event"), change: Change(author: "t"))
    }

    @Test func groupPageCountsChartsAndLists() async throws {
        try await withApp(prepare: Self.prepare) { client in
            let list = text(try await client.execute(uri: "/groups", method: .get))
            #expect(list.contains("Almaty, January 2022"))
            #expect(list.contains("href=\"/groups/other-event\""))

            let response = try await client.execute(uri: "/groups/almaty-2022-01", method: .get)
            #expect(response.status == .ok)
            let page = text(response)
            #expect(page.contains("6 cases in this group."))
            #expect(page.contains("SIZO No. 1, Almaty <span class=\"count\">3</span>"))
            // Place names are case data: escaped.
            #expect(page.contains("IVS &lt;Taldykorgan&gt;"))
            #expect(!page.contains("IVS <Taldykorgan>"))
            #expect(page.contains("still detained <span class=\"count\">6</span>"))
            #expect(page.contains("protester</a> <span class=\"count\">3</span>"))
            // The arrests-by-day chart (7 January has no gap: 5, 6, 7) and its table.
            #expect(page.contains("<svg class=\"chart chart-narrow\" viewBox=\"0 0 400"))
            #expect(page.contains("<th scope=\"row\">2022-01-06</th><td>0</td>"))
            #expect(page.contains("<th scope=\"row\">2022-01-05</th><td>4</td>"))
            #expect(!page.contains("Number99"))
            #expect(try await client.execute(uri: "/groups/no-such-group", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/groups/BAD%20ID", method: .get).status == .notFound)
        }
    }

    @Test func bulkReleaseAppliesToTheSelectionAndIsUndoneAsOne() async throws {
        try await withApp(prepare: Self.prepare) { client in
            let token = try await csrf(client, "/groups/almaty-2022-01")
            // Without the CSRF field: refused, nothing changed.
            let forged = try await client.execute(uri: "/groups/almaty-2022-01/bulk", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "action=event&eventType=release&eventDate=2022-02-10&case=al-1"))
            #expect(forged.status == .forbidden)
            let done = try await post(client, "/groups/almaty-2022-01/bulk", token: token, [
                ("scope", "selected"), ("action", "event"), ("eventType", "release"), ("eventDate", "2022-02-10"),
                ("case", "al-1"), ("case", "al-2"), ("case", "al-3"),
            ])
            #expect(done.status == .seeOther)
            let location = try #require(done.headers[.location])
            #expect(location.hasPrefix("/groups/almaty-2022-01?batch="))
            let batchID = String(try #require(location.split(separator: "=").last))
            let after = text(try await client.execute(uri: location, method: .get))
            #expect(after.contains("3 cases changed"))
            #expect(after.contains("released <span class=\"count\">3</span>"))
            #expect(after.contains("action=\"/bulk/\(batchID)/undo\""))
            for n in 1...3 {
                let history = text(try await client.execute(uri: "/api/v1/cases/al-\(n)/history", method: .get))
                #expect(history.contains(batchID))
            }
            let undone = try await post(client, "/bulk/\(batchID)/undo", token: token, [("group", "almaty-2022-01")])
            #expect(undone.status == .seeOther)
            let restored = text(try await client.execute(uri: "/groups/almaty-2022-01", method: .get))
            #expect(restored.contains("still detained <span class=\"count\">6</span>"))
            let yaml = text(try await client.execute(uri: "/api/v1/cases/al-1", method: .get))
            #expect(!yaml.contains("release"))
            #expect(yaml.contains("\"currentRevision\":3") || yaml.contains("\"currentRevision\": 3"))
        }
    }

    @Test func bulkOnEveryCaseMatchingTheFilters() async throws {
        try await withApp(prepare: Self.prepare) { client in
            let token = try await csrf(client, "/groups/almaty-2022-01")
            let done = try await post(client, "/groups/almaty-2022-01/bulk", token: token, [
                ("scope", "all"), ("profile", "protester"), ("action", "heldBy"), ("value", "National Security Committee"),
            ])
            #expect(done.status == .seeOther)
            for n in 1...6 {
                let body = text(try await client.execute(uri: "/api/v1/cases/al-\(n)", method: .get))
                #expect(body.contains("National Security Committee") == (n % 2 == 0), "al-\(n)")
            }
            #expect(!text(try await client.execute(uri: "/api/v1/cases/al-99", method: .get)).contains("National Security Committee"))
        }
    }

    @Test func aMemberCannotBulkEditAnotherTeamsCase() async throws {
        try await withApp(as: .member(.lawyer), prepare: { store in
            try await Self.prepare(store)
            let team = try await testTeam(store)
            try await store.assignCase("al-1", to: team.id)
        }) { client in
            let page = text(try await client.execute(uri: "/groups/almaty-2022-01", method: .get))
            #expect(page.contains("1 case in this group."))
            let token = try await csrf(client, "/groups/almaty-2022-01")
            let done = try await post(client, "/groups/almaty-2022-01/bulk", token: token, [
                ("scope", "selected"), ("action", "heldBy"), ("value", "Police"), ("case", "al-1"), ("case", "al-2"),
            ])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location]?.contains("skipped=1") == true)
        }
        // A viewer gets no group page at all (it names people).
        try await withApp(as: .member(.viewer), prepare: Self.prepare) { client in
            let refused = try await client.execute(uri: "/groups/almaty-2022-01", method: .get)
            #expect(refused.status == .forbidden)
        }
    }

    @Test func exportsNeutraliseFormulasAndThePetitionCoversTheGroup() async throws {
        try await withApp(prepare: Self.prepare) { client in
            let stats = try await client.execute(uri: "/groups/almaty-2022-01/statistics.csv", method: .get)
            #expect(stats.headers[.contentType] == "text/csv; charset=utf-8")
            let csv = text(stats)
            #expect(csv.contains("charge,'=cmd|' /C calc'!A0,2\r\n"))
            #expect(csv.contains("charge,mass riots,4\r\n"))
            #expect(csv.contains("total,cases,6\r\n"))
            let cases = text(try await client.execute(uri: "/groups/almaty-2022-01/cases.csv", method: .get))
            #expect(cases.split(separator: "\r\n").count == 7)
            #expect(cases.hasPrefix("id,title,state,stage,categories indicated,first arrest,next deadline,overdue\r\n"))
            // Any case list, with its filters, as CSV.
            let list = text(try await client.execute(uri: "/cases?format=csv&state=KZ", method: .get))
            #expect(list.split(separator: "\r\n").count == 8)
            #expect(list.contains("al-99,"))
            let md = text(try await client.execute(uri: "/groups/almaty-2022-01/petition?format=md", method: .get))
            #expect(md.contains("Almaty, January 2022"))
            #expect(md.contains("Detainee Number6"))
            #expect(!md.contains("Number99"))
            let redacted = text(try await client.execute(uri: "/groups/almaty-2022-01/petition?format=md&redact=true", method: .get))
            #expect(!redacted.contains("Detainee"))
            let docx = try await client.execute(uri: "/groups/almaty-2022-01/petition?format=docx&urgent=true", method: .get)
            #expect(docx.status == .ok)
            #expect(docx.body.readableBytes > 1000)
        }
    }

    @Test func apiGroupsAndStatistics() async throws {
        try await withApp(prepare: Self.prepare) { client in
            let groups = text(try await client.execute(uri: "/api/v1/groups", method: .get))
            #expect(groups.contains("\"almaty-2022-01\""))
            let group = text(try await client.execute(uri: "/api/v1/groups/almaty-2022-01", method: .get))
            #expect(group.contains("\"total\":6") || group.contains("\"total\": 6"))
            #expect(try await client.execute(uri: "/api/v1/groups/nothing-here", method: .get).status == .notFound)
            let all = text(try await client.execute(uri: "/api/v1/statistics", method: .get))
            #expect(all.contains("\"total\":7") || all.contains("\"total\": 7"))
            #expect(try await client.execute(uri: "/api/v1/statistics?group=Not%20An%20Id", method: .get).status == .badRequest)
        }
    }
}
