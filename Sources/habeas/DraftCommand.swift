import ArgumentParser
import Foundation
import HabeasCore
import HabeasDocuments
import HabeasStore
import HabeasJurisprudence

/// `habeas draft KIND FILE`: the petition, the urgent-action request, the follow-up, the chronology
/// or the public summary, as DOCX, HTML or Markdown.
struct DraftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Draft a document for the Working Group from a case file.",
        discussion: """
        KIND is one of: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")), or for a group of
        cases \(Self.groupKinds.joined(separator: ", ")): one communication about every person of GROUP (a group
        id in the database, or a folder of case files), the common facts and argument once and an annex row
        per person; the urgent-action variant lists first those whose health or life is at risk.
        The summary is the public version: redacted whenever the source is confidential (or not
        stated otherwise), and with --redact. The wording comes from bundled templates; a file with
        the same name in --templates DIR replaces the bundled one (fr/… and es/… for --lang fr, es).
        --lang fr or es writes the draft in French or Spanish, with the instruments and bodies under
        their official UN names in that language (docs/drafting-languages.md); the case's own words
        stay as written.
        """
    )

    @Argument(help: "petition, urgent-action, follow-up, comments (on the Government's reply), chronology or summary.")
    var kind: String
    @Argument(help: "The case file; for a group kind, the group id in the database or a folder of case files.")
    var file: String
    @Option(help: "docx, html or md; default: from the -o extension, else md.")
    var format: String?
    @Option(name: [.short, .customLong("output")], help: "Write here instead of standard output (required for docx).")
    var output: String?
    @OptionGroup var asOf: AsOfOption
    @Flag(help: "Replace names and identifying details everywhere (always on for a confidential summary).")
    var redact = false
    @Option(help: "A folder of templates overriding the bundled ones.")
    var templates: String?
    @Option(help: "The language of the draft: en, fr or es (the Working Group's working languages). Default: en.")
    var lang: String = "en"
    @OptionGroup var database: DatabaseOption

    static let groupKinds = ["group-petition", "group-urgent-action"]

    func validate() throws {
        guard DocumentKind(rawValue: kind) != nil || Self.groupKinds.contains(kind) else {
            throw ValidationError("unknown kind `\(kind)`: use one of \((DocumentKind.allCases.map(\.rawValue) + Self.groupKinds).joined(separator: ", "))")
        }
        if DraftLanguage(rawValue: lang) == nil {
            throw ValidationError("unknown language `\(lang)`: use \(DraftLanguage.validValues)")
        }
        if let format, DraftFormat(rawValue: format) == nil {
            throw ValidationError("unknown format `\(format)`: use docx, html or md")
        }
        if resolvedFormat == .docx, output == nil {
            throw ValidationError("a DOCX is binary: give the output file with -o FILE.docx")
        }
    }

    var resolvedFormat: DraftFormat {
        if let format, let parsed = DraftFormat(rawValue: format) { return parsed }
        if let output {
            let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
            if ext == "htm" { return .html }
            if ext == "markdown" { return .md }
            if let parsed = DraftFormat(rawValue: ext) { return parsed }
        }
        return .md
    }

    func run() async throws {
        if Self.groupKinds.contains(kind) { return try await runGroup() }
        let kind = DocumentKind(rawValue: kind)!
        let loaded = try CaseFiles.load(file)
        let date = try asOf.date()
        let drafter: Drafter
        do {
            drafter = try Drafter(templatesDirectory: templates.map { URL(fileURLWithPath: $0) })
        } catch {
            Console.error("templates: \(error)")
            throw ReportedFailure()
        }
        let document: DraftDocument
        let data: Data
        do {
            // The petition cites the Working Group's own opinions (HabeasJurisprudence corpus).
            let precedents = kind == .petition ? PetitionPrecedents.citations(for: loaded, asOf: date) : []
            document = try drafter.document(kind, for: loaded, asOf: date, redact: redact, precedents: precedents,
                                            language: DraftLanguage(rawValue: lang) ?? .en)
            data = try drafter.render(document, as: resolvedFormat)
        } catch {
            Console.error("\(file): the draft could not be written: \(error)")
            throw ReportedFailure()
        }
        if Drafter.isRedacted(kind, loaded, redact: redact) {
            Console.error("note: names and identifying details were replaced; read the narrative for anything else that identifies the person before publishing.")
        }
        if !document.untranslated.isEmpty {
            Console.error("note: \(document.untranslated.count) phrase(s) have no \(lang) wording and were drafted in English; add them to \(lang)/wording.txt (--templates).")
        }
        if let todo = document.toComplete {
            Console.error("note: \(todo.items.count) item(s) to complete before filing, listed on the first page.")
        }
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            // A draft holds case data: 0600, like the database and exports.
            try PrivateFiles.write(data, to: URL(fileURLWithPath: output))
        } catch {
            Console.error("\(output): cannot be written (\(error.localizedDescription))")
            throw ReportedFailure()
        }
    }

    /// The group communication: every case of the group, from the database or a folder.
    func runGroup() async throws {
        let date = try asOf.date()
        let urgent = kind == "group-urgent-action"
        var isDirectory: ObjCBool = false
        var files: [CaseFile] = []
        let title: String
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: file)) ?? []
            let paths = names.filter { [".yaml", ".yml", ".json"].contains(where: $0.lowercased().hasSuffix) }.sorted()
                .map { URL(fileURLWithPath: file).appendingPathComponent($0).path }
            let loaded = CaseFiles.loadValid(paths)
            if loaded.invalid > 0 { Console.error("\(loaded.invalid) file(s) left out: they are not valid case files (above)") }
            files = loaded.cases
            title = URL(fileURLWithPath: file).lastPathComponent
        } else {
            guard CaseFile.isValidID(file) else {
                Console.error("\(file): neither a folder of case files nor a group id (lowercase letters, digits and hyphens)")
                throw ReportedFailure()
            }
            let store = try await database.open()
            do {
                title = try await store.group(file)?.name ?? file
                var query = CaseQuery(today: date)
                query.group = file
                query.perPage = CaseQuery.maxPerPage
                while true {
                    let page = try await store.search(query)
                    for item in page.items { files.append(try await store.get(item.id).file) }
                    if page.items.isEmpty || query.page * query.perPage >= page.total { break }
                    query.page += 1
                }
                for member in files {
                    try await store.recordAudit(action: redact ? .redactedExport : .draft, caseID: member.id, actor: DatabaseOption.operatorName,
                                                detail: "group \(file) \(urgent ? "urgent-action" : "petition")")
                }
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
        guard !files.isEmpty else {
            Console.error("\(file): no case in this group")
            throw ReportedFailure()
        }
        let drafter: Drafter
        do {
            drafter = try Drafter(templatesDirectory: templates.map { URL(fileURLWithPath: $0) })
        } catch {
            Console.error("templates: \(error)")
            throw ReportedFailure()
        }
        let document = GroupPetition(title: title, files: files, asOf: date, urgent: urgent, redact: redact).document()
        let data = try drafter.render(document, as: resolvedFormat)
        Console.error("note: \(files.count) person(s) in the annex.")
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try PrivateFiles.write(data, to: URL(fileURLWithPath: output))
        } catch {
            Console.error("\(output): cannot be written (\(error.localizedDescription))")
            throw ReportedFailure()
        }
    }
}
