import Foundation
import HabeasCore

/// One change applied to each case of a selection (a group page's bulk action, the API).
public enum BulkEdit: Sendable, Equatable {
    /// Adds a dated event to the timeline ("released on 2022-02-10"). A release or a death also
    /// ends the deprivation (`deprivation.ongoing: false`), as the file would say it by hand.
    case addEvent(TimelineEvent)
    case setHeldBy(String)
    case setOngoing(Bool)

    public func apply(to file: inout CaseFile) {
        switch self {
        case .addEvent(let event):
            file.timeline.append(event)
            if event.type == .release || event.type == .death { file.deprivation.ongoing = false }
        case .setHeldBy(let text):
            file.deprivation.heldBy = text.isEmpty ? nil : text
        case .setOngoing(let flag):
            file.deprivation.ongoing = flag
        }
    }

    /// The revision note: names no one.
    public var summary: String {
        switch self {
        case .addEvent(let e): "bulk: \(e.type.rawValue) on \(e.date)"
        case .setHeldBy: "bulk: held by changed"
        case .setOngoing(let flag): "bulk: ongoing set to \(flag)"
        }
    }
}

/// What a bulk action or its undo did, case by case.
public struct BulkResult: Sendable, Equatable {
    public var batchID: String
    /// Cases that got a new revision.
    public var changed: [String] = []
    /// Cases left as they were, with why (not found, changed meanwhile, the edit would make the file invalid).
    public var skipped: [(id: String, reason: String)] = []

    public init(batchID: String) { self.batchID = batchID }

    public static func == (a: Self, b: Self) -> Bool {
        a.batchID == b.batchID && a.changed == b.changed && a.skipped.map(\.id) == b.skipped.map(\.id) && a.skipped.map(\.reason) == b.skipped.map(\.reason)
    }

    /// Bounds a selection: a bulk action is one request.
    public static let maxCases = 20_000
}

extension CaseStore {
    /// Applies `edit` to each case of `ids` (duplicates once): one revision per case, all recorded
    /// as one batch so `undoBulk` can take them back together. A case that is not found, or that the
    /// edit would make invalid, is skipped and reported; the others are changed.
    public func applyBulk(_ edit: BulkEdit, to ids: [String], change: Change, batchID: String = UUID().uuidString.lowercased()) async throws -> BulkResult {
        var result = BulkResult(batchID: batchID)
        var entries: [BulkBatch.Entry] = []
        var seen = Set<String>()
        let note = change.note.isEmpty ? edit.summary : change.note
        for id in ids.prefix(BulkResult.maxCases) where seen.insert(id).inserted {
            let stored: StoredCase
            do { stored = try await get(id) } catch CaseStoreError.notFound { result.skipped.append((id, "not found")); continue }
            var file = stored.file
            edit.apply(to: &file)
            if let issue = file.validate().first {
                result.skipped.append((id, "the change would make the file invalid: \(issue.path): \(issue.message)"))
                continue
            }
            do {
                let saved = try await update(file, basedOn: stored.currentRevision, change: Change(author: change.author, note: note + " (batch \(batchID))"))
                entries.append(BulkBatch.Entry(caseID: id, before: stored.currentRevision, after: saved.revision.number))
                result.changed.append(id)
            } catch CaseStoreError.staleWrite {
                result.skipped.append((id, "changed by someone else meanwhile"))
            }
        }
        if !entries.isEmpty {
            try await recordBatch(id: batchID, description: note, change: change, entries: entries)
        }
        return result
    }

    /// Undoes a batch as one: each case whose current revision is still the one the batch made
    /// gets the revision before it back, as a new revision. A case changed since is left alone
    /// and reported (undo never discards someone's later work). A second undo does nothing.
    public func undoBulk(_ batchID: String, change: Change) async throws -> BulkResult? {
        guard let batch = try await self.batch(batchID) else { return nil }
        var result = BulkResult(batchID: batchID)
        guard try await markBatchUndone(batchID, change: change) else {
            result.skipped = batch.entries.map { ($0.caseID, "the batch was already undone") }
            return result
        }
        for entry in batch.entries {
            do {
                _ = try await restore(entry.caseID, revision: entry.before, basedOn: entry.after,
                                      change: Change(author: change.author, note: "undo of batch \(batchID)"))
                result.changed.append(entry.caseID)
            } catch CaseStoreError.staleWrite {
                result.skipped.append((entry.caseID, "changed since the bulk action: left as it is"))
            } catch CaseStoreError.notFound {
                result.skipped.append((entry.caseID, "not found (deleted since)"))
            }
        }
        return result
    }
}
