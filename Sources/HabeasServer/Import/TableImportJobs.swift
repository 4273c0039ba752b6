import Foundation
import HabeasCore
import HabeasImport
import HabeasStore
import Synchronization

/// The web's imports, run in the background so a large sheet shows its progress: each job is
/// keyed by a random id and its uploader's account, kept in this server's memory (a restart
/// forgets it; the cases it wrote stay written, each whole), and forgotten an hour after it ends.
/// The report kept is the one the command prints, at most `TableImport.Options.maxReported`
/// problems long.
final class TableImportJobs: Sendable {
    static let shared = TableImportJobs()

    /// Jobs kept at once, running or finished; a start beyond it is refused until one is forgotten.
    static let maxJobs = 64
    static let keptFor: TimeInterval = 3600

    struct Job: Sendable {
        var owner: String
        /// Data rows in the sheet, once counted (the bar is indeterminate before).
        var total: Int?
        var progress = TableImport.Progress()
        var finished: Date?
        var summary = ""
        var lines: [String] = []
        var errors: [String] = []
        var filename: String
    }

    private let jobs = Mutex<[String: Job]>([:])

    /// A new job for `owner`, or nil when `maxJobs` are kept already.
    func start(owner: String, filename: String, now: Date = Date()) -> String? {
        jobs.withLock { jobs in
            jobs = jobs.filter { $0.value.finished.map { now.timeIntervalSince($0) < Self.keptFor } ?? true }
            guard jobs.count < Self.maxJobs else { return nil }
            let id = UUID().uuidString.lowercased()
            jobs[id] = Job(owner: owner, filename: filename)
            return id
        }
    }

    /// The job, if it is `owner`'s: another account's job is not there for them.
    func job(_ id: String, owner: String) -> Job? {
        jobs.withLock { jobs in jobs[id].flatMap { $0.owner == owner ? $0 : nil } }
    }

    func update(_ id: String, _ change: (inout Job) -> Void) {
        jobs.withLock { jobs in
            guard var job = jobs[id] else { return }
            change(&job)
            jobs[id] = job
        }
    }

    /// Runs the import of the sheet at `url` (the job's own file, removed when done).
    func run(_ id: String, url: URL, kind: TableKind, importer: TableImport, mappingYAML: String?, state: String?,
             dateOrder: DateOrder?, today: CaseDate) async {
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            // Counted first so the bar has an end; a sheet past the reader's bounds fails here, before any write.
            var total = 0
            let counter = try TableReaders.open(url, kind: kind)
            _ = try counter.next()
            while let row = try counter.next() {
                if !row.isBlank { total += 1 }
            }
            update(id) { $0.total = total }
            let report = try await importer.run(try TableReaders.open(url, kind: kind), mappingYAML: mappingYAML, state: state,
                                                dateOrder: dateOrder, today: today) { [self] progress in
                update(id) { $0.progress = progress }
            }
            update(id) { job in
                job.progress = report.counts
                job.summary = report.lines.last ?? ""
                job.lines = Array(report.lines.dropLast())
                job.finished = Date()
            }
        } catch {
            let message: String
            switch error {
            case let error as TableError: message = error.description
            case let error as ColumnMapping.MappingError: message = error.description
            case let error as StoreError: message = error.description
            // Written in the language of the request that started the job (its task-local localizer).
            default: message = Interface.localizer.text("importProgress.stopped")
            }
            update(id) { job in
                job.errors = [message]
                job.finished = Date()
            }
        }
    }
}
