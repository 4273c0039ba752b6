/// What to ask for, chosen from the grounds (wgad-categories.md, "Remedies the Working Group usually
/// asks for" [O]; referrals under A/HRC/36/38 para 33(a) [O]).
enum Remedies {
    static func requested(file: CaseFile, assessment: Assessment, ongoing: Bool) -> [String] {
        guard !assessment.indicatedCategories.isEmpty else { return [] }
        let allegations = Set(assessment.categories.flatMap(\.grounds).map(\.allegation))
        var remedies: [String] = []
        if ongoing { remedies.append("Release the person immediately and unconditionally.") }
        remedies.append("Accord the person an enforceable right to compensation and other reparations, in accordance with international law (Deliberation No. 10).")
        remedies.append("Ensure a full and independent investigation of the circumstances of the arbitrary deprivation of liberty and take appropriate measures against those responsible.")
        if allegations.contains(.vagueLaw) || assessment.finding(for: .II).finding == .indicated {
            remedies.append("Bring the laws applied in this case into conformity with the State's international obligations.")
        }
        if assessment.finding(for: .IV).finding == .indicated {
            remedies.append("Ensure that immigration detention is a measure of last resort, individually assessed and subject to judicial review (Revised Deliberation No. 5).")
        }
        remedies.append("Disseminate the opinion through all available means, as widely as possible.")
        remedies.append("Report on the follow-up given to the opinion within six months of its transmission (A/HRC/36/38 para 20).")
        return remedies
    }

    static func referrals(file: CaseFile, grounds: [Ground]) -> [String] {
        let allegations = Set(grounds.map(\.allegation))
        let rights = Set(file.allegations.compactMap(\.right))
        var referrals: [String] = []
        if !allegations.isDisjoint(with: [.illTreatment, .coercedConfession]) {
            referrals.append("Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment")
        }
        if allegations.contains(.undisclosedLocation) || file.deprivation.kind == .enforcedDisappearance {
            referrals.append("Working Group on Enforced or Involuntary Disappearances")
        }
        if !allegations.isDisjoint(with: [.tribunalNotIndependent, .counselNotOfChoice]) || file.person.profile.contains(.lawyer) {
            referrals.append("Special Rapporteur on the independence of judges and lawyers")
        }
        if rights.contains(.expression) {
            referrals.append("Special Rapporteur on the promotion and protection of the right to freedom of opinion and expression")
        }
        if !rights.isDisjoint(with: [.peacefulAssembly, .association]) {
            referrals.append("Special Rapporteur on the rights to freedom of peaceful assembly and of association")
        }
        if rights.contains(.defendHumanRights) || file.person.profile.contains(.humanRightsDefender) {
            referrals.append("Special Rapporteur on the situation of human rights defenders")
        }
        if rights.contains(.religion) {
            referrals.append("Special Rapporteur on freedom of religion or belief")
        }
        return referrals
    }
}
