import Foundation
import HabeasCore
import Testing
@testable import HabeasLocalization

@Suite struct CatalogueTests {
    static let translated: [Language] = [.ru, .fr, .es, .ar]

    @Test func everyCatalogueLoads() throws {
        for language in Language.allCases {
            let catalogue = try Localizer.catalogue(language)
            #expect(!catalogue.messages.isEmpty, "\(language)")
        }
    }

    /// Fails on the first key of the English catalogue that a language lacks, and on a message
    /// whose placeholders differ from the English one.
    @Test(arguments: translated) func noKeyMissingAndPlaceholdersMatch(_ language: Language) throws {
        let english = try Localizer.catalogue(.en)
        let catalogue = try Localizer.catalogue(language)
        let categories = Set(Localizer.pluralRules.categories(of: language.rawValue))
        #expect(categories.contains(.other) && categories.count > 1, "no plural rules for \(language)")
        for key in english.messages.keys.sorted() {
            let message = try #require(catalogue.messages[key], "\(language).yaml lacks the key \(key)")
            let englishNames = Set(english.messages[key]!.forms.flatMap { Catalogue.placeholders(in: $0) })
            switch message {
            case .text(let text):
                if case .plural = english.messages[key]! { Issue.record("\(language): \(key) must have plural forms") }
                #expect(Set(Catalogue.placeholders(in: text)) == englishNames, "\(language): \(key) placeholders")
            case .plural(let forms):
                guard case .plural = english.messages[key]! else { Issue.record("\(language): \(key) must not be plural"); continue }
                #expect(Set(forms.keys) == categories, "\(language): \(key) has forms \(forms.keys.map(\.rawValue).sorted()), not the language's")
                for (category, text) in forms {
                    let names = Set(Catalogue.placeholders(in: text))
                    // `{count}` may be spelled out in a form that names one number ("يومان"); every
                    // other placeholder must be there, and none that English lacks.
                    #expect(names.isSubset(of: englishNames), "\(language): \(key).\(category) has an unknown placeholder")
                    #expect(englishNames.subtracting(["count"]).isSubset(of: names), "\(language): \(key).\(category) lacks a placeholder")
                    if ([.other, .many, .few] as [PluralCategory]).contains(category) && englishNames.contains("count") {
                        #expect(names.contains("count"), "\(language): \(key).\(category) must show the number")
                    }
                }
            }
        }
        for key in catalogue.messages.keys where english.messages[key] == nil {
            Issue.record("\(language).yaml has the key \(key), which English does not")
        }
    }

    @Test func englishPluralsHaveEnglishCategories() throws {
        let english = try Localizer.catalogue(.en)
        for (key, message) in english.messages {
            if case .plural(let forms) = message { #expect(Set(forms.keys) == [.one, .other], "\(key)") }
            for form in message.forms {
                #expect(form.filter { $0 == "{" }.count == form.filter { $0 == "}" }.count, "\(key): unbalanced braces")
            }
        }
    }

    /// Every word of every closed vocabulary has a label and a help line in every language.
    @Test(arguments: Language.offered) func everyVocabularyWordHasLabelAndHelp(_ language: Language) throws {
        let catalogue = try Localizer.catalogue(language)
        for (key, _) in VocabularyKeys.all {
            let entries = try #require(catalogue.vocabulary[key], "\(language).yaml lacks the vocabulary \(key)")
            let words = VocabularyKeys.words(of: key)
            #expect(!words.isEmpty)
            for word in words {
                let entry = try #require(entries[word], "\(language).yaml lacks \(key).\(word)")
                #expect(!entry.label.isEmpty && !entry.help.isEmpty)
                #expect(!entry.help.contains("\n"), "help is one line")
            }
            for word in entries.keys where !words.contains(word) {
                Issue.record("\(language).yaml: \(key).\(word) is not a word of the vocabulary")
            }
        }
        #expect(Set(catalogue.vocabulary.keys) == Set(VocabularyKeys.all.map(\.key)))
    }

    /// The registry names every vocabulary declared in HabeasCore (read from its source when the
    /// checkout is there).
    @Test func registryCoversEveryDeclaredVocabulary() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/HabeasCore/Format/Vocabulary.swift")
        guard let text = try? String(contentsOf: source, encoding: .utf8) else { return }
        let declared = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("public enum "), line.contains("Vocabulary") else { return nil }
            return line.dropFirst("public enum ".count).split(separator: ":").first.map(String.init)
        }
        #expect(declared.count >= 15)
        let registered = Set(VocabularyKeys.all.map { String(describing: $0.type) })
        for name in declared { #expect(registered.contains(name), "\(name) has no labels") }
    }

    @Test func labelsAndHelp() {
        #expect(Localizer(.ru).label(EventType.arrest) == "Арест")
        #expect(Localizer(.fr).label(AllegationType.incommunicado) == "Détention au secret")
        #expect(Localizer(.en).label(Right.peacefulAssembly) == "Peaceful assembly")
        #expect(Localizer(.ar).label(HabeasCore.Category.I) == "الفئة الأولى")
        #expect(!Localizer(.es).help(Profile.journalist).isEmpty)
        #expect(Localizer(.ar).language.isRightToLeft && Localizer(.ar).language.direction == "rtl")
        #expect(!Language.ru.isRightToLeft)
    }

    @Test func missingKeysFallBackWithoutCrashing() {
        #expect(Localizer(.ru).text("no.such.key") == "no.such.key")
        #expect(Localizer(.ru).plural("no.such.key", count: 3) == "no.such.key")
        #expect(Localizer(.en).text("case.category", ["category": "II"]) == "Category II")
        #expect(Localizer(.en).text("case.category") == "Category {category}", "an unfilled placeholder stays visible")
    }

    @Test func pseudoLocaleIsAccentedAndLonger() {
        let english = Localizer(.en).text("case.chart.caption")
        let pseudo = Localizer(.pseudo).text("case.chart.caption")
        #expect(pseudo.hasPrefix("[") && pseudo.hasSuffix("]"))
        #expect(Double(pseudo.count) >= Double(english.count) * 1.35)
        #expect(!pseudo.contains("Bands"))
        #expect(Localizer(.pseudo).text("case.category", ["category": "IV"]).contains("IV"), "placeholders survive")
        #expect(Localizer(.pseudo).label(EventType.arrest).contains("Åŕŕéšţ"))
        #expect(Language(tag: "en-XA") == .pseudo && Language(tag: "en-xa") == .pseudo)
    }

    @Test func languageTags() {
        #expect(Language(tag: "ru") == .ru)
        #expect(Language(tag: "ru-KZ") == .ru)
        #expect(Language(tag: "AR") == .ar)
        #expect(Language(tag: "de") == nil)
        #expect(Language(tag: "") == nil)
        #expect(Language(tag: String(repeating: "r", count: 10_000)) == nil)
    }
}
