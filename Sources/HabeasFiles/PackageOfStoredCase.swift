import Foundation
import HabeasCore
import HabeasDocuments
import HabeasStore

extension SubmissionPackage.File {
    /// A file of the case as the store records it.
    public init(_ attachment: Attachment) {
        self.init(sha256: attachment.sha256, title: attachment.title, date: attachment.date, evidenceID: attachment.evidenceID,
                  identifying: attachment.identifying, detectedType: DetectedType(rawValue: attachment.detectedType) ?? .unknown)
    }
}

extension SubmissionPackage {
    /// The package as one ZIP in a private temporary directory, for the web's button and the API
    /// (the same `build` as `habeas package`). The caller sends `zip`, then calls `cleanUp`.
    public struct TemporaryZIP: Sendable {
        public var zip: URL
        public var result: Result
        let work: URL
        public func cleanUp() { try? FileManager.default.removeItem(at: work) }
    }

    public static func temporaryZIP(_ file: CaseFile, kind: DocumentKind, asOf: CaseDate, attachments: [Attachment], vault: FileVault,
                                    drafter: Drafter, precedents: [PrecedentCitation]) throws -> TemporaryZIP {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-package-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            let directory = work.appendingPathComponent("package")
            let result = try build(file, kind: kind, asOf: asOf, files: attachments.map(File.init), vault: vault, drafter: drafter,
                                   precedents: precedents, into: directory)
            let zip = work.appendingPathComponent("package.zip")
            try self.zip(directory, to: zip)
            try? FileManager.default.removeItem(at: directory)
            return TemporaryZIP(zip: zip, result: result, work: work)
        } catch {
            try? FileManager.default.removeItem(at: work)
            throw error
        }
    }

    /// The ZIP's name as offered for download: the case id and the kind (a case id is a slug).
    public static func zipName(caseID: String, kind: DocumentKind) -> String {
        "\(safeName(caseID)) - \(kind.rawValue) package.zip"
    }
}
