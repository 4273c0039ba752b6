import ArgumentParser
import Foundation
import HabeasCore
import HabeasStore

/// `habeas audit verify | head | list`: the hash-chained audit trail.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check, export the head of, and list the tamper-evident audit trail.",
        discussion: """
            Every write, read, draft, export, import and purge is an entry chained to the one before by SHA-256. \
            `verify` recomputes the chain and names the first broken entry; keep the output of `head` somewhere \
            the database's administrators cannot change, and check later with `verify --head SEQ:HASH`.
            """,
        subcommands: [AuditVerifyCommand.self, AuditHeadCommand.self, AuditListCommand.self]
    )
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the chain; exit 1 naming the first broken entry."
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: "A head kept earlier (SEQ:HASH, from `habeas audit head`): the chain must still contain it.")
    var head: String?

    func run() async throws {
        var kept: AuditHead?
        if let head {
            guard let parsed = AuditHead(parsing: head) else {
                Console.error("--head: expected SEQ:HASH as printed by `habeas audit head` (e.g. 42:3f…, 64 hexadecimal digits)")
                throw ExitCode(2)
            }
            kept = parsed
        }
        let result = try await database.withStore { try await $0.verifyAudit(head: kept) }
        if let problem = result.problem {
            Console.error("audit trail BROKEN at \(problem)")
            Console.error("\(result.checked) entr\(result.checked == 1 ? "y" : "ies") verified before it")
            throw ExitCode(1)
        }
        Console.out("audit trail intact: \(result.checked) entr\(result.checked == 1 ? "y" : "ies")"
                    + (result.head.map { ", head \($0)" } ?? "") + (kept.map { "; contains the kept head \($0.seq)" } ?? ""))
    }
}

struct AuditHeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: "Print the last entry as SEQ:HASH, to keep elsewhere."
    )

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        guard let head = try await database.withStore({ try await $0.auditHead() }) else {
            Console.error("the audit trail is empty")
            throw ExitCode(1)
        }
        Console.out(head.description)
    }
}

struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List audit entries, oldest first."
    )

    @OptionGroup var database: DatabaseOption

    @Option(name: .customLong("case"), help: "Only entries about this case.")
    var caseID: String?

    @Option(help: "Only this action: \(AuditEntry.Action.allCases.map(\.rawValue).joined(separator: ", ")).")
    var action: String?

    @Option(help: "Only entries on or after this day (YYYY-MM-DD, UTC).")
    var since: String?

    @Option(help: "At most this many entries (1–\(AuditFilter.maxLimit)).")
    var limit = 1_000

    @Flag(help: "One JSON object per line.")
    var json = false

    func run() async throws {
        var filter = AuditFilter(caseID: caseID)
        if let action {
            guard let parsed = AuditEntry.Action(rawValue: action) else {
                Console.error("--action: `\(action)` is not an audit action; valid: \(AuditEntry.Action.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitCode(2)
            }
            filter.action = parsed
        }
        if let since {
            guard let day = try? CaseDate(parsing: since), day.time == nil, let date = Date.startOfDay(day) else {
                Console.error("--since: `\(since)` is not a day (YYYY-MM-DD)")
                throw ExitCode(2)
            }
            filter.since = date
        }
        guard (1...AuditFilter.maxLimit).contains(limit) else {
            Console.error("--limit: between 1 and \(AuditFilter.maxLimit)")
            throw ExitCode(2)
        }
        filter.limit = limit
        let entries = try await database.withStore { try await $0.auditEntries(filter) }
        for entry in entries {
            let time = entry.at.formatted(Date.ISO8601FormatStyle())
            if json {
                let object: [String: Any] = ["seq": entry.seq, "at": time, "actor": entry.author, "action": entry.action.rawValue,
                                             "case": entry.caseID, "detail": entry.detail, "hash": entry.hash]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                Console.out(String(decoding: data, as: UTF8.self))
            } else {
                Console.out("\(entry.seq)\t\(time)\t\(entry.author)\t\(entry.action.rawValue)\t\(entry.caseID.isEmpty ? "-" : entry.caseID)\t\(entry.detail)")
            }
        }
    }
}

extension Date {
    /// Midnight UTC of a day.
    static func startOfDay(_ day: CaseDate) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }
}
