import Crypto
import Foundation
import HabeasCore
@testable import HabeasStore
import Testing
import HabeasTestSupport

/// Backups and the restore drill: a store with cases, revisions, attachments and audit entries
/// is backed up, restored into a fresh store (also across backends) and reads back equal.
@Suite("Backup and restore")
struct BackupTests {
    static let master = SymmetricKey(size: .bits256)

    struct Scratch {
        let directory: URL
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-backup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        var backup: URL { directory.appendingPathComponent("cases.habeas-backup") }
        func vault(_ name: String) -> URL { directory.appendingPathComponent(name) }
        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    /// A file in a vault laid out as FileVault does, with the hash `NewAttachment` needs.
    static func putFile(_ bytes: [UInt8], in vault: URL) throws -> NewAttachment {
        let sha = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let url = Backup.vaultPath(vault, sha)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return NewAttachment(sha256: sha, size: Int64(bytes.count), originalName: "scan.pdf", detectedType: "pdf", title: "Scan", evidenceID: "e1")
    }

    /// Cases with revisions (one deleted), an import, attachments (one removed) and audit entries.
    static func populate(_ store: SQLCaseStore, vault: URL) async throws {
        var file = AttachmentStoreTests.caseWithEvidence()
        _ = try await store.create(file, change: alice)
        file.summary = "Second version."
        _ = try await store.update(file, basedOn: 1, change: bob)
        _ = try await store.restore(file.id, revision: 1, basedOn: 2, change: bob)
        // Larger than a chunk, so the file spans several.
        let big = (0..<(Backup.chunkSize + 12_345)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        _ = try await store.attach(try putFile(big, in: vault), to: file.id, change: bob)
        let small = try await store.attach(try putFile(Array("small file".utf8), in: vault), to: file.id, change: bob)
        try await store.removeAttachment(small.id, of: file.id, reason: "duplicate", change: alice)
        _ = try await store.create(sampleCase(id: "zz-deleted", name: "Other Person"), change: alice)
        try await store.delete("zz-deleted", change: alice)
        try await store.importRecord(historyRecord("kz-imported", revisions: 3), importer: importer)
        try await store.recordAudit(action: .read, caseID: file.id, actor: "carol", detail: "case page")
    }

    struct Contents: Equatable {
        var records: [CaseRecord]
        var attachments: [HabeasStore.Attachment]
        var audit: [AuditEntry]
        var search: [String]
    }

    static func contents(_ store: SQLCaseStore) async throws -> Contents {
        var query = CaseQuery(text: "night", today: testToday)
        query.includeDeleted = true
        return Contents(records: try await store.exportAll(), attachments: try await store.allAttachments(),
                        audit: try await store.audit(nil), search: try await store.search(query).items.map(\.id).sorted())
    }

    static func pairs() -> [(TestBackend, TestBackend)] {
        TestBackend.all.flatMap { from in TestBackend.all.map { (from, $0) } }
    }

    @Test(arguments: pairs())
    func restoreDrill(_ from: TestBackend, _ to: TestBackend) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try await withStore(from) { original in
            try await Self.populate(original, vault: scratch.vault("vault"))
            let summary = try await original.backup(to: scratch.backup, masterKey: Self.master, vault: scratch.vault("vault"))
            #expect(summary.encrypted && summary.files == 2 && summary.rows["case_revisions"] == 7)
            let before = try await Self.contents(original)
            #expect(!before.search.isEmpty, "the full-text index answers before and after")

            try await withStore(to) { restored in
                let result = try await restored.restore(from: scratch.backup, masterKey: Self.master, vault: scratch.vault("restored"))
                #expect(result.rows == summary.rows && result.files == 2)
                #expect(try await Self.contents(restored) == before)
                let verification = try await restored.verifyAudit()
                #expect(verification.intact && verification.head == result.auditHead && verification.head == before.audit.last.map {
                    AuditHead(seq: $0.seq, hash: $0.hash)
                })
                for attachment in before.attachments {
                    #expect(try Data(contentsOf: Backup.vaultPath(scratch.vault("restored"), attachment.sha256))
                            == Data(contentsOf: Backup.vaultPath(scratch.vault("vault"), attachment.sha256)))
                }
                // The restored store keeps working: new files get new ids, the chain continues.
                let again = try await restored.attach(try Self.putFile(Array("new".utf8), in: scratch.vault("restored")),
                                                      to: "zz-sample", change: bob)
                #expect(again.id > before.attachments.map(\.id).max()!)
                #expect(try await restored.verifyAudit().intact)
                // Not into a store that holds anything.
                await #expect(throws: Backup.Failure.self) {
                    _ = try await restored.restore(from: scratch.backup, masterKey: Self.master, vault: nil)
                }
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func nothingOfTheCasesIsReadableInTheBackup(_ backend: TestBackend) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try await withStore(backend) { store in
            try await Self.populate(store, vault: scratch.vault("vault"))
            _ = try await store.backup(to: scratch.backup, masterKey: Self.master, vault: scratch.vault("vault"))
            let bytes = try Data(contentsOf: scratch.backup)
            for secret in ["Aigerim", "Other Person", "treason", "small file", "Arrested at night"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) readable in the backup")
            }
            // Unencrypted only when asked: then its structure is readable (the test can fail), and
            // the cases are still sealed by the database's own keys.
            let plain = scratch.directory.appendingPathComponent("plain.backup")
            let summary = try await store.backup(to: plain, masterKey: nil, vault: nil)
            #expect(!summary.encrypted && summary.files == 0)
            #expect(try Data(contentsOf: plain).range(of: Data("case_revisions".utf8)) != nil)
            #expect(try Data(contentsOf: plain).range(of: Data("Aigerim".utf8)) == nil)
            try await withStore(.sqlite) { fresh in
                let result = try await fresh.restore(from: plain, masterKey: nil, vault: nil)
                #expect(!result.encrypted)
                #expect(try await fresh.exportAll() == store.exportAll())
            }
        }
    }

    /// A backup taken while a writer keeps writing is one moment of the store: the restored cases
    /// and the restored audit trail match one to one, and the chain verifies.
    @Test(arguments: TestBackend.all)
    func aBackupWhileWritingIsOneConsistentMoment(_ backend: TestBackend) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try await withStore(backend) { store in
            let writer = Task {
                var written = 0
                while !Task.isCancelled && written < 300 {
                    _ = try await store.create(sampleCase(id: "zz-busy-\(written)"), change: alice)
                    written += 1
                }
                return written
            }
            while try await store.audit(nil).count < 5 { try await Task.sleep(for: .milliseconds(5)) }
            _ = try await store.backup(to: scratch.backup, masterKey: Self.master, vault: nil)
            writer.cancel()
            let written = try await writer.value
            try await withStore(backend) { restored in
                _ = try await restored.restore(from: scratch.backup, masterKey: Self.master, vault: nil)
                let records = try await restored.exportAll()
                let audit = try await restored.audit(nil)
                #expect(records.count >= 5 && records.count <= written)
                #expect(audit.map(\.caseID).sorted() == records.map(\.id).sorted(), "each case with its create entry, nothing more")
                #expect(try await restored.verifyAudit().intact)
            }
        }
    }

    /// Damage is refused with its own message, and nothing is left half-restored.
    @Test func damagedBackupsAreRefusedAndNothingIsRestored() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try await withStore(.sqlite) { store in
            try await Self.populate(store, vault: scratch.vault("vault"))
            _ = try await store.backup(to: scratch.backup, masterKey: Self.master, vault: scratch.vault("vault"))
        }
        let good = try Data(contentsOf: scratch.backup)
        let goodChecksum = try Data(contentsOf: Backup.checksumURL(for: scratch.backup))
        // Frames: header, then [length 4][flag 1][payload].
        func frames(_ data: Data) -> [Range<Int>] {
            var ranges: [Range<Int>] = []
            var i = Backup.headerLength
            while i < data.count {
                let length = data[i..<i + 4].reduce(0) { $0 << 8 | Int($1) }
                ranges.append(i..<i + 5 + length)
                i += 5 + length
            }
            return ranges
        }
        let chunks = frames(good)
        #expect(chunks.count >= 2, "the big file spans chunks")

        func attempt(_ damaged: Data, rewriteChecksum: Bool = true, key: SymmetricKey? = BackupTests.master) async throws -> Backup.Failure? {
            try damaged.write(to: scratch.backup)
            if rewriteChecksum {
                // An attacker who can change the backup can change its checksum file too: the chunks must hold on their own.
                try Data((try Backup.sha256(of: scratch.backup) + "  x\n").utf8).write(to: Backup.checksumURL(for: scratch.backup))
            } else {
                try goodChecksum.write(to: Backup.checksumURL(for: scratch.backup))
            }
            var failure: Backup.Failure?
            try await withStore(.sqlite) { fresh in
                do {
                    _ = try await fresh.restore(from: scratch.backup, masterKey: key, vault: scratch.vault("target"))
                } catch let error as Backup.Failure {
                    failure = error
                }
                if failure != nil {
                    let (records, audit) = (try await fresh.exportAll(), try await fresh.audit(nil))
                    #expect(records.isEmpty && audit.isEmpty, "nothing half-restored")
                    #expect(try await fresh.allAttachments().isEmpty)
                } else {
                    #expect(try await fresh.exportAll().count == 3)
                    #expect(try await fresh.verifyAudit().intact)
                }
            }
            if failure != nil {
                let left = (try? FileManager.default.subpathsOfDirectory(atPath: scratch.vault("target").appendingPathComponent("sha256").path)) ?? []
                #expect(!left.contains { $0.count > 60 }, "no vault file left behind")
            }
            return failure
        }

        var flipped = good
        flipped[chunks[1].lowerBound + 40] ^= 0x01
        #expect(try await attempt(flipped, rewriteChecksum: false) == .checksumMismatch)
        #expect(try await attempt(flipped) == .chunkAltered(index: 1))

        var reordered = good.prefix(Backup.headerLength)
        reordered += good[chunks[1]] + good[chunks[0]]
        for chunk in chunks.dropFirst(2) { reordered += good[chunk] }
        #expect(try await attempt(Data(reordered)) == .chunkAltered(index: 0))

        let truncated = good.prefix(chunks[chunks.count - 1].lowerBound)
        #expect(try await attempt(Data(truncated)) == .truncated)
        #expect(try await attempt(Data(good.prefix(chunks[1].lowerBound + 100))) == .truncated)

        #expect(try await attempt(good, key: SymmetricKey(size: .bits256)) == .wrongKey)
        #expect(try await attempt(good, key: nil) == .needsKey)
        #expect(Backup.Failure.chunkAltered(index: 1).description.contains("nothing was restored"))

        // And the intact backup still restores.
        #expect(try await attempt(good, rewriteChecksum: false) == nil)
    }

    /// Every table and column of a freshly migrated database is in the backup's list: a new
    /// migration that adds one fails here until the backup keeps it.
    @Test(arguments: TestBackend.all)
    func theBackupKnowsEveryTable(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let schema = try await store.pool.withSession { db in try await Backup.schema(db) }
            try Backup.checkKnown(schema)
            #expect(Set(schema.keys) == Set(Backup.tables.map(\.name)))
        }
    }
}
