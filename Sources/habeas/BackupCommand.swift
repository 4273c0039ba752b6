import ArgumentParser
import Crypto
import Foundation
import HabeasFiles
import HabeasKeys
import HabeasStore

/// `--files DIR` / `--no-files`: which vault's bytes go into or come out of a backup.
struct BackupFilesOption: ParsableArguments {
    @OptionGroup var files: FilesOption

    @Flag(help: "Leave the attached files' bytes out (the database alone).")
    var noFiles = false

    func vault(for location: DatabaseLocation) throws -> URL? {
        if noFiles { return nil }
        guard let root = files.root(for: location) else {
            Console.error("with PostgreSQL, say where attached files are kept (--files DIR or \(FilesOption.environmentVariable)), or give --no-files")
            throw ExitCode(2)
        }
        return root
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write an encrypted, consistent backup of the database and the attached files, with a checksum file.",
        discussion: """
            Safe while `habeas serve` runs: everything is read in one snapshot. The backup is encrypted with \
            AES-GCM under a key derived from the database's master key (--key-file, $HABEAS_KEY_FILE or \
            $HABEAS_MASTER_KEY); OUT.sha256 is written beside it. Restore with `habeas restore OUT` into an \
            empty database opened with the same master key.
            """
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var files: BackupFilesOption

    @Argument(help: "The backup file to write (not overwritten).")
    var output: String

    @Flag(help: "Write the backup without encryption (anyone with the file reads every case).")
    var unencrypted = false

    func run() async throws {
        let master = unencrypted ? nil : try masterKey(database)
        let url = URL(fileURLWithPath: output)
        guard !FileManager.default.fileExists(atPath: url.path) else {
            Console.error("\(output) already exists: a backup is never overwritten")
            throw ExitCode(1)
        }
        let vault = try files.vault(for: try database.location())
        let summary: Backup.Summary
        do {
            summary = try await database.withStore { store in
                let summary = try await store.backup(to: url, masterKey: master?.backupKeyMaterial, vault: vault)
                try await store.recordAudit(action: .export, caseID: nil, actor: DatabaseOption.operatorName, detail: "backup")
                return summary
            }
        } catch let failure as Backup.Failure {
            Console.error("no backup written: \(failure)")
            throw ExitCode(1)
        }
        Console.out("\(output): \(summary.rows["cases"] ?? 0) cases, \(summary.rows["case_revisions"] ?? 0) revisions, "
                    + "\(summary.rows["case_audit"] ?? 0) audit entries, \(summary.files) files (\(summary.fileBytes) bytes)"
                    + (vault == nil ? " (files left out)" : "") + (summary.encrypted ? ", encrypted" : ", NOT encrypted"))
        Console.out("checksum: \(Backup.checksumURL(for: url).path)")
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty database, checking its checksum, every chunk and the audit chain.",
        discussion: "Nothing is half-restored: the restore is one transaction, and a damaged backup is refused before it commits."
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var files: BackupFilesOption

    @Argument(help: "The backup file (with its .sha256 file beside it).")
    var input: String

    func run() async throws {
        let url = URL(fileURLWithPath: input)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Console.error("\(input): no such file")
            throw ExitCode(1)
        }
        // The backup was sealed with the master key of the database backed up, which is the key
        // the new database must be opened with for its cases to be readable.
        let master = try masterKey(database)
        let location = try database.location()
        let vault = try files.vault(for: location)
        let (summary, verification, fileProblems): (Backup.Summary, AuditVerification, [FileVault.Problem])
        do {
            (summary, verification, fileProblems) = try await database.withStore { store in
                let summary = try await store.restore(from: url, masterKey: master.backupKeyMaterial, vault: vault)
                // Every restored file opened and re-hashed through the vault.
                var problems: [FileVault.Problem] = []
                if let vault {
                    let hashes = Set(try await store.allAttachments().map(\.sha256))
                    problems = try FileVault(root: vault, key: store.fileKey).verify(hashes.sorted())
                }
                return (summary, try await store.verifyAudit(head: summary.auditHead), problems)
            }
        } catch let failure as Backup.Failure {
            Console.error("not restored: \(failure)")
            throw ExitCode(1)
        }
        Console.out("restored \(summary.rows["cases"] ?? 0) cases, \(summary.rows["case_revisions"] ?? 0) revisions, "
                    + "\(summary.rows["case_audit"] ?? 0) audit entries, \(summary.files) files")
        for problem in fileProblems { Console.error("restored file \(problem.sha256): \(problem.kind)") }
        if let problem = verification.problem {
            Console.error("audit trail BROKEN at \(problem)")
            throw ExitCode(1)
        }
        if !fileProblems.isEmpty { throw ExitCode(1) }
        Console.out("audit trail intact: \(verification.checked) entries" + (verification.head.map { ", head \($0)" } ?? ""))
    }
}

/// The database's master key, which also seals its backups.
private func masterKey(_ database: DatabaseOption) throws -> MasterKey {
    do {
        return try database.masterKey(for: try database.location()).key
    } catch let error as KeyError {
        Console.error("\(error)")
        throw ExitCode(2)
    }
}
