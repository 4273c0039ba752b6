import Foundation
import HabeasStore
import Hummingbird

/// `/admin/users`: add users, set roles and teams, reset passwords, disable, revoke sessions, and
/// give teams cases. Admins only (`Access.admin`).
enum UsersPage {
    struct Option {
        var value: String
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
    }
    struct Model {
        var rows: [Row]
        var roles: [Option]
        var action = Route.users.path
        var message: String?
        var notice: String?
    }

    static func roles(_ selected: Role) -> [Option] { Role.allCases.map { Option(value: $0.rawValue, selected: $0 == selected) } }

    static func build(accounts: any AccountStore, now: Date, message: String? = nil, notice: String? = nil) async throws -> Model {
        var rows: [Row] = []
        for user in try await accounts.users() {
            let teams = try await accounts.teams(of: user.id).map(\.name).joined(separator: ", ")
            let state = user.disabled ? "disabled" : user.isLocked(at: now) ? "locked" : "active"
            rows.append(Row(id: user.id, name: user.name, role: user.role.rawValue, teams: teams.isEmpty ? "—" : teams,
                            secondFactor: user.totpSecret == nil ? "none" : "set up", state: state, action: Route.user(user.id).path,
                            roles: roles(user.role), toggle: user.disabled ? "enable" : "disable",
                            toggleLabel: user.disabled ? "Enable" : "Disable"))
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
        return try renderer.render(model, title: "Users", request: request, section: .none, status: status)
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
            return try await page(notice: "The team \(teamName) now has the case \(caseID).", request)
        }
        let name = form["name"].trimmingCharacters(in: .whitespaces).lowercased()
        guard let role = Role(rawValue: form["role"]) else { return try await page(message: "Choose a role.", request, status: .badRequest) }
        do {
            let user = try await accounts.createUser(name: name, role: role, passwordHash: try settings.credentials.hash(password: form["password"]))
            let teamName = form["team"].trimmingCharacters(in: .whitespaces)
            if !teamName.isEmpty { try await accounts.addMember(user.id, to: try await team(teamName).id) }
            try await accounts.audit(.permissionChange, "user \(name) added as \(role.rawValue)" + (teamName.isEmpty ? "" : " in the team \(teamName)"))
        } catch let error as StoreError {
            return try await page(message: error.description, request, status: .badRequest)
        } catch let error as Credentials.WeakPassword {
            return try await page(message: error.description, request, status: .badRequest)
        }
        return try await page(notice: "The user \(name) was added.", request)
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
                guard let role = Role(rawValue: form["role"]) else { throw WebError.badRequest("Choose a role.") }
                // The last word on roles stays with someone: an admin cannot demote themself.
                guard id != me || role == .admin else { throw WebError.badRequest("You cannot take the admin role from yourself.") }
                try await accounts.setRole(role, of: id)
                try await accounts.revokeSessions(of: id, at: now)
                what = "role of \(user.name) set to \(role.rawValue) (was \(user.role.rawValue)); their sessions signed out"
            case "join":
                let teamName = form["team"].trimmingCharacters(in: .whitespaces)
                try await accounts.addMember(id, to: try await team(teamName).id)
                what = "\(user.name) added to the team \(teamName)"
            case "leave":
                guard let team = try await accounts.team(named: form["team"].trimmingCharacters(in: .whitespaces)) else {
                    throw WebError.badRequest("There is no team of that name.")
                }
                try await accounts.removeMember(id, from: team.id)
                what = "\(user.name) removed from the team \(team.name)"
            case "password":
                try await accounts.setPasswordHash(try settings.credentials.hash(password: form["password"]), of: id)
                try await accounts.revokeSessions(of: id, at: now)
                what = "password of \(user.name) reset; their sessions signed out"
            case "disable":
                guard id != me else { throw WebError.badRequest("You cannot disable yourself.") }
                try await accounts.setDisabled(true, of: id)
                what = "\(user.name) disabled"
            case "enable":
                try await accounts.setDisabled(false, of: id)
                what = "\(user.name) enabled"
            case "revoke":
                try await accounts.revokeSessions(of: id, at: now)
                what = "sessions of \(user.name) signed out"
            default:
                throw WebError.badRequest("Choose what to change.")
            }
            try await accounts.audit(form["do"] == "revoke" ? .signOut : .permissionChange, what)
        } catch let error as StoreError {
            return try await page(message: error.description, request, status: .badRequest)
        } catch let error as Credentials.WeakPassword {
            return try await page(message: error.description, request, status: .badRequest)
        }
        return try await page(notice: "\(user.name): done.", request)
    }
}
