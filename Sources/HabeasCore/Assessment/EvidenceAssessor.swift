/// Which evidence is tainted, and why. Taint concerns what the authorities use against the person
/// (`reliedOnBy: prosecution`, or unset on a confession); what the source or the defence holds is
/// never tainted by the detention (spec, "Evidence").
enum EvidenceAssessor {
    static let provisions: [EvidenceCircumstance: [String]] = [
        .duringIncommunicado: ["ICCPR art. 14(3)(g)", "Body of Principles, principle 21"],
        .withoutCounsel: ["ICCPR art. 14(3)(b)", "ICCPR art. 14(3)(d)", "A/HRC/30/37 principle 9 and guideline 8"],
        .underIllTreatment: ["Convention against Torture art. 15", "ICCPR art. 7", "ICCPR art. 14(3)(g)"],
        .forged: ["ICCPR art. 14(1)"],
        .unlawfulSearch: ["ICCPR art. 17"],
        .secretProceedings: ["ICCPR art. 14(1)"],
    ]

    static func assess(_ file: CaseFile, facts: DerivedFacts, udhrOnly: Bool) -> [EvidenceFinding] {
        let state = file.state
        return file.evidence.map { item in
            let usedAgainst = item.reliedOnBy == .prosecution || (item.reliedOnBy == nil && item.kind == .confession)
            guard usedAgainst else {
                let holder = item.reliedOnBy?.rawValue ?? "unknown"
                var book = Phrasebook()
                let note = book.say("Held by the \(holder), not relied on against the person: the detention does not taint it.", "evidence.notReliedOn",
                                    ["holder": item.reliedOnBy.map { .word(vocabulary: "relied-on-by", key: $0.rawValue) } ?? .phrase(Phrase("unknown"))])
                var finding = EvidenceFinding(id: item.id, tainted: false, because: [], derivedCircumstances: [], provisions: [], notes: [note])
                finding.phrases = book
                return finding
            }
            var derived: [EvidenceCircumstance] = []
            var notes: [String] = []
            var book = Phrasebook()
            let kindArgument: Phrase.Argument = item.kind.map { .word(vocabulary: "evidence-kind", key: $0.rawValue) } ?? .phrase(Phrase("unknown"))
            var possible = false
            // The exclusionary rule concerns statements (ICCPR art. 14(3)(g); CAT art. 15): what the
            // person or a witness said. A search, a document or a sample is not tainted by the absence
            // of counsel; what was found through a tainted statement is only possible (docs/legal/evidence.md).
            let statement = item.kind == .confession || item.kind == .testimony
            if let obtained = item.obtained {
                // The same windows that support categories I and III: a window counts only once it
                // passes 48 hours (docs/legal/evidence.md), never for two hours of delay.
                for (period, circumstance) in [(facts.incommunicado, EvidenceCircumstance.duringIncommunicado),
                                               (facts.withoutCounsel, .withoutCounsel)] {
                    guard let period else { continue }
                    let inside = period.contains(obtained)
                    let window = Assessor.compare(period.span, hours: 48)
                    guard inside != false, window != .within else { continue }
                    if !statement {
                        possible = true
                        notes.append(book.say("\(item.id) (\(item.kind?.rawValue ?? "kind not recorded")) was obtained while the person was \(period.kind.label): the exclusionary rule concerns statements, so this alone does not taint it. Was it found through a statement taken then (if so, it is possibly tainted)?",
                                              "evidence.notStatement", ["id": .text(item.id), "kind": kindArgument, "state": .period(period.kind)]))
                        continue
                    }
                    if inside == nil {
                        possible = true
                        notes.append(book.say("Was \(item.id) obtained before or after the \(period.kind.label) period ended on \(period.to)? The dates cannot tell.",
                                              "evidence.beforeOrAfter", ["id": .text(item.id), "state": .period(period.kind), "date": .date(period.to)]))
                    } else if window == .uncertain {
                        possible = true
                        notes.append(book.say("Did the \(period.kind.label) period in which \(item.id) was obtained last more than 48 hours? The dates cannot tell, so it is only possibly tainted.",
                                              "evidence.window", ["id": .text(item.id), "state": .period(period.kind)]))
                    } else {
                        derived.append(circumstance)
                    }
                }
                // A confession obtained on the day of a coerced confession or of ill-treatment
                // after the arrest is taken to be its product.
                if item.kind == .confession, let start = facts.start {
                    let sameDayCoerced = facts.events.contains {
                        $0.event.type == .confession && $0.event.coerced == true && $0.event.date.calendarDate == obtained.calendarDate
                    }
                    let priorIllTreatment = facts.events.contains {
                        $0.event.type == .illTreatment && !$0.event.date.isBefore(start.event.date) && $0.event.date.isOnOrBefore(obtained)
                    }
                    if sameDayCoerced || priorIllTreatment { derived.append(.underIllTreatment) }
                }
            } else {
                notes.append(book.say("When was \(item.id) obtained (evidence `obtained`)?", "evidence.whenObtained", ["id": .text(item.id)]))
            }
            // Typed circumstances of detention (incommunicado, no counsel, ill-treatment) taint statements only.
            let detentionCircumstances: Set<EvidenceCircumstance> = [.duringIncommunicado, .withoutCounsel, .underIllTreatment]
            var because = statement ? item.circumstances : item.circumstances.filter { !detentionCircumstances.contains($0) }
            if !statement, item.circumstances.contains(where: detentionCircumstances.contains) {
                possible = true
                let typed = item.circumstances.filter(detentionCircumstances.contains)
                notes.append(book.say("\(item.id): \(typed.map(\.rawValue).joined(separator: ", ")) concerns statements: was this \(item.kind?.rawValue ?? "") evidence obtained through such a statement (only then is it possibly tainted)?",
                                      "evidence.typedCircumstances", ["id": .text(item.id), "kind": kindArgument,
                                                                      "circumstances": .list(typed.map { .word(vocabulary: "evidence-circumstance", key: $0.rawValue) })]))
            }
            for circumstance in derived where !because.contains(circumstance) { because.append(circumstance) }
            let derivedOnly = derived.filter { !item.circumstances.contains($0) }
            var cited: [String] = []
            for circumstance in because {
                for provision in provisions[circumstance] ?? [] where !cited.contains(provision) {
                    if TreatyTable.binding(provision, state: state) == false { continue }
                    cited.append(provision)
                }
            }
            var finding = EvidenceFinding(id: item.id, tainted: !because.isEmpty, because: because,
                                          derivedCircumstances: derivedOnly, provisions: cited, notes: notes,
                                          possiblyTainted: because.isEmpty && possible)
            finding.phrases = book
            return finding
        }
    }
}
