import Foundation
import HabeasCore

/// The export format: for each case `<id>.yaml` (its latest revision, an ordinary case file) and
/// `<id>.revisions.json` (every revision with author, time, note and content). Importing a
/// directory written by `export` into an empty database gives the same cases and history.
public enum CaseArchive {
    public static let revisionsFormat = "habeas-revisions/1"
    public static let bundleFormat = "habeas-export/1"
    public static let revisionsSuffix = ".revisions.json"

    public struct ArchiveError: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// One case's history as a JSON value.
    public static func value(of record: CaseRecord) -> Value {
        .object([
            .init("format", .string(revisionsFormat)),
            .init("id", .string(record.id)),
            .init("deletedAt", record.deletedAt.map { .string(Timestamp.string($0)) } ?? .null),
            .init("revisions", .array(record.revisions.map { revision in
                .object([
                    .init("number", .int(revision.info.number)),
                    .init("author", .string(revision.info.author)),
                    .init("note", .string(revision.info.note)),
                    .init("createdAt", .string(Timestamp.string(revision.info.createdAt))),
                    .init("action", .string(revision.info.action.rawValue)),
                    .init("restoredFrom", revision.info.restoredFrom.map { .int($0) } ?? .null),
                    // Where author and time are a bundle's claim: who imported it, and when.
                    // Informative only: a later import records its own provenance.
                    .init("importedBy", revision.info.imported.map { .string($0.by) } ?? .null),
                    .init("importedAt", revision.info.imported.map { .string(Timestamp.string($0.at)) } ?? .null),
                    .init("case", revision.file.value),
                ])
            })),
        ])
    }

    public static func record(from value: Value) throws -> CaseRecord {
        guard value["format"] == .string(revisionsFormat), case .string(let id)? = value["id"],
              case .array(let revisions)? = value["revisions"] else {
            throw ArchiveError("not a \(revisionsFormat) document")
        }
        var deletedAt: Date?
        if case .string(let text)? = value["deletedAt"] {
            guard let date = Timestamp.date(text) else { throw ArchiveError("\(id): bad deletedAt") }
            deletedAt = date
        }
        let parsed = try revisions.enumerated().map { index, item -> CaseRecord.Revision in
            guard case .int(let number)? = item["number"], case .string(let author)? = item["author"],
                  case .string(let created)? = item["createdAt"], let createdAt = Timestamp.date(created),
                  case .string(let actionText)? = item["action"], let action = RevisionAction(rawValue: actionText),
                  let body = item["case"] else {
                throw ArchiveError("\(id): revisions[\(index)] is incomplete (number, author, createdAt, action and case are required)")
            }
            var restoredFrom: Int?
            switch item["restoredFrom"] {
            case .int(let from)?: restoredFrom = from
            case nil, .null?: break
            default: throw ArchiveError("\(id): revisions[\(index)].restoredFrom is not a revision number")
            }
            var note = ""
            if case .string(let text)? = item["note"] { note = text }
            let file: CaseFile
            do {
                file = try CaseFile.decode(body, file: "\(id) revision \(number)")
            } catch {
                throw ArchiveError("\(error)")
            }
            return CaseRecord.Revision(info: RevisionInfo(number: number, author: author, note: note, createdAt: createdAt,
                                                          action: action, restoredFrom: restoredFrom), file: file)
        }
        let record = CaseRecord(id: id, revisions: parsed, deletedAt: deletedAt)
        do { try record.validate() } catch { throw ArchiveError(error.description) }
        return record
    }

    /// Every record in one JSON document (`GET /api/v1/export`).
    public static func bundle(_ records: [CaseRecord]) -> Value {
        .object([.init("format", .string(bundleFormat)), .init("cases", .array(records.map(value(of:))))])
    }

    public static func records(fromBundle value: Value) throws -> [CaseRecord] {
        guard value["format"] == .string(bundleFormat), case .array(let cases)? = value["cases"] else {
            throw ArchiveError("not a \(bundleFormat) document")
        }
        return try cases.map(record(from:))
    }

    /// Writes `<id>.yaml` and `<id>.revisions.json` for every record, 0600 in a directory
    /// created 0700. Returns the files written.
    @discardableResult
    public static func write(_ records: [CaseRecord], to directory: URL) throws -> [URL] {
        try PrivateFiles.createDirectory(at: directory)
        var written: [URL] = []
        for record in records {
            guard let latest = record.revisions.last else { continue }
            let caseURL = directory.appendingPathComponent(record.id + ".yaml")
            let historyURL = directory.appendingPathComponent(record.id + revisionsSuffix)
            try PrivateFiles.write(Data(latest.file.yamlText().utf8), to: caseURL)
            try PrivateFiles.write(Data(ValueWriter.json(value(of: record)).utf8), to: historyURL)
            written += [caseURL, historyURL]
        }
        return written
    }

    /// The largest archive `import` reads (a bundle file, an upload, an API body): a mass
    /// detention of some thousands of cases with their histories fits with room to spare.
    public static let maxArchiveBytes = 256 * 1_048_576

    /// Strict UTF-8: invalid bytes are refused, never replaced.
    public static func text(_ bytes: some Collection<UInt8>, name: String) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ArchiveError("\(name): not valid UTF-8 text")
        }
        return text
    }

    /// One uploaded or posted archive: an export bundle (cases with history), one case's
    /// `.revisions.json`, or a single case file (YAML or JSON). The one reader behind
    /// `habeas import`, `POST /api/v1/import` and the web's import page.
    public static func items(from bytes: some Collection<UInt8>, name: String, limit: Int = maxArchiveBytes) throws -> [Item] {
        guard bytes.count <= limit else { throw StoreError.tooLarge(limit: limit) }
        let text = try Self.text(bytes, name: name)
        let looksLikeArchive = text.drop { $0.isWhitespace }.first == "{" && (text.contains(bundleFormat) || text.contains(revisionsFormat))
        if looksLikeArchive {
            // An archive that does not parse is reported as such, not retried as a case file.
            let value: Value
            do { value = try ValueJSON.parse(text) } catch { throw ArchiveError("\(name): not valid JSON at byte \(error.offset): \(error.message)") }
            if value["format"] == .string(bundleFormat) {
                do {
                    return try records(fromBundle: value).map { .record($0, path: "\(name): \($0.id)") }
                } catch let error as ArchiveError {
                    throw ArchiveError("\(name): \(error.description)")
                }
            }
            if value["format"] == .string(revisionsFormat) {
                do {
                    let record = try Self.record(from: value)
                    return [.record(record, path: name)]
                } catch let error as ArchiveError {
                    throw ArchiveError("\(name): \(error.description)")
                }
            }
        }
        return [.caseFile(try CaseFile.load(text: text, file: name), path: name)]
    }

    /// What an import path holds: a case file alone, or a case with its history.
    public enum Item: Sendable {
        case caseFile(CaseFile, path: String)
        case record(CaseRecord, path: String)
    }

    /// Reads files and directories. A case file next to its `.revisions.json` imports with its
    /// history; a case file alone imports as a new case. Throws with every problem found.
    public static func read(paths: [String]) throws -> [Item] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ArchiveError("\(path): no such file or directory")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                files += names.filter { [".yaml", ".yml", ".json"].contains(where: $0.hasSuffix) }
                    .map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        var items: [Item] = []
        var problems: [String] = []
        var historyIDs = Set<String>()
        // Histories and bundles first: a case file next to its history is that history's latest
        // revision, not a case of its own.
        var caseFiles: [(CaseFile, String)] = []
        for file in files {
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: file)
                if let size = attributes[.size] as? Int, size > maxArchiveBytes { throw StoreError.tooLarge(limit: maxArchiveBytes) }
                guard let data = FileManager.default.contents(atPath: file) else { throw ArchiveError("\(file): cannot be read") }
                for item in try Self.items(from: data, name: file) {
                    switch item {
                    case .record(let record, _):
                        historyIDs.insert(record.id)
                        items.append(item)
                    case .caseFile(let caseFile, let path):
                        caseFiles.append((caseFile, path))
                    }
                }
            } catch let error as CaseValidationError {
                problems += error.issues.map(\.description)
            } catch let error as ArchiveError {
                problems.append(error.description)
            } catch let error as StoreError {
                problems.append("\(file): \(error)")
            } catch {
                problems.append("\(file): cannot be read")
            }
        }
        for (caseFile, path) in caseFiles where !historyIDs.contains(caseFile.id) {
            items.append(.caseFile(caseFile, path: path))
        }
        if !problems.isEmpty { throw ArchiveError(problems.joined(separator: "\n")) }
        return items
    }
}

/// The one import: the command line, the API and the web page all come through here. Everything
/// is read and validated before anything is written, then written in batches (`importItems`).
extension CaseStore {
    /// An uploaded case file or export bundle.
    public func importArchive(_ bytes: some Collection<UInt8>, name: String, importer: Change,
                              batchSize: Int = CaseArchive.defaultBatchSize) async throws -> ImportReport {
        try await importItems(try CaseArchive.items(from: bytes, name: name), importer: importer, batchSize: batchSize)
    }

    /// Case files, export bundles and directories written by `habeas export`.
    public func importArchive(paths: [String], importer: Change, batchSize: Int = CaseArchive.defaultBatchSize) async throws -> ImportReport {
        try await importItems(try CaseArchive.read(paths: paths), importer: importer, batchSize: batchSize)
    }
}

extension CaseArchive {
    /// Cases per transaction when importing: large enough to be fast, small enough that a stopped
    /// import loses little.
    public static let defaultBatchSize = 500
}
