import Foundation
import HabeasCore
import Testing
@testable import HabeasLocalization

@Suite struct PluralRuleTests {
    func category(_ n: Int, _ language: String) -> PluralCategory {
        Localizer.pluralRules.category(of: n, language: language)
    }

    @Test func russian() {
        let expected: [(Int, PluralCategory)] = [(0, .many), (1, .one), (2, .few), (4, .few), (5, .many), (11, .many), (12, .many),
                                                 (14, .many), (21, .one), (22, .few), (72, .few), (100, .many), (101, .one),
                                                 (111, .many), (112, .many), (1001, .one)]
        for (n, c) in expected { #expect(category(n, "ru") == c, "\(n)") }
        #expect(Localizer.pluralRules.categories(of: "ru") == [.one, .few, .many, .other])
    }

    @Test func arabic() {
        let expected: [(Int, PluralCategory)] = [(0, .zero), (1, .one), (2, .two), (3, .few), (10, .few), (11, .many), (72, .many),
                                                 (99, .many), (100, .other), (101, .other), (102, .other), (103, .few), (111, .many), (1000, .other)]
        for (n, c) in expected { #expect(category(n, "ar") == c, "\(n)") }
        #expect(Localizer.pluralRules.categories(of: "ar") == [.zero, .one, .two, .few, .many, .other])
    }

    @Test func frenchSpanishEnglish() {
        #expect(category(0, "fr") == .one && category(1, "fr") == .one && category(2, "fr") == .other)
        #expect(category(1_000_000, "fr") == .many && category(2_000_000, "fr") == .many && category(1_000_001, "fr") == .other)
        #expect(category(0, "es") == .other && category(1, "es") == .one && category(1_000_000, "es") == .many)
        #expect(category(0, "en") == .other && category(1, "en") == .one && category(2, "en") == .other && category(-1, "en") == .one)
    }

    @Test func pluralMessages() {
        #expect(Localizer(.ru).plural("days", count: 72) == "72 дня")
        #expect(Localizer(.ru).plural("days", count: 1) == "1 день")
        #expect(Localizer(.ru).plural("days", count: 25) == "25 дней")
        #expect(Localizer(.fr).plural("days", count: 72) == "72 jours")
        #expect(Localizer(.fr).plural("days", count: 0) == "0 jour")
        #expect(Localizer(.es).plural("days", count: 1) == "1 día")
        #expect(Localizer(.en).plural("days", count: 72) == "72 days")
        #expect(Localizer(.en).plural("days", count: 1) == "1 day")
        #expect(Localizer(.ar).plural("days", count: 72) == "72 يومًا")
        #expect(Localizer(.ar).plural("days", count: 2) == "يومان")
        #expect(Localizer(.ar).plural("days", count: 5) == "5 أيام")
    }

    @Test func ruleReaderRefusesMalformedRules() {
        for bad in ["n = ", "x = 1", "n % 0 = 1", "n = 5..2", "n == 1", "i % = 3"] {
            #expect(throws: PluralRuleError.self, "\(bad)") { try Condition(bad) }
        }
        #expect(throws: (any Error).self) { try PluralRules(yaml: "ru:\n  lots: \"n = 1\"\n") }
    }
}

@Suite struct FormattingTests {
    let date = CaseDate(year: 2022, month: 1, day: 5)

    /// Foundation's DateFormatter with a locale, checked on Linux.
    @Test func longDates() {
        #expect(Localizer(.en).date(date) == "January 5, 2022")
        #expect(Localizer(.ru).date(date).hasPrefix("5 января 2022"))
        #expect(Localizer(.fr).date(date) == "5 janvier 2022")
        #expect(Localizer(.es).date(date) == "5 de enero de 2022")
        #expect(Localizer(.ar).date(date).contains("يناير"))
        #expect(Localizer(.pseudo).date(date).hasPrefix("[Ĵáñûáŕý"))
    }

    @Test func numbers() {
        #expect(Localizer(.en).number(1_234_567) == "1,234,567")
        #expect(Localizer(.es).number(1_234_567) == "1.234.567")
        let russian = Localizer(.ru).number(1_234_567)
        #expect(russian.hasPrefix("1") && russian.hasSuffix("567") && !russian.contains(","))
        #expect(Localizer(.fr).number(72) == "72")
    }
}

@Suite struct AcceptLanguageTests {
    @Test func choosesTheBestOfferedLanguage() {
        #expect(AcceptLanguage.preferred("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7") == .ru)
        #expect(AcceptLanguage.preferred("de-DE, fr;q=0.5, en;q=0.4") == .fr)
        #expect(AcceptLanguage.preferred("en;q=0.5, ar-EG;q=0.9") == .ar)
        #expect(AcceptLanguage.preferred("es, fr") == .es, "equal weights: the first wins")
        #expect(AcceptLanguage.preferred("ES-419") == .es)
        #expect(AcceptLanguage.preferred("de, it") == nil)
        #expect(AcceptLanguage.preferred("*") == nil)
        #expect(AcceptLanguage.preferred("fr;q=0") == nil, "q=0 means not acceptable")
        #expect(AcceptLanguage.preferred(nil) == nil)
        #expect(AcceptLanguage.preferred("") == nil)
    }

    @Test func neverChoosesThePseudoLocale() {
        #expect(AcceptLanguage.preferred("en-XA") == nil)
        #expect(AcceptLanguage.preferred("en-XA, ru;q=0.1") == .ru)
    }

    @Test func hostileHeadersAreBoundedAndSkipped() {
        #expect(AcceptLanguage.preferred(String(repeating: "x", count: 1_000_000)) == nil)
        #expect(AcceptLanguage.preferred(String(repeating: ",", count: 100_000) + "ru") == nil, "beyond the first 1024 bytes")
        #expect(AcceptLanguage.entries(String(repeating: "de,", count: 10_000)).count == AcceptLanguage.maxEntries)
        #expect(AcceptLanguage.preferred("ru;q=2, fr;q=0.3") == .fr, "q above 1 is malformed")
        #expect(AcceptLanguage.preferred("ru;q=abc, es;q=0.1") == .es)
        #expect(AcceptLanguage.preferred("ru;q=0.12345, es;q=0.1") == .es, "more than 3 decimals")
        #expect(AcceptLanguage.preferred("ru;q=-1, es") == .es)
        #expect(AcceptLanguage.preferred("р у, ar") == .ar, "non-ASCII tags skipped")
        #expect(AcceptLanguage.preferred("ru\u{0}, fr") == .fr)
        #expect(AcceptLanguage.preferred(";;;,,,q=1,=,ru;;q=0.5") == .ru)
        #expect(AcceptLanguage.preferred("aaaaaaaaa-ru, fr") == .fr, "a subtag longer than 8 letters")
        #expect(AcceptLanguage.preferred("ru-" + String(repeating: "a-", count: 20) + "b, es") == .es, "too many subtags")
    }
}
