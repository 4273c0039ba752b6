import HabeasStore

/// Lists, searches, counts and charts through these only: they keep to the cases of the signed-in
/// user's teams (every case for an admin), so a search never reveals a case its user may not open.
/// With no one signed in they find nothing (fail closed), though no route that lists runs then.
extension CaseStore {
    func visibleSearch(_ query: CaseQuery) async throws -> CasePage {
        var query = query
        query.teams = Self.visibleTeams
        return try await search(query)
    }

    func visibleFacets() async throws -> CaseFacets {
        try await facets(includeDeleted: false, teams: Self.visibleTeams)
    }

    func visibleFacets(group: String?) async throws -> CaseFacets {
        try await facets(includeDeleted: false, teams: Self.visibleTeams, group: group)
    }

    func visibleDetentionFacets(group: String?) async throws -> DetentionFacets {
        try await detentionFacets(includeDeleted: false, teams: Self.visibleTeams, group: group)
    }

    func visibleGroupCounts() async throws -> [String: Int] {
        try await groupMemberCounts(includeDeleted: false, teams: Self.visibleTeams)
    }

    private static var visibleTeams: [Int64]? {
        guard let user = SignedIn.current else { return [] }
        return user.visibleTeams
    }
}

/// A case belongs to the teams of whoever creates it; an admin's new case belongs to no team
/// until an admin gives it one (`/admin/users`).
enum CaseOwnership {
    /// A lawyer in no team could create a case and then not open it: refused first, with why.
    static func checkCanCreate() throws {
        guard let user = SignedIn.current, user.account.role != .admin else { return }
        guard !user.teams.isEmpty else {
            throw APIError(.forbidden, "you belong to no team, so a case you create would be hidden from you: ask an admin to add you to one")
        }
    }

    static func giveCreatorsTeams(_ caseID: String, accounts: any AccountStore) async throws {
        guard let user = SignedIn.current, user.account.role != .admin else { return }
        for team in user.teams { try await accounts.assignCase(caseID, to: team) }
    }
}

/// How pages name and link a case: by its title and id, or, for a viewer, by its reference
/// (`CaseStore.reference(of:)`), since ids and titles often carry the person's name.
enum CaseLabel {
    static var redacting: Bool { SignedIn.current?.account.role == .viewer }

    /// "Case ABCD-EFGH": the first eight letters of the reference, enough to tell cases apart.
    static func short(_ reference: String) -> String {
        let letters = reference.dropFirst()
        return "Case " + letters.prefix(4) + "-" + letters.dropFirst(4).prefix(4)
    }

    static func title(id: String, title: String, state: String, store: any CaseStore) throws -> String {
        redacting ? "\(short(try store.reference(of: id))) (\(state))" : title
    }

    static func href(id: String, store: any CaseStore) throws -> String {
        Route.caseShow(redacting ? try store.reference(of: id) : id).path
    }
}
