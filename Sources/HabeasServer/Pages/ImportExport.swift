import HabeasCore
import HabeasStore

/// `/import` (upload case files or an export bundle, or paste one case) and `/export`.
enum ImportExport {
    struct Result {
        var name: String
        var ok: Bool
        var message: String
        var href: String?
        var errors: [Markup.Line]
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
        ImportModel(action: WebRoute.importCases.path, pasted: pasted, results: results, hasResults: !results.isEmpty,
                    importedCount: results.filter(\.ok).count, failedCount: results.filter { !$0.ok }.count)
    }

    /// Imports one uploaded or pasted text: a case file (a new case) or a `habeas-export/1` bundle
    /// (cases with their history). Each file succeeds or fails on its own.
    static func importText(_ text: String, name: String, store: any CaseStore) async -> [Result] {
        if text.contains(CaseArchive.bundleFormat), let value = try? ValueJSON.parse(text), value["format"] == .string(CaseArchive.bundleFormat) {
            let records: [CaseRecord]
            do { records = try CaseArchive.records(fromBundle: value) } catch {
                return [Result(name: name, ok: false, message: "This export bundle is not valid.", errors: [])]
            }
            var results: [Result] = []
            for record in records {
                do {
                    try await store.importRecord(record)
                    results.append(Result(name: "\(name): \(record.id)", ok: true, message: "Imported with \(record.revisions.count) revision(s).",
                                          href: WebRoute.caseShow(record.id).path, errors: []))
                } catch {
                    results.append(Result(name: "\(name): \(record.id)", ok: false, message: WebErrorMiddleware.map(error).1, errors: []))
                }
            }
            return results
        }
        let file: CaseFile
        do {
            file = try CaseFile.load(text: text, file: nil)
        } catch {
            return [Result(name: name, ok: false, message: "The case file is not valid (\(error.issues.count) problem\(error.issues.count == 1 ? "" : "s")).",
                           errors: error.issues.map { issue in
                               Markup.Line((issue.line.map { "Line \($0): " } ?? "") + (issue.path.isEmpty ? "" : issue.path + ": ") + issue.message)
                           })]
        }
        do {
            _ = try await store.create(file, change: Change(author: WebRoutes.author, note: "imported from \(name)"))
            return [Result(name: name, ok: true, message: "Imported as \(file.id).", href: WebRoute.caseShow(file.id).path, errors: [])]
        } catch {
            return [Result(name: name, ok: false, message: WebErrorMiddleware.map(error).1, errors: [])]
        }
    }
}
