import ArgumentParser
import Foundation
import HabeasCore
import HabeasFiles
import HabeasStore

/// `habeas attach CASE FILE…`: adds files to a case, each stored once under its SHA-256.
struct AttachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach files (PDF, images, audio, video, office documents) to a case, with their chain of custody.",
        discussion: """
        Each file is copied into the file store under its SHA-256 and never changes; its original name,
        the type found in its bytes, who added it and when are recorded. Link it to an evidence item
        with --evidence ID so drafts cite it as an annex where they rely on that evidence.
        """
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var files: FilesOption

    @Argument(help: "The case id.")
    var id: String
    @Argument(help: "The files to attach.")
    var paths: [String]
    @Option(help: "The evidence item (evidence[].id) the files belong to.")
    var evidence: String?
    @Option(help: "What the file is (default: the evidence item's title, else the file name).")
    var title: String?
    @Option(help: "The date of the document itself (YYYY-MM-DD).")
    var date: String?
    @Flag(help: "The file shows who someone is (a photograph, an identity document): never in a redacted output.")
    var identifying = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("name at least one file to attach") }
        if let date, (try? CaseDate(parsing: date)).map({ !$0.hasTime }) != true {
            throw ValidationError("--date `\(date)` is not a date: use YYYY-MM-DD")
        }
    }

    func run() async throws {
        try await database.withStore { store in try await attach(store, try files.vault(for: try database.location(), store: store)) }
    }

    func attach(_ store: SQLCaseStore, _ vault: FileVault) async throws {
        let current = try await store.requireCase(id)
        let evidenceTitle = evidence.flatMap { ref in current.file.evidence.first { $0.id == ref }?.title }
        var failed = 0
        for path in paths {
            let url = URL(fileURLWithPath: path)
            do {
                let type = try ContentSniffer.detect(fileAt: url)
                let stored = try vault.store(contentsOf: url)
                let (attachment, text) = try await FileIntake(store: store, vault: vault).attach(
                    NewAttachment(sha256: stored.sha256, size: stored.size, originalName: url.lastPathComponent, detectedType: type.rawValue,
                                  title: title ?? evidenceTitle ?? url.deletingPathExtension().lastPathComponent,
                                  date: try date.map { try CaseDate(parsing: $0) }, evidenceID: evidence, identifying: identifying),
                    to: id, change: Change(author: DatabaseOption.operatorName, note: "attached \(url.lastPathComponent)"))
                Console.out("\(path): attached as file \(attachment.id), \(type.rawValue), \(stored.size) bytes, SHA-256 \(stored.sha256)"
                            + (stored.alreadyStored ? " (the same bytes were already stored)" : "")
                            + (text == .notApplicable ? "" : "; \(text)"))
            } catch {
                failed += 1
                Console.error("\(path): not attached: \(Self.explain(error))")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }

    static func explain(_ error: any Error) -> String {
        switch error {
        case let error as FileVault.VaultError: error.description
        case let error as StoreError: error.description
        case let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile: "no such file"
        default: error.localizedDescription
        }
    }
}

/// `habeas files CASE`: the files of a case with their chain of custody.
struct FilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "List the files attached to a case: hash, type, who added them and when, and removals."
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var files: FilesOption
    @Argument(help: "The case id.")
    var id: String
    @Flag(help: "Include removed files.")
    var all = false
    @Flag(help: "Extract the text of PDFs and office documents whose text is not yet searchable (after installing poppler-utils or LibreOffice).")
    var extractText = false

    func run() async throws {
        try await database.withStore { store in
            if extractText { try await extract(store, try files.vault(for: try database.location(), store: store)) }
            try await list(store)
        }
    }

    func extract(_ store: SQLCaseStore, _ vault: FileVault) async throws {
        let stored = try await store.extractedTextLengths(of: id)
        let intake = FileIntake(store: store, vault: vault)
        for file in try await store.attachments(of: id) where stored[file.id] == nil {
            let outcome = try await intake.extractText(of: file)
            if outcome != .notApplicable { Console.out("file \(file.id): \(outcome)") }
        }
    }

    func list(_ store: SQLCaseStore) async throws {
        let attachments = try await store.attachments(of: id, includeRemoved: all)
        let texts = try await store.extractedTextLengths(of: id)
        if attachments.isEmpty { Console.out("no files attached to \(id)") }
        for file in attachments {
            var line = "\(file.id)  \(file.sha256)  \(file.detectedType)  \(file.size) bytes  “\(file.title)”"
            if let evidence = file.evidenceID { line += "  evidence \(evidence)" }
            line += "\n    added by \(file.addedBy) at \(file.addedAt.formatted(.iso8601)) as \(file.originalName)"
            if let declared = file.declaredType { line += " (\(declared))" }
            let text = FileIntake.textStatus(of: file, storedCharacters: texts[file.id])
            if text != .notApplicable, file.removedAt == nil { line += "\n    \(text)" }
            if let removed = file.removedAt {
                line += "\n    removed by \(file.removedBy ?? "?") at \(removed.formatted(.iso8601)): \(file.removalReason ?? "")"
            }
            Console.out(line)
        }
    }
}

/// `habeas verify-files`: re-hashes every stored file.
struct VerifyFilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-files",
        abstract: "Re-hash every attached file and name any that changed or went missing (exit 1 if any)."
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var files: FilesOption

    func run() async throws {
        try await database.withStore { store in try await verify(store, try files.vault(for: try database.location(), store: store)) }
    }

    func verify(_ store: SQLCaseStore, _ vault: FileVault) async throws {
        let attachments = try await store.allAttachments()
        let hashes = Array(Set(attachments.map(\.sha256))).sorted()
        let problems = vault.verify(hashes)
        for problem in problems {
            let users = attachments.filter { $0.sha256 == problem.sha256 }
                .map { "\($0.caseID) file \($0.id) “\($0.title)” (\($0.originalName))" }.joined(separator: "; ")
            switch problem.kind {
            case .missing: Console.error("MISSING  \(problem.sha256)  \(users)")
            case .unreadable: Console.error("UNREADABLE  \(problem.sha256)  \(users)")
            case .changed(let actual?): Console.error("CHANGED  \(problem.sha256) now hashes to \(actual)  \(users)")
            case .changed(nil): Console.error("CHANGED  \(problem.sha256): its stored bytes were altered and no longer open  \(users)")
            }
        }
        Console.out("\(hashes.count) file(s) checked, \(problems.count) problem(s)")
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

/// `habeas detach CASE FILE-ID --reason TEXT`: removes a file from a case, as a recorded act.
struct DetachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detach",
        abstract: "Remove a file from a case; who, when and why are recorded, and the bytes stay in the file store.",
        discussion: "The file ids are those `habeas files CASE` lists."
    )

    @OptionGroup var database: DatabaseOption
    @Argument(help: "The case id.")
    var id: String
    @Argument(help: "The file's id in the case (from `habeas files`).")
    var file: Int64
    @Option(help: "Why the file is removed (kept in its chain of custody).")
    var reason: String

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--reason must say why") }
    }

    func run() async throws {
        try await database.withStore { store in
            do {
                try await store.removeAttachment(file, of: id, reason: reason, change: Change(author: DatabaseOption.operatorName, note: "removed a file"))
            } catch let error as StoreError {
                Console.error("\(id): file \(file) not removed: \(error)")
                throw ExitCode(1)
            }
        }
        Console.out("\(id): file \(file) removed (recorded with its reason)")
    }
}
