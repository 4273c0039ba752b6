/// Where a case stands before the Working Group, as of one date: the stage of the regular
/// procedure, the parallel urgent-action track, the `released` flag and every deadline.
/// Built by `ProcedureTracker.status(of:asOf:)`; the states are those of the table in
/// docs/legal/working-group-procedure.md §10, reduced to the ones the `procedure[]` events can tell apart.
public struct ProcedureStatus: Sendable, Equatable {
    public var caseID: String
    /// The case's display title (the only personal data reports and calendars may carry).
    public var title: String
    public var asOf: CaseDate
    public var stage: ProcedureStage
    /// The next expected step, in words, with its date when one is known.
    public var next: String
    /// In the order the procedure creates them; `ProcedureAgenda` sorts across cases.
    public var deadlines: [Deadline]
    /// A flag on an open case, not a state: release does not end the case (§7, para 17(a)).
    public var released: Bool
    public var releasedOn: CaseDate?
    /// The Working Group has been told of the release (`released-notified`).
    public var releaseNotified: Bool
    /// The urgent-action track, which runs beside the regular one (§4, §10 rows 2a and 3).
    public var urgentAction: UrgentActionTrack?
    /// Facts a lawyer should know that are not deadlines (an unknown opinion transmission date, …).
    public var notes: [String]
    /// The structured form of `next`, the notes and the deadlines' rules and notes, by their
    /// English text, for interfaces in other languages.
    public var phrases: Phrasebook = [:]

    public init(caseID: String, title: String, asOf: CaseDate, stage: ProcedureStage, next: String,
                deadlines: [Deadline] = [], released: Bool = false, releasedOn: CaseDate? = nil,
                releaseNotified: Bool = false, urgentAction: UrgentActionTrack? = nil, notes: [String] = []) {
        self.caseID = caseID
        self.title = title
        self.asOf = asOf
        self.stage = stage
        self.next = next
        self.deadlines = deadlines
        self.released = released
        self.releasedOn = releasedOn
        self.releaseNotified = releaseNotified
        self.urgentAction = urgentAction
        self.notes = notes
    }

    /// The deadlines still running, or missed with something still to do.
    public var pending: [Deadline] { deadlines.filter { $0.status == .open || $0.needsAttention } }

    /// The current deadline of a kind: the last one that was not superseded.
    public func current(_ kind: DeadlineKind) -> Deadline? {
        deadlines.last { $0.kind == kind && $0.status != .superseded }
    }
}

/// The stages of the regular procedure (§10). `released` is a flag, never a stage (§7).
public enum ProcedureStage: String, Sendable, CaseIterable, Comparable {
    /// §10 row 1: not yet filed with the secretariat.
    case draft
    /// Row 2: filed; the Working Group has not transmitted it yet.
    case submitted
    /// Row 4: TRANSMITTED_REGULAR, the Government's 60 days run (para 15).
    case transmitted
    /// Row 6: the one extension was granted (para 16).
    case extended
    /// Rows 5 and 8: the Government replied; the reply goes to the source for comments.
    case replyToSource = "reply-to-source"
    /// Rows 7 and 8: the reply period or the comments date passed, or the source commented.
    case readyForDeliberation = "ready-for-deliberation"
    /// Row 12: an opinion was adopted and is being transmitted (OPINION_TO_GOVERNMENT).
    case opinionAdopted = "opinion-adopted"
    /// Row 14: the opinion was transmitted; follow-up reports are due in 6 months (para 20).
    case followUpOpen = "follow-up-open"
    /// Row 15: both the source and the Government reported; the Working Group may reopen it.
    case followUpClosed = "follow-up-closed"
    /// Row 16: a review of the opinion was requested (para 21).
    case reviewRequested = "review-requested"
    /// Row 11: filed without an opinion (para 17(a)); terminal.
    case filed

    /// Position in the regular procedure, so that events only move a case forward.
    var rank: Int { ProcedureStage.allCases.firstIndex(of: self)! }
    public static func < (a: ProcedureStage, b: ProcedureStage) -> Bool { a.rank < b.rank }
}

/// The urgent-action track (§4). It sets no reply deadline: the methods of work fix none.
public struct UrgentActionTrack: Sendable, Equatable {
    public enum State: String, Sendable {
        /// The source asked for urgent action (§10 row 2a, not yet sent).
        case requested
        /// The Working Group sent an urgent appeal (URGENT_ACTION_SENT).
        case appealSent = "appeal-sent"
    }
    public var state: State
    public var date: CaseDate
    public init(state: State, date: CaseDate) {
        self.state = state
        self.date = date
    }
}

public enum DeadlineKind: String, Sendable, CaseIterable {
    /// 60 days from the transmission (para 15), or the date the letter states; +1 month if extended (para 16).
    case governmentReply = "government-reply"
    /// Only the date the secretariat sets (`commentsDue`); the methods of work set none (§2.5).
    case sourceComments = "source-comments"
    /// 6 calendar months from the transmission of the opinion (para 20).
    case followUp = "follow-up"
    /// No verified time limit exists (§6): produced only when `ProcedureRules.reviewRequestMonths` is set.
    case reviewRequest = "review-request"

    /// "Government reply", for people.
    public var label: String {
        switch self {
        case .governmentReply: "Government reply"
        case .sourceComments: "Source comments on the Government reply"
        case .followUp: "Follow-up information"
        case .reviewRequest: "Request for review"
        }
    }
}

public enum DeadlineStatus: String, Sendable, CaseIterable {
    /// Due on or after the as-of date, and not yet done.
    case open
    /// Done on or before the due date.
    case met
    /// The due date passed with nothing done, or it was done late.
    case overdue
    /// Replaced: by an extension, a later transmission, or the filing of the case.
    case superseded
}

/// The event a deadline counts from, or that completed it.
public struct ProcedureAnchor: Sendable, Equatable {
    public var type: ProcedureType
    public var date: CaseDate
    public init(type: ProcedureType, date: CaseDate) {
        self.type = type
        self.date = date
    }
}

public struct Deadline: Sendable, Equatable {
    public var kind: DeadlineKind
    /// The date that counts: the stated one when the letter gives it, otherwise the computed one.
    public var due: CaseDate
    /// What the rule gives (nil when no rule computes one, as for source comments).
    public var computedDue: CaseDate?
    /// What the letter or the secretariat states (`replyDue`, `commentsDue`).
    public var statedDue: CaseDate?
    public var from: ProcedureAnchor
    /// The rule in words, with the arithmetic applied.
    public var rule: String
    public var citation: String
    public var status: DeadlineStatus
    /// The event that answered it, on time or late.
    public var completedBy: ProcedureAnchor?
    /// Differences between stated and computed dates, late answers, why it was superseded.
    public var notes: [String]
    /// The structured form of `rule` and `notes`, by their English text.
    public var phrases: Phrasebook = [:]
    /// Nothing is left to do: answered (even late), superseded, or the procedure moved past it.
    /// An overdue deadline can be closed: the Government never replied and the opinion was
    /// adopted anyway (which still matters for a review, para 21), but nobody can act on it now.
    public var closed: Bool
    /// Answered after the due date (a late Government reply the source may ask to be disregarded).
    public var late: Bool = false

    /// Overdue and still open to action: what a lawyer must look at first.
    public var needsAttention: Bool { status == .overdue && !closed }

    public init(kind: DeadlineKind, due: CaseDate, computedDue: CaseDate?, statedDue: CaseDate?, from: ProcedureAnchor,
                rule: String, citation: String, status: DeadlineStatus = .open, completedBy: ProcedureAnchor? = nil,
                notes: [String] = [], closed: Bool = false) {
        self.kind = kind
        self.due = due
        self.computedDue = computedDue
        self.statedDue = statedDue
        self.from = from
        self.rule = rule
        self.citation = citation
        self.status = status
        self.completedBy = completedBy
        self.notes = notes
        self.closed = closed
    }

    /// Days from `date` to the due date: positive while it runs, negative once it is past.
    public func daysLeft(asOf date: CaseDate) -> Int { due.dayNumber - date.calendarDate.dayNumber }
}

/// Rules a practice may set where the methods of work are silent. The defaults invent nothing.
public struct ProcedureRules: Sendable, Equatable {
    /// A time limit for requesting a review of an opinion, in calendar months from its transmission.
    /// None could be verified (docs/legal/working-group-procedure.md §6, para 21): set one only on legal advice.
    public var reviewRequestMonths: Int?
    public init(reviewRequestMonths: Int? = nil) { self.reviewRequestMonths = reviewRequestMonths }
}
