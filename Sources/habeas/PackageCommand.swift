import ArgumentParser
import Foundation
import HabeasCore
import HabeasDocuments
import HabeasFiles
import HabeasJurisprudence
import HabeasStore

/// `habeas package CASE -o DIR|FILE.zip`: everything to send to the Working Group.
struct PackageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Build the submission package of a stored case: draft, numbered annexes, annex list, consent, covering e-mail, checklist.",
        discussion: """
        The draft (DOCX, and PDF when LibreOffice is installed) cites the attached files as annexes,
        numbered in the order it first relies on them; the package names the files with the same
        numbers. Every file is checked against its SHA-256 first, and images leave without their
        metadata (GPS position, camera serial numbers).
        """
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var files: FilesOption

    @Argument(help: "The case id.")
    var id: String
    @Option(name: [.short, .customLong("output")], help: "A new directory, or a file ending in .zip.")
    var output: String
    @Option(help: "petition (default), urgent-action, follow-up, or comments (the source's comments on the Government's reply).")
    var kind: String = DocumentKind.petition.rawValue
    @OptionGroup var asOf: AsOfOption

    func validate() throws {
        guard let kind = DocumentKind(rawValue: kind), SubmissionPackage.sentKinds.contains(kind) else {
            throw ValidationError("--kind `\(kind)`: use \(SubmissionPackage.sentKinds.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        try await database.withStore { store in try await package(store, try files.vault(for: try database.location(), store: store)) }
    }

    func package(_ store: SQLCaseStore, _ vault: FileVault) async throws {
        let kind = DocumentKind(rawValue: kind)!
        let stored = try await store.requireCase(id)
        let date = try asOf.date()
        let attachments = try await store.attachments(of: id)
        let packaged = attachments.map(SubmissionPackage.File.init)
        let target = URL(fileURLWithPath: output)
        let zip = target.pathExtension.lowercased() == "zip"
        if FileManager.default.fileExists(atPath: target.path) {
            Console.error("\(output) already exists: choose a new directory or .zip name")
            throw ExitCode(1)
        }
        let directory = zip ? target.deletingLastPathComponent().appendingPathComponent(".habeas-package-\(UUID().uuidString)") : target
        do {
            let precedents = kind == .petition ? PetitionPrecedents.citations(for: stored.file, asOf: date) : []
            let result = try SubmissionPackage.build(stored.file, kind: kind, asOf: date, files: packaged, vault: vault, drafter: try Drafter(),
                                                     precedents: precedents, into: directory)
            try await store.recordAudit(action: .submissionPackage, caseID: id, actor: DatabaseOption.operatorName, detail: kind.rawValue)
            if zip {
                defer { try? FileManager.default.removeItem(at: directory) }
                try SubmissionPackage.zip(directory, to: target)
            }
            Console.out("\(output): \(result.draftFileName)\(result.pdfFileName.map { " and \($0)" } ?? ""), \(result.entries.count) annex(es)")
            for entry in result.entries {
                Console.out("  Annex \(entry.annex.number): \(entry.annex.file.title)  SHA-256 \(entry.annex.file.sha256)"
                            + (entry.removedMetadata.isEmpty ? "" : "  (removed: \(entry.removedMetadata.joined(separator: ", ")))"))
            }
            Console.out("Subject: \(result.subject)")
            if !result.checklist.isEmpty { Console.error("note: \(result.checklist.count) item(s) still missing: see Checklist.txt") }
        } catch let error as SubmissionPackage.PackageError {
            Console.error("\(id): no package: \(error)")
            throw ExitCode(1)
        }
    }
}
