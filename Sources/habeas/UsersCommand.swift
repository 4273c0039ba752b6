import ArgumentParser
import Foundation
import HabeasServer
import HabeasStore

/// `habeas users …`: accounts from the command line, for the first admin and for scripts. Works
/// on the database directly, so whoever can run it on the server's machine can already read the
/// database file.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list, disable and reset users; add and revoke their API tokens.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self, Token.self]
    )

    /// A generated password: 20 characters of an alphabet without look-alikes (about 100 bits).
    static func generatedPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return stride(from: 0, to: 20, by: 5).map { String(chars[$0..<$0 + 5]) }.joined(separator: "-")
    }

    /// The password from standard input (first line), or a generated one to print once.
    static func password(fromStandardInput: Bool) throws -> (String, generated: Bool) {
        guard fromStandardInput else { return (generatedPassword(), true) }
        let line = readLine(strippingNewline: true) ?? ""
        do {
            try Credentials.check(password: line)
        } catch {
            Console.error("habeas users: \(error)")
            throw ExitCode(2)
        }
        return (line, false)
    }

    static func require(_ name: String, in store: SQLCaseStore) async throws -> Account {
        guard let user = try await store.user(named: name) else {
            Console.error("habeas users: no user `\(name)`")
            throw ExitCode(1)
        }
        return user
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user. The password is generated and printed once, or read from standard input with --password-stdin.",
            discussion: "An admin sets up a second factor (TOTP) at the first sign-in.")

        @OptionGroup var database: DatabaseOption
        @Argument(help: "The name: lower-case letters, digits, . _ - @ (up to 64).") var name: String
        @Flag(help: "Make the user an admin (same as --role admin).") var admin = false
        @Option(help: "admin, lawyer, researcher or viewer.") var role: String = "researcher"
        @Option(help: "A team to add the user to (created if new); repeatable.") var team: [String] = []
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            guard let role = admin ? Role.admin : Role(rawValue: role) else {
                Console.error("habeas users add: --role is one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitCode(2)
            }
            let (password, generated) = try UsersCommand.password(fromStandardInput: passwordStdin)
            try await database.withStore { store in
                let user: Account
                do {
                    user = try await store.createUser(name: name, role: role, passwordHash: try Credentials().hash(password: password))
                    for name in team {
                        var team = try await store.team(named: name)
                        if team == nil { team = try await store.createTeam(name: name) }
                        guard let team else { continue }
                        try await store.addMember(user.id, to: team.id)
                    }
                } catch let error as StoreError {
                    Console.error("habeas users add: \(error)")
                    throw ExitCode(1)
                }
                try await store.recordAudit(action: .permissionChange, caseID: nil, actor: DatabaseOption.operatorName,
                                            detail: "user \(user.name) added as \(role.rawValue)" + (team.isEmpty ? "" : " in \(team.joined(separator: ", "))"))
                Console.out("Added \(user.name) (\(user.role.rawValue)).")
                if generated { Console.out("Password (shown only now): \(password)") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users: name, role, teams, second factor, state, live API tokens.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await database.withStore { store in
                let now = Date()
                for user in try await store.users() {
                    let teams = try await store.teams(of: user.id).map(\.name).joined(separator: ",")
                    let tokens = try await store.tokens(of: user.id).filter { $0.revokedAt == nil }
                    let state = user.disabled ? "disabled" : user.isLocked(at: now) ? "locked" : "active"
                    Console.out("\(user.name)\t\(user.role.rawValue)\tteams: \(teams.isEmpty ? "-" : teams)\t2fa: \(user.totpSecret == nil ? "no" : "yes")\t\(state)\ttokens: \(tokens.map { "\($0.id)(\($0.scope.rawValue))" }.joined(separator: ",").isEmpty ? "-" : tokens.map { "\($0.id)(\($0.scope.rawValue))" }.joined(separator: ","))")
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: they cannot sign in, and their sessions and tokens are revoked.")
        @OptionGroup var database: DatabaseOption
        @Argument var name: String

        func run() async throws {
            try await database.withStore { store in
                try await store.setDisabled(true, of: try await UsersCommand.require(name, in: store).id)
                try await store.recordAudit(action: .permissionChange, caseID: nil, actor: DatabaseOption.operatorName, detail: "\(name) disabled")
                Console.out("Disabled \(name); their sessions and tokens are revoked.")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user again.")
        @OptionGroup var database: DatabaseOption
        @Argument var name: String

        func run() async throws {
            try await database.withStore { store in
                try await store.setDisabled(false, of: try await UsersCommand.require(name, in: store).id)
                try await store.recordAudit(action: .permissionChange, caseID: nil, actor: DatabaseOption.operatorName, detail: "\(name) enabled")
                Console.out("Enabled \(name).")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Set a new password (generated and printed once, or from standard input); unlocks the account and signs it out everywhere.")
        @OptionGroup var database: DatabaseOption
        @Argument var name: String
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
        @Flag(help: "Also remove the second factor (a lost authenticator and lost recovery codes).") var resetSecondFactor = false

        func run() async throws {
            let (password, generated) = try UsersCommand.password(fromStandardInput: passwordStdin)
            try await database.withStore { store in
                let user = try await UsersCommand.require(name, in: store)
                try await store.setPasswordHash(try Credentials().hash(password: password), of: user.id)
                if resetSecondFactor { try await store.setSecondFactor(secret: nil, recoveryCodeHashes: [], of: user.id) }
                try await store.revokeSessions(of: user.id, at: Date())
                try await store.recordAudit(action: .permissionChange, caseID: nil, actor: DatabaseOption.operatorName,
                                            detail: "password of \(name) reset" + (resetSecondFactor ? ", second factor removed" : "") + "; their sessions signed out")
                Console.out("The password of \(name) is reset; their sessions are revoked.")
                if generated { Console.out("Password (shown only now): \(password)") }
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "API tokens: `Authorization: Bearer TOKEN`.", subcommands: [TokenAdd.self, TokenRevoke.self])
    }

    struct TokenAdd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an API token for a user and print it once (only its hash is kept).")
        @OptionGroup var database: DatabaseOption
        @Argument var name: String
        @Option(help: "read (GET only) or write.") var scope: String = "read"
        @Option(help: "What the token is for (up to 100 characters).") var label: String = ""
        @Flag(help: "Print only the token (for scripts).") var quiet = false

        func run() async throws {
            guard let scope = APIToken.Scope(rawValue: scope) else {
                Console.error("habeas users token add: --scope is read or write")
                throw ExitCode(2)
            }
            try await database.withStore { store in
                let user = try await UsersCommand.require(name, in: store)
                let token = Credentials.newToken(prefix: "habeas_")
                let record: APIToken
                do {
                    record = try await store.createToken(hash: Credentials.hashToken(token), userID: user.id, scope: scope, label: label)
                } catch let error as StoreError {
                    Console.error("habeas users token add: \(error)")
                    throw ExitCode(1)
                }
                try await store.recordAudit(action: .permissionChange, caseID: nil, actor: DatabaseOption.operatorName,
                                            detail: "API token \(record.id) (\(scope.rawValue)) added for \(user.name)")
                if quiet {
                    Console.out(token)
                } else {
                    Console.out("Token \(record.id) for \(user.name) (\(scope.rawValue)), shown only now:\n\(token)")
                }
            }
        }
    }

    struct TokenRevoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an API token by its number (see `habeas users list`).")
        @OptionGroup var database: DatabaseOption
        @Argument var id: Int64

        func run() async throws {
            try await database.withStore { store in
                do {
                    try await store.revokeToken(id: id, at: Date())
                } catch let error as StoreError {
                    Console.error("habeas users token revoke: \(error)")
                    throw ExitCode(1)
                }
                try await store.recordAudit(action: .permissionChange, caseID: nil, actor: DatabaseOption.operatorName, detail: "API token \(id) revoked")
                Console.out("Token \(id) is revoked.")
            }
        }
    }
}
