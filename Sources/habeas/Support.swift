import ArgumentParser
import Foundation
import HabeasStore
import HabeasCore

/// A failure already explained on standard error: exit 1 without another message.
struct ReportedFailure: Error {}

/// Everything printed to a terminal goes through here. Case files are written by others: a
/// control character in a name or a detail (an escape sequence, a bidirectional override) could
/// rewrite the screen or hide text, so each is shown as a visible `\u{…}` instead.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((terminalSafe(text) + "\n").utf8))
    }

    static func out(_ text: String) {
        print(terminalSafe(text), terminator: text.hasSuffix("\n") ? "" : "\n")
    }

    static func terminalSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0 and C1 controls but newline and tab, and the bidirectional embeddings, overrides and
    /// isolates (U+202A–202E, U+2066–2069).
    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
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
        Console.out(text)
        return
    }
    do {
        // Case data: 0600 whatever the umask.
        try PrivateFiles.write(Data(text.utf8), to: URL(fileURLWithPath: path))
    } catch {
        Console.error("\(path): cannot be written (\(error.localizedDescription))")
        throw ReportedFailure()
    }
}
