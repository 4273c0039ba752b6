import HabeasStore

/// What the server adds to the audit trail besides the store's own entries (every write is
/// recorded by the store, in the write's transaction): sign-in steps, permission changes and
/// reads. An entry names who (the signed-in user, or the account a sign-in tried), when (the
/// store's clock), the case (by row key) and what, never a password or case content.
extension CaseStore {
    func audit(_ action: AuditEntry.Action, case caseID: String? = nil, actor: String? = nil, _ detail: String) async throws {
        try await recordAudit(action: action, caseID: caseID, actor: actor ?? SignedIn.current?.account.name ?? "anonymous", detail: detail)
    }
}
