import Foundation
import HabeasDocuments
import HabeasFiles
import HabeasLocalization
import HabeasStore

/// `/cases/{id}/files`: the files attached to a case with their chain of custody — hash, type as
/// found in the bytes, who added each and when, and who removed one, when and why.
enum CaseFiles {
    struct Row {
        var href: String
        /// For images: shown as a thumbnail (without their metadata).
        var thumbnail: String?
        /// For PDFs: the browser's viewer.
        var viewer: String?
        /// For PDFs, office and text files: whether their words are found by the case search.
        var text: String?
        var title: String
        var date: String?
        var evidenceID: String?
        var type: String
        var declaredType: String?
        var size: String
        var sha256: String
        var originalName: String
        var addedBy: String
        var addedAt: String
        var identifying: Bool
        var removedBy: String?
        var removedAt: String?
        var removalReason: String?
        var sentAs: String
        var addedLine: String
        var originalNameHTML: SafeHTML
        var removedHTML: SafeHTML
    }
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }
    struct Model {
        var heading: String
        var caseHref: String
        /// The upload form, when this server keeps files.
        var uploadAction: String?
        /// The submission package's download, when this server keeps files.
        var packageAction: String?
        var packageKinds: [Option]
        var evidenceOptions: [Option]
        var formTitle: String
        var formDate: String
        var errors: [String]
        var hasErrors: Bool
        var files: [Row]
        var removed: [Row]
        var hasFiles: Bool
        var hasRemoved: Bool
        var title = Interface.localizer.text("files.title", ["case": ""])
        var introHTML = Interface.html("files.intro", ["verify": "<code>habeas verify-files</code>", "package": "<code>habeas package</code>"])
        var packageIntroHTML = Interface.html("files.package.intro", ["package": "<code>habeas package</code>"])
    }

    /// What was typed into the upload form, to show again with its errors.
    struct Input {
        var title = ""
        var evidence = ""
        var date = ""
    }

    static func build(heading: String, caseID: String, attachments: [Attachment], evidence: [(id: String, title: String)],
                      canUpload: Bool, texts: [Int64: Int] = [:], input: Input = Input(), errors: [String] = []) -> Model {
        let l = Interface.localizer
        let rows = attachments.map { file in
            let text = FileIntake.textStatus(of: file, storedCharacters: texts[file.id])
            let addedAt = WebDates.timestamp(file.addedAt)
            let removedHTML = Interface.html("files.removedLine", [
                "title": Escape.html(file.title), "hash": "<code class=\"hash\">" + Escape.html(file.sha256) + "</code>",
                "added": Escape.html(addedAt), "addedBy": Escape.html(file.addedBy),
                "removed": Escape.html(file.removedAt.map(WebDates.timestamp) ?? ""), "removedBy": Escape.html(file.removedBy ?? ""),
                "reason": Escape.html(file.removalReason ?? ""),
            ])
            return Row(href: Route.caseFile(caseID, file: file.id).path,
                thumbnail: ["jpeg", "png", "webp"].contains(file.detectedType) ? Route.caseFile(caseID, file: file.id).path : nil,
                viewer: file.detectedType == DetectedType.pdf.rawValue ? Route.caseFileView(caseID, file: file.id).path : nil,
                text: text == .notApplicable ? nil : Self.sentence(text),
                title: file.title, date: file.date?.longDescription, evidenceID: file.evidenceID, type: file.detectedType,
                declaredType: file.declaredType, size: byteCount(file.size), sha256: file.sha256, originalName: file.originalName,
                addedBy: file.addedBy, addedAt: WebDates.timestamp(file.addedAt), identifying: file.identifying,
                removedBy: file.removedBy, removedAt: file.removedAt.map(WebDates.timestamp), removalReason: file.removalReason,
                sentAs: l.text("files.sentAs", ["type": file.declaredType ?? ""]),
                addedLine: l.text("files.addedBy", ["date": addedAt, "user": file.addedBy]),
                originalNameHTML: Interface.html("files.originalName", ["name": "<code>" + Escape.html(file.originalName) + "</code>"]),
                removedHTML: removedHTML)
        }
        let live = rows.filter { $0.removedAt == nil }, removed = rows.filter { $0.removedAt != nil }
        let options = [Option(value: "", label: l.text("files.wholeCase"), selected: input.evidence.isEmpty)]
            + evidence.map { Option(value: $0.id, label: "\($0.title) (\($0.id))", selected: $0.id == input.evidence) }
        let kinds = SubmissionPackage.sentKinds.map { Option(value: $0.rawValue, label: packageLabel($0), selected: $0 == .petition) }
        var model = Model(heading: heading, caseHref: Route.caseShow(caseID).path, uploadAction: canUpload ? Route.caseFiles(caseID).path : nil,
                     packageAction: canUpload ? Route.casePackage(caseID).path : nil, packageKinds: kinds,
                     evidenceOptions: options, formTitle: input.title, formDate: input.date, errors: errors, hasErrors: !errors.isEmpty,
                     files: live, removed: removed, hasFiles: !live.isEmpty, hasRemoved: !removed.isEmpty)
        model.title = l.text("files.title", ["case": heading])
        return model
    }

    static func packageLabel(_ kind: DocumentKind) -> String {
        switch kind {
        case .petition: Interface.localizer.text("files.kind.petition")
        case .urgentAction: Interface.localizer.text("files.kind.urgentAction")
        case .followUp: Interface.localizer.text("files.kind.followUp")
        case .comments: Interface.localizer.text("files.kind.comments")
        default: kind.rawValue
        }
    }

    /// The text status as the page says it (the CLI's wording names a command).
    static func sentence(_ text: FileIntake.TextOutcome) -> String {
        switch text {
        case .searchable: Interface.localizer.text("files.text.searchable")
        case .noTextFound: Interface.localizer.text("files.text.none")
        case .notApplicable: ""
        case .toolMissing(let tool): Interface.localizer.text("files.text.toolMissing", ["tool": tool])
        case .failed: Interface.localizer.text("files.text.failed")
        }
    }

    /// "812 bytes", "2.4 MB": binary multiples, one decimal.
    static func byteCount(_ bytes: Int64) -> String {
        guard bytes >= 1024 else { return "\(bytes) bytes" }
        var value = Double(bytes) / 1024
        for unit in ["KB", "MB", "GB"] {
            if value < 1024 || unit == "GB" { return String(format: "%.1f %@", value, unit) }
            value /= 1024
        }
        return "\(bytes) bytes"
    }
}
