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
    func importRecord(_ record: CaseRecord) async throws

    /// Every case (deleted ones too) with its whole history, ordered by id.
    func exportAll() async throws -> [CaseRecord]

    /// Releases connections. The store must not be used afterwards.
    func close() async throws
}

extension CaseStore {
    public func get(_ id: String) async throws -> StoredCase { try await get(id, revision: nil, includeDeleted: false) }
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
    public var author: String
    public var note: String
    public var createdAt: Date
    public var action: RevisionAction
    /// For a restore: the revision whose content was restored.
    public var restoredFrom: Int?

    public init(number: Int, author: String, note: String, createdAt: Date, action: RevisionAction, restoredFrom: Int? = nil) {
        self.number = number
        self.author = author
        self.note = note
        self.createdAt = createdAt
        self.action = action
        self.restoredFrom = restoredFrom
    }
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

/// One changed value between two revisions: `timeline[2].date`, old → new (nil when absent).
public struct FieldChange: Sendable, Equatable {
    public var path: String
    public var old: Value?
    public var new: Value?
    public init(path: String, old: Value?, new: Value?) {
        self.path = path
        self.old = old
        self.new = new
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
    /// A category (`I`..`V`) indicated by the assessment at the time of the last save.
    public var category: String?
    /// The procedural stage, as the procedure tracker names it.
    public var stage: String?
    /// Only cases with a deadline before `today` (true) or without one (false).
    public var overdue: Bool?
    public var profile: String?
    public var includeDeleted: Bool = false
    public var onlyDeleted: Bool = false
    public var sort: Sort = .relevance
    /// 1-based.
    public var page: Int = 1
    public var perPage: Int = 25
    /// "Today" for `overdue`; ISO date `YYYY-MM-DD`.
    public var today: String

    public init(text: String? = nil, today: String = CaseQuery.isoToday()) {
        self.text = text
        self.today = today
    }

    public static let maxPerPage = 200

    public static func isoToday(_ now: Date = Date()) -> String { CaseDate.today(now).description }
}

/// One row of a search result: the denormalised columns, no body.
public struct CaseSummary: Sendable, Equatable {
    public var id: String
    public var title: String
    public var personName: String
    public var state: String
    public var profiles: [String]
    public var categories: [String]
    public var stage: String
    public var nextDue: String?
    public var overdue: Bool
    public var revision: Int
    public var updatedAt: Date
    public var deletedAt: Date?
    /// The day (YYYY-MM-DD) of the earliest arrest in the timeline, if it has one.
    public var firstArrest: String?
}

public struct CasePage: Sendable, Equatable {
    public var items: [CaseSummary]
    public var total: Int
    public var page: Int
    public var perPage: Int
}
