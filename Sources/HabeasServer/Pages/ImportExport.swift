import HabeasCore
import HabeasLocalization
import HabeasStore
import Hummingbird

/// `/import` (upload case files or an export bundle, or paste one case) and `/export`.
enum ImportExport {
    struct Result {
        var name: String
        var ok: Bool
        var message: String
        var href: String?
        var errors: [Markup.Line]
        /// Already stored with the same content: not an error, and not counted as imported.
        var skipped = false
    }
    struct ImportModel {
        var action: String
        var pasted: String
        var results: [Result]
        var hasResults: Bool
        var importedCount: Int
        var failedCount: Int
        var resultsHeading: String
    }
    struct CaseLink {
        var label: String
        var href: String
    }
    struct ExportModel {
        var bundleHref: String
        var cases: [CaseLink]
        var total: Int
        var allHTML: SafeHTML = SafeHTML(html: "")
    }

    static func importModel(pasted: String = "", results: [Result] = []) -> ImportModel {
        let imported = results.filter { $0.ok && !$0.skipped }.count, failed = results.filter { !$0.ok }.count
        return ImportModel(action: Route.importCases.path, pasted: pasted, results: results, hasResults: !results.isEmpty,
                    importedCount: imported, failedCount: failed,
                    resultsHeading: Interface.localizer.text("import.results", ["imported": Interface.localizer.number(imported), "failed": Interface.localizer.number(failed)]))
    }

    /// The export page's paragraph on the whole export, with the number of cases.
    static func allHTML(total: Int) -> SafeHTML {
        Interface.html("export.allText", ["cases": Escape.html(Interface.localizer.plural("export.cases", count: total)), "format": "<code>habeas-export/1</code>",
                                          "import": "<a href=\"" + Route.importCases.path + "\">" + Escape.html(Interface.localizer.text("import.title")) + "</a>",
                                          "command": "<code>habeas import</code>"])
    }

    /// Reads the import form with the archive limit (an export of thousands of cases is far
    /// larger than an ordinary form): the body streams in and is refused with 413 beyond it.
    static func readForm(_ request: Request) async throws -> FormData {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: CaseArchive.maxArchiveBytes)
        } catch {
            throw HTTPError(.contentTooLarge)
        }
        let bytes = Array(buffer.readableBytesView)
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = FormData.parameter("boundary", in: contentType) else { throw WebError.badRequest(Interface.localizer.text("import.unreadable")) }
            return try FormData.multipart(bytes, boundary: boundary)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw WebError.badRequest(Interface.localizer.text("import.notUTF8")) }
        return FormData.urlEncoded(text)
    }

    /// Imports one uploaded file or pasted text through the same path as `habeas import` and
    /// `POST /api/v1/import`: a case file (a new case), a case's history or an export bundle
    /// (cases with their history). Bytes that are not valid UTF-8 are refused, never repaired.
    static func importBytes(_ bytes: [UInt8], name: String, store: any CaseStore) async -> [Result] {
        do {
            return results(try await store.importArchive(bytes, name: name,
                                                    importer: Change(author: WebAuthor.name, note: "imported from \(name)")))
        } catch let error as CaseValidationError {
            return [Result(name: name, ok: false, message: Interface.localizer.plural("import.invalid", count: error.issues.count),
                           errors: error.issues.map { issue in
                               Markup.Line(ImportExport.issueLine(line: issue.line, path: issue.path, message: issue.message))
                           })]
        } catch let error as CaseArchive.ArchiveError {
            return [Result(name: name, ok: false, message: Interface.localizer.text("import.badArchive"), errors: [Markup.Line(error.description)])]
        } catch let error as ImportInterrupted {
            return results(error.report) + [Result(name: name, ok: false, message: Interface.localizer.plural("import.interrupted", count: error.notWritten.count), errors: [])]
        } catch let error as StoreError {
            return [Result(name: name, ok: false, message: Interface.localizer.text("import.nothing"), errors: [Markup.Line(error.description)])]
        } catch {
            return [Result(name: name, ok: false, message: WebErrorMiddleware.map(error).1, errors: [])]
        }
    }

    /// One problem of a case file: "Line 3: person.name: …" (line and path when known).
    static func issueLine(line: Int?, path: String, message: String) -> String {
        let l = Interface.localizer
        let located = path.isEmpty ? message : l.text("import.issue.path", ["path": path, "message": message])
        return line.map { l.text("import.issue.line", ["line": String($0), "message": located]) } ?? located
    }

    static func results(_ report: ImportReport) -> [Result] {
        report.entries.map { entry in
            switch entry.outcome {
            case .imported(let revisions):
                Result(name: entry.source, ok: true,
                       message: revisions == 1 ? Interface.localizer.text("import.importedAs", ["id": entry.id]) : Interface.localizer.plural("import.importedWith", count: revisions, ["id": entry.id]),
                       href: Route.caseShow(entry.id).path, errors: [])
            case .alreadyPresent:
                Result(name: entry.source, ok: true, message: Interface.localizer.text("import.present", ["id": entry.id]), href: Route.caseShow(entry.id).path, errors: [],
                       skipped: true)
            case .conflict(let reason):
                Result(name: entry.source, ok: false, message: Interface.localizer.text("import.notImported", ["reason": reason]), href: nil, errors: [])
            }
        }
    }
}
