import Foundation
import HabeasCore

/// Persistence for cases, with every save kept as an immutable revision.
///
/// One implementation (`SQLCaseStore`) serves both backends, embedded SQLite and PostgreSQL; open
/// one with `CaseStores.open(_:)`. Every method is a single transaction: a write that fails
/// leaves nothing behind. Ids are case ids (`kz-massimov`); revisions are numbered from 1.
public protocol CaseStore: Sendable {
    /// Stores a new case as revision 1. Throws `CaseStoreError.alreadyExists` (also for a
    /// soft-deleted case with the same id).
    func create(_ file: CaseFile, change: Change) async throws -> StoredCase

    /// Stores new cases (`prepareNew`) as revision 1 in one transaction: all of them or, when
    /// one id is taken (`CaseStoreError.alreadyExists`, deleted cases too) or anything fails,
    /// none. Audited one entry per case. For many new cases at once (a spreadsheet of detainees).
    @discardableResult
    func createAll(_ prepared: PreparedCases, change: Change) async throws -> [StoredCase]

    /// Seals and indexes new cases for `createAll`, without touching the database. Throws
    /// `StoreError.invalidInput` when an id is given twice.
    func prepareNew(_ files: [CaseFile]) async throws -> PreparedCases

    /// The current revision of each of `ids` that is stored, deleted ones included (check
    /// `deletedAt`), read in one query per few hundred ids. Absent ids are not in the result.
    func current(_ ids: [String]) async throws -> [String: StoredCase]

    /// Refreshes the query planner's statistics after many cases were written at once (a table
    /// import), so counts over them take the covering indexes of migration 15.
    func analyze() async throws

    /// Runs `body`, a long run of writes (a table import), with the store set for it, and back
    /// once it ends or throws. What is written, and when it is committed, do not change.
    func bulkWriting<R: Sendable>(_ body: () async throws -> R) async throws -> R

    /// The id and person's name of every live case of `state` (upper case), of `teams` only
    /// (nil: every case): what a table import compares new rows' names with (likely duplicates).
    func namedCases(state: String, teams: [Int64]?) async throws -> [(id: String, personName: String)]

    /// The latest revision, or the given one. A deleted case is `notFound` unless `includeDeleted`.
    func get(_ id: String, revision: Int?, includeDeleted: Bool) async throws -> StoredCase

    /// Full-text search with filters, sorting and pagination. Deleted cases are left out unless
    /// the query asks for them.
    func search(_ query: CaseQuery) async throws -> CasePage

    /// Saves a new revision. `basedOn` is the revision the writer started from; if another save
    /// came first, throws `CaseStoreError.staleWrite(current:)` and changes nothing.
    func update(_ file: CaseFile, basedOn: Int, change: Change) async throws -> StoredCase

    /// Every revision, oldest first, without bodies.
    func history(_ id: String) async throws -> [RevisionInfo]

    /// Field-level differences between two revisions' case values.
    func diff(_ id: String, from: Int, to: Int) async throws -> [FieldChange]

    /// Makes an old revision current again by saving it as a new revision.
    func restore(_ id: String, revision: Int, basedOn: Int?, change: Change) async throws -> StoredCase

    /// Soft delete: the case and its history stay, hidden until `undelete`.
    func delete(_ id: String, change: Change) async throws

    func undelete(_ id: String, change: Change) async throws -> StoredCase

    /// Stores a case with its whole revision history (from an export). Throws `alreadyExists`.
    /// The revisions keep their authors and times as a claim marked as imported by `importer`,
    /// who is recorded in the audit log as the author of the import.
    func importRecord(_ record: CaseRecord, importer: Change) async throws

    /// Imports many items in transactions of at most `batchSize` cases, reporting exactly what
    /// was written. A case already stored with the same history is skipped and reported as
    /// already present, so re-running a finished or interrupted import succeeds. Items are
    /// validated first; an invalid one refuses the whole import before anything is written.
    func importItems(_ items: [CaseArchive.Item], importer: Change, batchSize: Int) async throws -> ImportReport

    /// Removes a deleted case and every revision for good. The audit log keeps a `purge` entry
    /// (id, who, when, how many revisions) and no content. A case that is not deleted is refused.
    func purge(_ id: String, change: Change) async throws

    /// Audit entries, oldest first (for one case, or all when `id` is nil).
    func audit(_ id: String?) async throws -> [AuditEntry]

    /// Appends an audit entry for an act outside the store (a read, a draft, an export, a
    /// sign-in). `caseID` nil for an act on no case. `detail` says what, never case content.
    func recordAudit(action: AuditEntry.Action, caseID: String?, actor: String, detail: String) async throws

    /// Entries matching the filter, and how many match in all (for paging).
    func auditEntries(_ filter: AuditFilter) async throws -> [AuditEntry]
    func auditCount(_ filter: AuditFilter) async throws -> Int

    /// Recomputes the chain and names the first broken entry (AuditChain.swift).
    func verifyAudit(head: AuditHead?) async throws -> AuditVerification

    /// A reference to a case that names no one ("R" and 32 capital letters A–P, from the case's
    /// keyed row key): a viewer's pages link to cases by it, since ids often carry a name.
    func reference(of caseID: String) throws -> String
    /// The case a reference stands for, if it is a live or deleted case of this database.
    func caseID(forReference reference: String) async throws -> String?

    /// Counts of live cases per State, per indicated category and per stage, by SQL aggregation.
    /// `teams`: only the cases of these teams (nil: every case), as `CaseQuery.teams`.
    /// `group`: only the cases of this group (`CaseFile.groups`).
    func facets(includeDeleted: Bool, teams: [Int64]?, group: String?) async throws -> CaseFacets

    // Groups (Groups.swift): a named mass event that cases belong to through their `groups`.

    /// Describes a new group. Throws `StoreError.invalidInput` for a bad id, name or description
    /// and `StoreError.conflict` when the id is taken.
    func createGroup(_ group: NewCaseGroup, change: Change) async throws -> CaseGroup

    /// Changes a described group's name and description (the id stays). `CaseStoreError.notFound` if none.
    func updateGroup(_ group: NewCaseGroup, change: Change) async throws -> CaseGroup

    /// Every described group, by name.
    func groups() async throws -> [CaseGroup]

    /// One described group, or nil.
    func group(_ id: String) async throws -> CaseGroup?

    /// Live cases per group id (also ids named by cases but not described), as `facets` counts.
    func groupMemberCounts(includeDeleted: Bool, teams: [Int64]?) async throws -> [String: Int]

    // Group pages and bulk actions (GroupStatistics.swift).

    /// Status, place, profile and arrest-day counts by SQL aggregation, filtered as `facets`.
    func detentionFacets(includeDeleted: Bool, teams: [Int64]?, group: String?) async throws -> DetentionFacets

    /// Records the revisions a bulk action made (case, revision before, revision after).
    func recordBatch(id: String, description: String, change: Change, entries: [BulkBatch.Entry]) async throws

    /// A recorded bulk action, or nil.
    func batch(_ id: String) async throws -> BulkBatch?

    /// Marks a batch undone; false when it already was.
    func markBatchUndone(_ id: String, change: Change) async throws -> Bool

    /// Records a file already in the file vault on a live case (Attachments.swift).
    func attach(_ new: NewAttachment, to caseID: String, change: Change) async throws -> Attachment

    /// The files of a case, oldest first; removed ones only when asked.
    func attachments(of caseID: String, includeRemoved: Bool) async throws -> [Attachment]

    /// Stores the text extracted from a live file and puts it in the case's full-text index.
    func setExtractedText(_ text: String, of attachmentID: Int64, in caseID: String) async throws

    /// Characters of text stored per file of the case (files without text are absent).
    func extractedTextLengths(of caseID: String) async throws -> [Int64: Int]

    /// Every recorded file of every case, removed ones included.
    func allAttachments() async throws -> [Attachment]

    /// Removes a file from a case as a recorded act (who, when, why); the bytes stay in the vault.
    func removeAttachment(_ id: Int64, of caseID: String, reason: String, change: Change) async throws

    /// Every case (deleted ones too) with its whole history, ordered by id.
    func exportAll() async throws -> [CaseRecord]

    /// Releases connections. The store must not be used afterwards.
    func close() async throws
}

extension CaseStore {
    /// Stores new cases as revision 1 in one transaction: all of them or, when one id is taken
    /// (`CaseStoreError.alreadyExists`, deleted cases too) or anything fails, none.
    @discardableResult
    public func createAll(_ files: [CaseFile], change: Change) async throws -> [StoredCase] {
        try await createAll(try await prepareNew(files), change: change)
    }
    public func get(_ id: String) async throws -> StoredCase { try await get(id, revision: nil, includeDeleted: false) }
    public func facets(includeDeleted: Bool) async throws -> CaseFacets { try await facets(includeDeleted: includeDeleted, teams: nil, group: nil) }
    public func facets(includeDeleted: Bool, teams: [Int64]?) async throws -> CaseFacets {
        try await facets(includeDeleted: includeDeleted, teams: teams, group: nil)
    }
    /// The cases of one group: `query` with its `group` set (every other filter, sort and page applies).
    public func cases(inGroup id: String, _ query: CaseQuery) async throws -> CasePage {
        var query = query
        query.group = id
        return try await search(query)
    }
    public func attachments(of caseID: String) async throws -> [Attachment] { try await attachments(of: caseID, includeRemoved: false) }
    public func get(_ id: String, revision: Int?) async throws -> StoredCase {
        try await get(id, revision: revision, includeDeleted: false)
    }
}

/// Who saved, and why. Recorded with each revision.
public struct Change: Sendable, Equatable {
    public var author: String
    public var note: String
    public init(author: String, note: String = "") {
        self.author = author
        self.note = note
    }
}

/// What produced a revision.
public enum RevisionAction: String, Sendable, Codable, CaseIterable {
    case create, update, restore, `import`
}

public struct RevisionInfo: Sendable, Equatable {
    public var number: Int
    /// Set by the store from the writer's `Change` (the server's or CLI's identity, never the
    /// client's word). For an imported revision: the author the bundle claims.
    public var author: String
    public var note: String
    /// Set by the store. For an imported revision: the time the bundle claims.
    public var createdAt: Date
    public var action: RevisionAction
    /// For a restore: the revision whose content was restored.
    public var restoredFrom: Int?
    /// Present when the revision came from an import: `author` and `createdAt` are then a claim
    /// of the bundle, and this says who imported it and when.
    public var imported: ImportProvenance?

    public init(number: Int, author: String, note: String, createdAt: Date, action: RevisionAction, restoredFrom: Int? = nil,
                imported: ImportProvenance? = nil) {
        self.number = number
        self.author = author
        self.note = note
        self.createdAt = createdAt
        self.action = action
        self.restoredFrom = restoredFrom
        self.imported = imported
    }

    /// Equal as history: number, claimed author and time, note, action and restore source.
    /// Provenance is left out, so the same history imported twice compares equal.
    public func sameHistory(as other: RevisionInfo) -> Bool {
        number == other.number && author == other.author && note == other.note && createdAt == other.createdAt
            && action == other.action && restoredFrom == other.restoredFrom
    }
}

/// Who imported a revision, and when: set by the store at import time.
public struct ImportProvenance: Sendable, Equatable {
    public var by: String
    public var at: Date
    public init(by: String, at: Date) {
        self.by = by
        self.at = at
    }
}

/// One entry of the audit trail (AuditChain.swift): who did what to which case, and when, never
/// case content. Entries are append-only and hash-chained; `seq` and `hash` are assigned by the
/// store inside the writing transaction. Entries outlive a purged case.
public struct AuditEntry: Sendable, Equatable {
    /// What happened. Stored as the raw value, which is part of the chained hash: never rename one.
    public enum Action: String, Sendable, Equatable, CaseIterable {
        // Writes the store makes, each recorded in the transaction of the write.
        case create, update, restore, delete, undelete, `import`, purge
        /// A file added to a case, or removed from it (the detail names the file, never its content).
        case attach, removeFile = "remove-file"
        // Acts outside the store, recorded by the server and the command line (`recordAudit`).
        case read
        case draft
        case export
        case submissionPackage = "submission-package"
        case redactedExport = "redacted-export"
        // Accounts: sign-in and permission changes (no case).
        case signIn = "sign-in", signInFailed = "sign-in-failed", signOut = "sign-out"
        case permissionChange = "permission-change", userChange = "user-change"
        /// A group of cases created or renamed (the detail names the group, never its description).
        case groupChange = "group-change"
    }
    /// Position in the chain, 1, 2, 3… without gaps.
    public var seq: Int64
    /// The case concerned, or "" for an entry about no case (a sign-in).
    public var caseID: String
    public var action: Action
    /// Who: the writer's identity as the server or command line established it.
    public var author: String
    public var at: Date
    /// What happened, never case content: "3 revisions".
    public var detail: String
    /// The previous entry's hash (64 zeros for the first) and this entry's (AuditChain.hash).
    public var prevHash: String
    public var hash: String
}

/// What `verifyAudit` found.
public struct AuditVerification: Sendable, Equatable {
    /// Entries read, in order, until the end or the first problem.
    public var checked: Int
    /// The last entry that verified (nil for an empty trail).
    public var head: AuditHead?
    /// The first broken entry, or nil when the whole chain verifies.
    public var problem: AuditProblem?
    public var intact: Bool { problem == nil }
}

/// The end of the chain: kept elsewhere, it lets a later `verify --head` detect truncation.
public struct AuditHead: Sendable, Equatable, CustomStringConvertible {
    public var seq: Int64
    public var hash: String
    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }
    /// `SEQ:HASH`, the form `habeas audit head` prints and `--head` reads.
    public var description: String { "\(seq):\(hash)" }
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int64(parts[0]), seq > 0, AuditChain.isHash(String(parts[1])) else { return nil }
        self.init(seq: seq, hash: String(parts[1]))
    }
}

/// The first thing wrong in the chain, with the entry it concerns.
public enum AuditProblem: Sendable, Equatable, CustomStringConvertible {
    /// The entry's stored hash is not the hash of its fields: the entry (or its hash) was changed.
    case hashMismatch(seq: Int64)
    /// The entries `expected` onwards up to `found` are missing (deleted rows).
    case gap(expected: Int64, found: Int64)
    /// The entry does not name the previous entry's hash.
    case wrongPrevLink(seq: Int64)
    /// The entry has no hash (written behind the store's back).
    case unchained(seq: Int64)
    /// The kept head is no longer in the chain: the chain ends before it, or the entry at its
    /// position has another hash.
    case headMissing(head: AuditHead, lastSeq: Int64)
    case headDiffers(head: AuditHead, found: String)

    public var seq: Int64 {
        switch self {
        case .hashMismatch(let seq), .wrongPrevLink(let seq), .unchained(let seq): seq
        case .gap(let expected, _): expected
        case .headMissing(let head, _), .headDiffers(let head, _): head.seq
        }
    }

    public var description: String {
        switch self {
        case .hashMismatch(let seq): "entry \(seq): hash mismatch (the entry or its hash was changed)"
        case .gap(let expected, let found):
            expected == found - 1 ? "entry \(expected): missing (gap in seq: the next entry is \(found))"
                : "entries \(expected)–\(found - 1): missing (gap in seq: the next entry is \(found))"
        case .wrongPrevLink(let seq): "entry \(seq): wrong prev link (it does not name the hash of entry \(seq - 1))"
        case .unchained(let seq): "entry \(seq): no hash (written outside the store)"
        case .headMissing(let head, let last):
            "entry \(head.seq): missing — the chain ends at \(last), before the kept head \(head) (truncated)"
        case .headDiffers(let head, let found): "entry \(head.seq): hash \(found) is not the kept head's \(head.hash)"
        }
    }
}

/// What an import wrote, case by case.
public struct ImportReport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Written now, with this many revisions.
        case imported(revisions: Int)
        /// The same history (or, for a case file alone, the same current content) is already stored.
        case alreadyPresent
        /// A different case with this id is stored; nothing was written for it.
        case conflict(reason: String)
    }
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var source: String
        public var outcome: Outcome
    }
    public var entries: [Entry] = []
    public init(entries: [Entry] = []) { self.entries = entries }

    public var imported: [Entry] { entries.filter { if case .imported = $0.outcome { true } else { false } } }
    public var alreadyPresent: [Entry] { entries.filter { $0.outcome == .alreadyPresent } }
    public var conflicts: [Entry] { entries.filter { if case .conflict = $0.outcome { true } else { false } } }
}

/// Counts for filters and the dashboard.
public struct CaseFacets: Sendable, Equatable {
    public struct Count<Key: Sendable & Equatable>: Sendable, Equatable {
        public var value: Key
        public var count: Int
        public init(_ value: Key, _ count: Int) {
            self.value = value
            self.count = count
        }
    }
    public var total: Int
    /// Every State with at least one case, alphabetical.
    public var states: [Count<String>]
    /// I…V in order, each with the number of cases indicating it (zero included).
    public var categories: [Count<Category>]
    /// Procedural stages in use, alphabetical by name.
    public var stages: [Count<ProcedureStage>]
    /// Cases per month of their first arrest (the first day of the month), oldest first.
    public var arrestMonths: [Count<CaseDate>] = []
    /// Cases whose timeline has no arrest.
    public var withoutArrest: Int = 0
}

/// One revision of a case, with its content.
public struct StoredCase: Sendable, Equatable {
    public var file: CaseFile
    public var revision: RevisionInfo
    /// The newest revision number of the case (equals `revision.number` unless an old one was asked for).
    public var currentRevision: Int
    public var deletedAt: Date?
}

/// A case with its whole history: the unit of export and import.
public struct CaseRecord: Sendable, Equatable {
    public struct Revision: Sendable, Equatable {
        public var info: RevisionInfo
        public var file: CaseFile
        public init(info: RevisionInfo, file: CaseFile) {
            self.info = info
            self.file = file
        }
    }
    public var id: String
    /// Oldest first; numbers strictly increasing.
    public var revisions: [Revision]
    public var deletedAt: Date?
    public init(id: String, revisions: [Revision], deletedAt: Date? = nil) {
        self.id = id
        self.revisions = revisions
        self.deletedAt = deletedAt
    }
}

public enum CaseStoreError: Error, Sendable, Equatable {
    case notFound(id: String)
    case revisionNotFound(id: String, revision: Int)
    case alreadyExists(id: String)
    /// The write was based on an older revision; nothing was saved.
    case staleWrite(id: String, current: Int)
    /// The case file in the body names another id than the URL or the stored case.
    case idMismatch(expected: String, found: String)
    /// A stored or imported record is not usable (bad revision numbers, unreadable body).
    case invalidRecord(id: String, reason: String)
}

/// Errors the client caused, beyond `CaseStoreError` (kept separate so exhaustive switches over
/// `CaseStoreError` keep compiling). Over HTTP: `invalidInput` is 400, `conflict` 409,
/// `tooLarge` 413.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A value from outside cannot be used: a page beyond any offset, a NUL byte, a bundle with
    /// negative or missing revision numbers. `field` names where (`page`, `cases[2].revisions[0].number`).
    case invalidInput(field: String, reason: String)
    /// The request is valid but the case's state refuses it (purging a case that is not deleted).
    case conflict(id: String, reason: String)
    /// An archive larger than the import limit.
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .invalidInput(let field, let reason): "\(field): \(reason)"
        case .conflict(_, let reason): reason
        case .tooLarge(let limit): "the archive is larger than the import limit of \(limit / 1_048_576) MB"
        }
    }
}

// MARK: - Search

public struct CaseQuery: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable {
        /// Best match first when there is a text query, else most recently updated.
        case relevance
        case updated = "-updated"
        case updatedAscending = "updated"
        case title
        case state
        case nextDue = "due"
        case created = "-created"
    }

    /// Full-text query (websearch-like: words, "phrases", -excluded, or).
    public var text: String?
    /// ISO 3166-1 alpha-2, any case.
    public var state: String?
    /// A category indicated by the assessment as of the case's own latest date (`CaseIndex`).
    public var category: Category?
    /// The procedural stage as of the case's own latest date (`CaseIndex`).
    public var stage: ProcedureStage?
    /// Only cases with a deadline before `today` (true) or without one (false).
    public var overdue: Bool?
    /// Only cases whose earliest open deadline falls on or before this day.
    public var dueOnOrBefore: CaseDate?
    public var profile: Profile?
    /// Only the cases whose file names this group id in `groups`.
    public var group: String?
    public var includeDeleted: Bool = false
    public var onlyDeleted: Bool = false
    /// Only the cases that belong to one of these teams; nil for every case (an admin's view).
    /// Set by the server from the signed-in user, so a search never reveals a case it may not show.
    public var teams: [Int64]?
    public var sort: Sort = .relevance
    /// 1-based.
    public var page: Int = 1
    public var perPage: Int = 25
    /// "Today" for `overdue` and `CaseSummary.overdue`: the caller's clock (the server's
    /// injected one), never read here.
    public var today: CaseDate

    public init(text: String? = nil, today: CaseDate) {
        self.text = text
        self.today = today
    }

    public static let maxPerPage = 200
}

/// One row of a search result: the denormalised columns, no body.
public struct CaseSummary: Sendable, Equatable {
    public var id: String
    public var title: String
    public var personName: String
    public var state: String
    public var profiles: [Profile]
    /// Indicated as of the case's own latest date (`CaseIndex`).
    public var categories: [Category]
    public var stage: ProcedureStage
    /// The earliest open deadline, a day.
    public var nextDue: CaseDate?
    /// `nextDue` is before the query's `today`.
    public var overdue: Bool
    public var revision: Int
    public var updatedAt: Date
    public var deletedAt: Date?
    /// The day of the earliest arrest in the timeline, if it has one.
    public var firstArrest: CaseDate?
}

public struct CasePage: Sendable, Equatable {
    public var items: [CaseSummary]
    public var total: Int
    public var page: Int
    public var perPage: Int
}

// MARK: - Query parameters

extension Vocabulary {
    /// A word from outside (a query parameter), or `StoreError.invalidInput` naming the valid
    /// words (a 400 over HTTP).
    public init(parameter text: String, field: String) throws(StoreError) {
        guard let value = Self(rawValue: text) else {
            throw StoreError.invalidInput(field: field, reason: "`\(text)` is not a \(Self.vocabularyName); valid: \(Self.words.joined(separator: ", "))")
        }
        self = value
    }
}

extension ProcedureStage {
    /// A stage from outside (a query parameter), or `StoreError.invalidInput` naming the stages.
    public init(parameter text: String, field: String) throws(StoreError) {
        guard let value = Self(rawValue: text) else {
            throw StoreError.invalidInput(field: field, reason: "`\(text)` is not a procedural stage; valid: \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }
}
