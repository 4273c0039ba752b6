import ArgumentParser
import Crypto
import Foundation
import HabeasKeys
import HabeasStore

/// The master key for backups: `--key-file` (0600), else `HABEAS_MASTER_KEY`.
struct BackupKeyOption: ParsableArguments {
    @Option(help: "The master key file (base64, mode 0600; default: $\(MasterKey.environmentVariable)).")
    var keyFile: String?

    func load() throws -> MasterKey? {
        do {
            if let keyFile { return try MasterKey.load(file: keyFile) }
            if let text = ProcessInfo.processInfo.environment[MasterKey.environmentVariable], !text.isEmpty {
                return try MasterKey(base64: text)
            }
            return nil
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
    }
}

/// `--files DIR` / `--no-files`: which vault's bytes go into or come out of a backup.
struct BackupFilesOption: ParsableArguments {
    @OptionGroup var files: FilesOption

    @Flag(help: "Leave the attached files' bytes out (the database alone).")
    var noFiles = false

    func vault(for location: DatabaseLocation) throws -> URL? {
        if noFiles { return nil }
        guard let vault = try files.configuredVault(for: location) else {
            Console.error("with PostgreSQL, say where attached files are kept (--files DIR or \(FilesOption.environmentVariable)), or give --no-files")
            throw ExitCode(2)
        }
        return vault.root
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write an encrypted, consistent backup of the database and the attached files, with a checksum file.",
        discussion: """
            Safe while `habeas serve` runs: everything is read in one snapshot. The backup is encrypted with \
            AES-GCM under a key derived from the master key; OUT.sha256 is written beside it. Restore with \
            `habeas restore OUT` into an empty database.
            """
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var files: BackupFilesOption
    @OptionGroup var key: BackupKeyOption

    @Argument(help: "The backup file to write (not overwritten).")
    var output: String

    @Flag(help: "Write the backup without encryption (anyone with the file reads every case).")
    var unencrypted = false

    func run() async throws {
        let master = unencrypted ? nil : try key.load()
        guard unencrypted || master != nil else {
            Console.error("no master key: give --key-file FILE or set \(MasterKey.environmentVariable); an unencrypted backup needs --unencrypted")
            throw ExitCode(2)
        }
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
    @OptionGroup var key: BackupKeyOption

    @Argument(help: "The backup file (with its .sha256 file beside it).")
    var input: String

    func run() async throws {
        let url = URL(fileURLWithPath: input)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Console.error("\(input): no such file")
            throw ExitCode(1)
        }
        let master = try key.load()
        let vault = try files.vault(for: try database.location())
        let (summary, verification): (Backup.Summary, AuditVerification)
        do {
            (summary, verification) = try await database.withStore { store in
                let summary = try await store.restore(from: url, masterKey: master?.backupKeyMaterial, vault: vault)
                return (summary, try await store.verifyAudit(head: summary.auditHead))
            }
        } catch let failure as Backup.Failure {
            Console.error("not restored: \(failure)")
            throw ExitCode(1)
        }
        Console.out("restored \(summary.rows["cases"] ?? 0) cases, \(summary.rows["case_revisions"] ?? 0) revisions, "
                    + "\(summary.rows["case_audit"] ?? 0) audit entries, \(summary.files) files")
        if let problem = verification.problem {
            Console.error("audit trail BROKEN at \(problem)")
            throw ExitCode(1)
        }
        Console.out("audit trail intact: \(verification.checked) entries" + (verification.head.map { ", head \($0)" } ?? ""))
    }
}
