import Foundation
import HabeasCore
import HabeasDocuments
import ZIPFoundation

/// What a lawyer sends to Geneva: the draft (DOCX, and PDF when LibreOffice is installed), the
/// annexes numbered as the draft cites them, the annex list with each file's SHA-256, a consent
/// statement to sign, the covering e-mail and a checklist of what is still missing. The draft's
/// "Annex 2" is the package's `Annex 02 - …` by construction: both come from the same numbering.
///
/// Every file is re-hashed against the vault before it is sent (a file that changed is refused),
/// and every image leaves without its metadata (GPS, serial numbers); an image whose metadata
/// cannot be removed is left out and named in the checklist.
public enum SubmissionPackage {
    /// A file the case has, as the store records it: what a draft needs to cite it, and what its
    /// bytes are (for removing metadata).
    @dynamicMemberLookup
    public struct File: Sendable, Equatable {
        public var annex: AnnexFile
        public var detectedType: DetectedType

        public init(sha256: String, title: String, date: CaseDate? = nil, evidenceID: String? = nil, identifying: Bool = false,
                    detectedType: DetectedType) {
            annex = AnnexFile(sha256: sha256, title: title, date: date, evidenceID: evidenceID, identifying: identifying)
            self.detectedType = detectedType
        }

        public subscript<T>(dynamicMember keyPath: KeyPath<AnnexFile, T>) -> T { annex[keyPath: keyPath] }
    }

    /// One annex as sent.
    public struct Entry: Sendable, Equatable {
        public var annex: Annex
        public var fileName: String
        /// The SHA-256 of the bytes as stored (the chain of custody); `annex.file.sha256` is that
        /// of the bytes as sent, which differs when image metadata was removed.
        public var storedSHA256: String
        public var removedMetadata: [String]
    }

    public struct Result: Sendable, Equatable {
        public var draftFileName: String
        public var pdfFileName: String?
        public var entries: [Entry]
        public var checklist: [String]
        public var subject: String
    }

    public enum PackageError: Error, Sendable, Equatable, CustomStringConvertible {
        case kindNotSent(DocumentKind)
        case outputExists(String)
        case fileMissing(title: String, sha256: String)
        case fileChanged(title: String, sha256: String)

        public var description: String {
            switch self {
            case .kindNotSent(let kind): "a \(kind.rawValue) is not sent to the Working Group: choose \(SubmissionPackage.sentKinds.map(\.rawValue).joined(separator: ", "))"
            case .outputExists(let path): "\(path) already exists: choose a new directory or .zip name"
            case .fileMissing(let title, let sha): "the file “\(title)” (\(sha)) is missing from the file store: run `habeas verify-files`"
            case .fileChanged(let title, let sha): "the file “\(title)” no longer has the SHA-256 it was stored with (\(sha)): it was altered; run `habeas verify-files`"
            }
        }
    }

    /// The Working Group's secretariat (OHCHR complaints page [V]; docs/legal/working-group-procedure.md §1).
    public static let secretariatAddress = "hrc-wg-ad@un.org"
    public static let sentKinds: [DocumentKind] = [.petition, .urgentAction, .followUp, .comments]

    /// Writes the package into `directory`, which must not exist yet; on failure nothing is left.
    public static func build(_ file: CaseFile, kind: DocumentKind, asOf: CaseDate, files: [File], vault: FileVault,
                             drafter: Drafter, precedents: [PrecedentCitation] = [], into directory: URL, makePDF: Bool = true) throws -> Result {
        guard sentKinds.contains(kind) else { throw PackageError.kindNotSent(kind) }
        guard !FileManager.default.fileExists(atPath: directory.path) else { throw PackageError.outputExists(directory.path) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            return try write(file, kind: kind, asOf: asOf, files: files, vault: vault, drafter: drafter, precedents: precedents,
                             into: directory, makePDF: makePDF)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private static func write(_ file: CaseFile, kind: DocumentKind, asOf: CaseDate, files: [File], vault: FileVault, drafter: Drafter,
                              precedents: [PrecedentCitation], into directory: URL, makePDF: Bool) throws -> Result {
        var checklist: [String] = []
        let staging = directory.appendingPathComponent(".staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: staging) }

        // 1. Each file checked against its hash and cleaned, in the order the case has them.
        var cleaned: [(file: File, sentURL: URL, sentSHA: String, removed: [String])] = []
        var seen: Set<String> = []
        for item in files where seen.insert(item.sha256).inserted {
            let stored = staging.appendingPathComponent(item.sha256 + ".stored")
            do {
                try vault.copyPlain(item.sha256, to: stored)
            } catch FileVault.VaultError.missing {
                throw PackageError.fileMissing(title: item.title, sha256: item.sha256)
            } catch FileVault.VaultError.altered {
                throw PackageError.fileChanged(title: item.title, sha256: item.sha256)
            }
            defer { try? FileManager.default.removeItem(at: stored) }
            let sent = staging.appendingPathComponent(item.sha256)
            switch try MetadataStripping.copy(from: stored, to: sent, type: item.detectedType) {
            case .cannotClean(let reason):
                checklist.append("“\(item.title)” was left out: \(reason).")
            case .cleaned(let removed):
                cleaned.append((item, sent, try FileVault.hash(of: sent), removed))
            case .notAnImage:
                cleaned.append((item, sent, item.sha256, []))
            }
        }

        // 2. The draft, numbering the annexes as it cites them.
        let annexFiles = cleaned.map { item in
            var sent = item.file.annex
            sent.sha256 = item.sentSHA
            return sent
        }
        let document = try drafter.document(kind, for: file, asOf: asOf, precedents: precedents, annexes: annexFiles)
        let draftName = switch kind {
        case .petition: "Communication"
        case .urgentAction: "Urgent action request"
        case .comments: "Comments on the Government's reply"
        default: "Follow-up information"
        }
        let docx = directory.appendingPathComponent("\(draftName).docx")
        try writePrivate(try drafter.render(document, as: .docx), to: docx)
        var pdfName: String?
        if makePDF, let pdf = ExternalTools.pdf(fromDOCX: docx) {
            pdfName = "\(draftName).pdf"
            let destination = directory.appendingPathComponent("\(draftName).pdf")
            try FileManager.default.moveItem(at: pdf, to: destination)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: destination.path)
            try? FileManager.default.removeItem(at: pdf.deletingLastPathComponent())
        } else if makePDF {
            checklist.append("No PDF of the \(draftName.lowercased()): LibreOffice is not installed (Debian: libreoffice-writer-nogui). Send the DOCX, or convert it.")
        }

        // 3. The annexes under their numbers.
        var entries: [Entry] = []
        for annex in document.annexes {
            guard let source = cleaned.first(where: { $0.sentSHA == annex.file.sha256 }) else { continue }
            let name = String(format: "Annex %02d - %@.%@", annex.number, safeName(annex.file.title), source.file.detectedType.fileExtension)
            try FileManager.default.moveItem(at: source.sentURL, to: directory.appendingPathComponent(name))
            entries.append(Entry(annex: annex, fileName: name, storedSHA256: source.file.sha256, removedMetadata: source.removed))
        }

        // 4. The papers around them.
        for item in document.toComplete?.items ?? [] { checklist.append(item) }
        let attached = Set(files.compactMap(\.evidenceID))
        for evidence in file.evidence where !attached.contains(evidence.id)
            && file.allegations.contains(where: { $0.evidenceRefs.contains(evidence.id) }) {
            checklist.append("The evidence “\(evidence.title)” is relied on but no file of it is attached.")
        }
        // Comments answer a reply: without one recorded there is nothing to comment on yet.
        if kind == .comments, !file.procedure.contains(where: { $0.type == .governmentReply && $0.date.isOnOrBefore(asOf) }) {
            checklist.append("No reply of the Government is recorded: the comments answer it. Record its date (a government-reply event) and attach it.")
        }
        if file.source?.consent != true {
            checklist.append("The consent of the person detained or of the family is not recorded: have the consent statement signed.")
        }
        let subject = subjectLine(kind, document: document, file: file)
        try writePrivate(Data(annexList(entries, document: document).utf8), to: directory.appendingPathComponent("Annex list.txt"))
        try writePrivate(Data(consentStatement(file).utf8), to: directory.appendingPathComponent("Consent statement.txt"))
        try writePrivate(Data(coveringEmail(kind, subject: subject, document: document, draftName: draftName, pdf: pdfName != nil,
                                            entries: entries, confidential: file.source?.confidential != false).utf8),
                         to: directory.appendingPathComponent("Covering e-mail.txt"))
        let checklistText = "Before sending — \(document.metadata.subject)\n\n"
            + (checklist.isEmpty ? "Nothing is missing.\n" : checklist.map { "[ ] \($0)" }.joined(separator: "\n") + "\n")
        try writePrivate(Data(checklistText.utf8), to: directory.appendingPathComponent("Checklist.txt"))
        return Result(draftFileName: docx.lastPathComponent, pdfFileName: pdfName, entries: entries, checklist: checklist, subject: subject)
    }

    /// The subject line: what the secretariat needs to route the message at once. The wording
    /// the secretariat prefers could not be verified (docs/legal/working-group-procedure.md §1):
    /// it names the procedure, the person and the State.
    static func subjectLine(_ kind: DocumentKind, document: DraftDocument, file: CaseFile) -> String {
        switch kind {
        case .urgentAction: "URGENT ACTION REQUEST – \(document.metadata.subject)"
        case .comments: "Comments of the source on the Government's reply – \(document.metadata.subject)"
        case .followUp:
            "Follow-up to Opinion" + (file.procedure.last { $0.type == .opinionAdopted }?.number.map { " No. \($0)" } ?? "") + " – \(document.metadata.subject)"
        default: "New communication (regular procedure) – \(document.metadata.subject)"
        }
    }

    static func annexList(_ entries: [Entry], document: DraftDocument) -> String {
        var text = "Annexes to the \(document.metadata.title) — \(document.metadata.subject)\n"
        text += "Each file's SHA-256 identifies it exactly: the recipient can check that it is the file sent.\n\n"
        if entries.isEmpty { return text + "No annexes.\n" }
        for entry in entries {
            text += "Annex \(entry.annex.number): \(entry.annex.file.title)\n"
            text += "  Date: \(entry.annex.file.date?.longDescription ?? "undated")\n"
            text += "  File: \(entry.fileName)\n"
            text += "  SHA-256: \(entry.annex.file.sha256)\n"
            if !entry.removedMetadata.isEmpty {
                text += "  Image metadata removed before sending (\(entry.removedMetadata.joined(separator: ", "))); SHA-256 of the file as stored: \(entry.storedSHA256)\n"
            }
            text += "\n"
        }
        return text
    }

    static func consentStatement(_ file: CaseFile) -> String {
        let recorded: String
        if file.source?.consent == true {
            recorded = "The case file records that consent was given" + (file.source?.consentGivenBy.map { " by the \($0.rawValue)" } ?? "") + "."
        } else {
            recorded = "The case file does not record consent yet."
        }
        return """
        Consent to a communication to the United Nations Working Group on Arbitrary Detention

        I, ______________________________ (name), ______________________________ (the person detained, or relationship to them),
        consent to the submission of a communication to the Working Group on Arbitrary Detention concerning
        \(file.person.name), and to its transmission to the Government concerned.

        I understand that the Working Group's opinions refer to the source only as "the source".

        Place and date: ______________________________

        Signature: ______________________________

        (\(recorded))

        """
    }

    static func coveringEmail(_ kind: DocumentKind, subject: String, document: DraftDocument, draftName: String, pdf: Bool,
                              entries: [Entry], confidential: Bool) -> String {
        let what = kind == .urgentAction
            ? "a request for urgent action, as the continued detention puts the person's health, integrity or life at risk"
            : kind == .followUp ? "follow-up information on the implementation of the Working Group's opinion"
            : kind == .comments ? "the source's comments on the Government's reply, which the Working Group sent to the source"
            : "a communication under the regular procedure"
        var text = """
        To: \(secretariatAddress)
        Subject: \(subject)

        Dear Secretariat of the Working Group on Arbitrary Detention,

        Please find attached \(what) concerning \(document.metadata.subject).

        Attached:
        - \(draftName) (DOCX\(pdf ? " and PDF" : ""))

        """
        for entry in entries { text += "- Annex \(entry.annex.number): \(entry.annex.file.title)\n" }
        text += """
        - Annex list, with the SHA-256 of each file
        - Consent statement

        \(confidential ? "The source asks that its identity remain confidential.\n\n" : "")Yours faithfully,

        """
        return text
    }

    /// A title as a file name: letters, digits, spaces and a few marks; at most 60 characters.
    static func safeName(_ title: String) -> String {
        let kept = title.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) || " -_,()".unicodeScalars.contains(scalar) ? Character(scalar) : "_"
        }
        let name = String(String(kept).prefix(60)).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? "file" : name
    }

    static func writePrivate(_ data: Data, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// Zips a package directory into `zip` (0600), streaming each file. Built in a private
    /// directory and moved into place, so the archive is never readable by others, even briefly.
    public static func zip(_ directory: URL, to zip: URL) throws {
        guard !FileManager.default.fileExists(atPath: zip.path) else { throw PackageError.outputExists(zip.path) }
        let work = zip.deletingLastPathComponent().appendingPathComponent(".habeas-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: work) }
        let building = work.appendingPathComponent("package.zip")
        let archive = try Archive(url: building, accessMode: .create)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
        for name in names {
            try archive.addEntry(with: name, relativeTo: directory, compressionMethod: .deflate)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: building.path)
        try FileManager.default.moveItem(at: building, to: zip)
    }
}
