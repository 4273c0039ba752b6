extension Assessment {
    /// The JSON of `habeas assess --json` (spec, "Output of the assessment"). Grounds also carry
    /// `facts`, `strength`, `rule`, `details` and `note`, and evidence `derived` and `provisions`:
    /// compatible additions documented in docs/case-format.md.
    public var json: Value {
        .object([
            .init("case", .string(caseID)),
            .init("asOf", .string(asOf.description)),
            .init("categories", .array(categories.map { finding in
                .object([
                    .init("category", .string(finding.category.rawValue)),
                    .init("finding", .string(finding.finding.rawValue)),
                    .init("grounds", .array(finding.grounds.map(\.json))),
                ])
            })),
            .init("urgentAction", .object([
                .init("eligible", .bool(urgentAction.eligible)),
                .init("reasons", .array(urgentAction.reasons.map(Value.string))),
            ])),
            .init("evidence", .array(evidence.map { item in
                .object([
                    .init("id", .string(item.id)),
                    .init("tainted", .bool(item.tainted)),
                    .init("because", .array(item.because.map { .string($0.rawValue) })),
                    .init("derived", .array(item.derivedCircumstances.map { .string($0.rawValue) })),
                    .init("provisions", .array(item.provisions.map(Value.string))),
                    .init("possible", .bool(item.possiblyTainted)),
                ])
            })),
            .init("derived", derived.figures),
            .init("gaps", .array(gaps.map(Value.string))),
            .init("remedies", .array(remedies.map(Value.string))),
            .init("referrals", .array(referrals.map(Value.string))),
            .init("safeguards", .array(safeguards.map(Value.string))),
        ])
    }

    /// A readable report for a terminal.
    public func text(title: String) -> String {
        var out = "\(title) — assessment as of \(asOf)\n"
        if udhrOnly { out += "(State not party to the ICCPR: UDHR provisions only)\n" }
        for finding in categories {
            out += "\nCategory \(finding.category.rawValue): \(finding.finding.rawValue)\n"
            for ground in finding.grounds {
                let origin = ground.derived ? "derived" : "alleged"
                out += "  - \(ground.allegation.rawValue) (\(origin), \(ground.strength.rawValue))\n"
                if let computation = ground.computation { out += "      \(computation)\n" }
                if let details = ground.details { out += "      source: \(details)\n" }
                if let note = ground.note { out += "      note: \(note)\n" }
                if !ground.provisions.isEmpty { out += "      provisions: \(ground.provisions.joined(separator: "; "))\n" }
                out += "      facts: \(ground.facts.joined(separator: ", "))\n"
            }
        }
        out += "\nUrgent action: \(urgentAction.eligible ? "eligible" : "not eligible")\n"
        out += urgentAction.reasons.map { "  - \($0)\n" }.joined()
        if !evidence.isEmpty {
            out += "\nEvidence:\n"
            for item in evidence {
                out += "  - \(item.id): " + (item.tainted ? "TAINTED (\(item.because.map(\.rawValue).joined(separator: ", ")))"
                    : item.possiblyTainted ? "not tainted on the file; possibly tainted (see the gaps)" : "not tainted") + "\n"
            }
        }
        let figures: [(String, Double?)] = [
            ("days incommunicado", derived.daysIncommunicado), ("days without counsel", derived.daysWithoutCounsel),
            ("hours before a judge", derived.hoursBeforeJudge), ("days at an undisclosed location", derived.daysUndisclosedLocation),
            ("days before judgment", derived.daysPretrial), ("days after lawful end", derived.daysAfterLawfulEnd),
        ]
        out += "\nDerived: " + figures.map { "\($0.0) \($0.1.map(Span.format) ?? "unknown")" }.joined(separator: "; ") + "\n"
        let running = derived.periods.filter { $0.lastReported != nil }
        if !running.isEmpty {
            out += "  Known only to the latest information: " + running.map { "\($0.kind.label) \($0.figure)" }.joined(separator: "; ") + "\n"
        }
        if derived.custody.count > 1 {
            out += "  Custody periods: " + derived.custody.map { "\($0.start.event.date) to \($0.end.map { $0.event.date.description } ?? "now")" }.joined(separator: "; ") + "\n"
        }
        if !remedies.isEmpty { out += "\nRemedies to request:\n" + remedies.map { "  - \($0)\n" }.joined() }
        if !referrals.isEmpty { out += "\nReferrals:\n" + referrals.map { "  - \($0)\n" }.joined() }
        if !safeguards.isEmpty { out += "\nSafeguards at arrest:\n" + safeguards.map { "  - \($0)\n" }.joined() }
        if !gaps.isEmpty { out += "\nGaps (questions to settle or strengthen the case):\n" + gaps.map { "  - \($0)\n" }.joined() }
        return out
    }
}

extension Ground {
    public var json: Value {
        var members: [Value.Member] = [
            .init("allegation", .string(allegation.rawValue)),
            .init("derived", .bool(derived)),
        ]
        if let computation { members.append(.init("computation", .string(computation))) }
        members.append(.init("provisions", .array(provisions.map(Value.string))))
        members.append(.init("facts", .array(facts.map(Value.string))))
        members.append(.init("strength", .string(strength.rawValue)))
        members.append(.init("rule", .string(rule)))
        if let details { members.append(.init("details", .string(details))) }
        if let note { members.append(.init("note", .string(note))) }
        return .object(members)
    }
}

extension RuleBook {
    /// The rules table as text, for `habeas rules`.
    public static func text() -> String {
        var out = "Habeas assessment rules: allegation → category (strength), provisions, source\n"
        out += "A category is `indicated` when a sufficient ground is present, `possible` with supporting grounds only.\n"
        for category in Category.allCases {
            out += "\nCategory \(category.rawValue)\n"
            for row in rows where row.category == category {
                out += "  \(row.id)\n"
                out += "    \(row.derivedWhen == nil ? "typed" : "derived"): \(row.allegation.rawValue) — \(row.strength.rawValue)"
                out += row.needsCriminalProceedings ? " (sufficient only in criminal proceedings)\n" : "\n"
                if let when = row.derivedWhen { out += "    when: \(when)\n" }
                let provisions = row.provisions.isEmpty && row.allegation == .exerciseOfRights
                    ? rightProvisions.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue): \($0.value.joined(separator: ", "))" }
                    : row.provisions
                out += "    provisions: \(provisions.joined(separator: "; "))\n"
                out += "    source: \(row.citation)\n"
            }
        }
        out += "\nStates treated as not party to the ICCPR (UDHR only): \(notPartyToICCPR.sorted().joined(separator: ", "))\n"
        out += TreatyTable.text
        out += Remedies.referralText
        return out
    }

    public static var json: Value {
        .array(rows.map { row in
            .object([
                .init("id", .string(row.id)),
                .init("allegation", .string(row.allegation.rawValue)),
                .init("category", .string(row.category.rawValue)),
                .init("strength", .string(row.strength.rawValue)),
                .init("derivedWhen", row.derivedWhen.map(Value.string) ?? .null),
                .init("provisions", .array(row.provisions.map(Value.string))),
                .init("citation", .string(row.citation)),
                .init("criminalProceedingsOnly", .bool(row.needsCriminalProceedings)),
            ])
        })
    }
}
