import Foundation
import HabeasStore
import Hummingbird

/// `/admin/users`: add users, set roles and teams, reset passwords, disable, revoke sessions, and
/// give teams cases. Admins only (`Access.admin`).
enum UsersPage {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }
    struct Row {
        var id: Int64
        var name: String
        var role: String
        var teams: String
        var secondFactor: String
        var state: String
        var action: String
        var roles: [Option]
        var toggle: String
        var toggleLabel: String
        /// "Role: … · Teams: … · Second factor: … · State: …" in the interface language.
        var summary: String
    }
    struct Model {
        var rows: [Row]
        var roles: [Option]
        var action = Route.users.path
        var message: String?
        var notice: String?
    }

    static func roles(_ selected: Role) -> [Option] { Role.allCases.map { Option(value: $0.rawValue, label: AccountPage.role($0), selected: $0 == selected) } }

    static func build(accounts: any AccountStore, now: Date, message: String? = nil, notice: String? = nil) async throws -> Model {
        var rows: [Row] = []
        for user in try await accounts.users() {
            let teams = try await accounts.teams(of: user.id).map(\.name).joined(separator: ", ")
            let l = Interface.localizer
            let state = l.text(user.disabled ? "users.state.disabled" : user.isLocked(at: now) ? "users.state.locked" : "users.state.active")
            let secondFactor = l.text(user.totpSecret == nil ? "users.secondFactor.none" : "users.secondFactor.set")
            let teamList = teams.isEmpty ? "—" : teams
            rows.append(Row(id: user.id, name: user.name, role: user.role.rawValue, teams: teamList,
                            secondFactor: secondFactor, state: state, action: Route.user(user.id).path,
                            roles: roles(user.role), toggle: user.disabled ? "enable" : "disable",
                            toggleLabel: l.text(user.disabled ? "users.enable" : "users.disable"),
                            summary: l.text("users.summary", ["role": AccountPage.role(user.role), "teams": teamList, "secondFactor": secondFactor, "state": state])))
        }
        return Model(rows: rows, roles: roles(.researcher), message: message, notice: notice)
    }
}

struct UsersController: Sendable {
    /// Accounts, and the audit trail every permission change is recorded in.
    let accounts: any CaseStore & AccountStore
    let settings: AccountSettings
    let renderer: PageRenderer

    func register(on web: RouterGroup<AppRequestContext>) {
        web.get(Route.users.routerPath, use: list)
        web.post(Route.users.routerPath, use: add)
        web.post(Route.user(0).routerPath, use: change)
    }

    private func page(message: String? = nil, notice: String? = nil, _ request: Request, status: HTTPResponse.Status = .ok) async throws -> Response {
        let model = try await UsersPage.build(accounts: accounts, now: settings.now(), message: message, notice: notice)
        return try renderer.render(model, title: Interface.localizer.text("users.title"), request: request, section: .none, status: status)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request)
    }

    private func readForm(_ request: Request, _ context: AppRequestContext) async throws -> FormData {
        let form = try await FormData.read(request, context: context)
        try renderer.csrf.check(form, request)
        return form
    }

    /// The team of that name, created if new.
    private func team(_ name: String) async throws -> Team {
        if let team = try await accounts.team(named: name) { return team }
        return try await accounts.createTeam(name: name)
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await readForm(request, context)
        if form["do"] == "assign" {
            let caseID = form["case"].trimmingCharacters(in: .whitespaces)
            let teamName = form["team"].trimmingCharacters(in: .whitespaces)
            do {
                try await accounts.assignCase(caseID, to: try await team(teamName).id)
                try await accounts.audit(.permissionChange, case: caseID, "case given to the team \(teamName)")
            } catch let error as StoreError {
                return try await page(message: error.description, request, status: .badRequest)
            }
            return try await page(notice: Interface.localizer.text("users.assigned", ["team": teamName, "case": caseID]), request)
        }
        let name = form["name"].trimmingCharacters(in: .whitespaces).lowercased()
        guard let role = Role(rawValue: form["role"]) else { return try await page(message: Interface.localizer.text("users.chooseRole"), request, status: .badRequest) }
        do {
            let user = try await accounts.createUser(name: name, role: role, passwordHash: try settings.credentials.hash(password: form["password"]))
            let teamName = form["team"].trimmingCharacters(in: .whitespaces)
            if !teamName.isEmpty { try await accounts.addMember(user.id, to: try await team(teamName).id) }
            try await accounts.audit(.permissionChange, "user \(name) added as \(role.rawValue)" + (teamName.isEmpty ? "" : " in the team \(teamName)"))
        } catch let error as StoreError {
            return try await page(message: error.description, request, status: .badRequest)
        } catch let error as Credentials.WeakPassword {
            return try await page(message: Interface.localizer.text(error.key), request, status: .badRequest)
        }
        return try await page(notice: Interface.localizer.text("users.added", ["name": name]), request)
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await readForm(request, context)
        guard let text = context.parameters.get("user"), text.utf8.count <= 19, let id = Int64(text),
              let user = try await accounts.user(id: id) else { throw WebError.notFound }
        let now = settings.now()
        let me = SignedIn.current?.account.id
        do {
            let what: String
            switch form["do"] {
            case "role":
                guard let role = Role(rawValue: form["role"]) else { throw WebError.badRequest(Interface.localizer.text("users.chooseRole")) }
                // The last word on roles stays with someone: an admin cannot demote themself.
                guard id != me || role == .admin else { throw WebError.badRequest(Interface.localizer.text("users.notYourAdmin")) }
                try await accounts.setRole(role, of: id)
                try await accounts.revokeSessions(of: id, at: now)
                what = "role of \(user.name) set to \(role.rawValue) (was \(user.role.rawValue)); their sessions signed out"
            case "join":
                let teamName = form["team"].trimmingCharacters(in: .whitespaces)
                try await accounts.addMember(id, to: try await team(teamName).id)
                what = "\(user.name) added to the team \(teamName)"
            case "leave":
                guard let team = try await accounts.team(named: form["team"].trimmingCharacters(in: .whitespaces)) else {
                    throw WebError.badRequest(Interface.localizer.text("users.noTeam"))
                }
                try await accounts.removeMember(id, from: team.id)
                what = "\(user.name) removed from the team \(team.name)"
            case "password":
                try await accounts.setPasswordHash(try settings.credentials.hash(password: form["password"]), of: id)
                try await accounts.revokeSessions(of: id, at: now)
                what = "password of \(user.name) reset; their sessions signed out"
            case "disable":
                guard id != me else { throw WebError.badRequest(Interface.localizer.text("users.notYourself")) }
                try await accounts.setDisabled(true, of: id)
                what = "\(user.name) disabled"
            case "enable":
                try await accounts.setDisabled(false, of: id)
                what = "\(user.name) enabled"
            case "revoke":
                try await accounts.revokeSessions(of: id, at: now)
                what = "sessions of \(user.name) signed out"
            default:
                throw WebError.badRequest(Interface.localizer.text("form.chooseWhat"))
            }
            try await accounts.audit(form["do"] == "revoke" ? .signOut : .permissionChange, what)
        } catch let error as StoreError {
            return try await page(message: error.description, request, status: .badRequest)
        } catch let error as Credentials.WeakPassword {
            return try await page(message: Interface.localizer.text(error.key), request, status: .badRequest)
        }
        return try await page(notice: Interface.localizer.text("users.done", ["name": user.name]), request)
    }
}
