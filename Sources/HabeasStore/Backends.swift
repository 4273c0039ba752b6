import Foundation
import HabeasKeys
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLiteKit

/// Where cases are kept: parsed once from `--db`, `HABEAS_DB` or the default.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// One file (created if missing), in WAL mode.
    case sqlite(path: String)
    /// A `postgres://user[:password]@host[:port]/database[?tlsmode=…]` URL.
    case postgres(url: String)

    public static let defaultSQLitePath = "habeas.sqlite"
    public static let environmentVariable = "HABEAS_DB"
    /// The conventional name; it wins over `HABEAS_DB`. Keeps a password off the command line.
    public static let urlEnvironmentVariable = "HABEAS_DATABASE_URL"

    public struct InvalidLocation: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Accepts `postgres://…`, `postgresql://…`, `sqlite:///absolute/path`, `sqlite:relative/path`
    /// or a bare file path.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard (try? SQLPostgresConfiguration(url: trimmed)) != nil else {
                throw InvalidLocation(description: "the PostgreSQL URL is not valid: expected postgres://user[:password]@host[:port]/database")
            }
            self = .postgres(url: trimmed)
        } else if trimmed.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw InvalidLocation(description: "sqlite:// needs a path, e.g. sqlite:///var/lib/habeas/cases.sqlite") }
            self = .sqlite(path: path)
        } else if trimmed.hasPrefix("sqlite:") {
            self = .sqlite(path: String(trimmed.dropFirst("sqlite:".count)))
        } else if trimmed.contains("://") {
            throw InvalidLocation(description: "unknown database URL scheme: use postgres://… or sqlite:///path")
        } else if trimmed.isEmpty {
            throw InvalidLocation(description: "the database location is empty")
        } else {
            self = .sqlite(path: trimmed)
        }
    }

    /// `--db` wins over `HABEAS_DATABASE_URL`, then `HABEAS_DB`, then `./habeas.sqlite`. With
    /// `passwordFile`, the PostgreSQL password is read from that file (first line), so it never
    /// has to appear on a command line or in a process list.
    public static func resolve(option: String?, passwordFile: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseLocation {
        let location: DatabaseLocation
        if let option {
            location = try DatabaseLocation(parsing: option)
        } else if let env = environment[urlEnvironmentVariable], !env.isEmpty {
            location = try DatabaseLocation(parsing: env)
        } else if let env = environment[environmentVariable], !env.isEmpty {
            location = try DatabaseLocation(parsing: env)
        } else {
            location = .sqlite(path: defaultSQLitePath)
        }
        guard let passwordFile else { return location }
        guard let data = FileManager.default.contents(atPath: passwordFile), let text = String(data: data, encoding: .utf8) else {
            throw InvalidLocation(description: "\(passwordFile): the password file cannot be read")
        }
        let password = String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        return try location.withPassword(password)
    }

    /// The same PostgreSQL location with `password` in its URL (percent-encoded).
    public func withPassword(_ password: String) throws -> DatabaseLocation {
        guard case .postgres(let url) = self, var components = URLComponents(string: url) else {
            throw InvalidLocation(description: "a password file only applies to a postgres:// database URL")
        }
        guard !password.isEmpty else { throw InvalidLocation(description: "the password file is empty") }
        // Only unreserved characters stay as they are, so the URL parser gives back exactly `password`.
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        components.percentEncodedPassword = password.addingPercentEncoding(withAllowedCharacters: unreserved)
        guard let text = components.string else { throw InvalidLocation(description: "the PostgreSQL URL is not valid") }
        return try DatabaseLocation(parsing: text)
    }

    /// The password a PostgreSQL connection will use, as the driver reads it from the URL.
    var postgresPassword: String? {
        guard case .postgres(let url) = self else { return nil }
        return (try? SQLPostgresConfiguration(url: url))?.coreConfiguration.password
    }

    /// Safe to log: never the password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            if var components = URLComponents(string: url) {
                if components.password != nil { components.password = "***" }
                return components.string ?? "postgres://…"
            }
            return "postgres://…"
        }
    }
}

public enum CaseStores {
    /// Opens a store, runs pending migrations and opens the database's data keys with `master`
    /// (docs/security.md). A database first opened by a version before encryption is sealed by
    /// the encryption migration; a master key that does not open its data keys is an error here, at start.
    /// - Parameter schema: PostgreSQL only: the schema to use (created if missing); tests give each
    ///   run its own.
    public static func open(_ location: DatabaseLocation, schema: String? = nil, master: MasterKey,
                            logger: Logger = Logger(label: "habeas.store")) async throws -> SQLCaseStore {
        let pool = try await self.pool(location, schema: schema, logger: logger)
        do {
            let applied = try await Migrations.run(on: pool, master: master)
            let keys = try await StoreKeys.load(master: master, pool: pool)
            if applied.contains(Migrations.encryption) { try await eraseFreedSpace(pool) }
            let store = SQLCaseStore(pool: pool, keys: keys, logger: logger)
            if pool.flavor == .sqlite {
                // SQLite gathers no statistics by itself: tables that grew or shrank a lot since
                // they were last analysed are analysed now (PostgreSQL's autovacuum does this).
                // Only an optimisation: a database busy with another writer opens all the same.
                try? await pool.withSession { db in
                    try await db.raw("PRAGMA analysis_limit = \(literal: SQLCaseStore.analysisLimit)").run()
                    try await db.raw("PRAGMA optimize = 0x10002").run()
                }
            }
            if applied.contains(15) { try? await store.analyze() }
            return store
        } catch {
            try? await pool.shutdown()
            throw error
        }
    }

    /// After the encryption upgrade, the clear text it replaced may linger in freed pages (SQLite)
    /// or dead row versions (PostgreSQL): rewrite the tables so it does not.
    static func eraseFreedSpace(_ pool: any DatabasePool) async throws {
        try await pool.withSession { db in
            switch pool.flavor {
            case .sqlite:
                // FTS5 keeps deleted terms in its segments until they are merged.
                try await db.raw("INSERT INTO case_search (case_search) VALUES ('optimize')").run()
                try await db.raw("VACUUM").run()
                try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            case .postgres:
                try await db.raw("VACUUM FULL cases, case_revisions, case_attachments, case_audit, case_categories, case_profiles").run()
            }
        }
    }

    /// Re-wraps the data keys of a database with a new master key (`habeas keys rotate`).
    /// Returns how many data keys were re-wrapped.
    public static func rotateMasterKey(_ location: DatabaseLocation, schema: String? = nil, from old: MasterKey, to new: MasterKey,
                                       logger: Logger = Logger(label: "habeas.store")) async throws -> Int {
        let store = try await open(location, schema: schema, master: old, logger: logger)
        do {
            let count = try await StoreKeys.rewrap(pool: store.pool, from: old, to: new)
            try await store.close()
            return count
        } catch {
            try? await store.close()
            throw error
        }
    }
}

extension CaseStores {
    /// A pool without migrations run: `open` uses it, and tests build older schemas on it.
    static func pool(_ location: DatabaseLocation, schema: String?, logger: Logger) async throws -> any DatabasePool {
        switch location {
        case .sqlite(let path): try await SQLitePool.open(path: path, logger: logger)
        case .postgres(let url): try await PostgresPool.open(url: url, schema: schema, logger: logger)
        }
    }
}

/// A source of single-connection sessions. Transactions need one connection throughout.
protocol DatabasePool: Sendable {
    var flavor: SQLFlavor { get }
    func withSession<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    func shutdown() async throws
}

extension DatabasePool {
    /// Runs `body` in one transaction: all of it is saved, or none of it.
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let begin = flavor == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await withSession { db in
            try await db.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// SQLite: one connection, so every session is serialised. A lawyer's laptop has one writer, and
/// this rules out SQLITE_BUSY inside the process; `busy_timeout` covers a second process (an
/// `import` while `serve` runs).
// @unchecked: the AsyncKit pools lock internally and hop to their event loop; they predate Sendable.
final class SQLitePool: DatabasePool, @unchecked Sendable {
    let flavor = SQLFlavor.sqlite
    private let pool: EventLoopConnectionPool<SQLiteConnectionSource>

    private init(pool: EventLoopConnectionPool<SQLiteConnectionSource>) { self.pool = pool }

    static func open(path: String, logger: Logger) async throws -> SQLitePool {
        // Case data at rest: a new directory 0700, the file (and so its WAL and SHM) 0600.
        try PrivateFiles.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent())
        try PrivateFiles.prepareDatabaseFile(path)
        let source = SQLiteConnectionSource(configuration: .init(storage: .file(path: path), enableForeignKeys: true))
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        // One connection: a request queues behind a long write (an import batch) rather than
        // failing after AsyncKit's default 10 seconds.
        let pool = SQLitePool(pool: EventLoopConnectionPool(source: source, maxConnections: 1, requestTimeout: .seconds(60),
                                                            logger: quiet(logger), on: eventLoop))
        try await pool.withSession { db in
            try await db.raw("PRAGMA journal_mode = WAL").run()
            try await db.raw("PRAGMA busy_timeout = 5000").run()
            try await db.raw("PRAGMA synchronous = NORMAL").run()
            // Deleted and overwritten content is zeroed, not left in free pages of the file.
            try await db.raw("PRAGMA secure_delete = ON").run()
            // 32 MB of pages in memory (the default is 2 MB): the indexes a count over 100,000
            // cases reads, and an import batch's writes, stay in memory. The one connection's only.
            try await db.raw("PRAGMA cache_size = -32768").run()
            // Checkpoints every 32 MB of WAL (the default is 4 MB): an import's batches rewrite
            // the same index pages, which then go to the database file once, not once a batch.
            try await db.raw("PRAGMA wal_autocheckpoint = \(literal: WALCheckpoint.pages)").run()
        }
        return pool
    }

    func withSession<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await pool.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                // Queries are never logged: their binds are case data.
                try await body(GuardedSQLDatabase(base: connection.sql(queryLogLevel: nil)))
            }
        }.get()
    }

    func shutdown() async throws {
        try await pool.close().get()
    }
}

final class PostgresPool: DatabasePool, @unchecked Sendable {
    let flavor = SQLFlavor.postgres
    private let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>

    private init(pool: EventLoopGroupConnectionPool<PostgresConnectionSource>) { self.pool = pool }

    static func open(url: String, schema: String?, logger: Logger) async throws -> PostgresPool {
        var configuration = try SQLPostgresConfiguration(url: url)
        if let schema {
            guard schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw DatabaseLocation.InvalidLocation(description: "schema names are letters, digits and _")
            }
            // Create the schema on a throwaway connection before pointing the pool at it.
            let bootstrap = EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: configuration),
                                                         maxConnectionsPerEventLoop: 1, logger: quiet(logger),
                                                         on: MultiThreadedEventLoopGroup.singleton)
            do {
                try await bootstrap.database(logger: quiet(logger)).sql(queryLogLevel: nil)
                    .raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
                try await bootstrap.shutdownAsync()
            } catch {
                try? await bootstrap.shutdownAsync()
                throw error
            }
            configuration.searchPath = [schema]
        }
        let pool = EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: configuration),
                                                maxConnectionsPerEventLoop: 4, logger: quiet(logger),
                                                on: MultiThreadedEventLoopGroup.singleton)
        let wrapped = PostgresPool(pool: pool)
        do {
            try await wrapped.withSession { db in try await db.raw("SELECT 1").run() }
        } catch {
            try? await pool.shutdownAsync()
            throw error
        }
        return wrapped
    }

    // The same as SQLitePool's, on purpose: the two AsyncKit pools share no protocol (their
    // `withConnection` signatures differ) and the two connections get `sql(queryLogLevel:)` from
    // unrelated protocols, so sharing these lines would take a protocol and two shims.
    func withSession<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await pool.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await body(GuardedSQLDatabase(base: connection.sql(queryLogLevel: nil)))
            }
        }.get()
    }

    func shutdown() async throws {
        try await pool.shutdownAsync()
    }
}

/// The drivers log queries with their binds at debug level; binds are case data.
private func quiet(_ logger: Logger) -> Logger {
    var logger = logger
    logger.logLevel = max(logger.logLevel, .notice)
    return logger
}

/// How much SQLite's write-ahead log grows between checkpoints (pages of 4 KB).
enum WALCheckpoint {
    /// 32 MB: the usual setting.
    static let pages = 8_192
    /// 512 MB while a table import writes (`bulkWriting`). A batch's new cases land on index
    /// pages all over each index (case keys are keyed hashes); checkpointed every 32 MB, the same
    /// pages went to the database file again and again: a 100,000-row import took 41 s so, 31 s
    /// with this. Bounded, so a larger sheet checkpoints all the same and the log stays finite
    /// (about 560 MB at most on disk during such an import, emptied when it ends).
    static let bulkPages = 131_072
}
