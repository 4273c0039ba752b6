import Foundation
import HabeasStore

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
