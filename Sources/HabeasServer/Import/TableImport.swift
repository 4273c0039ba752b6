import Foundation
import HabeasCore
import HabeasImport
import HabeasStore

/// What `habeas import-table`, `POST /api/v1/import-table` and the web's import do with a table:
/// rows are read and written in batches; a batch's new cases are written in one transaction and
/// each update in its own (a crash leaves whole cases only). A row keyed to a stored case updates it, with a revision only when the file
/// changes; a new row whose name matches another case with a different or missing birth date is
/// reported as a likely duplicate and not created. Memory holds one batch, the ids and name keys
/// seen (for duplicates within the sheet) and at most `maxReported` problems.
public struct TableImport: Sendable {
    public struct Options: Sendable {
        public var group: String?
        /// The name given to `group` when it is created by this import (else the id).
        public var groupName: String?
        public var dryRun = false
        /// Rows a batch: large enough that a transaction rewrites each index page it touches once
        /// for many cases, small enough that the pipeline's two stages overlap from the start.
        public static let defaultBatchSize = 1000
        public var batchSize = defaultBatchSize
        public var change: Change
        /// Problems, warnings and duplicates kept in the report; the rest are counted.
        public var maxReported = 10_000
        public init(change: Change) { self.change = change }
    }

    /// What a server user may touch: the cases of their teams (nil: every case), and what is
    /// done when they create one (give it their teams).
    public struct Access: Sendable {
        public var visibleTeams: [Int64]?
        public var mayUpdate: @Sendable (String) async throws -> Bool
        public var created: @Sendable (String) async throws -> Void
        public init(visibleTeams: [Int64]?, mayUpdate: @escaping @Sendable (String) async throws -> Bool,
                    created: @escaping @Sendable (String) async throws -> Void) {
            self.visibleTeams = visibleTeams
            self.mayUpdate = mayUpdate
            self.created = created
        }
        /// The command line: every case.
        public static let everything = Access(visibleTeams: nil, mayUpdate: { _ in true }, created: { _ in })
    }

    public struct Duplicate: Sendable, Equatable, CustomStringConvertible {
        public var row: Int
        /// The id the row would have created.
        public var id: String
        /// The case or row it likely duplicates: `kz-ivanov-1990-01-01`, or `row 7`.
        public var of: String
        public var description: String { "row \(row): likely the same person as \(of) (same name, different or missing birth date); not created as \(id)" }
    }

    public struct Progress: Sendable, Equatable {
        public var rows = 0
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        public var rejected = 0
        public var duplicates = 0
    }

    public struct Report: Sendable {
        public var dryRun: Bool
        public var dateOrder: DateOrder
        /// Each mapped column and its field; and the columns read by no field.
        public var columns: [(column: String, field: TableField)]
        public var unmapped: [String]
        public var counts = Progress()
        public var rejected: [RowProblem] = []
        public var warnings: [RowProblem] = []
        public var duplicates: [Duplicate] = []
        /// More problems than were kept.
        public var truncated = false
        /// The created and updated case ids, at most `maxReported` of them.
        public var createdIDs: [String] = []
        public var updatedIDs: [String] = []
    }

    let store: any CaseStore
    let access: Access
    let options: Options

    public init(store: any CaseStore, access: Access = .everything, options: Options) {
        self.store = store
        self.access = access
        self.options = options
    }

    /// Reads the whole table from `reader` (its first row the header) and imports it.
    public func run(_ reader: any TableReader, mappingYAML: String?, state: String?, dateOrder: DateOrder?,
                    today: CaseDate, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Report {
        guard let header = try reader.next() else { throw TableError.notATable("the table is empty (no header row)") }
        let mapping = try TableSetup.mapping(header: header, yaml: mappingYAML, state: state, dateOrder: dateOrder)
        let converter = RowConverter(mapping: mapping, today: today)
        var report = Report(dryRun: options.dryRun, dateOrder: mapping.dateOrder,
                            columns: mapping.fields.sorted { $0.key < $1.key }.map { (mapping.describe($0.key), $0.value) },
                            unmapped: mapping.unmatched.map(mapping.describe))
        if let group = options.group {
            let new = NewCaseGroup(id: group, name: options.groupName ?? group)
            try new.check()
            if try await store.group(group) == nil, !options.dryRun {
                do { _ = try await store.createGroup(new, change: options.change) } catch StoreError.conflict { /* created meanwhile */ }
            }
        }
        var state = SheetState()
        let size = min(max(options.batchSize, 1), 5_000)
        func readBatch() throws -> [TableRow] {
            var batch: [TableRow] = []
            while batch.count < size, let row = try reader.next() {
                if !row.isBlank { batch.append(row) }
            }
            return batch
        }
        // A pipeline of two stages: while one batch's new cases are written (one transaction on
        // the store's connection), the next batch is read, converted, compared and sealed on the
        // other cores. Its stored cases are read before the write starts, so that read does not
        // wait for it; a sheet never holds an id twice, so the write cannot change what was read.
        // The store set for a long run of writes (SQLite checkpoints its log less often).
        try await store.bulkWriting {
            var writing: Task<Written, any Error>?
            do {
                var rows = try readBatch()
                var converted = try await convert(rows, converter: converter, state: &state, report: &report)
                var stored = try await store.current(converted.map(\.id))
                while !rows.isEmpty {
                    let creates = try await plan(converted, stored: stored, converter: converter, state: &state, report: &report)
                    let prepared = options.dryRun || creates.isEmpty ? nil : try await store.prepareNew(creates.map(\.file))
                    rows = try readBatch()
                    converted = try await convert(rows, converter: converter, state: &state, report: &report)
                    if let previous = writing {
                        writing = nil
                        record(try await previous.value, report: &report)
                        progress(report.counts)
                    }
                    stored = converted.isEmpty ? [:] : try await store.current(converted.map(\.id))
                    if let prepared {
                        writing = Task(executorPreference: WriterExecutor.shared) { [self] in try await self.write(creates, prepared: prepared) }
                    } else {
                        record(Written(created: creates.map(\.row.id)), report: &report)
                        progress(report.counts)
                    }
                }
                if let last = writing {
                    writing = nil
                    record(try await last.value, report: &report)
                    progress(report.counts)
                }
            } catch {
                // Nothing is written after the import has returned.
                _ = try? await writing?.value
                throw error
            }
        }
        // Rows refused while a write was under way are reported in row order all the same.
        report.rejected.sort { $0.row < $1.row }
        // Only an optimisation: the cases are stored whether or not the statistics could be refreshed.
        if !options.dryRun, report.counts.created + report.counts.updated > 0 { try? await store.analyze() }
        return report
    }

    /// What the sheet has shown so far: the row of each id, and the cases of each name; and the
    /// stored cases of each State by name, read once when a new row first needs them.
    struct SheetState {
        var rowOfID: [String: Int] = [:]
        var byName: [String: [(row: Int, id: String, birth: CaseDate?)]] = [:]
        var storedByName: [String: [String: [String]]] = [:]
    }

    /// New cases of a batch as written: the created ids, and rows refused because their id was
    /// taken meanwhile.
    struct Written: Sendable {
        var created: [String]
        var rejected: [RowProblem] = []
    }

    typealias NewCase = (row: ConvertedRow, file: CaseFile)

    private func reject(_ problems: [RowProblem], report: inout Report) {
        report.counts.rejected += 1
        keep(problems, in: \.rejected, report: &report)
    }

    /// A batch's rows converted (pure: spread over the cores, then taken in row order); an id
    /// seen on an earlier row is refused.
    private func convert(_ rows: [TableRow], converter: RowConverter, state: inout SheetState, report: inout Report) async throws -> [ConvertedRow] {
        var converted: [ConvertedRow] = []
        for (row, result) in zip(rows, try await Parallel.map(rows) { converter.convert($0) }) {
            report.counts.rows += 1
            switch result {
            case .failure(let failure):
                reject(failure.problems, report: &report)
            case .success(let value):
                keep(value.warnings, in: \.warnings, report: &report)
                if let earlier = state.rowOfID[value.id] {
                    reject([RowProblem(row: row.number, column: nil, message: "the same case (\(value.id)) as row \(earlier); merge the two rows")], report: &report)
                } else {
                    state.rowOfID[value.id] = row.number
                    converted.append(value)
                }
            }
        }
        return converted
    }

    /// A batch's files built over its stored cases; updates written case by case (a revision
    /// only where the file changed); likely duplicates reported. Returns the new cases to create.
    private func plan(_ converted: [ConvertedRow], stored: [String: StoredCase], converter: RowConverter,
                      state: inout SheetState, report: inout Report) async throws -> [NewCase] {
        let group = options.group
        let built = try await Parallel.map(converted) { row in converter.caseFile(for: row, over: stored[row.id]?.file, group: group) }
        var creates: [NewCase] = []
        for (row, result) in zip(converted, built) {
            let existing = stored[row.id]
            if existing?.deletedAt != nil {
                // Deleted: never overwritten by a sheet.
                reject([RowProblem(row: row.row, column: nil, message: "a case with the id \(row.id) exists (deleted, or not one of your teams' cases)")], report: &report)
                continue
            }
            if existing != nil, !(try await access.mayUpdate(row.id)) {
                reject([RowProblem(row: row.row, column: nil, message: "a case with the id \(row.id) exists and is not one of your teams' cases")], report: &report)
                continue
            }
            let file: CaseFile
            switch result {
            case .success(let value): file = value
            case .failure(let failure):
                reject(failure.problems, report: &report)
                continue
            }
            let birth = row.values.birthDate ?? existing?.file.person.birthDate
            defer { state.byName[row.nameKey, default: []].append((row.row, row.id, birth)) }

            if let existing {
                guard file != existing.file else {
                    report.counts.unchanged += 1
                    continue
                }
                if !options.dryRun {
                    do {
                        _ = try await store.update(file, basedOn: existing.currentRevision, change: options.change)
                    } catch CaseStoreError.staleWrite {
                        reject([RowProblem(row: row.row, column: nil, message: "\(row.id) was changed by someone else during the import; import the sheet again")], report: &report)
                        continue
                    }
                }
                report.counts.updated += 1
                if report.updatedIDs.count < options.maxReported { report.updatedIDs.append(row.id) }
                continue
            }
            if let duplicate = try await likelyDuplicate(row, birth: birth, state: &state) {
                report.counts.duplicates += 1
                if report.duplicates.count < options.maxReported { report.duplicates.append(duplicate) } else { report.truncated = true }
                continue
            }
            creates.append((row, file))
        }
        return creates
    }

    /// Writes a batch's new cases in one transaction; if one of their ids was taken meanwhile
    /// (nothing was written), one at a time.
    private func write(_ creates: [NewCase], prepared: PreparedCases) async throws -> Written {
        var written = Written(created: [])
        do {
            try await store.createAll(prepared, change: options.change)
            written.created = creates.map(\.row.id)
        } catch CaseStoreError.alreadyExists {
            for create in creates {
                do {
                    _ = try await store.create(create.file, change: options.change)
                    written.created.append(create.row.id)
                } catch CaseStoreError.alreadyExists {
                    written.rejected.append(RowProblem(row: create.row.row, column: nil,
                                                       message: "a case with the id \(create.row.id) exists (deleted, or not one of your teams' cases)"))
                }
            }
        }
        for id in written.created { try await access.created(id) }
        return written
    }

    private func record(_ written: Written, report: inout Report) {
        for problem in written.rejected { reject([problem], report: &report) }
        report.counts.created += written.created.count
        for id in written.created where report.createdIDs.count < options.maxReported { report.createdIDs.append(id) }
    }

    /// Same name (`NameKey`), and a birth date that differs or is missing on either side: in the
    /// sheet so far, then among the stored live cases of the same State the user may see.
    private func likelyDuplicate(_ row: ConvertedRow, birth: CaseDate?, state: inout SheetState) async throws -> Duplicate? {
        func differs(_ other: CaseDate?) -> Bool { birth == nil || other == nil || other != birth }
        if let earlier = state.byName[row.nameKey]?.first(where: { $0.id != row.id && differs($0.birth) }) {
            return Duplicate(row: row.row, id: row.id, of: "row \(earlier.row) (\(earlier.id))")
        }
        guard let caseState = row.values.state?.uppercased(), !row.nameKey.isEmpty else { return nil }
        if state.storedByName[caseState] == nil {
            var names: [String: [String]] = [:]
            for named in try await store.namedCases(state: caseState, teams: access.visibleTeams) {
                names[NameKey.of(named.personName), default: []].append(named.id)
            }
            state.storedByName[caseState] = names
        }
        for id in state.storedByName[caseState]?[row.nameKey] ?? [] where id != row.id {
            let other = try? await store.get(id)
            if differs(other?.file.person.birthDate) {
                return Duplicate(row: row.row, id: row.id, of: id)
            }
        }
        return nil
    }

    private func keep(_ problems: [RowProblem], in list: WritableKeyPath<Report, [RowProblem]>, report: inout Report) {
        for problem in problems {
            if report[keyPath: list].count < options.maxReported { report[keyPath: list].append(problem) } else { report.truncated = true }
        }
    }
}

extension TableImport.Report {
    /// The report as text lines: the convention, the columns, every refused row, every duplicate.
    public var lines: [String] {
        var lines: [String] = []
        lines.append("dates read as \(dateOrder.rawValue): \(dateOrder.explanation)")
        lines.append("columns: " + columns.map { "\($0.column) → \($0.field.rawValue)" }.joined(separator: ", "))
        if !unmapped.isEmpty { lines.append("columns not imported: " + unmapped.joined(separator: ", ")) }
        for problem in rejected { lines.append("rejected: \(problem)") }
        for duplicate in duplicates { lines.append("duplicate: \(duplicate)") }
        for warning in warnings { lines.append("note: \(warning)") }
        if truncated { lines.append("(more problems than shown: fix these and import again)") }
        let c = counts
        lines.append((dryRun ? "dry run, nothing written: would create " : "created ")
                     + "\(c.created), \(dryRun ? "would update" : "updated") \(c.updated), unchanged \(c.unchanged), "
                     + "rejected \(c.rejected) row\(c.rejected == 1 ? "" : "s"), likely duplicates \(c.duplicates), of \(c.rows) rows")
        return lines
    }
}
