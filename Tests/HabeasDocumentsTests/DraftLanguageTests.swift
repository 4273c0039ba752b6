import Foundation
import HabeasCore
@testable import HabeasDocuments
import HabeasTestSupport
import Testing
import ZIPFoundation

/// Drafts in the Working Group's working languages (issue 16): French and Spanish wording of their
/// own, official UN titles, dates and numbers in the language's style, no English boilerplate.
@Suite("Drafting languages")
struct DraftLanguageTests {
    static let foreign: [DraftLanguage] = [.fr, .es]

    /// Template and builder phrases of the English drafts: none may reach a French or Spanish one.
    /// (The case's own words stay as written, so only the drafts' own wording is listed.)
    static let englishBoilerplate = [
        "The source submits", "Working Group on Arbitrary Detention", "International Covenant on Civil and Political Rights",
        "Universal Declaration of Human Rights", "Body of Principles", "falls within category", "To complete before",
        "Identity of the person", "Date of arrest", "Place of arrest", "Why the source considers", "Request to the Working Group",
        "For these reasons", "This violates", "The applicable standard", "As the Human Rights Committee has held",
        "held incommunicado", "at least", "as of", "Annex ", "(approximate)", "Release the person", "Special Rapporteur",
        "the Government of", "pre-trial detention", "Signature:", "Chronology", "United Nations, Treaty Series",
        "General Assembly resolution", "Yes", "Description of the circumstances", "Domestic steps", "Source and consent",
    ]

    /// "5 January 2022": the English long form of a date.
    static func hasEnglishDate(_ text: String) -> Bool {
        text.range(of: "\\b\\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \\d{4}\\b",
                   options: .regularExpression) != nil
    }

    /// The draft's own text: body and footnotes, without the to-complete page and the highlighted
    /// gaps (which carry the assessment's questions, in English, for the lawyer to answer).
    static func text(_ d: DraftDocument) -> String {
        func plain(_ items: [Inline]) -> String {
            items.map { if case .placeholder = $0 { "" } else if case .footnote = $0 { "" } else { $0.plainText } }.joined()
        }
        var lines: [String] = []
        for block in d.blocks {
            switch block {
            case .title(let t), .subtitle(let t), .heading(_, let t): lines.append(t)
            case .paragraph(let p): lines.append(plain(p.content))
            case .bullet(let items): lines.append(plain(items))
            case .table(let t): lines.append(t.header.joined(separator: " | ")); lines += t.rows.map { $0.map(plain).joined(separator: " | ") }
            case .pageBreak: break
            }
        }
        // The references' texts are the source's too.
        return (lines + d.footnotes.filter { !$0.key.hasPrefix("ref:") }.map(\.text)).joined(separator: "\n")
    }

    /// The case without its own narrative (summary, details, domestic steps), which stays in the
    /// source's words whatever the draft's language: what is left is the draft's own wording.
    static func bare(_ file: CaseFile) -> CaseFile {
        var out = file
        out.summary = nil
        out.deprivation.details = nil
        out.timeline = file.timeline.map { var e = $0; e.details = nil; return e }
        out.allegations = file.allegations.map { var a = $0; a.details = nil; return a }
        out.domesticRemedies = []
        return out
    }

    static func argued(_ file: CaseFile) -> [HabeasCore.Category] {
        if let claimed = file.categoriesClaimed, !claimed.isEmpty { return claimed.sorted() }
        return Assessor.assess(file, asOf: march18).indicatedCategories
    }

    @Test(arguments: Fixtures.all)
    func frenchAndSpanishPetitionsUseTheirOwnLegalWording(_ name: String) throws {
        let file = Self.bare(try Fixtures.load(name))
        for language in Self.foreign {
            let doc = try drafter().document(.petition, for: file, asOf: march18, language: language)
            let text = Self.text(doc)
            #expect(doc.untranslated.isEmpty, "\(name) \(language): drafted in English for want of wording: \(doc.untranslated)")
            #expect(doc.metadata.language == language.tag)
            let body = language == .fr ? "Groupe de travail sur la détention arbitraire" : "Grupo de Trabajo sobre la Detención Arbitraria"
            #expect(text.contains(body), "\(name) \(language)")
            for category in Self.argued(file) {
                let heading = language == .fr ? "Catégorie \(category.rawValue)\u{00A0}:" : "Categoría \(category.rawValue):"
                #expect(headings(doc).contains { $0.contains(heading) }, "\(name) \(language): \(heading)")
            }
            for phrase in Self.englishBoilerplate {
                #expect(!text.contains(phrase), "\(name) \(language): English “\(phrase)”")
            }
            #expect(!Self.hasEnglishDate(text), "\(name) \(language): a date written in English")
            #expect(text.contains(language.date(march18)), "\(name) \(language): the as-of date in the language's style")
            // Every instrument footnote is the language's own citation.
            let table = try TemplateSet.load().instruments(language)
            for note in doc.footnotes where note.key.hasPrefix("inst:") {
                #expect(table.instruments.contains { $0.key == note.key && $0.citation == note.text }, "\(name) \(language): \(note.key)")
            }
        }
    }

    @Test func theMassimovPetitionInFrenchAndSpanish() throws {
        let file = try Fixtures.massimov()
        let fr = Self.text(try drafter().document(.petition, for: file, asOf: march18, language: .fr))
        for expected in ["Communication au Groupe de travail sur la détention arbitraire", "Pacte international relatif aux droits civils et politiques",
                         "Déclaration universelle des droits de l'homme", "M. Massimov", "de M. Massimov", "Gouvernement du Kazakhstan",
                         "5 janvier 2022", "au moins 72 jours", "Recueil des Traités", "Identité de la personne arrêtée ou détenue",
                         "II. Arrestation", "III. Détention", "Langue de la communication | Français",
                         "méthodes de travail", "Libérer immédiatement et sans condition"] {
            #expect(fr.contains(expected), "fr: \(expected)")
        }
        let es = Self.text(try drafter().document(.petition, for: file, asOf: march18, language: .es))
        for expected in ["Comunicación al Grupo de Trabajo sobre la Detención Arbitraria", "Pacto Internacional de Derechos Civiles y Políticos",
                         "Declaración Universal de Derechos Humanos", "el Sr. Massimov", "del Sr. Massimov", "Gobierno de Kazajistán",
                         "5 de enero de 2022", "al menos 72 días", "Identidad de la persona arrestada o detenida", "II. Arresto",
                         "III. Detención", "Ponga en libertad a la persona"] {
            #expect(es.contains(expected) || (expected == "Gobierno de Kazajistán" && es.contains("Gobierno de Kazajstán")), "es: \(expected)")
        }
    }

    @Test func everyKindRendersInEveryLanguageAndFormat() throws {
        let drafter = try drafter()
        for name in Fixtures.all {
            let file = try Fixtures.load(name)
            for kind in DocumentKind.allCases {
                for language in DraftLanguage.allCases {
                    let doc = try drafter.document(kind, for: file, asOf: march18, language: language)
                    #expect(doc.untranslated.isEmpty, "\(name) \(kind) \(language): \(doc.untranslated)")
                    #expect(!doc.blocks.isEmpty)
                    let html = String(decoding: try drafter.render(doc, as: .html), as: UTF8.self)
                    #expect(html.contains("lang=\"\(language.tag)\""))
                    let md = String(decoding: try drafter.render(doc, as: .md), as: UTF8.self)
                    #expect(!md.isEmpty && !md.contains("{{") && !md.contains("{e}") && !md.contains("{o}"), "\(name) \(kind) \(language)")
                    let parts = try unzip(try drafter.render(doc, as: .docx))
                    #expect(parts["word/document.xml"] != nil)
                    if language != .en {
                        let text = Self.text(doc)
                        for phrase in ["Working Group on Arbitrary Detention", "To complete before", "Signature:", "the Government of"] {
                            #expect(!text.contains(phrase), "\(name) \(kind) \(language): “\(phrase)”")
                        }
                    }
                }
            }
        }
    }

    @Test func aWomanAndAPersonOfUnrecordedSexAgree() throws {
        var file = try Fixtures.massimov()
        file.person.sex = .female
        let fr = Self.text(try drafter().document(.petition, for: file, asOf: march18, language: .fr))
        #expect(fr.contains("Mme Massimov") && fr.contains("détenue au secret"))
        let es = Self.text(try drafter().document(.petition, for: file, asOf: march18, language: .es))
        #expect(es.contains("la Sra. Massimov") && es.contains("incomunicada"))
        file.person.sex = nil
        let neutral = Self.text(try drafter().document(.petition, for: file, asOf: march18, language: .fr))
        #expect(neutral.contains("détenu(e) au secret") && !neutral.contains("M. Massimov"))
    }

    @Test func datesNumbersAndListsFollowTheLanguage() {
        #expect(DraftLanguage.fr.date(CaseDate(year: 2022, month: 1, day: 5)) == "5 janvier 2022")
        #expect(DraftLanguage.fr.date(CaseDate(year: 2022, month: 3, day: 1)) == "1er mars 2022")
        #expect(DraftLanguage.es.date(CaseDate(year: 2022, month: 1, day: 5)) == "5 de enero de 2022")
        #expect(DraftLanguage.en.date(CaseDate(year: 2022, month: 1, day: 5)) == "5 January 2022")
        #expect(DraftLanguage.fr.number(13.6) == "13,6")
        #expect(DraftLanguage.es.number(325.5) == "325,5")
        #expect(DraftLanguage.en.number(1234) == "1,234")
        #expect(DraftLanguage.fr.number(1234) == "1\u{202F}234")
        #expect(DraftLanguage.es.number(1234) == "1234")
        #expect(DraftLanguage.es.number(12345) == "12\u{202F}345")
        #expect(DraftLanguage.fr.list(["I", "II", "III"]) == "I, II et III")
        #expect(DraftLanguage.es.list(["Francia", "Italia"]) == "Francia e Italia")
        #expect(DraftLanguage.es.list(["I", "III"]) == "I y III")
        let span = Span(from: CaseDate(year: 2022, month: 1, day: 5), to: CaseDate(year: 2022, month: 3, day: 18))
        #expect(DraftLanguage.fr.span(span) == "72 jours")
        #expect(DraftLanguage.es.span(span) == "72 días")
        let one = Span(from: CaseDate(year: 2022, month: 1, day: 5), to: CaseDate(year: 2022, month: 1, day: 6))
        #expect(DraftLanguage.fr.hoursRange(one) == "entre 0 et 48 heures (1 jour civil)")
        #expect(DraftLanguage.es.hoursRange(one) == "entre 0 y 48 horas (1 día natural)")
    }

    @Test func theDraftSaysInWhichLanguageTheSourcesWordsAre() throws {
        let russian = try load(massimovYAML.replacingOccurrences(of: "\nstate: KZ", with: "\nlanguage: ru\nstate: KZ"))
        #expect(russian.language == "ru")
        #expect(Self.text(try drafter().document(.petition, for: russian, asOf: march18, language: .fr)).contains("en russe (ru)"))
        #expect(Self.text(try drafter().document(.petition, for: russian, asOf: march18, language: .es)).contains("en ruso (ru)"))
        #expect(Self.text(try drafter().document(.petition, for: russian, asOf: march18)).contains("Russian (ru) (quoted as written)"))
        let unstated = try load(massimovYAML)
        #expect(unstated.language == nil)
        #expect(Self.text(try drafter().document(.petition, for: unstated, asOf: march18, language: .fr)).contains("Non précisée au dossier"))
        #expect(Self.text(try drafter().document(.petition, for: unstated, asOf: march18)).contains("Not stated in the case file"))
        // Written back on a round trip; a malformed tag is refused with the field named.
        #expect(russian.yamlText().contains("language: ru"))
        #expect(throws: CaseValidationError.self) {
            try load(massimovYAML.replacingOccurrences(of: "\nstate: KZ", with: "\nlanguage: \"russian; drop\"\nstate: KZ"))
        }
    }

    @Test func aLawyerOverridesTheFrenchWording() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("habeas-fr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("fr"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundled = try TemplateSet.load().files["fr/wording.txt"] ?? ""
        try (bundled + "\nRelease the person immediately and unconditionally. :: Remettre sans délai en liberté la personne concernée.\n")
            .write(to: dir.appendingPathComponent("fr/wording.txt"), atomically: true, encoding: .utf8)
        let doc = try Drafter(templatesDirectory: dir).document(.petition, for: try Fixtures.massimov(), asOf: march18, language: .fr)
        #expect(Self.text(doc).contains("Remettre sans délai en liberté la personne concernée."))
    }
}
