/// What to ask for, chosen from the grounds (docs/legal/categories.md, "Remedies the Working Group usually
/// asks for" [O]; referrals under A/HRC/36/38 para 33(a) [O]; docs/legal/referrals.md).
enum Remedies {
    /// The fixed sentences below (remedies and thematic mandates), by their English text.
    static let phrases: Phrasebook = {
        var book = Phrasebook()
        let remedies: [(String, String)] = [
            ("Release the person immediately and unconditionally.", "remedy.release"),
            ("Lift every condition imposed on the release, including any travel ban, reporting duty or restriction of movement.", "remedy.liftConditions"),
            ("Quash the conviction and expunge the criminal record resulting from the arbitrary detention.", "remedy.quash"),
            ("Accord the person an enforceable right to compensation and other reparations, in accordance with international law (Deliberation No. 10).", "remedy.compensation"),
            ("Ensure a full and independent investigation of the circumstances of the arbitrary deprivation of liberty and take appropriate measures against those responsible.", "remedy.investigation"),
            ("Bring the laws applied in this case into conformity with the State's international obligations.", "remedy.laws"),
            ("Ensure that immigration detention is a measure of last resort, individually assessed, limited by law and subject to automatic, periodic judicial review (Revised Deliberation No. 5).", "remedy.immigration"),
            ("Disseminate the opinion through all available means, as widely as possible.", "remedy.disseminate"),
            ("Report on the follow-up given to the opinion within six months of its transmission (A/HRC/36/38 para 20).", "remedy.followUp"),
        ]
        for (english, key) in remedies { book.say(english, key) }
        for row in table { book.say(row.mandate, "mandate." + row.key) }
        return book
    }()

    static func requested(file: CaseFile, assessment: Assessment, ongoing: Bool) -> [String] {
        guard !assessment.indicatedCategories.isEmpty else { return [] }
        let allegations = Set(assessment.categories.flatMap(\.grounds).map(\.allegation))
        let facts = assessment.derived
        var remedies: [String] = []
        if ongoing { remedies.append("Release the person immediately and unconditionally.") }
        // A conditional release leaves restrictions that flow from the arbitrary detention.
        if !ongoing, let end = facts.end, end.event.type == .release, end.event.conditional == true {
            remedies.append("Lift every condition imposed on the release, including any travel ban, reporting duty or restriction of movement.")
        }
        if facts.events.contains(where: { $0.event.type == .verdict && $0.event.outcome == VerdictOutcome.convicted.rawValue }) {
            remedies.append("Quash the conviction and expunge the criminal record resulting from the arbitrary detention.")
        }
        remedies.append("Accord the person an enforceable right to compensation and other reparations, in accordance with international law (Deliberation No. 10).")
        remedies.append("Ensure a full and independent investigation of the circumstances of the arbitrary deprivation of liberty and take appropriate measures against those responsible.")
        if allegations.contains(.vagueLaw) || assessment.finding(for: .II).finding == .indicated {
            remedies.append("Bring the laws applied in this case into conformity with the State's international obligations.")
        }
        if assessment.finding(for: .IV).finding == .indicated {
            remedies.append("Ensure that immigration detention is a measure of last resort, individually assessed, limited by law and subject to automatic, periodic judicial review (Revised Deliberation No. 5).")
        }
        remedies.append("Disseminate the opinion through all available means, as widely as possible.")
        remedies.append("Report on the follow-up given to the opinion within six months of its transmission (A/HRC/36/38 para 20).")
        return remedies
    }

    /// What a referral looks at.
    struct Situation {
        let file: CaseFile
        let allegations: Set<AllegationType>
        let rights: Set<Right>
        let grounds: Set<DiscriminationGround>
        let profile: Set<Profile>
        let categoryIV: Bool
        let deathSentence: Bool
    }

    /// One row of the referral table: a mandate, when it applies (in words, for `habeas rules`),
    /// and the test. Mandates are those of the Human Rights Council (titles as on OHCHR's list of
    /// special procedures [U: titles change on renewal; check]).
    struct Referral: Sendable {
        /// The mandate's catalogue key (`mandate.<key>`).
        let key: String
        let mandate: String
        let when: String
        let applies: @Sendable (Situation) -> Bool
    }

    static let table: [Referral] = [
        Referral(key: "torture", mandate: "Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment",
                 when: "ill-treatment or a coerced confession") { !$0.allegations.isDisjoint(with: [.illTreatment, .coercedConfession]) },
        Referral(key: "disappearances", mandate: "Working Group on Enforced or Involuntary Disappearances",
                 when: "undisclosed location or enforced disappearance") { $0.allegations.contains(.undisclosedLocation) || $0.file.deprivation.kind == .enforcedDisappearance },
        Referral(key: "executions", mandate: "Special Rapporteur on extrajudicial, summary or arbitrary executions",
                 when: "a death sentence") { $0.deathSentence },
        Referral(key: "judges", mandate: "Special Rapporteur on the independence of judges and lawyers",
                 when: "a tribunal not independent, counsel not of choice, or the person is a lawyer") {
            !$0.allegations.isDisjoint(with: [.tribunalNotIndependent, .counselNotOfChoice]) || $0.profile.contains(.lawyer)
        },
        Referral(key: "expression", mandate: "Special Rapporteur on the promotion and protection of the right to freedom of opinion and expression",
                 when: "exercise of the right to expression") { $0.rights.contains(.expression) },
        Referral(key: "assembly", mandate: "Special Rapporteur on the rights to freedom of peaceful assembly and of association",
                 when: "exercise of the rights of peaceful assembly or association") { !$0.rights.isDisjoint(with: [.peacefulAssembly, .association]) },
        Referral(key: "defenders", mandate: "Special Rapporteur on the situation of human rights defenders",
                 when: "defending human rights, or a human rights defender") { $0.rights.contains(.defendHumanRights) || $0.profile.contains(.humanRightsDefender) },
        Referral(key: "religion", mandate: "Special Rapporteur on freedom of religion or belief",
                 when: "religion as the right exercised or the ground of discrimination") { $0.rights.contains(.religion) || $0.grounds.contains(.religion) },
        Referral(key: "migrants", mandate: "Special Rapporteur on the human rights of migrants",
                 when: "Category IV indicated") { $0.categoryIV },
        Referral(key: "health", mandate: "Special Rapporteur on the right of everyone to the enjoyment of the highest attainable standard of physical and mental health",
                 when: "medical care denied or health at risk") { !$0.allegations.isDisjoint(with: [.deniedMedicalCare, .healthAtRisk]) },
        Referral(key: "minorities", mandate: "Special Rapporteur on minority issues",
                 when: "an ethnic or religious minority, minority culture, or discrimination on ethnic origin or language") {
            !$0.profile.isDisjoint(with: [.ethnicMinority, .religiousMinority]) || $0.rights.contains(.minorityCulture)
                || !$0.grounds.isDisjoint(with: [.ethnicOrigin, .language])
        },
        Referral(key: "sogi", mandate: "Independent Expert on protection against violence and discrimination based on sexual orientation and gender identity",
                 when: "an LGBTI person, or discrimination on sexual orientation") { $0.profile.contains(.lgbti) || $0.grounds.contains(.sexualOrientation) },
        Referral(key: "disability", mandate: "Special Rapporteur on the rights of persons with disabilities",
                 when: "a person with disability, or discrimination on disability") { $0.profile.contains(.personWithDisability) || $0.grounds.contains(.disability) },
        // The charge's words are a reason to consider the mandate, never a finding.
        Referral(key: "terrorism", mandate: "Special Rapporteur on the promotion and protection of human rights and fundamental freedoms while countering terrorism",
                 when: "a charge under counter-terrorism or extremism law (to consider)") { situation in
            situation.file.charges.contains { charge in
                let text = (charge.label + " " + (charge.law ?? "")).lowercased()
                return text.contains("terror") || text.contains("extremis")
            }
        },
    ]

    /// Country mandates of the Human Rights Council (docs/legal/referrals.md [U: renewed yearly; check]).
    static let countryMandates: [String: String] = [
        "AF": "Special Rapporteur on the situation of human rights in Afghanistan",
        "BY": "Special Rapporteur on the situation of human rights in Belarus",
        "BI": "Special Rapporteur on the situation of human rights in Burundi",
        "KH": "Special Rapporteur on the situation of human rights in Cambodia",
        "CF": "Independent Expert on the situation of human rights in the Central African Republic",
        "KP": "Special Rapporteur on the situation of human rights in the Democratic People's Republic of Korea",
        "ER": "Special Rapporteur on the situation of human rights in Eritrea",
        "IR": "Special Rapporteur on the situation of human rights in the Islamic Republic of Iran",
        "MM": "Special Rapporteur on the situation of human rights in Myanmar",
        "RU": "Special Rapporteur on the situation of human rights in the Russian Federation",
        "SO": "Independent Expert on the situation of human rights in Somalia",
    ]

    static func referrals(file: CaseFile, grounds: [Ground], categoryIV: Bool = false) -> [String] {
        let situation = Situation(
            file: file, allegations: Set(grounds.map(\.allegation)).union(file.allegations.map(\.type)), rights: Set(file.allegations.compactMap(\.right)),
            grounds: Set(file.allegations.compactMap(\.ground)), profile: Set(file.person.profile), categoryIV: categoryIV,
            deathSentence: file.timeline.contains { $0.type == .verdict && $0.sentence == "death" })
        var referrals = table.filter { $0.applies(situation) }.map(\.mandate)
        if let country = countryMandates[file.state] { referrals.append(country) }
        return referrals
    }

    static var referralText: String {
        var out = "\nReferrals (A/HRC/36/38 para 33(a)): mandate — when\n"
        for row in table { out += "  \(row.mandate) — \(row.when)\n" }
        out += "  Country mandates: " + countryMandates.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ") + "\n"
        return out
    }

    /// Safeguards at arrest the timeline can show or leave open (docs/legal/referrals.md): informed of the
    /// charges promptly (ICCPR art. 9(2)), family notified (Body of Principles, principle 16),
    /// consular access for a foreign national (Vienna Convention on Consular Relations art. 36).
    static func safeguards(file: CaseFile, facts: DerivedFacts, criminal: Bool, phrases: inout Phrasebook) -> [String] {
        guard let start = facts.start else { return [] }
        var result: [String] = []
        // For a State not party to the ICCPR the same safeguard is stated by the Body of Principles.
        let charges = TreatyTable.binding("ICCPR art. 9(2)", state: file.state) == false ? "Body of Principles, principle 10" : "ICCPR art. 9(2)"
        if criminal {
            if let informed = facts.events.first(where: { $0.event.type == .informedOfCharges && !$0.event.date.isBefore(start.event.date) }) {
                let span = Span(from: start.event.date, to: informed.event.date)
                result.append(phrases.say("Informed of the charges on \(informed.event.date), \(span.inWords) after the arrest (\(charges): promptly).",
                                          "safeguard.informed", ["date": .date(informed.event.date), "length": .span(span), "provision": .text(charges)]))
            } else {
                result.append(phrases.say("No `informed-of-charges` event: when was the person told of the charges (\(charges): promptly)?",
                                          "safeguard.notInformed", ["provision": .text(charges)]))
            }
        }
        if let family = facts.withoutFamilyContact, case .event(let contact) = family.ending {
            result.append(phrases.say("First contact with the family on \(contact.event.date), \(family.span.inWords) after the arrest (Body of Principles, principles 16 and 19).",
                                      "safeguard.family", ["date": .date(contact.event.date), "length": .span(family.span)]))
        } else if facts.withoutFamilyContact == nil {
            result.append(phrases.say("No `family-contact` event: was the family told of the arrest and the place of detention, and when (Body of Principles, principle 16)?", "safeguard.noFamilyEvent"))
        } else if let family = facts.withoutFamilyContact {
            result.append(phrases.say("No contact with the family for \(family.figure) (Body of Principles, principles 16 and 19).", "safeguard.noFamily", ["figure": family.figureArgument]))
        }
        let foreign = file.person.nationalities.filter { $0 != file.state }
        if !foreign.isEmpty, !file.person.nationalities.contains(file.state) {
            result.append(phrases.say("The person is a national of \(foreign.joined(separator: ", ")): were the consular authorities informed without delay and was consular access granted (Vienna Convention on Consular Relations art. 36(1)(b))?",
                                      "safeguard.consular", ["states": .text(foreign.joined(separator: ", "))]))
        }
        return result
    }
}
