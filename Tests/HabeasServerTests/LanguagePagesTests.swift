import Foundation
import HabeasCore
import HabeasLocalization
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdTesting
import Testing

private func html(_ response: TestResponse) -> String { String(buffer: response.body) }

@Suite("Interface languages")
struct LanguagePagesTests {
    static let massimov = "/cases/kz-massimov?asOf=2022-03-18"

    @Test func russianCasePageFromAcceptLanguage() async throws {
        try await withApp(demo: true) { client in
            let response = try await client.execute(uri: Self.massimov, method: .get, headers: [.acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.5"])
            #expect(response.status == .ok)
            let body = html(response)
            #expect(body.contains("<html lang=\"ru\" dir=\"ltr\">"))
            for text in ["<h2 id=\"timeline-heading\">Хронология</h2>", "<h2 id=\"person-heading\">Лицо</h2>", ">Арест</strong>",
                         "Без связи с внешним миром: 72 дня", "Установленные категории: <strong>I и III</strong>",
                         "<code class=\"vocab-key\">arrest</code>", "Категория I", "Сводка"] {
                #expect(body.contains(text), "\(text)")
            }
            for english in ["<h2 id=\"timeline-heading\">Timeline</h2>", "Incommunicado: 72 days", "Skip to content"] {
                #expect(!body.contains(english), "\(english) is not translated")
            }
            #expect(response.headers[.setCookie]?.contains(Interface.cookieName) != true, "a header's default is not remembered")
        }
    }

    @Test func arabicCasePageIsRightToLeftAndRemembered() async throws {
        try await withApp(demo: true) { client in
            let response = try await client.execute(uri: Self.massimov + "&lang=ar", method: .get)
            let body = html(response)
            #expect(body.contains("<html lang=\"ar\" dir=\"rtl\">"))
            for text in ["<h2 id=\"timeline-heading\">التسلسل الزمني</h2>", ">القبض</strong>", "العزل عن العالم الخارجي: 72 يومًا",
                         "direction=\"rtl\"", "الفئة", "<option value=\"ar\" lang=\"ar\" selected>العربية</option>"] {
                #expect(body.contains(text), "\(text)")
            }
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix(Interface.cookieName + "=") })
            #expect(cookie.hasPrefix("\(Interface.cookieName)=ar;") && cookie.contains("HttpOnly"))
            // The remembered choice wins over the browser's header.
            let dashboard = html(try await client.execute(uri: "/", method: .get,
                                                          headers: [.cookie: "\(Interface.cookieName)=ar", .acceptLanguage: "en"]))
            #expect(dashboard.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(dashboard.contains("<h1>لوحة المتابعة</h1>"))
        }
    }

    @Test func englishByDefaultAndUnchanged() async throws {
        try await withApp(demo: true) { client in
            let body = html(try await client.execute(uri: Self.massimov, method: .get))
            #expect(body.contains("<html lang=\"en\" dir=\"ltr\">"))
            #expect(body.contains("Incommunicado: 72 days"))
            #expect(body.contains("Categories indicated: <strong>I and III</strong> (as of 2022-03-18)."))
            #expect(body.contains("<strong>arrest</strong>"), "English keeps the word")
            #expect(body.contains("direction=\"ltr\""))
        }
    }

    @Test func frenchAndSpanishPlurals() async throws {
        try await withApp(demo: true) { client in
            let french = html(try await client.execute(uri: Self.massimov, method: .get, headers: [.acceptLanguage: "fr-FR"]))
            #expect(french.contains("Au secret : 72 jours"))
            let spanish = html(try await client.execute(uri: Self.massimov, method: .get, headers: [.acceptLanguage: "es-419"]))
            #expect(spanish.contains("Incomunicado: 72 días"))
        }
    }

    @Test func hostileLanguageInputFallsBackToEnglish() async throws {
        try await withApp(demo: true) { client in
            for headers: HTTPFields in [[.acceptLanguage: String(repeating: "ru;q=0.", count: 5_000)],
                                        [.acceptLanguage: "*;q=1, <script>"],
                                        [.cookie: "\(Interface.cookieName)=%3Cscript%3Ealert(1)%3C/script%3E"],
                                        [.cookie: "\(Interface.cookieName)=" + String(repeating: "ar", count: 5_000)]] {
                let response = try await client.execute(uri: "/", method: .get, headers: headers)
                #expect(response.status == .ok)
                #expect(html(response).contains("<html lang=\"en\" dir=\"ltr\">"))
                #expect(!html(response).contains("<script>alert"))
            }
            let unknown = try await client.execute(uri: "/?lang=xx%3Cb%3E", method: .get)
            #expect(html(unknown).contains("<html lang=\"en\" dir=\"ltr\">"))
            #expect(unknown.headers[values: .setCookie].allSatisfy { !$0.hasPrefix(Interface.cookieName) })
        }
    }

    @Test func pseudoLocaleIsSelectable() async throws {
        try await withApp(demo: true) { client in
            let body = html(try await client.execute(uri: Self.massimov + "&lang=en-XA", method: .get))
            #expect(body.contains("<html lang=\"en-XA\" dir=\"ltr\">"))
            #expect(body.contains("[Ţîɱéļîñé"))
            #expect(!body.contains(">Timeline<"))
        }
    }

    /// Every message a template prints exists in the English catalogue (the catalogue tests then
    /// hold every language to English).
    @Test func everyTemplateKeyIsInTheCatalogue() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/HabeasServer/Web/templates")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        var keys = 0
        for name in names where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            var rest = Substring(text)
            while let range = rest.range(of: "{{layout.t.") {
                let after = rest[range.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                let key = String(after[..<close.lowerBound])
                #expect(Localizer(.en).has(key), "\(name): no message \(key)")
                keys += 1
                rest = after[close.upperBound...]
            }
        }
        #expect(keys > 50)
    }
    /// The pages beyond the case pages are translated too: headings, forms, messages and titles.
    @Test func otherPagesInTheirLanguage() async throws {
        try await withApp(demo: true) { client in
            let pages: [(String, [String], [String])] = [
                ("/audit?lang=ru", ["<h1>Журнал аудита</h1>", "<title>Журнал аудита · Habeas</title>", "Цела: провер"], ["Audit trail", "Intact:"]),
                ("/admin/users?lang=fr", ["<h1>Utilisateurs</h1>", "Ajouter un utilisateur", "Rôle : administrateur"], ["Add a user", "Set role"]),
                ("/opinions?lang=es", ["<h1>Opiniones del Grupo de Trabajo</h1>", "Categoría apreciada"], ["Category found", "adopted opinions"]),
                ("/cases/kz-massimov/history?lang=ar", ["<h2 id=\"revisions-heading\">النسخ</h2>"], ["Revisions", "Restore revision"]),
                ("/export?lang=ru", ["<h1>Экспорт дел</h1>", "Скачать экспорт (JSON)"], ["Everything", "Download the export"]),
                ("/import-table?lang=fr", ["<h1>Importer un tableur</h1>", "jour, mois, année"], ["Upload and preview", "day, month, year"]),
                ("/groups?lang=es", ["<h1>Grupos</h1>"], ["A group is a mass event"]),
                ("/account?lang=ar", ["<h1>حسابك</h1>", "لغة الواجهة"], ["Your account", "Second factor"]),
                ("/cases/kz-massimov/events/new?type=arrest&lang=ru", ["Предъявлен ордер", "На месте преступления", "Не указано", "ГГГГ-ММ-ДД"],
                 ["Warrant shown", "Not stated", "What the source says"]),
                ("/cases/kz-massimov/allegations/new?lang=es", ["Lo que alega la fuente, con sus palabras."], ["What the source alleges", "Not stated"]),
                ("/no/such/page?lang=fr", ["<h1>Introuvable</h1>", "Retour au tableau de bord"], ["Not Found", "Back to the dashboard"]),
            ]
            for (uri, present, absent) in pages {
                let body = html(try await client.execute(uri: uri, method: .get))
                for text in present { #expect(body.contains(text), "\(uri): \(text)") }
                for text in absent { #expect(!body.contains(text), "\(uri): \(text) is not translated") }
            }
        }
    }

    /// A signed-in user's choice is saved on the account: it follows them to another browser at
    /// sign-in, over that browser's Accept-Language; the account page sets it too.
    @Test func aUsersLanguageFollowsThemToAnotherBrowser() async throws {
        try await withApp(as: .anonymous, prepare: { store in
            _ = try await store.createUser(name: "lea", role: .lawyer, passwordHash: try Credentials(cost: 4).hash(password: testPassword))
        }) { client in
            var first = Browser(client: client)
            _ = try await first.signIn("lea", testPassword)
            let switched = try await first.send("/?lang=ru")
            #expect(html(switched).contains("<html lang=\"ru\""))

            var second = Browser(client: client)
            let signedIn = try await second.signIn("lea", testPassword)
            #expect(signedIn.headers[values: .setCookie].contains { $0.hasPrefix("\(Interface.cookieName)=ru;") }, "the account's language at sign-in")
            #expect(html(try await second.send("/")).contains("<html lang=\"ru\""))

            // The account page: the choice in a form, saved, the page answered in it.
            let account = try await second.send("/account")
            #expect(html(account).contains("<option value=\"ru\" lang=\"ru\" selected>Русский</option>"))
            let saved = try await second.send("/account", .post, form: [("do", "language"), ("language", "es")])
            #expect(saved.status == .ok && html(saved).contains("<html lang=\"es\"") && html(saved).contains("La interfaz está ahora en Español."))
            #expect(second.cookies[Interface.cookieName] == "es")
            let refused = try await second.send("/account", .post, form: [("do", "language"), ("language", "de")])
            #expect(refused.status == .badRequest)

            // A browser without the cookie: the account's language wins, and is remembered.
            first.cookies[Interface.cookieName] = nil
            let home = try await first.send("/")
            #expect(html(home).contains("<html lang=\"es\""))
            #expect(first.cookies[Interface.cookieName] == "es")
        }
    }
}
