import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 10: requests an attacker (or any web page the lawyer visits) can send. Each answer is a
/// 4xx, and the server goes on answering.
@Suite("Hostile input: requests")
struct HostileRequestTests {
    static let huge = "9223372036854775807"

    @Test func hugeNumbersInQueriesAre400() async throws {
        try await withApp(demo: true) { client in
            for uri in ["/api/v1/cases?page=\(Self.huge)", "/api/v1/cases?page=\(Self.huge)&perPage=200", "/api/v1/deadlines?page=\(Self.huge)",
                        "/api/v1/cases?perPage=\(Self.huge)", "/api/v1/cases?page=-1", "/api/v1/cases/kz-massimov?revision=\(Self.huge)",
                        "/api/v1/cases/kz-massimov/diff?from=1&to=\(Self.huge)", "/api/v1/cases?asOf=9999-12-31",
                        "/api/v1/cases/kz-massimov/assessment?asOf=0000-01-01", "/deleted?page=\(Self.huge)",
                        "/cases/kz-massimov?revision=\(Self.huge)", "/cases/kz-massimov/history?from=1&to=\(Self.huge)"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
            }
            // The web list clamps what it cannot use rather than failing the page.
            #expect(try await client.execute(uri: "/cases?page=\(Self.huge)", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func hugeSentenceIsAValidationError() async throws {
        let text = try demoText("kz-massimov").replacingOccurrences(of: "id: kz-massimov", with: "id: kz-sentence")
            + "\n" // the verdict goes at the end of the timeline by an edit below
        let withVerdict = text.replacingOccurrences(of: "timeline:\n", with: "timeline:\n  - {date: 2022-06-01, type: verdict, outcome: convicted, sentence: P9223372036854775807Y}\n")
        try await withApp { client in
            let response = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody, body: ByteBuffer(string: withVerdict))
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("150 years"))
        }
    }

    @Test func aliasBombIs400Quickly() async throws {
        try await withApp { client in
            let response = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody,
                                                    body: ByteBuffer(string: HostileCaseFileBodies.aliasBomb))
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("aliases"))
            #expect(try await client.execute(uri: "/api/v1/cases", method: .get).status == .ok)
        }
    }

    @Test func deepNestingIsRefusedAndWhatIsAcceptedExportsAndReadsBack() async throws {
        let base = try demoText("kz-massimov")
        @Sendable func nested(_ depth: Int) -> String {
            base + "\nextensions:\n  deep: " + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth) + "\n"
        }
        try await withApp { client in
            let deep = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody, body: ByteBuffer(string: nested(1_000)))
            #expect(deep.status == .badRequest)
            let accepted = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody,
                                                    body: ByteBuffer(string: nested(CaseLimits.maxDepth - 3)))
            #expect(accepted.status == .created)
            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)
            let export = try await client.execute(uri: "/api/v1/export", method: .get)
            #expect(export.status == .ok)
            #expect((try? ValueJSON.parse(String(buffer: export.body))) != nil, "the export reads back")
        }
    }

    @Test func otherHostNamesAreRefusedBeforeRouting() async throws {
        try await withApp(demo: true) { client in
            for (uri, method) in [("/api/v1/export", HTTPRequest.Method.get), ("/", .get), ("/api/v1/cases/kz-massimov", .delete), ("/healthz", .get)] {
                let response = try await client.execute(uri: uri, method: method, headers: [.init("Host")!: "evil.example"])
                #expect(response.status == .misdirectedRequest, "\(method) \(uri)")
            }
            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .get).status == .ok, "nothing was deleted")
            for host in ["127.0.0.1:8080", "localhost", "[::1]:8080", "LOCALHOST:1"] {
                #expect(try await client.execute(uri: "/healthz", method: .get, headers: [.init("Host")!: host]).status == .ok, "\(host)")
            }
        }
    }

    @Test func stateChangingRequestsFromOtherOriginsAreRefused() async throws {
        try await withApp(demo: true) { client in
            let foreign: [HTTPFields] = [
                [.origin: "http://evil.example"], [.origin: "http://localhost:3000"],
                [.origin: "null", .init("Sec-Fetch-Site")!: "cross-site"],
                [.init("Sec-Fetch-Site")!: "cross-site"], [.init("Sec-Fetch-Site")!: "same-site"],
            ]
            for headers in foreign {
                for (uri, method) in [("/api/v1/cases/kz-massimov", HTTPRequest.Method.delete), ("/api/v1/cases/kz-massimov/restore?baseRevision=1", .post),
                                      ("/cases/kz-massimov/delete", .post), ("/import", .post)] {
                    let response = try await client.execute(uri: uri, method: method, headers: headers)
                    #expect(response.status == .forbidden, "\(method) \(uri) \(headers)")
                }
            }
            // A browser's own form under `Referrer-Policy: no-referrer` says `Origin: null`.
            let ownForm = try await client.execute(uri: "/api/v1/cases/ar-delgado-released", method: .delete,
                                                   headers: [.origin: "null", .init("Sec-Fetch-Site")!: "same-origin"])
            #expect(ownForm.status == .noContent)
            let same = try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .delete, headers: [.origin: "http://localhost"])
            #expect(same.status == .noContent)
        }
    }

    @Test func aCSRFTokenNotSignedByThisServerIsRefused() async throws {
        try await withApp(demo: true) { client in
            let planted = String(repeating: "ab", count: 32)
            let response = try await client.execute(uri: "/cases/kz-massimov/delete", method: .post, headers: [
                .contentType: "application/x-www-form-urlencoded", .cookie: "\(CSRF.cookieName)=\(planted)",
            ], body: ByteBuffer(string: "\(CSRF.fieldName)=\(planted)"))
            #expect(response.status == .forbidden)
            // The page hands out a fresh, signed token instead of adopting the planted one.
            let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(CSRF.cookieName)=\(planted)"])
            #expect(page.headers[.setCookie]?.contains(planted) == false)
        }
    }

    @Test func apiAnswersAreNeverCachedOrSniffed() async throws {
        try await withApp(demo: true) { client in
            for uri in ["/api/v1/cases", "/api/v1/cases/kz-massimov", "/api/v1/cases/nope", "/api/v1/cases?page=0", "/api/v1/export"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
            }
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        try await withApp(demo: true) { client in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 12 * 1024 * 1024)
            let form = try await client.execute(uri: "/cases/new", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: big)
            #expect(form.status == .contentTooLarge)
            let api = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody, body: big)
            #expect(api.status == .contentTooLarge)
        }
    }

    @Test func invalidUTF8IsRefusedNotReplaced() async throws {
        var bytes = ByteBuffer(string: try demoText("kz-massimov").replacingOccurrences(of: "id: kz-massimov", with: "id: kz-utf"))
        bytes.writeBytes([0xC3, 0x28, 0xFF])
        let body = bytes
        try await withApp { client in
            let response = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody, body: body)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("UTF-8"))
        }
    }

    @Test func redactedDraftsSayTheyAreRedacted() async throws {
        try await withApp(demo: true) { client in
            let response = try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/summary.md?redact=true", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.init("X-Habeas-Redacted")!] == "true")
            let text = String(buffer: response.body)
            #expect(!text.contains("Massimov"))
            #expect(!text.localizedCaseInsensitiveContains("Prime Minister"))
            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/summary.md?redact=maybe", method: .get).status == .badRequest)
        }
    }

    @Test func theDashboardStaysSmallWhateverTheDates() async throws {
        let base = try demoText("kz-massimov")
        try await withApp { client in
            for (id, day) in [("early", "1900-01-01"), ("late", "2100-12-31")] {
                let text = base.replacingOccurrences(of: "id: kz-massimov", with: "id: kz-\(id)")
                    .replacingOccurrences(of: "  - date: 2022-01-05\n    type: arrest", with: "  - date: \(day)\n    type: arrest")
                let created = try await client.execute(uri: "/api/v1/cases", method: .post, headers: yamlBody, body: ByteBuffer(string: text))
                #expect(created.status == .created, "\(id)")
            }
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(page.body.readableBytes < 200_000)
            #expect(String(buffer: page.body).contains("1900–1909"))
        }
    }
}

/// Bodies shared with the core's hostile-input tests (kept here: test targets do not share files).
enum HostileCaseFileBodies {
    static let aliasBomb: String = {
        var text = "format: habeas-case/1\nid: bomb\nstate: KZ\nperson: {name: X}\ndeprivation: {kind: pre-trial, ongoing: true}\ntimeline: []\nextensions:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            text += "  a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ","))]\n"
        }
        return text
    }()
}
