/// Orders of Working Group procedure events that cannot happen (docs/legal/working-group-procedure.md §10):
/// a reply before the transmission, an opinion transmitted before it was adopted, two adoptions
/// without a review, a second extension (A/HRC/36/38 para 16: one extension only).
/// A missing earlier event is not an error: a case file records what the source knows, and the
/// source often learns of a transmission or an adoption only from what follows it. A reply with no
/// transmission recorded is incomplete, not impossible; only a transmission dated after it is.
enum ProcedureConsistency {
    static func issues(_ events: [ProcedureEvent]) -> [CaseIssue] {
        var issues: [CaseIssue] = []
        func add(_ index: Int, _ message: String) {
            issues.append(CaseIssue(line: nil, path: "procedure[\(index)].type", message: message))
        }
        func first(_ type: ProcedureType) -> (Int, ProcedureEvent)? {
            events.enumerated().first { $0.element.type == type }.map { ($0.offset, $0.element) }
        }
        /// `event` must not come before the first `anchor`, when the anchor is recorded.
        func requires(_ type: ProcedureType, after anchor: ProcedureType, what: String) {
            guard let (j, anchorEvent) = first(anchor) else { return }
            for (i, event) in events.enumerated() where event.type == type && event.date.isBefore(anchorEvent.date) {
                add(i, "\(type.rawValue) on \(event.date) is before \(anchor.rawValue) on \(anchorEvent.date) (procedure[\(j)]): \(what)")
            }
        }
        requires(.governmentReply, after: .transmittedToGovernment, what: "the Government replies to a transmitted communication")
        requires(.extensionRequested, after: .transmittedToGovernment, what: "an extension extends the reply period of a transmitted communication")
        requires(.extensionGranted, after: .transmittedToGovernment, what: "an extension extends the reply period of a transmitted communication")
        requires(.replySentToSource, after: .governmentReply, what: "only a Government reply can be sent to the source")
        requires(.opinionTransmitted, after: .opinionAdopted, what: "an opinion is transmitted after it is adopted")
        requires(.reviewRequested, after: .opinionAdopted, what: "a review concerns an adopted opinion")
        requires(.followUpSubmitted, after: .opinionAdopted, what: "follow-up concerns an adopted opinion")

        let adoptions = events.enumerated().filter { $0.element.type == .opinionAdopted }
        for (previous, next) in zip(adoptions, adoptions.dropFirst()) {
            let reviewed = events.contains { $0.type == .reviewRequested && !$0.date.isBefore(previous.element.date) && $0.date.isOnOrBefore(next.element.date) }
            if !reviewed {
                add(next.offset, "a second opinion-adopted (\(next.element.date)) after the one of \(previous.element.date) (procedure[\(previous.offset)]); only a review (`review-requested`) leads to a revised opinion")
            }
        }
        let grants = events.enumerated().filter { $0.element.type == .extensionGranted }
        for extra in grants.dropFirst() {
            add(extra.offset, "a second extension-granted: the Government may have one extension only (A/HRC/36/38 para 16)")
        }
        for (i, event) in events.enumerated() where event.type == .opinionAdopted {
            if let arbitrary = event.arbitrary, let categories = event.categories {
                if arbitrary && categories.isEmpty {
                    issues.append(CaseIssue(line: nil, path: "procedure[\(i)].categories", message: "an opinion that finds the detention arbitrary names at least one category"))
                } else if !arbitrary && !categories.isEmpty {
                    issues.append(CaseIssue(line: nil, path: "procedure[\(i)].categories", message: "an opinion that finds the detention not arbitrary names no category"))
                }
            }
        }
        return issues
    }
}
