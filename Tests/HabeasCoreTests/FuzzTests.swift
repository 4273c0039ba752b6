import Foundation
import PropertyBased
import Testing
@testable import HabeasCore
import HabeasTestSupport

/// Mutational fuzzing of the case-file reader under swift-property-based: the fixtures, cut and
/// spliced with the fragments attackers and careless editors produce. Whatever happens, nothing
/// traps; whatever is accepted is read back identically and assesses without trapping.
@Suite("Fuzz: case-file reader")
struct CaseReaderFuzzTests {
    static let fragments = [
        "&a ", "*a", "<<: *a", "[", "]", "{", "}", ": ", "- ", "\n", "\n  ", "    ", "'", "\"", "#", "!!binary ", "!!str ", "---\n",
        "...\n", "? ", "|\n", ">-\n", "%YAML 1.1\n", "~", "null", "1e999", "-0", ".nan", "\t", "\u{0}", "\u{1B}[2J", "\u{202E}",
        "P9223372036854775807Y", "P150Y", "PT99999999H", "9999-12-31", "0000-01-01", "2022-13-40", "2022-02-29", "2100-12-31",
        "2022-01-05T25:00:00+06:00", "2022-01-05T10:00:00+99:00", "9223372036854775807", "-9223372036854775808",
        "type: arrest", "type: release", "type: verdict\n    sentence: P99999Y", "ongoing: false", "kind: immigration",
        "approximate: true", "extensions: {a: [[[[[[1]]]]]]}", "id: x", "state: ZZ", "categoriesClaimed: [VI]",
    ]

    /// Applies the mutations the numbers describe: each picks a place, an operation and a fragment.
    static func mutate(_ text: inout String, _ numbers: [Int]) {
        for n in numbers.dropFirst() {
            var scalars = Array(text.unicodeScalars)
            let place = scalars.isEmpty ? 0 : (n / 7) % (scalars.count + 1)
            let fragment = Array(fragments[(n / 31) % fragments.count].unicodeScalars)
            switch n % 4 {
            case 0: scalars.insert(contentsOf: fragment, at: place)
            case 1: scalars.removeSubrange(place..<min(scalars.count, place + (n / 13) % 40))
            case 2: scalars.replaceSubrange(place..<min(scalars.count, place + fragment.count), with: fragment)
            default:
                // Duplicate a stretch: repeated keys, long lists, deep nesting.
                let end = min(scalars.count, place + (n / 17) % 200)
                scalars.insert(contentsOf: scalars[place..<end], at: end)
            }
            text = String(String.UnicodeScalarView(scalars))
        }
    }

    @Test func mutatedFilesNeverTrapAndWhatIsAcceptedReadsBack() async throws {
        let seeds = try Fixtures.all.map(Fixtures.text)
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(Int32.max)).array(of: 1...12)) { numbers in
            var text = seeds[numbers[0] % seeds.count]
            Self.mutate(&text, numbers)
            guard let file = try? CaseFile.load(text: text, file: "fuzz.yaml") else { return }
            let json = ValueWriter.json(file.value)
            #expect((try? CaseFile.load(text: json, file: nil)) == file, "accepted, so it must read back from JSON")
            #expect((try? CaseFile.load(text: file.yamlText(), file: nil)) == file, "accepted, so it must read back from YAML")
            for asOf in ["1900-01-01", "2022-03-18", "2100-12-31"] {
                let day = try! CaseDate(parsing: asOf)
                _ = Assessor.assess(file, asOf: day)
                _ = ProcedureTracker.status(of: file, asOf: day)
            }
        }
    }

    @Test func randomTextNeverTraps() async {
        await propertyCheck(count: 300, input: Gen<Character>.ascii.string(of: 0...400)) { text in
            _ = try? CaseFile.load(text: text, file: nil)
        }
    }

    @Test func durationsAndDatesNeverTrap() async {
        let pieces = ["P", "T", "Y", "M", "W", "D", "H", "S", "9", "99999", "9223372036854775807", "-", ":", "+", "Z", "2022", "01"]
        await propertyCheck(count: 500, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...10)) { picks in
            let text = picks.map { pieces[$0] }.joined()
            if SentenceText.isValid(text), let parts = SentenceText.calendarParts(text) {
                _ = CaseDate(year: 2100, month: 12, day: 31).addingMonths(parts.years * 12 + parts.months).addingDays(parts.days)
            }
            if let date = try? CaseDate(parsing: text) { _ = date.addingDays(150 * 366).addingMonths(150 * 12) }
        }
    }
}

/// The fast paths of the text helpers every imported cell and stored value goes through agree
/// with the plain definitions on text built from the pieces that make them differ.
@Suite("Fuzz: text helpers")
struct TextHelperFuzzTests {
    static let pieces = [" ", "\t", "\n", "\r\n", "\r", "a", "Z", "1", "~", "\"", "\\", "é", "e\u{301}", "\u{A0}", "\u{3000}",
                         "\u{600}", "\u{0}", "\u{1F}", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}", "ё", "Ж", "👩‍⚖️"]

    static func text(_ picks: [Int]) -> String { picks.map { pieces[$0] }.joined() }

    @Test func trimmingMatchesTheCharacterDefinition() async {
        await propertyCheck(count: 600, input: Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 0...8)) { picks in
            let text = Self.text(picks)
            for newlines in [true, false] {
                func isSpace(_ character: Character) -> Bool { character.isWhitespace && (newlines || !character.isNewline) }
                let expected = text.firstIndex { !isSpace($0) }.map { first in String(text[first...text.lastIndex { !isSpace($0) }!]) } ?? ""
                #expect(TextScanning.trimmed(text, newlines: newlines) == expected)
            }
        }
    }

    @Test func quotedTextIsJSONThatReadsBack() async throws {
        await propertyCheck(count: 600, input: Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 0...8)) { picks in
            let text = Self.text(picks)
            let literal = ValueWriter.quoted(text)
            let read = try? JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
            #expect(read == [text], "\(literal)")
            #expect(!literal.unicodeScalars.contains { [0x85, 0x2028, 0x2029, 0xFEFF].contains($0.value) || $0.value < 0x20 })
        }
    }
}
