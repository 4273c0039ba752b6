import ArgumentParser
import Foundation
import HabeasCore

/// A failure already explained on standard error: exit 1 without another message.
struct ReportedFailure: Error {}

enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

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

/// `--as-of DATE`: the date "today" is fixed to; default the current date (UTC).
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "Count ongoing periods to this date (YYYY-MM-DD); default today.")
    var asOf: String?

    func date() throws -> CaseDate {
        guard let asOf else { return CaseDate.today() }
        guard let date = try? CaseDate(parsing: asOf), !date.hasTime else {
            throw ValidationError("--as-of `\(asOf)` is not a date: use YYYY-MM-DD, e.g. 2022-03-18")
        }
        return date
    }
}

func writeOutput(_ text: String, to path: String?) throws {
    guard let path else {
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        return
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        Console.error("\(path): cannot be written (\(error.localizedDescription))")
        throw ReportedFailure()
    }
}
