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
                throw ArchiveError("\(id): revisions[\(index)] is incomplete")
            }
            var restoredFrom: Int?
            if case .int(let from)? = item["restoredFrom"] { restoredFrom = from }
            var note = ""
            if case .string(let text)? = item["note"] { note = text }
            let file: CaseFile
            do {
                file = try CaseFile.load(text: ValueWriter.json(body), file: "\(id) revision \(number)")
            } catch {
                throw ArchiveError("\(error)")
            }
            return CaseRecord.Revision(info: RevisionInfo(number: number, author: author, note: note, createdAt: createdAt,
                                                          action: action, restoredFrom: restoredFrom), file: file)
        }
        return CaseRecord(id: id, revisions: parsed, deletedAt: deletedAt)
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

    /// Writes `<id>.yaml` and `<id>.revisions.json` for every record. Returns the files written.
    @discardableResult
    public static func write(_ records: [CaseRecord], to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [URL] = []
        for record in records {
            guard let latest = record.revisions.last else { continue }
            let caseURL = directory.appendingPathComponent(record.id + ".yaml")
            let historyURL = directory.appendingPathComponent(record.id + revisionsSuffix)
            try Data(latest.file.yamlText().utf8).write(to: caseURL, options: .atomic)
            try Data(ValueWriter.json(value(of: record)).utf8).write(to: historyURL, options: .atomic)
            written += [caseURL, historyURL]
        }
        return written
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
        for file in files where file.hasSuffix(revisionsSuffix) {
            do {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                let record = try record(from: ValueJSON.parse(text))
                historyIDs.insert(record.id)
                items.append(.record(record, path: file))
            } catch {
                problems.append("\(file): \(error)")
            }
        }
        for file in files where !file.hasSuffix(revisionsSuffix) {
            do {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                let caseFile = try CaseFile.load(text: text, file: file)
                // The latest revision is inside the history file already.
                if historyIDs.contains(caseFile.id) { continue }
                items.append(.caseFile(caseFile, path: file))
            } catch let error as CaseValidationError {
                problems += error.issues.map(\.description)
            } catch {
                problems.append("\(file): cannot be read")
            }
        }
        if !problems.isEmpty { throw ArchiveError(problems.joined(separator: "\n")) }
        return items
    }
}
