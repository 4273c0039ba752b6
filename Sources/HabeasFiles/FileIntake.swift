import Foundation
import HabeasCore
import HabeasStore

/// The one way a file already in the vault joins a case, whether it came from `habeas attach`,
/// the API or the web form: its record (chain of custody) first, then its text for full-text
/// search. Extraction never decides whether the file is attached: without the tools, or when
/// they fail, the file is kept and its text is simply not searchable.
public struct FileIntake: Sendable {
    public let store: any CaseStore
    public let vault: FileVault
    /// Bounds of one extraction: text kept and time the tool may run.
    public var textLimit: Int = AttachmentText.maxBytes
    public var timeout: TimeInterval = 60

    public init(store: any CaseStore, vault: FileVault) {
        self.store = store
        self.vault = vault
    }

    /// What became of the file's text.
    public enum TextOutcome: Sendable, Equatable, CustomStringConvertible {
        case searchable(characters: Int)
        /// Extracted, but there was none (a scan without a text layer: no OCR is done).
        case noTextFound
        case notApplicable
        case toolMissing(String)
        case failed

        public var description: String {
            switch self {
            case .searchable(let characters): "its text (\(characters) characters) is searchable"
            case .noTextFound: "no text found in it (a scan? Habeas does no OCR)"
            case .notApplicable: "no text to search in this type"
            case .toolMissing(let tool): "its text is not searchable: \(tool) is not installed"
            case .failed: "its text was not extracted (the tool failed or ran out of time; `habeas files CASE --extract-text` tries again)"
            }
        }
    }

    public func attach(_ new: NewAttachment, to caseID: String, change: Change) async throws -> (Attachment, TextOutcome) {
        let attachment = try await store.attach(new, to: caseID, change: change)
        let outcome = try await extractText(of: attachment)
        return (attachment, outcome)
    }

    /// Extracts and stores the text of a live file of the case (again, when a tool was installed
    /// since it was attached).
    public func extractText(of attachment: Attachment) async throws -> TextOutcome {
        let type = DetectedType(rawValue: attachment.detectedType) ?? .unknown
        // Only these hold text; a video is never copied out of the vault for nothing.
        guard [.pdf, .document, .text].contains(type.family) else { return .notApplicable }
        // The tools read a path: a private plain copy, checked against the hash, removed after.
        let plain = vault.temporaryURL()
        defer { try? FileManager.default.removeItem(at: plain) }
        try vault.copyPlain(attachment.sha256, to: plain)
        switch await ExternalTools.extractText(of: plain, type: type, limit: textLimit, timeout: timeout) {
        case .text(let text):
            let kept = AttachmentText.clean(text, limit: textLimit)
            let hasWords = kept.contains(where: { !$0.isWhitespace })
            // Stored even when empty: "no text in it" is then known, not "not extracted".
            try await store.setExtractedText(hasWords ? kept : "", of: attachment.id, in: attachment.caseID)
            return hasWords ? .searchable(characters: kept.count) : .noTextFound
        case .notApplicable: return .notApplicable
        case .toolMissing(let tool): return .toolMissing(tool)
        case .failed: return .failed
        }
    }

    /// What `habeas files` and the Files page say of a file's text, from what is stored and
    /// which tools this machine has.
    public static func textStatus(of attachment: Attachment, storedCharacters: Int?) -> TextOutcome {
        let type = DetectedType(rawValue: attachment.detectedType) ?? .unknown
        if let storedCharacters { return storedCharacters > 0 ? .searchable(characters: storedCharacters) : .noTextFound }
        switch type.family {
        case .pdf: return ExternalTools.pdftotext == nil ? .toolMissing(ExternalTools.pdftotextPackage) : .failed
        case .document: return ExternalTools.libreOffice == nil ? .toolMissing(ExternalTools.libreOfficePackage) : .failed
        case .text: return .failed
        default: return .notApplicable
        }
    }
}
