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
        file.evidence.map { item in
            let usedAgainst = item.reliedOnBy == .prosecution || (item.reliedOnBy == nil && item.kind == .confession)
            guard usedAgainst else {
                let holder = item.reliedOnBy?.rawValue ?? "unknown"
                return EvidenceFinding(id: item.id, tainted: false, because: [], derivedCircumstances: [], provisions: [],
                                       notes: ["Held by the \(holder), not relied on against the person: the detention does not taint it."])
            }
            var derived: [EvidenceCircumstance] = []
            var notes: [String] = []
            if let obtained = item.obtained {
                for (period, circumstance) in [(facts.incommunicado, EvidenceCircumstance.duringIncommunicado),
                                               (facts.withoutCounsel, .withoutCounsel)] {
                    guard let period else { continue }
                    switch period.contains(obtained) {
                    case .some(true): derived.append(circumstance)
                    case .none: notes.append("Was \(item.id) obtained before or after the \(period.kind.label) period ended on \(period.to)? The dates cannot tell.")
                    default: break
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
                notes.append("When was \(item.id) obtained (evidence `obtained`)?")
            }
            var because = item.circumstances
            for circumstance in derived where !because.contains(circumstance) { because.append(circumstance) }
            let derivedOnly = derived.filter { !item.circumstances.contains($0) }
            var cited: [String] = []
            for circumstance in because {
                for provision in provisions[circumstance] ?? [] where !cited.contains(provision) {
                    if udhrOnly && provision.hasPrefix("ICCPR") { continue }
                    cited.append(provision)
                }
            }
            return EvidenceFinding(id: item.id, tainted: !because.isEmpty, because: because,
                                   derivedCircumstances: derivedOnly, provisions: cited, notes: notes)
        }
    }
}
