import HabeasCore

/// One communication about several people detained in the same circumstances (the Working Group
/// accepts one source submission about a group; docs/legal/working-group-procedure.md): the common
/// facts and the legal argument once, then an annex with a row per person.
///
/// The law is never stretched: a category is said to hold for a set of persons only when the
/// assessment of each of them indicates it; where it is only `possible`, the persons are listed as
/// such, apart. Every figure comes from each case's own timeline. Linear in the number of persons.
public struct GroupPetition: Sendable {
    public struct Member: Sendable {
        public var file: CaseFile
        public var assessment: Assessment
        public init(file: CaseFile, assessment: Assessment) {
            self.file = file
            self.assessment = assessment
        }
    }

    /// The group's name ("Almaty, January 2022").
    public var title: String
    public var asOf: CaseDate
    /// Ordered as they appear in the annex (urgent variant: those at risk first); number = index + 1.
    public private(set) var members: [Member]
    public var urgent: Bool
    /// Names replaced by "Person N" and birth dates left out; other words of the source redacted per case.
    public var redact: Bool

    public init(title: String, files: [CaseFile], asOf: CaseDate, urgent: Bool = false, redact: Bool = false) {
        var members = files.map { Member(file: $0, assessment: Assessor.assess($0, asOf: asOf)) }
        // Stable order: by arrest date, then name, so the same group drafts to the same annex.
        members.sort { a, b in
            let x = a.assessment.derived.start?.event.date.dayNumber ?? Int.max
            let y = b.assessment.derived.start?.event.date.dayNumber ?? Int.max
            return x != y ? x < y : (a.file.person.name, a.file.id) < (b.file.person.name, b.file.id)
        }
        if urgent {
            // Those whose health or life is at risk first (A/HRC/36/38 paras 22–24), order kept otherwise.
            members = members.filter(\.assessment.urgentAction.eligible) + members.filter { !$0.assessment.urgentAction.eligible }
        }
        self.title = title
        self.asOf = asOf
        self.members = members
        self.urgent = urgent
        self.redact = redact
    }

    func name(_ i: Int) -> String { redact ? "Person \(i + 1)" : members[i].file.person.name }

    /// "1–3, 5, 7": annex numbers (0-based indices in) as compact ranges.
    static func ranges(_ indices: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < indices.count {
            var j = i
            while j + 1 < indices.count, indices[j + 1] == indices[j] + 1 { j += 1 }
            parts.append(j == i ? "\(indices[i] + 1)" : j == i + 1 ? "\(indices[i] + 1), \(indices[j] + 1)" : "\(indices[i] + 1)–\(indices[j] + 1)")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    /// "all 120 persons" or "the 40 persons numbered 1–40, 42 in the annex".
    func who(_ indices: [Int]) -> String {
        if indices.count == members.count { return members.count == 1 ? "the person concerned" : "all \(members.count) persons" }
        if indices.count == 1 { return "\(name(indices[0])) (no. \(indices[0] + 1) in the annex)" }
        return "the \(indices.count) persons numbered \(Self.ranges(indices)) in the annex"
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    public func document() -> DraftDocument {
        var blocks: [Block] = []
        var number = 0
        func para(_ text: String) {
            number += 1
            blocks.append(.paragraph(Paragraph(number: number, content: [.text(text)])))
        }
        func placeholder(_ before: String, _ missing: String) {
            number += 1
            blocks.append(.paragraph(Paragraph(number: number, content: [.text(before), .placeholder(missing)])))
        }
        let n = members.count
        let heading = urgent ? "Request for urgent action" : "Communication to the Working Group on Arbitrary Detention"
        blocks.append(.title(heading))
        blocks.append(.subtitle("\(Self.plural(n, "person")) deprived of liberty: \(title) — as of \(asOf.longDescription)"))
        var todo: [String] = ["The common circumstances of the detentions, in the source's words",
                              "The source's name, contact details and consent of each person or their family"]

        // I. The persons concerned
        blocks.append(.heading(level: 1, text: "I. The persons concerned"))
        var stats = CaseStatistics(asOf: asOf)
        for m in members { stats.add(m.file, assessment: m.assessment, stage: .draft) }
        let stateText = Wording.list(stats.byState.map { "\(Wording.country($0.label)) (\($0.count))" })
        para("This communication concerns \(Self.plural(n, "person")) deprived of liberty by \(stateText), listed in the annex with the dates, places, charges and durations that each person's file records.")
        let days = stats.arrestsByDay.filter { $0.count > 0 }
        if let first = days.first, let last = days.last {
            let span = first.day == last.day ? "on \(first.day.longDescription)" : "between \(first.day.longDescription) and \(last.day.longDescription)"
            para("According to the source, \(Self.plural(n - stats.withoutArrest, "person")) were arrested \(span).")
        }
        if stats.withoutArrest > 0 { todo.append("The date of arrest of \(Self.plural(stats.withoutArrest, "person")) (shown as not recorded in the annex)") }
        let status = stats.byStatus.map { "\($0.count) \($0.label)" }
        if !status.isEmpty { para("As of \(asOf.longDescription), on the information of the source: \(Wording.list(status)).") }
        let places = stats.byPlace.prefix(5).map { "\($0.label) (\($0.count))" }
        if !places.isEmpty { para("Places of detention recorded most often: \(Wording.list(Array(places))).") }
        let charges = stats.byCharge.prefix(5).map { "\($0.label) (\($0.count))" }
        if !charges.isEmpty { para("Charges recorded most often: \(Wording.list(Array(charges))).") }

        // II. Common facts
        blocks.append(.heading(level: 1, text: "II. The common facts"))
        placeholder("The circumstances common to all the persons concerned: ", "the events, the authorities involved and the pattern of the arrests")
        let incommunicado = stats.daysIncommunicado.buckets.filter { $0.count > 0 }.map { "\($0.label): \($0.count)" }
        if !incommunicado.isEmpty {
            para("Days held incommunicado, as each timeline shows them: \(Wording.list(incommunicado))\(stats.daysIncommunicado.unknown > 0 ? "; not shown by the file: \(stats.daysIncommunicado.unknown)" : "").")
        }
        let judge = stats.hoursBeforeJudge.buckets.filter { $0.count > 0 }.map { "\($0.label): \($0.count)" }
        if !judge.isEmpty {
            para("Time before being brought before a judge: \(Wording.list(judge))\(stats.hoursBeforeJudge.unsettled > 0 ? "; not settled by the dates: \(stats.hoursBeforeJudge.unsettled)" : "")\(stats.hoursBeforeJudge.unknown > 0 ? "; not shown by the file: \(stats.hoursBeforeJudge.unknown)" : ""). The standard is 48 hours (Human Rights Committee, general comment No. 35, para. 33).")
        }

        // III. Urgent: those at risk first.
        if urgent {
            blocks.append(.heading(level: 1, text: "III. Persons whose health or life is at risk"))
            let atRisk = members.indices.filter { members[$0].assessment.urgentAction.eligible }
            if atRisk.isEmpty {
                para("No file in this group records a risk to health or life; the source asks for the regular procedure unless it adds such facts.")
            } else {
                para("The source asks the Working Group to send an urgent appeal (A/HRC/36/38, paras. 22–24) for \(who(atRisk)), for the reasons below.")
                for i in atRisk {
                    let reasons = members[i].assessment.urgentAction.reasons.map { redact ? Redaction(for: members[i].file).apply($0) : $0 }
                    blocks.append(.bullet([.strong("\(i + 1). \(name(i)): "), .text(reasons.joined(separator: "; "))]))
                }
            }
        }

        // The legal argument: each category once, for the persons whose assessment indicates it.
        blocks.append(.heading(level: 1, text: urgent ? "IV. The legal argument" : "III. The legal argument"))
        para("For each category of arbitrary detention (A/HRC/36/38, para. 8) the source states the grounds once and names the persons whose file shows them. A category is claimed for a person only where the facts on that person's file indicate it; where they only make it possible, the person is listed as such and the question stays open.")
        var claimedAny = false
        for category in Category.allCases {
            var indicated: [Int] = [], possible: [Int] = []
            // The grounds of the persons for whom it is indicated, each with the persons it rests on.
            var grounds: [String: (provisions: [String], persons: [Int])] = [:]
            var groundOrder: [String] = []
            for (i, m) in members.enumerated() {
                let finding = m.assessment.finding(for: category)
                switch finding.finding {
                case .indicated: indicated.append(i)
                case .possible: possible.append(i)
                case .notIndicated: continue
                }
                for g in finding.grounds {
                    let key = g.allegation.rawValue
                    if grounds[key] == nil { grounds[key] = (g.provisions, []); groundOrder.append(key) }
                    if grounds[key]!.persons.last != i { grounds[key]!.persons.append(i) }
                }
            }
            guard !indicated.isEmpty || !possible.isEmpty else { continue }
            blocks.append(.heading(level: 2, text: "Category \(category.rawValue)"))
            if !indicated.isEmpty {
                claimedAny = true
                para("Category \(category.rawValue) is indicated for \(who(indicated)).")
            }
            if !possible.isEmpty {
                para("Category \(category.rawValue) is possible, not established, for \(who(possible)): the source asks the Working Group to consider it on the facts each file records.")
            }
            for key in groundOrder {
                let g = grounds[key]!
                let provisions = g.provisions.isEmpty ? "" : " (\(g.provisions.joined(separator: "; ")))"
                blocks.append(.bullet([.strong(Wording.capitalizedFirst(Wording.words(key))), .text("\(provisions): \(who(g.persons)).")]))
            }
        }
        if !claimedAny { todo.append("The facts that would indicate a category: no file in the group indicates one yet") }

        blocks.append(.heading(level: 1, text: urgent ? "V. Request to the Working Group" : "IV. Request to the Working Group"))
        para("The source respectfully requests the Working Group to adopt an opinion finding that the deprivation of liberty of each person listed in the annex is arbitrary, under the categories indicated for that person in the annex.")
        placeholder("The remedies the source asks for: ", "the remedies for the group")

        // Annex: one row per person.
        blocks.append(.pageBreak)
        blocks.append(.heading(level: 1, text: "Annex: the persons concerned"))
        var rows: [[[Inline]]] = []
        rows.reserveCapacity(n)
        for (i, m) in members.enumerated() {
            rows.append(annexRow(i, m))
        }
        // Nine columns across a landscape page, each wide enough for its longest word (a date,
        // "Categories"), so LibreOffice and Word break lines between words, never inside one.
        blocks.append(.table(Table(header: ["No.", "Name", "Born", "Arrested", "Place", "Charges", "Durations (from the timeline)", "Status", "Categories"],
                                   rows: rows, widths: [5, 14, 9, 9, 13, 13, 18, 9, 10], landscape: true)))

        return DraftDocument(kind: urgent ? .urgentAction : .petition,
                             metadata: .init(title: heading, subject: redact ? "\(n) persons" : title, date: asOf),
                             blocks: blocks, footnotes: [],
                             toComplete: DraftDocument.ToComplete(heading: "To complete before filing", intro: "The files do not say:", items: todo))
    }

    func annexRow(_ i: Int, _ m: Member) -> [[Inline]] {
        let facts = m.assessment.derived
        let born = redact ? "" : m.file.person.birthDate?.description ?? ""
        let arrested = facts.start.map { $0.event.date.calendarDate.description } ?? "not recorded"
        var places = m.file.deprivation.places.map(\.name)
        if places.isEmpty, let p = facts.start?.event.place { places.append(p) }
        let charges = m.file.charges.map(\.label).joined(separator: "; ")
        var durations: [String] = []
        for period in facts.periods where period.kind == .incommunicado || period.kind == .beforeJudge || period.kind == .undisclosedLocation || period.kind == .pretrial {
            let length = period.kind == .beforeJudge && !period.span.isExact ? Assessor.hoursInWords(period.span) : period.span.inWords
            durations.append("\(period.kind.label): \(period.lastReported.map { "at least \(length) (to \($0))" } ?? length)")
        }
        let status = DetentionStatus.of(facts).label
        let indicated = m.assessment.indicatedCategories.map(\.rawValue)
        let possible = m.assessment.categories.filter { $0.finding == .possible }.map(\.category.rawValue)
        var categories = indicated.isEmpty ? "none indicated" : indicated.joined(separator: ", ")
        if !possible.isEmpty { categories += "; possible: " + possible.joined(separator: ", ") }
        var nameCell: [Inline] = [.text(name(i))]
        if urgent, m.assessment.urgentAction.eligible { nameCell.append(.strong(" (at risk)")) }
        return [[.text("\(i + 1)")], nameCell, [.text(born)], [.text(arrested)], [.text(places.joined(separator: "; "))],
                [.text(charges)], [.text(durations.joined(separator: "; "))], [.text(status)], [.text(categories)]]
    }
}
