import Foundation
import HabeasCore

/// Builds the Mustache context of a draft from the case, what the timeline proves and the
/// assessment, and the catalog of footnotes it may cite. Case text goes in as plain strings (the
/// content type escapes it); fragments built here go in as markup (`Markup.raw`).
struct DraftContext {
    let file: CaseFile
    let asOf: CaseDate
    let facts: DerivedFacts
    let assessment: Assessment
    let templates: TemplateSet
    let instruments: InstrumentTable
    let names: Wording.PersonNames
    /// The draft's language, and its words for what the builders write (`WordingCatalogue`).
    let language: DraftLanguage
    let t: WordingCatalogue
    /// Footnote key → what it says; filled as references and instruments are cited.
    private(set) var catalog: [String: FootnoteSource] = [:]
    /// Items for "To complete before filing" besides the placeholders in the text.
    private(set) var todo: [String] = []
    /// Reference ids cited so far, to cite the rest where the facts are described.
    private(set) var citedReferences: Set<String> = []

    /// Names and identifying details have been replaced (the public version).
    let redacted: Bool
    /// The Working Group's own opinions to cite in the category arguments (PrecedentCitation.swift).
    var precedents: [PrecedentCitation] = []
    /// The files sent with the draft, numbered (`AnnexNumbering`).
    var annexes = AnnexNumbering(files: [], evidenceOrder: [])

    init(file: CaseFile, asOf: CaseDate, assessment: Assessment, templates: TemplateSet, redacted: Bool, language: DraftLanguage = .en) {
        self.language = language
        self.t = templates.wording(language)
        self.file = file
        self.redacted = redacted
        self.asOf = asOf
        self.facts = assessment.derived
        self.assessment = assessment
        self.templates = templates
        self.instruments = templates.instruments(language)
        self.names = language.personNames(file.person)
        // Every instrument may be cited, by a provision or by a template ("[^inst:GC35]").
        for instrument in instruments.instruments {
            catalog[instrument.key] = FootnoteSource(text: instrument.citation)
        }
        for reference in file.references {
            catalog["ref:" + Markup.sanitizeKey(reference.id)] = FootnoteSource(text: reference.text, url: reference.url)
        }
    }

    // MARK: Markup fragments

    /// The value, or a highlighted placeholder naming what is missing (`what` in English, the key
    /// of its wording).
    func required(_ value: String?, _ what: String, _ values: [String: String] = [:]) -> String {
        if let value, !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        return Markup.raw(Markup.placeholder(w(what, values)))
    }

    /// A phrase in the draft's language, with the person's gender endings available as `{e}`, `{o}`.
    func w(_ english: String, _ values: [String: String] = [:]) -> String {
        t(english, values.merging(["e": names.e, "o": names.o]) { given, _ in given })
    }

    // MARK: Dates, numbers and lists in the draft's language

    func long(_ date: CaseDate) -> String { language.date(date) }

    func long(_ date: CaseDate?) -> String? { date.map { language.date($0) } }

    /// "5 January 2022", "5 January 2022 (approximate)".
    func date(_ date: CaseDate?, approximate: Bool? = nil) -> String? {
        guard let date else { return nil }
        return approximate == true ? w("{date} (approximate)", ["date": long(date)]) : long(date)
    }

    /// "on 5 January 2022", "on or about 5 January 2022".
    func onDate(_ date: CaseDate?, approximate: Bool? = nil) -> String? {
        guard let date else { return nil }
        return w(approximate == true ? "on or about {date}" : "on {date}", ["date": long(date)])
    }

    func list(_ items: [String]) -> String { language.list(items) }

    func yesNo(_ flag: Bool?) -> String? { flag.map { w($0 ? "Yes" : "No") } }

    func span(_ span: Span) -> String { language.span(span) }

    mutating func addFootnote(_ key: String, _ source: FootnoteSource) { catalog[key] = source }

    mutating func addTodo(_ item: String) {
        if !todo.contains(item) { todo.append(item) }
    }

    /// Footnote markers for reference ids (unknown ids are flagged, not dropped).
    mutating func cites(_ ids: [String]) -> String {
        var out = ""
        for id in ids where !id.isEmpty {
            if file.references.contains(where: { $0.id == id }) {
                citedReferences.insert(id)
                out += Markup.cite("ref:" + id)
            } else {
                out += Markup.placeholder(w("the reference “{id}” cited but not listed in references", ["id": id]))
            }
        }
        return out
    }

    /// "UDHR art. 6[^inst:UDHR], ICCPR art. 16[^inst:ICCPR] and ICCPR art. 9(3)": each instrument
    /// footnoted where this list first names it.
    mutating func provisions(_ provisions: [String]) -> String {
        var seen: Set<String> = []
        let items = provisions.map { provision -> String in
            // The note goes on the instrument's name ("ICCPR¹ art. 9(1)"), never after a number.
            guard let (instrument, length) = instruments.match(provision) else {
                return Markup.escape(language == .en ? provision : localizedRest(provision))
            }
            let first = seen.insert(instrument.key).inserted
            if first { catalog[instrument.key] = FootnoteSource(text: instrument.citation) }
            let note = first ? Markup.cite(instrument.key) : ""
            let rest = String(provision.dropFirst(length))
            if language != .en {
                // "Pacte international relatif aux droits civils et politiques¹, art. 9(3)".
                let words = localizedRest(rest)
                return Markup.escape(instrument.name ?? String(provision.prefix(length))) + note + (words.isEmpty ? "" : ", " + Markup.escape(words))
            }
            guard first else { return Markup.escape(provision) }
            return Markup.escape(String(provision.prefix(length))) + note + (rest.isEmpty ? "" : escapeRest(rest))
        }
        return Markup.raw(list(items))
    }

    /// A provision without footnotes, as the draft's language names it ("PIDCP" → its name, "para" → "par.").
    func plainProvision(_ provision: String) -> String {
        guard language != .en else { return provision }
        guard let (instrument, length) = instruments.match(provision) else { return localizedRest(provision) }
        let words = localizedRest(String(provision.dropFirst(length)))
        return (instrument.name ?? String(provision.prefix(length))) + (words.isEmpty ? "" : ", " + words)
    }

    /// " art. 9(3)", " para 33", " principle 11": the words of a provision after its instrument,
    /// each looked up as `provision word: …` ("para" → "par."), numbers kept.
    func localizedRest(_ rest: String) -> String {
        // "Revised Deliberation No. 5 on deprivation of liberty of migrants": the tail of a title,
        // which the instrument's name in the language already says.
        if rest.trimmingCharacters(in: .whitespaces).hasPrefix("on ") { return "" }
        return rest.split(separator: " ").map { token -> String in
            let word = String(token)
            // Only the provision's own words ("para", "principle", "and"); symbols and numbers stay.
            guard word.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0 == "." }) else { return word }
            let key = "provision word: " + word
            if let found = t.entries[key] { return found }
            _ = t(key)  // recorded as missing; the word stays
            return word
        }.joined(separator: " ")
    }

    /// The rest of a provision after its instrument's name, keeping its leading space.
    private func escapeRest(_ rest: String) -> String {
        let leading = rest.prefix { $0 == " " }.isEmpty ? "" : " "
        return leading + Markup.escape(rest)
    }

    /// Renders a sub-template to one line of markup (used inside table rows and paragraphs).
    func inline(_ template: String, _ context: [String: Any]) throws -> String {
        let text = try templates.render(TemplateSet.name(template, in: language), context)
        let folded = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        return Markup.raw(folded)
    }

    /// A word of a vocabulary that shares words with another ("religion" the right, "religion" the
    /// ground), looked up as `right: religion` in another language's catalogue.
    func vocabulary(_ name: String, _ raw: String) -> String {
        language == .en ? Wording.words(raw) : t("\(name): \(Wording.words(raw))")
    }

    /// "Annex 2", "annexe 2", "anexo 2".
    func annexLabel(_ number: Int) -> String { w("Annex {n}", ["n": String(number)]) }

    // MARK: Common context

    var personContext: [String: Any] {
        [
            "fullName": names.fullName,
            "familyName": names.familyName,
            "firstName": required(names.firstName, "first name(s) of the detained person"),
            "subject": names.subject,
            "Subject": Wording.capitalizedFirst(names.subject),
            "he": names.he, "He": Wording.capitalizedFirst(names.he),
            "his": names.his, "His": Wording.capitalizedFirst(names.his),
            "him": names.him,
            // French and Spanish: "de M. X", "del Sr. X", "al Sr. X"; gender endings.
            "ofSubject": names.ofSubject, "toSubject": names.toSubject, "ToSubject": Wording.capitalizedFirst(names.toSubject),
            "e": names.e, "o": names.o, "lo": names.o == "a" ? "la" : names.o == "o" ? "lo" : "lo/la",
        ]
    }

    mutating func common() throws -> [String: Any] {
        var c = personContext
        let person = file.person
        c["asOf"] = long(asOf)
        c["redacted"] = redacted
        c["stateName"] = language.country(file.state)
        c["government"] = language.government(file.state)
        // French and Spanish contract the article: "au/du Gouvernement", "al/del Gobierno".
        c["toGovernment"] = language.government(file.state, contracted: "to")
        c["ofGovernment"] = language.government(file.state, contracted: "of")
        c["sex"] = person.sex.map { w(Wording.capitalizedFirst($0.rawValue)) }
        c["birthDate"] = date(person.birthDate)
        c["otherNames"] = person.otherNames.isEmpty ? nil : list(person.otherNames)
        c["nationalities"] = required(person.nationalities.isEmpty ? nil : list(person.nationalities.map(language.country)), "nationality or nationalities")
        // The language of the case's own words, which the draft quotes as written.
        c["sourceLanguage"] = file.language.map { tag in language.languageName(tag).map { "\($0) (\(tag))" } ?? tag }
        c["idDocument"] = person.idDocument
        c["occupation"] = person.occupation
        c["address"] = person.address
        c["profile"] = person.profile.isEmpty ? nil : list(person.profile.map { t.word($0.rawValue) })
        c["ongoing"] = facts.ongoing
        c["released"] = !facts.ongoing
        c["endDate"] = facts.end.map { long($0.event.date) }
        c["summary"] = file.summary
        c["deprivationDetails"] = file.deprivation.details
        c["deprivationKind"] = file.deprivation.kind.map { w(Wording.deprivationKind($0)) }
        c["heldBy"] = file.deprivation.heldBy

        // Arrest (questionnaire II).
        let arrest = facts.start?.event
        c["arrestDate"] = required(date(arrest?.date, approximate: arrest?.approximate), "date (and time) of arrest")
        c["onArrestDate"] = required(onDate(arrest?.date, approximate: arrest?.approximate), "date (and time) of arrest")
        c["arrestPlace"] = required(arrest?.place, "place of arrest, as detailed as possible")
        c["arrestedBy"] = arrest?.by
        c["warrantShown"] = required(yesNo(arrest?.warrantShown), "whether a warrant was shown at arrest")
        c["warrantNotShown"] = arrest?.warrantShown == false
        c["reasonsGiven"] = yesNo(arrest?.reasonsGiven)
        c["arrestCites"] = Markup.raw(cites(arrest?.sourceRefs ?? []))
        let charges = file.charges.map { charge -> [String: Any] in
            Wording.values(["label": charge.label, "law": charge.law, "details": charge.details])
        }
        c["charges"] = charges.isEmpty ? nil : charges
        c["chargesText"] = file.charges.isEmpty ? nil : list(file.charges.map(\.label))
        let laws = file.charges.compactMap(\.law)
        c["legalBasis"] = laws.isEmpty ? nil : list(laws)

        // Detention (questionnaire III).
        // The current custody period: a release followed by a new arrest starts a new one (docs/legal/custody-periods.md).
        // An open period is known only to the latest information (docs/legal/facts-and-dates.md): never counted to "today".
        if let latest = facts.custody.last {
            let knownTo = latest.end?.event.date ?? facts.reportedAsOf
            let length = span(Span(from: latest.start.event.date, to: knownTo))
            if language == .en {
                c["detentionLength"] = facts.rearrested ? "\(length), since \(names.his) new arrest on \(latest.start.event.date.longDescription)" : length
            } else {
                c["detentionLength"] = facts.rearrested ? w("{length}, since the new arrest on {date}", ["length": length, "date": long(latest.start.event.date)]) : length
            }
            c["detentionKnownTo"] = long(knownTo.calendarDate)
        }
        c["udhrOnly"] = assessment.udhrOnly
        c["detentionStart"] = required(date(arrest?.date, approximate: arrest?.approximate), "date the detention began")
        let order = facts.events.first { $0.event.type == .detentionOrder }?.event
        c["orderingAuthority"] = order.map { $0.authority ?? w("an authority the source could not identify") }
        c["orderDate"] = order.map { long($0.date) }
        c["places"] = file.deprivation.places.isEmpty ? nil : Wording.marked(file.deprivation.places.map { place -> [String: Any] in
            Wording.values(["name": place.name, "from": date(place.from), "to": date(place.to),
                            "unofficial": place.official == false])
        })
        c["placesMissing"] = file.deprivation.places.isEmpty ? Markup.raw(Markup.placeholder(w("every place of detention, with dates, including the current one"))) : nil

        c["chronology"] = try chronologyRows()
        c["periods"] = periods()
        c["procedureEvents"] = try procedureRows()
        c["openQuestions"] = facts.gaps.isEmpty ? nil : facts.gaps
        c["domesticRemedies"] = file.domesticRemedies.isEmpty ? nil : file.domesticRemedies.map { r -> [String: Any] in
            Wording.values(["date": date(r.date), "action": r.action, "outcome": r.outcome])
        }
        return c
    }

    // MARK: Chronology

    mutating func eventContext(_ event: TimelineEvent) -> [String: Any] {
        var c = personContext
        c["type"] = Wording.words(event.type.rawValue)
        c[Wording.key(event.type.rawValue)] = true
        for (key, value) in event.attributes {
            switch value {
            case .bool(let flag): c[key + (flag ? "Yes" : "No")] = true
            case .text(let text):
                // A closed vocabulary word is translated; an appeal's outcome is the source's own words.
                let vocabulary = (key == "kind" && IllTreatmentKind(rawValue: text) != nil) || (key == "outcome" && VerdictOutcome(rawValue: text) != nil)
                c[key] = vocabulary ? t.word(text) : key == "kind" || key == "outcome" ? (language == .en ? Wording.words(text) : text) : text
            case .date(let date): c[key] = long(date)
            case .categories(let categories): c[key] = list(categories.map(\.rawValue))
            }
        }
        return c
    }

    mutating func chronologyRows() throws -> [[String: Any]]? {
        guard !facts.events.isEmpty else { return nil }
        return try Wording.marked(facts.events.map { indexed -> [String: Any] in
            let event = indexed.event
            var details: [String] = []
            if let place = event.place { details.append(Markup.escape(place)) }
            if let text = event.details { details.append(Markup.escape(text)) }
            return [
                "date": date(event.date, approximate: event.approximate)!,
                "event": try inline("event", eventContext(event)),
                "details": Markup.raw(details.joined(separator: " — ") + cites(event.sourceRefs)),
            ]
        })
    }

    /// What a period is, after "has been" or "was" (docs/legal/drafts.md: tense follows the facts).
    func phrase(_ kind: Period.Kind) -> String {
        if language != .en {
            // Another language words it whole, with the person's gender ending.
            let english = switch kind {
            case .incommunicado: "held incommunicado"
            case .withoutCounsel: "without access to a lawyer"
            case .withoutFamilyContact: "held without contact with the family"
            case .beforeJudge: "held without being brought before a judge"
            case .undisclosedLocation: "held at an undisclosed location"
            case .pretrial: "held without judgment"
            case .afterLawfulEnd: "held after the lawful end of the detention"
            }
            return w(english)
        }
        return switch kind {
        case .incommunicado: "held incommunicado"
        case .withoutCounsel: "without access to a lawyer"
        case .withoutFamilyContact: "without contact with \(names.his) family"
        case .beforeJudge: "held without being brought before a judge"
        case .undisclosedLocation: "held at an undisclosed location"
        case .pretrial: "held without judgment"
        case .afterLawfulEnd: "held after the lawful end of \(names.his) detention"
        }
    }

    /// The length of a period: hours before a judge as a range when only dates are known.
    func figure(_ period: Period) -> String {
        period.kind == .beforeJudge ? language.hoursRange(period.span) : language.span(period.span)
    }

    /// A period in words: ended "from A to B (N days)", or known only to the latest information
    /// "since A, at least N days as of B".
    func periodText(_ period: Period) -> String {
        if let reported = period.lastReported {
            return w("since {from}, at least {figure} as of {reported}", ["from": long(period.from), "figure": figure(period), "reported": long(reported)])
        }
        return w("from {from} to {to} ({figure})", ["from": long(period.from), "to": long(period.to), "figure": figure(period)])
    }

    func periods() -> [[String: Any]]? {
        let list = facts.periods.map { period -> [String: Any] in
            var c: [String: Any] = [
                "label": w(period.kind.label),
                "phrase": phrase(period.kind),
                "figure": figure(period),
                "computation": Wording.computation(period.computation),
                "from": long(period.from),
                "to": long(period.to),
            ]
            c[Wording.key(period.kind.rawValue)] = true
            if let reported = period.lastReported {
                c["running"] = true
                c["lastReported"] = long(reported)
            }
            return c
        }
        return list.isEmpty ? nil : list
    }

    func procedureRows() throws -> [[String: Any]]? {
        // In date order; the file's order within a day.
        let events = file.procedure.enumerated().filter { $0.element.date.isOnOrBefore(asOf) }
            .sorted { ($0.element.date.dayNumber, $0.offset) < ($1.element.date.dayNumber, $1.offset) }.map(\.element)
        guard !events.isEmpty else { return nil }
        return try events.map { event -> [String: Any] in
            var c: [String: Any] = [Wording.key(event.type.rawValue): true, "type": Wording.words(event.type.rawValue)]
            c["replyDue"] = long(event.replyDue)
            c["commentsDue"] = long(event.commentsDue)
            c["number"] = event.number
            c["session"] = event.session
            c["categories"] = event.categories.map { list($0.map(\.rawValue)) }
            if let arbitrary = event.arbitrary { c[arbitrary ? "arbitraryYes" : "arbitraryNo"] = true }
            c["by"] = event.by
            return Wording.values([
                "date": date(event.date, approximate: event.approximate)!,
                "event": try inline("procedure-event", c),
                "details": event.details,
            ])
        }.marked
    }

    // MARK: Legal analysis

    /// The categories argued: those the source claims, or by default those the assessment
    /// indicates (spec, `categoriesClaimed`). A merely possible category is left to the lawyer:
    /// the assessment's gaps, on the first page, ask what would settle it.
    var arguedCategories: [Category] {
        if let claimed = file.categoriesClaimed, !claimed.isEmpty { return claimed.sorted() }
        return assessment.indicatedCategories
    }

    private func pathIndex(_ path: String, _ prefix: String) -> Int? {
        guard path.hasPrefix(prefix + "["), path.hasSuffix("]") else { return nil }
        return Int(path.dropFirst(prefix.count + 1).dropLast())
    }

    private func period(for allegation: AllegationType) -> Period? {
        switch allegation {
        case .incommunicado: facts.incommunicado
        case .deniedFamilyContact: facts.withoutFamilyContact
        case .deniedCounsel: facts.withoutCounsel
        case .notBroughtPromptlyBeforeJudge: facts.beforeJudge
        case .undisclosedLocation: facts.undisclosedLocation
        case .prolongedPretrialDetention, .undueDelay: facts.pretrial
        case .noLegalBasis: facts.afterLawfulEnd
        default: nil
        }
    }

    mutating func groundContext(_ ground: Ground) throws -> [String: Any] {
        var c = personContext
        c[Wording.key(ground.allegation.rawValue)] = true
        c["allegation"] = Wording.words(ground.allegation.rawValue)
        c["derived"] = ground.derived
        c["computation"] = ground.computation.map(Wording.computation)
        c["details"] = ground.details
        c["note"] = ground.note
        c["supporting"] = ground.strength == .supporting
        if let period = period(for: ground.allegation) {
            c["figure"] = period.lastReported == nil || language != .en ? figure(period) : period.figure
            c["from"] = long(period.from)
            c["periodText"] = periodText(period)
            if period.kind == .afterLawfulEnd { c["afterLawfulEnd"] = true }
            if period.lastReported != nil { c["running"] = true }
        }
        // "Beyond the standard" only where the engine found it exceeded, never from a range (docs/legal/promptness.md).
        if ground.strength == .sufficient, ground.derived, ["I.derived.judge-48h", "I.derived.judge-24h-child"].contains(ground.rule) {
            c["beyondStandard"] = true
            c["standardHours"] = ground.rule == "I.derived.judge-24h-child" ? "24" : "48"
            c["child"] = ground.rule == "I.derived.judge-24h-child"
        }
        if let arrest = facts.start?.event { c["onArrestDate"] = onDate(arrest.date, approximate: arrest.approximate) }
        var refs: [String] = []
        var dates: [String] = []
        var evidence: [String] = []
        for path in ground.facts {
            if path.hasPrefix("evidence["), path.hasSuffix("]") { evidence.append(String(path.dropFirst(9).dropLast())) }
            if let i = pathIndex(path, "timeline"), file.timeline.indices.contains(i) {
                let event = file.timeline[i]
                refs += event.sourceRefs
                dates.append(date(event.date, approximate: event.approximate)!)
            } else if let i = pathIndex(path, "allegations"), file.allegations.indices.contains(i) {
                let allegation = file.allegations[i]
                refs += allegation.sourceRefs
                if let right = allegation.right { c["right"] = vocabulary("right", right.rawValue) }
                if let basis = allegation.ground { c["discriminationGround"] = vocabulary("ground", basis.rawValue) }
            }
        }
        if ground.allegation == .exerciseOfRights, c["right"] == nil {
            c["right"] = required(nil, "the right the person was exercising when detained")
        }
        var uniqueRefs: [String] = []
        for ref in refs where !uniqueRefs.contains(ref) { uniqueRefs.append(ref) }
        var uniqueDates: [String] = []
        for date in dates where !uniqueDates.contains(date) { uniqueDates.append(date) }
        c["factDates"] = uniqueDates.isEmpty ? nil : list(uniqueDates)
        c["cites"] = Markup.raw(cites(uniqueRefs))
        c["annexCites"] = annexes.cite(evidence: evidence, label: annexLabel, list: list)
        c["provisions"] = provisions(ground.provisions)
        // Treaties binding on the State and the Universal Declaration are "violated"; general
        // comments, deliberations, principles and rules state the standard (docs/legal/drafts.md).
        let binding = ground.provisions.filter { $0.hasPrefix("UDHR") || Treaty.of($0) != nil }
        let standards = ground.provisions.filter { !binding.contains($0) }
        c["violated"] = binding.isEmpty ? nil : provisions(binding)
        c["standards"] = standards.isEmpty ? nil : provisions(standards)
        // Flags for the sections: a markup value as a section would render its sentinel.
        c["hasViolated"] = !binding.isEmpty
        c["hasStandards"] = !standards.isEmpty
        c["standardsIntro"] = w(standards.contains { $0.hasPrefix("CCPR/") } ? "As the Human Rights Committee has held, the applicable standard is set out in" : "The applicable standard is set out in")
        c["statement"] = try inline("ground", c)
        return c
    }

    /// The evidence ids the argued grounds rely on, in the order the draft argues them.
    var evidenceOrder: [String] {
        var ids: [String] = []
        for category in arguedCategories {
            for ground in Self.merged(assessment.finding(for: category).grounds) {
                for path in ground.facts where path.hasPrefix("evidence[") && path.hasSuffix("]") {
                    let id = String(path.dropFirst(9).dropLast())
                    if !ids.contains(id) { ids.append(id) }
                }
            }
        }
        return ids
    }

    mutating func categoryContexts() throws -> [[String: Any]] {
        var result: [[String: Any]] = []
        for category in arguedCategories {
            let finding = assessment.finding(for: category)
            let letter = String(UnicodeScalar(UInt8(65 + result.count)))
            var c: [String: Any] = ["numeral": category.rawValue, "is" + category.rawValue: true, "letter": letter]
            c["indicated"] = finding.finding == .indicated
            c["possible"] = finding.finding == .possible
            c["grounds"] = try Self.merged(finding.grounds).map { try groundContext($0) }
            c["precedents"] = precedentContexts(category)
            if finding.grounds.isEmpty {
                c["noGrounds"] = Markup.raw(Markup.placeholder(w("the facts that bring the case within category {numeral}, which the source claims but the case file does not record", ["numeral": category.rawValue])))
            }
            result.append(c)
        }
        return result
    }

    /// One ground per allegation (a typed one and one the timeline proves say the same thing):
    /// provisions, facts, details and computations united; sufficient grounds first.
    static func merged(_ grounds: [Ground]) -> [Ground] {
        var result: [Ground] = []
        for ground in grounds {
            guard let i = result.firstIndex(where: { $0.allegation == ground.allegation }) else { result.append(ground); continue }
            var m = result[i]
            for p in ground.provisions where !m.provisions.contains(p) { m.provisions.append(p) }
            for f in ground.facts where !m.facts.contains(f) { m.facts.append(f) }
            m.details = [m.details, ground.details].compactMap { $0 }.joined(separator: " ").nilIfEmpty
            m.computation = [m.computation, ground.computation].compactMap { $0 }.joined(separator: "; ").nilIfEmpty
            m.derived = m.derived || ground.derived
            if ground.strength == .sufficient { m.strength = .sufficient; m.note = nil }
            result[i] = m
        }
        return result.filter { $0.strength == .sufficient } + result.filter { $0.strength == .supporting }
    }

    /// The references not cited elsewhere, to cite where the facts are described.
    mutating func remainingReferenceCites() -> String? {
        let rest = file.references.map(\.id).filter { !citedReferences.contains($0) }
        return rest.isEmpty ? nil : Markup.raw(cites(rest))
    }
}
