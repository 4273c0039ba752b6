import HabeasCore
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
    }
    struct CaseLink {
        var label: String
        var href: String
    }
    struct ExportModel {
        var bundleHref: String
        var cases: [CaseLink]
        var total: Int
    }

    static func importModel(pasted: String = "", results: [Result] = []) -> ImportModel {
        ImportModel(action: Route.importCases.path, pasted: pasted, results: results, hasResults: !results.isEmpty,
                    importedCount: results.filter { $0.ok && !$0.skipped }.count, failedCount: results.filter { !$0.ok }.count)
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
            guard let boundary = FormData.parameter("boundary", in: contentType) else { throw WebError.badRequest("The upload could not be read.") }
            return try FormData.multipart(bytes, boundary: boundary)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw WebError.badRequest("The form is not valid UTF-8 text.") }
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
            return [Result(name: name, ok: false, message: "The case file is not valid (\(error.issues.count) problem\(error.issues.count == 1 ? "" : "s")).",
                           errors: error.issues.map { issue in
                               Markup.Line((issue.line.map { "Line \($0): " } ?? "") + (issue.path.isEmpty ? "" : issue.path + ": ") + issue.message)
                           })]
        } catch let error as CaseArchive.ArchiveError {
            return [Result(name: name, ok: false, message: "This archive is not valid; nothing from it was imported.", errors: [Markup.Line(error.description)])]
        } catch let error as ImportInterrupted {
            return results(error.report) + [Result(name: name, ok: false, message: "The import stopped before \(error.notWritten.count) case(s) were written. Import the same file again to finish; what is already there is skipped.", errors: [])]
        } catch let error as StoreError {
            return [Result(name: name, ok: false, message: "Nothing was imported.", errors: [Markup.Line(error.description)])]
        } catch {
            return [Result(name: name, ok: false, message: WebErrorMiddleware.map(error).1, errors: [])]
        }
    }

    static func results(_ report: ImportReport) -> [Result] {
        report.entries.map { entry in
            switch entry.outcome {
            case .imported(let revisions):
                Result(name: entry.source, ok: true,
                       message: revisions == 1 ? "Imported as \(entry.id)." : "Imported \(entry.id) with \(revisions) revisions.",
                       href: Route.caseShow(entry.id).path, errors: [])
            case .alreadyPresent:
                Result(name: entry.source, ok: true, message: "Already present as \(entry.id); skipped.", href: Route.caseShow(entry.id).path, errors: [],
                       skipped: true)
            case .conflict(let reason):
                Result(name: entry.source, ok: false, message: "Not imported: \(reason).", href: nil, errors: [])
            }
        }
    }
}
