import Foundation
import HabeasStore

/// `/cases/{id}/files`: the files attached to a case with their chain of custody — hash, type as
/// found in the bytes, who added each and when, and who removed one, when and why.
enum CaseFiles {
    struct Row {
        var title: String
        var date: String?
        var evidence: String?
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
    }
    struct Model {
        var heading: String
        var caseHref: String
        var files: [Row]
        var removed: [Row]
        var hasFiles: Bool
        var hasRemoved: Bool
    }

    static func build(heading: String, caseID: String, attachments: [Attachment]) -> Model {
        let rows = attachments.map { file in
            Row(title: file.title, date: file.date?.longDescription, evidence: file.evidenceID, type: file.detectedType,
                declaredType: file.declaredType, size: byteCount(file.size), sha256: file.sha256, originalName: file.originalName,
                addedBy: file.addedBy, addedAt: WebDates.timestamp(file.addedAt), identifying: file.identifying,
                removedBy: file.removedBy, removedAt: file.removedAt.map(WebDates.timestamp), removalReason: file.removalReason)
        }
        let live = rows.filter { $0.removedAt == nil }, removed = rows.filter { $0.removedAt != nil }
        return Model(heading: heading, caseHref: Route.caseShow(caseID).path, files: live, removed: removed,
                     hasFiles: !live.isEmpty, hasRemoved: !removed.isEmpty)
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
