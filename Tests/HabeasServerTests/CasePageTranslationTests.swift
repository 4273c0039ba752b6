import Foundation
import HabeasCore
import HabeasLocalization
@testable import HabeasServer
import HummingbirdTesting
import Testing

/// The case page in Russian, Arabic, French and Spanish has no English left outside the case
/// file's own free text and the citations: every text node of the page is read, the file's free
/// text and the cited provisions are taken out, and no run of two English words may remain.
@Suite("Case page translated")
struct CasePageTranslationTests {
    /// Dates that put the demo cases at different points: before the Working Group's transmission,
    /// after the Government's reply period, and today (years of detention before judgment).
    static let asOfDates = ["2022-03-18", "2022-06-10", ""]

    @Test(arguments: [Language.ru, .ar, .fr, .es])
    func massimovPageHasNoEnglishSentence(_ language: Language) async throws {
        let file = try #require(try DemoCases.files().first { $0.id == "kz-massimov" })
        try await withApp(demo: true) { client in
            for asOf in Self.asOfDates {
                let uri = "/cases/kz-massimov?lang=\(language.rawValue)" + (asOf.isEmpty ? "" : "&asOf=\(asOf)")
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("<html lang=\"\(language.rawValue)\""))
                let leftovers = Self.englishRuns(in: body, file: file, asOf: asOf, latinScript: [.fr, .es].contains(language))
                #expect(leftovers.isEmpty, "\(language.rawValue) as of \(asOf.isEmpty ? "today" : asOf): \(leftovers.joined(separator: " | "))")
            }
        }
    }

    /// The other demo cases reach other parts of the assessment: a release on bail and a reply
    /// sent to the source, and migration detention.
    @Test(arguments: [Language.ru, .ar])
    func everyDemoCasePageHasNoEnglishSentence(_ language: Language) async throws {
        let files = try DemoCases.files()
        #expect(files.count >= 3)
        try await withApp(demo: true) { client in
            for file in files {
                let response = try await client.execute(uri: "/cases/\(file.id)?lang=\(language.rawValue)", method: .get)
                #expect(response.status == .ok)
                let leftovers = Self.englishRuns(in: String(buffer: response.body), file: file, asOf: "")
                #expect(leftovers.isEmpty, "\(file.id) in \(language.rawValue): \(leftovers.joined(separator: " | "))")
            }
        }
    }

    @Test func arabicTimelineChartIsMirroredRightToLeft() async throws {
        try await withApp(demo: true) { client in
            let body = String(buffer: try await client.execute(uri: "/cases/kz-massimov?lang=ar&asOf=2022-03-18", method: .get).body)
            let svg = try #require(body.range(of: "<svg class=\"chart timeline-chart\"").map { String(body[$0.lowerBound...]) })
            #expect(svg.hasPrefix("<svg class=\"chart timeline-chart\"") && svg.contains("direction=\"rtl\""))
            // The arrest is drawn at the right edge (x mirrored), its label in Arabic with an Arabic date.
            #expect(svg.contains("القبض") || svg.contains("قبض"))
            #expect(svg.contains("text-anchor=\"start\""))
            // The band titles give the computation in Arabic.
            #expect(svg.contains("<title>دون اتصال بمحامٍ أو بالأسرة من"))
            let english = String(buffer: try await client.execute(uri: "/cases/kz-massimov?lang=en&asOf=2022-03-18", method: .get).body)
            #expect(english.contains("<title>no counsel or family contact from 2022-01-05 to 2022-03-18: 72 days"), "English keeps the core's sentence")
        }
    }

    @Test func russianSentencesFromTheCoreReadInRussian() async throws {
        try await withApp(demo: true) { client in
            let body = String(buffer: try await client.execute(uri: "/cases/kz-massimov?lang=ru&asOf=2022-03-18", method: .get).body)
            // Dates as Foundation writes them in Russian (with its no-break space before "г.").
            let ru = Localizer(.ru)
            let arrest = ru.date(CaseDate(year: 2022, month: 1, day: 5)), latest = ru.date(CaseDate(year: 2022, month: 3, day: 18))
            for text in ["без связи с адвокатом и семьёй с \(arrest) по \(latest): 72 дня",
                         "задержание \(arrest): ордер не предъявлен, не на месте преступления",
                         "Немедленно и безоговорочно освободить лицо.",
                         "Рабочая группа по насильственным или недобровольным исчезновениям"] {
                #expect(body.contains(text), "\(text)")
            }
        }
    }

    /// The reader itself: an English sentence left in a Russian page is found, the file's free
    /// text, citations and identifiers are not.
    @Test func detectorFindsEnglishAndSparesFreeTextAndCitations() throws {
        let file = try #require(try DemoCases.files().first { $0.id == "kz-massimov" })
        let page = "<body><p>Срок ответа — 6 июня 2022 г. (A/HRC/36/38 para 15).</p><li>\(file.person.name)</li>"
            + "<p>Поле `reportedAsOf`, ICCPR art. 9(3)</p><td>Government reply due 2022-06-06.</td></body>"
        #expect(Self.englishRuns(in: page, file: file, asOf: "2022-03-18") == ["Government reply due"])
        #expect(Self.englishRuns(in: "<body><p>Tribunal de la République: the person was released.</p></body>", file: file, asOf: "", latinScript: true)
                == ["the person was released."])
    }

    // MARK: Reading the page

    /// Runs of two or more English words in the page's text nodes, once the case's own free text
    /// and the provisions cited are removed.
    /// In French and Spanish, whose words are Latin letters too, a run counts only when at least
    /// two of its words are English and never French or Spanish ones.
    static func englishRuns(in html: String, file: CaseFile, asOf: String, latinScript: Bool = false) -> [String] {
        let date = asOf.isEmpty ? CaseDate.today() : (try? CaseDate(parsing: asOf)) ?? CaseDate.today()
        let assessment = Assessor.assess(file, asOf: date)
        // Free text of the file (names, details, summary…) stays as written; provisions keep their citations.
        var allowed = strings(in: file.value)
        allowed += assessment.categories.flatMap(\.grounds).flatMap(\.provisions)
        allowed += assessment.evidence.flatMap(\.provisions)
        allowed = allowed.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
        var runs: [String] = []
        for node in textNodes(html) {
            var text = node
            for free in allowed { text = text.replacingOccurrences(of: free, with: " ") }
            var run: [String] = []
            for token in text.split(whereSeparator: \.isWhitespace).map(String.init) + [""] {
                if isEnglishWord(token) {
                    run.append(token)
                } else {
                    let english = run.filter { englishOnly.contains($0.lowercased().trimmingCharacters(in: .punctuationCharacters)) }
                    if run.count >= 2, !latinScript || english.count >= 2 { runs.append(run.joined(separator: " ")) }
                    run = []
                }
            }
        }
        return runs
    }

    /// An ordinary English word: ASCII letters only once the punctuation around it is stripped,
    /// lower case or capitalised (identifiers such as `reportedAsOf`, acronyms such as ICCPR and
    /// keys such as `pre-trial` are not words of a sentence).
    static func isEnglishWord(_ token: String) -> Bool {
        let word = token.trimmingCharacters(in: CharacterSet(charactersIn: "()[]{}.,;:!?«»\"'“”‘’—–…"))
        guard word.count >= 2, word.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return word.dropFirst().allSatisfy(\.isLowercase)
    }

    static let englishOnly: Set<String> = ["the", "of", "and", "to", "was", "is", "from", "by", "with", "for", "has", "been", "were",
                                           "which", "when", "what", "who", "this", "that", "at", "be", "or", "not", "are", "its",
                                           "their", "after", "before", "without", "into", "any"]

    static func strings(in value: Value) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .array(let items): return items.flatMap(strings)
        case .object(let members): return members.flatMap { strings(in: $0.value) }
        default: return []
        }
    }

    /// The text between tags, entities decoded; scripts, styles and the head are left out.
    static func textNodes(_ html: String) -> [String] {
        var body = html
        if let start = body.range(of: "<body") { body = String(body[start.lowerBound...]) }
        for tag in ["script", "style"] {
            while let open = body.range(of: "<\(tag)"), let close = body.range(of: "</\(tag)>", range: open.upperBound..<body.endIndex) {
                body.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        var nodes: [String] = []
        var current = ""
        var inTag = false
        for character in body {
            if character == "<" {
                inTag = true
                nodes.append(current)
                current = ""
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                current.append(character)
            }
        }
        nodes.append(current)
        return nodes.map(decode).filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    static func decode(_ text: String) -> String {
        var out = text
        for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&#x2F;", "/"), ("&nbsp;", " "), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        return out
    }
}
