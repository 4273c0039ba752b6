import Foundation
import HabeasCore
@testable import HabeasStore
import Logging
import SQLKit
import Testing
import HabeasTestSupport

/// The hash-chained audit trail: every write is recorded with its transaction, and any change to
/// the stored trail is found and named by `verifyAudit`.
@Suite("Audit trail")
struct AuditTrailTests {
    /// What an attacker with the database does first: remove the append-only triggers.
    static func dropAppendOnlyGuard(_ store: SQLCaseStore) async throws {
        let flavor = store.flavor
        try await store.pool.withSession { db in
            if flavor == .postgres {
                try await db.raw("DROP TRIGGER case_audit_append_only ON case_audit").run()
            } else {
                try await db.raw("DROP TRIGGER case_audit_no_update").run()
                try await db.raw("DROP TRIGGER case_audit_no_delete").run()
            }
        }
    }

    static func tamper(_ store: SQLCaseStore, _ sql: SQLQueryString) async throws {
        try await dropAppendOnlyGuard(store)
        try await store.pool.withSession { db in try await db.raw(sql).run() }
    }

    /// Five entries: create, update, read, delete, undelete.
    static func fiveEntries(_ store: SQLCaseStore) async throws {
        var file = sampleCase()
        _ = try await store.create(file, change: alice)
        file.summary = "Changed."
        _ = try await store.update(file, basedOn: 1, change: bob)
        try await store.recordAudit(action: .read, caseID: "zz-sample", actor: "carol", detail: "case page")
        try await store.delete("zz-sample", change: bob)
        _ = try await store.undelete("zz-sample", change: alice)
    }

    @Test(arguments: TestBackend.all)
    func everyWriteIsRecordedInOrderAndTheChainVerifies(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            var file = AttachmentStoreTests.caseWithEvidence()
            _ = try await store.create(file, change: alice)
            file.summary = "Second."
            _ = try await store.update(file, basedOn: 1, change: bob)
            _ = try await store.restore("zz-sample", revision: 1, basedOn: 2, change: bob)
            let added = try await store.attach(AttachmentStoreTests.pdf, to: "zz-sample", change: bob)
            try await store.removeAttachment(added.id, of: "zz-sample", reason: "wrong file", change: bob)
            try await store.recordAudit(action: .draft, caseID: "zz-sample", actor: "web", detail: "petition.docx")
            try await store.recordAudit(action: .signIn, caseID: nil, actor: "alice", detail: "")
            try await store.delete("zz-sample", change: bob)
            _ = try await store.undelete("zz-sample", change: alice)
            try await store.delete("zz-sample", change: alice)
            try await store.purge("zz-sample", change: Change(author: "admin"))
            try await store.importRecord(historyRecord("kz-imported", revisions: 2), importer: importer)
            _ = try await store.importItems([.caseFile(sampleCase(id: "zz-plain"), path: "plain.yaml")], importer: importer, batchSize: 10)

            let entries = try await store.audit(nil)
            #expect(entries.map(\.action) == [.create, .update, .restore, .attach, .removeFile, .draft, .signIn, .delete, .undelete,
                                              .delete, .purge, .import, .import])
            #expect(entries.map(\.seq) == Array(1...13))
            #expect(entries.map(\.caseID)[6] == "", "a sign-in concerns no case")
            #expect(entries[2].detail == "revision 3 from revision 1")
            #expect(entries.dropFirst().allSatisfy { entry in entries.first { $0.seq == entry.seq - 1 }?.hash == entry.prevHash })
            #expect(!entries.contains { $0.detail.contains("Aigerim") || $0.detail.contains("Second") }, "never case content")
            let verification = try await store.verifyAudit()
            #expect(verification.intact && verification.checked == 13)
            #expect(verification.head == AuditHead(seq: 13, hash: entries[12].hash))
            #expect(try await store.auditHead() == verification.head)
            #expect(try await store.verifyAudit(head: verification.head!).intact)
            // Filters.
            #expect(try await store.auditEntries(AuditFilter(action: .delete)).map(\.seq) == [8, 10])
            #expect(try await store.auditEntries(AuditFilter(actor: "admin")).map(\.action) == [.purge])
            var page = AuditFilter(caseID: "zz-sample")
            page.newestFirst = true
            page.limit = 2
            #expect(try await store.auditEntries(page).map(\.seq) == [11, 10])
            #expect(try await store.auditCount(page) == 10, "counted without the page's limit (the sign-in is about no case)")
            #expect(try await store.auditEntries(AuditFilter(caseID: "zz-sample", since: Date(timeIntervalSinceNow: 3600))).isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func theTrailIsAppendOnlyInTheDatabase(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await Self.fiveEntries(store)
            await #expect(throws: (any Error).self) {
                try await store.pool.withSession { db in try await db.raw("UPDATE case_audit SET detail = 'x' WHERE seq = 2").run() }
            }
            await #expect(throws: (any Error).self) {
                try await store.pool.withSession { db in try await db.raw("DELETE FROM case_audit WHERE seq = 5").run() }
            }
            #expect(try await store.verifyAudit().intact)
        }
    }

    @Test(arguments: TestBackend.all)
    func aChangedDetailIsNamed(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await Self.fiveEntries(store)
            try await Self.tamper(store, "UPDATE case_audit SET detail = 'case page ' WHERE seq = 3")
            let result = try await store.verifyAudit()
            #expect(result.problem == .hashMismatch(seq: 3))
            #expect(result.checked == 2 && result.head?.seq == 2)
            #expect(result.problem?.description.contains("entry 3: hash mismatch") == true)
        }
    }

    @Test(arguments: TestBackend.all)
    func aDeletedMiddleEntryIsNamed(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await Self.fiveEntries(store)
            try await Self.tamper(store, "DELETE FROM case_audit WHERE seq = 3")
            let result = try await store.verifyAudit()
            #expect(result.problem == .gap(expected: 3, found: 4))
            #expect(result.problem?.description.contains("entry 3: missing") == true)
        }
    }

    @Test(arguments: TestBackend.all)
    func anEditedHashOrLinkIsNamed(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await Self.fiveEntries(store)
            // Someone rewrote entry 4's hash (consistently with nothing).
            try await Self.tamper(store, "UPDATE case_audit SET hash = \(bind: String(repeating: "a", count: 64)) WHERE seq = 4")
            #expect(try await store.verifyAudit().problem == .hashMismatch(seq: 4))
        }
        try await withStore(backend) { store in
            try await Self.fiveEntries(store)
            // Entry 2 recomputed over a forged previous hash: its own hash matches, its link does not.
            let entry = try #require(try await store.audit(nil).first { $0.seq == 2 })
            let forged = String(repeating: "b", count: 64)
            let rehashed = AuditChain.hash(seq: 2, at: Timestamp.string(entry.at), actor: entry.author, action: entry.action.rawValue,
                                           caseID: entry.caseID, detail: entry.detail, prevHash: forged)
            try await Self.tamper(store, "UPDATE case_audit SET prev_hash = \(bind: forged), hash = \(bind: rehashed) WHERE seq = 2")
            #expect(try await store.verifyAudit().problem == .wrongPrevLink(seq: 2))
        }
    }

    @Test(arguments: TestBackend.all)
    func truncationAfterAKeptHeadIsDetected(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await Self.fiveEntries(store)
            let kept = try #require(try await store.auditHead())
            #expect(kept.seq == 5)
            #expect(AuditHead(parsing: kept.description) == kept)
            // Without the kept head, removing the last entries leaves a valid shorter chain …
            try await Self.tamper(store, "DELETE FROM case_audit WHERE seq >= 4")
            #expect(try await store.verifyAudit().intact)
            // … which the kept head exposes.
            let result = try await store.verifyAudit(head: kept)
            #expect(result.problem == .headMissing(head: kept, lastSeq: 3))
            #expect(result.problem?.description.contains("truncated") == true)
            // A head from another chain is not found either.
            let other = AuditHead(seq: 2, hash: String(repeating: "c", count: 64))
            let second = try await store.audit(nil)[1].hash
            #expect(try await store.verifyAudit(head: other).problem == .headDiffers(head: other, found: second))
        }
    }

    @Test(arguments: TestBackend.all)
    func concurrentWritersProduceOneUnbrokenChain(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<6 {
                    group.addTask {
                        let id = "zz-writer-\(writer)"
                        var file = sampleCase(id: id)
                        _ = try await store.create(file, change: alice)
                        for round in 1...4 {
                            file.summary = "Round \(round)."
                            _ = try await store.update(file, basedOn: round, change: bob)
                            try await store.recordAudit(action: .read, caseID: id, actor: "reader-\(writer)", detail: "")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let result = try await store.verifyAudit()
            #expect(result.intact, "\(String(describing: result.problem))")
            #expect(result.checked == 6 * 9)
            #expect(try await store.audit(nil).map(\.seq) == Array(1...54))
        }
    }

    /// The chain migration on a trail written before it: entries keep their order and content, are
    /// numbered 1…n (a PostgreSQL sequence skips values on rollbacks) and chained.
    @Test(arguments: TestBackend.all)
    func theMigrationChainsExistingEntries(_ backend: TestBackend) async throws {
        try await withOlderSchema(backend, through: 6) { pool in
            try await pool.transaction { db in
                for (seq, action) in [(1, "import"), (4, "purge"), (9, "attach")] {
                    try await db.raw("""
                        INSERT INTO case_audit (seq, case_id, action, author, at, detail)
                        VALUES (\(bind: seq), 'zz-old', \(bind: action), 'old-author', '2024-01-05T00:00:00.000Z', 'old')
                        """).run()
                }
            }
            #expect(try await Migrations.run(on: pool, master: TestBackend.masterKey).contains(9))
            let store = try await SQLCaseStore.opening(pool: pool, master: TestBackend.masterKey, logger: Logger(label: "test"))
            let entries = try await store.audit(nil)
            #expect(entries.map(\.seq) == [1, 2, 3])
            #expect(entries.map(\.action) == [.import, .purge, .attach])
            #expect(try await store.verifyAudit().intact)
            // New entries continue the chain.
            try await store.recordAudit(action: .read, caseID: "zz-old", actor: "x", detail: "")
            let result = try await store.verifyAudit()
            #expect(result.intact && result.checked == 4)
            try await store.close()
        }
    }

    @Test(arguments: TestBackend.all)
    func outsideEntriesAreBounded(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            await #expect(throws: StoreError.self) {
                try await store.recordAudit(action: .read, caseID: "zz", actor: String(repeating: "a", count: 201), detail: "")
            }
            await #expect(throws: StoreError.self) {
                try await store.recordAudit(action: .read, caseID: "zz", actor: "a", detail: String(repeating: "d", count: 1_001))
            }
            let entries = try await store.audit(nil)
            #expect(entries.isEmpty)
        }
    }
}
