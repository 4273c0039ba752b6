import Foundation

/// The Debian programs Habeas uses when they are installed: LibreOffice (PDF from DOCX, text from
/// office files) and poppler's `pdftotext`. Each is optional: without it the feature degrades
/// (no PDF beside the DOCX, no searchable text) and says so; nothing is downloaded.
public enum ExternalTools {
    /// The first executable of these names on the PATH.
    public static func find(_ names: [String]) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in names {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    public static var libreOffice: URL? { find(["soffice", "libreoffice"]) }
    public static var pdftotext: URL? { find(["pdftotext"]) }

    /// Runs a program with a time limit, its output to files (never through a pipe that could fill).
    /// Returns the exit status, or nil when it was stopped at the limit.
    @discardableResult
    public static func run(_ program: URL, _ arguments: [String], timeout: TimeInterval, in directory: URL) throws -> Int32? {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                return nil
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return process.terminationStatus
    }

    /// Converts a DOCX to PDF with LibreOffice, in a private profile so a running LibreOffice of
    /// the user's is not disturbed. Nil when LibreOffice is absent or fails.
    public static func pdf(fromDOCX docx: URL, timeout: TimeInterval = 120) -> URL? {
        guard let soffice = libreOffice else { return nil }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-pdf-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let status = try run(soffice, ["--headless", "-env:UserInstallation=file://\(work.path)/profile", "--convert-to", "pdf",
                                           "--outdir", work.path, docx.path], timeout: timeout, in: work)
            let pdf = work.appendingPathComponent(docx.deletingPathExtension().lastPathComponent + ".pdf")
            guard status == 0, FileManager.default.fileExists(atPath: pdf.path) else {
                try? FileManager.default.removeItem(at: work)
                return nil
            }
            return pdf
        } catch {
            try? FileManager.default.removeItem(at: work)
            return nil
        }
    }

    /// What extracting a file's text gave.
    public enum Extraction: Sendable, Equatable {
        /// The text (possibly empty: a scan without a text layer), at most the limit.
        case text(String)
        /// Files of this type carry no text Habeas reads (images, audio, video).
        case notApplicable
        /// The program that reads this type is not installed (its name and Debian package).
        case toolMissing(String)
        /// The program failed or ran past its time limit.
        case failed
    }

    public static let pdftotextPackage = "pdftotext (Debian package poppler-utils)"
    public static let libreOfficePackage = "LibreOffice (Debian package libreoffice-writer-nogui)"

    /// The text of a PDF (pdftotext), an office document (LibreOffice) or a text file, at most
    /// `limit` bytes, for full-text search. Blocks for up to `timeout`: call `extractText` from
    /// async code.
    public static func text(of file: URL, type: DetectedType, limit: Int = 1 << 20, timeout: TimeInterval = 60) -> Extraction {
        let tool: URL?
        switch type.family {
        case .pdf:
            tool = pdftotext
            if tool == nil { return .toolMissing(pdftotextPackage) }
        case .document:
            tool = libreOffice
            if tool == nil { return .toolMissing(libreOfficePackage) }
        case .text:
            tool = nil
        default:
            return .notApplicable
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-text-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let output: URL
            switch (type.family, tool) {
            case (.pdf, let tool?):
                output = work.appendingPathComponent("out.txt")
                // At most 2,000 pages: the time limit bounds the rest.
                guard try run(tool, ["-q", "-l", "2000", "-enc", "UTF-8", file.path, output.path], timeout: timeout, in: work) == 0 else { return .failed }
            case (.document, let tool?):
                // LibreOffice names the output after the input: give it a plain name.
                let input = work.appendingPathComponent("document." + type.fileExtension)
                try FileManager.default.copyItem(at: file, to: input)
                guard try run(tool, ["--headless", "-env:UserInstallation=file://\(work.path)/profile", "--convert-to", "txt:Text (encoded):UTF8",
                                     "--outdir", work.path, input.path], timeout: timeout, in: work) == 0 else { return .failed }
                output = work.appendingPathComponent("document.txt")
            default:
                output = file
            }
            let handle = try FileHandle(forReadingFrom: output)
            defer { try? handle.close() }
            let bytes = try handle.read(upToCount: limit) ?? Data()
            // A cut in the middle of a character loses that character only.
            return .text(String(decoding: bytes, as: UTF8.self))
        } catch {
            return .failed
        }
    }

    /// `text(of:)` on a thread of its own: the tools run for seconds and must not hold one of
    /// the few threads async code shares.
    public static func extractText(of file: URL, type: DetectedType, limit: Int = 1 << 20, timeout: TimeInterval = 60) async -> Extraction {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(returning: text(of: file, type: type, limit: limit, timeout: timeout))
            }
        }
    }
}
