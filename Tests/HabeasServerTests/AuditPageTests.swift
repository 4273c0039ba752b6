import Foundation
import HabeasCore
@testable import HabeasServer
@testable import HabeasStore
import Hummingbird
import HummingbirdTesting
import Testing
import HabeasTestSupport

/// The audit trail page and the entries the server records for reads, drafts and exports.
@Suite("Audit page")
struct AuditPageTests {
    @Test func readsDraftsAndExportsAreRecordedAndListedEscaped() async throws {
        try await withApp(demo: true, prepare: { store in
            try await store.recordAudit(action: .signIn, caseID: nil, actor: "<script>alert(1)</script>", detail: "\"><img src=x>")
        }) { client in
            #expect(try await client.execute(uri: "/cases/kz-massimov", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/petition.md", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/cases/kz-massimov/drafts/petition.md?redact=true", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/export", method: .get).status == .ok)

            let response = try await client.execute(uri: "/audit", method: .get)
            #expect(response.status == .ok)
            let body = String(buffer: response.body)
            #expect(body.contains("Intact: "))
            for action in ["read", "draft", "redacted-export", "export", "create", "sign-in"] {
                #expect(body.contains("<td>\(action)</td>"), "\(action) listed")
            }
            #expect(!body.contains("<script>alert(1)</script>") && body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!body.contains("<img src=x>"))
            #expect(!body.contains("Massimov"), "no case content in the trail")

            let reads = String(buffer: try await client.execute(uri: "/audit?action=read&case=kz-massimov", method: .get).body)
            #expect(reads.contains("2 entries match"))
            let none = String(buffer: try await client.execute(uri: "/audit?actor=nobody", method: .get).body)
            #expect(none.contains("No entry matches."))
            let bad = try await client.execute(uri: "/audit?action=bogus&since=yesterday", method: .get)
            #expect(bad.status == .badRequest)
            let badBody = String(buffer: bad.body)
            #expect(badBody.contains("is not an audit action") && badBody.contains("since: not a day"))
        }
    }

    @Test func aBrokenChainIsShownOnThePage() async throws {
        try await withApp(demo: true, prepare: { store in
            try await store.pool.withSession { db in
                try await db.raw("DROP TRIGGER case_audit_no_update").run()
                try await db.raw("UPDATE case_audit SET detail = 'forged' WHERE seq = 2").run()
            }
        }) { client in
            let body = String(buffer: try await client.execute(uri: "/audit", method: .get).body)
            #expect(body.contains("Broken: entry 2: hash mismatch"))
        }
    }

    @Test func theAuditRouteIsMarkedAdminOnly() {
        #expect(Route.auditTrail.access(.get) == .admin && Route.auditTrail.path == "/audit")
        #expect(Route.caseHistory("x").access(.get) == .read && Route.caseShow("x").access(.get) == .redacted)
    }
}
