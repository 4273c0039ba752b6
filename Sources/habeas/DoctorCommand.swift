import ArgumentParser
import Foundation
import HabeasFiles
import HabeasDocuments
import HabeasKeys
import HabeasServer
import HabeasStore

/// `habeas doctor`: checks an installation and says what to fix.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the installation: bundled files, data directory, database, disk, LibreOffice.",
        discussion: "Exit 0 when nothing failed (warnings allowed), 1 when something must be fixed."
    )

    @OptionGroup var database: DatabaseOption

    enum Outcome: String { case ok = "ok", warning = "warning", failed = "FAILED", skipped = "skipped" }

    struct Check {
        var name: String
        var outcome: Outcome
        var detail: String
    }

    func run() async throws {
        var checks: [Check] = []
        checks.append(Check(name: "version", outcome: .ok, detail: "\(BuildInfo.version) (\(BuildInfo.commit))"))
        checks.append(resources())
        let location: DatabaseLocation
        do {
            location = try database.location()
        } catch {
            checks.append(Check(name: "database", outcome: .failed, detail: "\(error)"))
            report(checks)
            throw ExitCode(1)
        }
        if case .sqlite(let path) = location {
            checks += dataDirectory(for: path)
        }
        checks.append(await store(location))
        checks.append(encryptionKey(location))
        checks.append(libreOffice())
        checks.append(pdftotext())
        report(checks)
        if checks.contains(where: { $0.outcome == .failed }) { throw ExitCode(1) }
    }

    func report(_ checks: [Check]) {
        let width = checks.map(\.name.count).max() ?? 0
        for check in checks {
            Console.out("\(check.outcome.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.detail)")
        }
        let failed = checks.filter { $0.outcome == .failed }.count
        let warnings = checks.filter { $0.outcome == .warning }.count
        Console.out(failed == 0 ? "every check passed" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "") : "\(failed) check\(failed == 1 ? "" : "s") failed")
    }

    func resources() -> Check {
        do {
            let drafter = try Drafter()
            _ = drafter
            let server = try ServerResources.verify()
            return Check(name: "bundled files", outcome: .ok, detail: "draft templates, \(server.templates) page templates, \(server.demoCases) demo cases")
        } catch {
            return Check(name: "bundled files", outcome: .failed,
                         detail: "missing (\(error)): keep the *.resources folders beside the habeas binary, as in the release archive")
        }
    }

    func dataDirectory(for databasePath: String) -> [Check] {
        let url = URL(fileURLWithPath: databasePath).standardizedFileURL.deletingLastPathComponent()
        var checks: [Check] = []
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [Check(name: "data directory", outcome: .failed, detail: "\(url.path) does not exist: create it with `install -d -m 0700 \(url.path)`")]
        }
        let attributes = (try? FileManager.default.attributesOfItem(atPath: url.path)) ?? [:]
        let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        let octal = String(permissions & 0o777, radix: 8)
        if !FileManager.default.isWritableFile(atPath: url.path) {
            checks.append(Check(name: "data directory", outcome: .failed, detail: "\(url.path) is not writable by this user"))
        } else if permissions & 0o077 != 0 {
            checks.append(Check(name: "data directory", outcome: .warning,
                                detail: "\(url.path) is mode \(octal): other users of this machine can list it; `chmod 700 \(url.path)`"))
        } else {
            checks.append(Check(name: "data directory", outcome: .ok, detail: "\(url.path), mode \(octal)"))
        }
        if let free = (try? FileManager.default.attributesOfFileSystem(forPath: url.path))?[.systemFreeSize] as? NSNumber {
            let megabytes = free.int64Value / 1_048_576
            let outcome: Outcome = megabytes < 100 ? .failed : megabytes < 1024 ? .warning : .ok
            checks.append(Check(name: "free disk", outcome: outcome, detail: "\(megabytes) MB free" + (outcome == .ok ? "" : ": free some space before importing or backing up")))
        }
        return checks
    }

    func store(_ location: DatabaseLocation) async -> Check {
        do {
            let store = try await database.open()
            var query = CaseQuery(today: .today())
            query.perPage = 1
            let total: Int
            do {
                total = try await store.search(query).total
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
            return Check(name: "database", outcome: .ok, detail: "\(location): reachable, migrations applied, \(total) case\(total == 1 ? "" : "s")")
        } catch {
            return Check(name: "database", outcome: .failed, detail: "\(location): cannot be opened (\(type(of: error))); check the path or URL and its permissions")
        }
    }

    /// Case data is sealed with keys only the master key opens: say where it comes from, and warn
    /// when it sits beside the database, where whoever takes the one takes the other.
    func encryptionKey(_ location: DatabaseLocation) -> Check {
        let name = "encryption key"
        let source: DatabaseOption.KeySource
        do {
            source = try database.keySource(for: location)
        } catch {
            return Check(name: name, outcome: .failed, detail: "\(error)")
        }
        switch source {
        case .environment:
            return Check(name: name, outcome: .ok, detail: "from $\(MasterKey.environmentVariable); case data is encrypted at rest")
        case .file(let path, _):
            guard let key = try? MasterKey.load(file: path) else {
                return Check(name: name, outcome: .failed, detail: "\(path) is missing or can be read by others: without it the cases cannot be read")
            }
            if case .sqlite(let databasePath) = location,
               URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
                == URL(fileURLWithPath: databasePath).deletingLastPathComponent().standardizedFileURL {
                return Check(name: name, outcome: .warning,
                             detail: "\(path) (fingerprint \(key.fingerprint)) is beside the database: a copy of the folder holds both; keep the key elsewhere (--key-file, $\(DatabaseOption.keyFileVariable)) — docs/security.md")
            }
            return Check(name: name, outcome: .ok, detail: "\(path) (fingerprint \(key.fingerprint)); case data is encrypted at rest")
        }
    }

    func libreOffice() -> Check {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["soffice", "libreoffice"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return Check(name: "LibreOffice", outcome: .ok, detail: "\(directory)/\(name): drafts can be converted to PDF")
            }
        }
        return Check(name: "LibreOffice", outcome: .warning, detail: "not found: DOCX, HTML and Markdown drafts work; for PDF install libreoffice-writer-nogui"
                     + " (without it the text of attached office documents is not searchable)")
    }

    func pdftotext() -> Check {
        if let tool = ExternalTools.pdftotext {
            return Check(name: "pdftotext", outcome: .ok, detail: "\(tool.path): the text of attached PDFs is searchable")
        }
        return Check(name: "pdftotext", outcome: .warning, detail: "not found: PDFs can be attached but their text is not searchable; install poppler-utils")
    }
}
