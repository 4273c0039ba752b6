import Foundation
import HabeasCore
import HabeasImport
import HabeasStore
import Hummingbird

/// `POST /api/v1/import-table`: the body is the sheet's bytes (CSV, TSV or XLSX), the mapping and
/// the options are query parameters; the answer is the report. The body goes to a private file
/// as it arrives (bounded), is read from there and removed.
struct TableImportController {
    let deps: AppDependencies

    /// The largest sheet accepted over HTTP.
    static let maxUploadBytes = 100 * 1_048_576
    static let maxMappingBytes = 16_384

    func register(on group: RouterGroup<AppRequestContext>) {
        let store = deps.store
        let today = deps.today
        group.on(.importTable) { request, _ in try await Self.importAPI(request, store: store, today: today()) }
    }

    static func importAPI(_ request: Request, store: any CaseStore & AccountStore, today: CaseDate) async throws -> Response {
        let kind = try kind(request)
        let mapping = try Params.text(request, "mapping").flatMap { $0.isEmpty ? nil : $0 }
        if let mapping, mapping.utf8.count > maxMappingBytes {
            throw APIError(.badRequest, "mapping: at most \(maxMappingBytes / 1024) KB of YAML")
        }
        var order: DateOrder?
        if let text = try Params.text(request, "dateOrder"), !text.isEmpty {
            guard let parsed = DateOrder(rawValue: text) else { throw APIError(.badRequest, "dateOrder is one of dmy, mdy, ymd") }
            order = parsed
        }
        var options = TableImport.Options(change: try Author.change(request, default: "imported from a table"))
        options.group = try Params.text(request, "group").flatMap { $0.isEmpty ? nil : $0 }
        options.groupName = try Params.text(request, "groupName").flatMap { $0.isEmpty ? nil : $0 }
        options.dryRun = try Params.flag(request, "dryRun") ?? false
        if !options.dryRun { try CaseOwnership.checkCanCreate() }
        let state = try Params.text(request, "state").flatMap { $0.isEmpty ? nil : $0 }

        let file = try await UploadedTable.receive(request.body, kind: kind, limit: maxUploadBytes)
        defer { file.remove() }
        do {
            let reader = try TableReaders.open(file.url, kind: kind)
            let report = try await TableImport(store: store, access: .signedIn(store), options: options)
                .run(reader, mappingYAML: mapping, state: state, dateOrder: order, today: today)
            return JSON.response(TableImportJSON.report(report))
        } catch let error as TableError {
            throw APIError(error.isTooLarge ? .contentTooLarge : .badRequest, error.description)
        } catch let error as ColumnMapping.MappingError {
            throw APIError(.badRequest, error.description)
        } catch let error as StoreError {
            throw APIError(.badRequest, error.description)
        }
    }

    /// From `?format=`, else the Content-Type.
    static func kind(_ request: Request) throws -> TableKind {
        if let format = try Params.text(request, "format"), !format.isEmpty {
            guard let kind = TableKind(rawValue: format.lowercased()) else { throw APIError(.badRequest, "format is one of csv, tsv, xlsx") }
            return kind
        }
        let type = (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "text/csv": return .csv
        case "text/tab-separated-values": return .tsv
        case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": return .xlsx
        default:
            throw APIError(.badRequest, "send the sheet as text/csv, text/tab-separated-values or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, or say ?format=csv|tsv|xlsx")
        }
    }
}

extension TableError {
    var isTooLarge: Bool { if case .tooLarge = self { true } else { false } }
}

extension TableImport.Access {
    /// The signed-in user's view: their teams' cases (every case for an admin); a case they create
    /// gets their teams, as a case made in a form does.
    static func signedIn(_ accounts: any AccountStore) -> TableImport.Access {
        let teams = SignedIn.current?.visibleTeams ?? []
        let user = SignedIn.current
        return TableImport.Access(
            visibleTeams: user == nil ? [] : user?.visibleTeams,
            mayUpdate: { id in
                guard user != nil else { return false }
                guard user?.visibleTeams != nil else { return true }
                return try await accounts.caseBelongs(id, toAnyOf: teams)
            },
            created: { id in
                guard let user, user.account.role != .admin else { return }
                for team in user.teams { try await accounts.assignCase(id, to: team) }
            })
    }
}

/// An uploaded sheet in a private file (0600, in a 0700 folder), removed by the caller.
struct UploadedTable: Sendable {
    let url: URL

    static var folder: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("habeas-tables-\(getuid())", isDirectory: true)
    }

    static func receive(_ body: RequestBody, kind: TableKind, limit: Int) async throws -> UploadedTable {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let url = folder.appendingPathComponent(UUID().uuidString + "." + kind.rawValue)
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = try? FileHandle(forWritingTo: url) else {
            throw APIError(.internalServerError, "the upload could not be stored")
        }
        let table = UploadedTable(url: url)
        var size = 0
        do {
            for try await chunk in body {
                size += chunk.readableBytes
                guard size <= limit else { throw APIError(.contentTooLarge, "the sheet is larger than \(limit / 1_048_576) MB") }
                try handle.write(contentsOf: Data(buffer: chunk))
            }
            try handle.close()
        } catch {
            try? handle.close()
            table.remove()
            throw error
        }
        guard size > 0 else {
            table.remove()
            throw APIError(.badRequest, "send the sheet as the body")
        }
        return table
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The report as JSON (schema `TableImportReport`).
enum TableImportJSON {
    static func report(_ report: TableImport.Report) -> Value {
        func problem(_ p: RowProblem) -> Value {
            .object([.init("row", .int(p.row)), .init("column", p.column.map(Value.string) ?? .null), .init("message", .string(p.message))])
        }
        let c = report.counts
        return .object([
            .init("dryRun", .bool(report.dryRun)),
            .init("dateOrder", .string(report.dateOrder.rawValue)),
            .init("columns", .array(report.columns.map { .object([.init("column", .string($0.column)), .init("field", .string($0.field.rawValue))]) })),
            .init("unmapped", .array(report.unmapped.map(Value.string))),
            .init("rows", .int(c.rows)), .init("created", .int(c.created)), .init("updated", .int(c.updated)),
            .init("unchanged", .int(c.unchanged)), .init("rejectedRows", .int(c.rejected)),
            .init("rejected", .array(report.rejected.map(problem))),
            .init("duplicates", .array(report.duplicates.map {
                .object([.init("row", .int($0.row)), .init("id", .string($0.id)), .init("of", .string($0.of))])
            })),
            .init("warnings", .array(report.warnings.map(problem))),
            .init("truncated", .bool(report.truncated)),
            .init("createdIds", .array(report.createdIDs.map(Value.string))),
            .init("updatedIds", .array(report.updatedIDs.map(Value.string))),
        ])
    }
}
