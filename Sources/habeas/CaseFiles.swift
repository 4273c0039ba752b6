import ArgumentParser
import Foundation
import HabeasCore

/// Case files named on the command line: read, validated, and every problem printed.
enum CaseFiles {
    /// Reads and validates one case file, or prints every problem (`FILE:LINE: path: message`).
    static func load(_ path: String) throws -> CaseFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            Console.error("\(path): cannot be read: \(FileManager.default.fileExists(atPath: path) ? "not UTF-8 text" : "no such file")")
            throw ReportedFailure()
        }
        do {
            return try CaseFile.load(text: text, file: path)
        } catch {
            for issue in error.issues { Console.error(issue.description) }
            throw ReportedFailure()
        }
    }

    /// Loads several files, reporting every problem of every invalid one. The valid ones are
    /// still worked on (one bad file among thousands must not hide the rest); the command then
    /// exits 1 through `finish`.
    static func loadValid(_ paths: [String]) -> (cases: [CaseFile], invalid: Int) {
        var cases: [CaseFile] = []
        var invalid = 0
        for path in paths {
            do { cases.append(try load(path)) } catch { invalid += 1 }
        }
        return (cases, invalid)
    }

    /// Exit 1 when some files were invalid, after the output for the valid ones.
    static func finish(invalid: Int) throws {
        guard invalid > 0 else { return }
        Console.error("\(invalid) invalid file\(invalid == 1 ? "" : "s") left out")
        throw ExitCode(1)
    }
}
