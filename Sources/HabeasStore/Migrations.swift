import Foundation
import HabeasKeys
import SQLKit

/// The SQL flavour of a backend. Everything but migrations' full-text DDL and the search
/// predicate is written once for both.
public enum SQLFlavor: String, Sendable {
    case sqlite, postgres
}

/// One schema change. Numbered, append-only: never edit, reorder or remove an entry that has
/// shipped; add a new one. Each runs in its own transaction with its record in `habeas_migrations`.
struct Migration: Sendable {
    var version: Int
    var name: String
    var statements: @Sendable (SQLFlavor) -> [String]
    /// Data work after the statements, in the same transaction: for values only Swift (the core)
    /// can compute from stored bodies, or that need the master key.
    var backfill: (@Sendable (any SQLDatabase, MigrationContext) async throws -> Void)? = nil
}

/// What a migration's data work may use besides the database.
struct MigrationContext: Sendable {
    var flavor: SQLFlavor
    var master: MasterKey
}

enum Migrations {
    /// The migration that seals what older versions stored in clear.
    static let encryption = 7

    static let all: [Migration] = [
        // 0001: cases (current state + denormalised filter columns) and their immutable revisions.
        // Times are ISO 8601 UTC text with milliseconds: sortable and identical on both backends.
        Migration(version: 1, name: "create cases and revisions") { _ in
            [
                """
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY,
                    revision INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    deleted_at TEXT,
                    deleted_by TEXT,
                    title TEXT NOT NULL,
                    person_name TEXT NOT NULL,
                    state TEXT NOT NULL,
                    profiles TEXT NOT NULL,
                    categories TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    next_due TEXT,
                    search_text TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE case_revisions (
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    number INTEGER NOT NULL,
                    author TEXT NOT NULL,
                    note TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    action TEXT NOT NULL,
                    restored_from INTEGER,
                    body TEXT NOT NULL,
                    PRIMARY KEY (case_id, number)
                )
                """,
                "CREATE INDEX cases_state ON cases (state)",
                "CREATE INDEX cases_updated ON cases (updated_at)",
                "CREATE INDEX cases_next_due ON cases (next_due)",
            ]
        },
        // 0002: full-text search. SQLite keeps an FTS5 table the store writes with the case
        // (porter stemming, diacritics folded); PostgreSQL a generated tsvector with a GIN index.
        Migration(version: 2, name: "full-text search") { flavor in
            switch flavor {
            case .sqlite:
                [
                    "CREATE VIRTUAL TABLE case_search USING fts5(case_id UNINDEXED, body, tokenize = 'porter unicode61 remove_diacritics 2')",
                ]
            case .postgres:
                [
                    "ALTER TABLE cases ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED",
                    "CREATE INDEX cases_search ON cases USING GIN (search_vector)",
                ]
            }
        },
        // 0003: the first arrest date (ISO day), so the dashboard's "detentions over time" chart
        // reads summaries instead of every body. Backfilled from each case's current revision,
        // deleted cases included; the bodies themselves are only read.
        Migration(version: 3, name: "first arrest date", statements: { _ in
            ["ALTER TABLE cases ADD COLUMN first_arrest TEXT"]
        }, backfill: { db, _ in
            let rows = try await db.raw("""
                SELECT c.id, r.body FROM cases c JOIN case_revisions r ON r.case_id = c.id AND r.number = c.revision
                """).all()
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                // A body that no longer decodes keeps a NULL date rather than blocking every start;
                // `get` reports it as an invalid record as before.
                guard let file = try? CaseBodyCodec.decode(try row.decode(column: "body", as: String.self), id: id),
                      let arrest = CaseIndex.firstArrest(file) else { continue }
                try await db.raw("UPDATE cases SET first_arrest = \(bind: arrest.description) WHERE id = \(bind: id)").run()
            }
        }),
        // 0004: provenance and audit. An imported revision keeps the author and time its bundle
        // claims, marked with who imported it and when (set by the store); imports and purges
        // are logged in `case_audit`, which outlives a purged case and holds no case content.
        Migration(version: 4, name: "import provenance and audit log") { flavor in
            [
                "ALTER TABLE case_revisions ADD COLUMN imported_by TEXT",
                "ALTER TABLE case_revisions ADD COLUMN imported_at TEXT",
                """
                CREATE TABLE case_audit (
                    seq \(flavor == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"),
                    case_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    author TEXT NOT NULL,
                    at TEXT NOT NULL,
                    detail TEXT NOT NULL
                )
                """,
                "CREATE INDEX case_audit_case ON case_audit (case_id)",
            ]
        },
        // 0005: categories and profiles in join tables instead of space-delimited text matched
        // with LIKE, and stored facts that no longer depend on the day of the save: each case's
        // index is computed again as of its own latest date (`CaseIndex.asOf`). A body that no
        // longer decodes keeps its stage and dates, and its old words move to the new tables.
        Migration(version: 5, name: "category and profile tables; index as of the case's own date", statements: { _ in
            [
                """
                CREATE TABLE case_categories (
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    category TEXT NOT NULL,
                    PRIMARY KEY (case_id, category)
                )
                """,
                "CREATE INDEX case_categories_category ON case_categories (category)",
                """
                CREATE TABLE case_profiles (
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    profile TEXT NOT NULL,
                    PRIMARY KEY (case_id, profile)
                )
                """,
                "CREATE INDEX case_profiles_profile ON case_profiles (profile)",
            ]
        }, backfill: { db, _ in
            let rows = try await db.raw("""
                SELECT c.id, c.categories, c.profiles, r.body FROM cases c JOIN case_revisions r ON r.case_id = c.id AND r.number = c.revision
                """).all()
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                if let file = try? CaseBodyCodec.decode(try row.decode(column: "body", as: String.self), id: id) {
                    let index = CaseIndex(file)
                    try await db.raw("""
                        UPDATE cases SET stage = \(bind: index.stage.rawValue), next_due = \(bind: index.nextDue?.description),
                            first_arrest = \(bind: index.firstArrest?.description)
                        WHERE id = \(bind: id)
                        """).run()
                    try await SQLCaseStore.writeTerms(index, id: id, db: db, groups: false)
                } else {
                    let categories = Set(CaseIndex.untokens(try row.decode(column: "categories", as: String.self)))
                    let profiles = Set(CaseIndex.untokens(try row.decode(column: "profiles", as: String.self)))
                    for category in categories {
                        try await db.raw("INSERT INTO case_categories (case_id, category) VALUES (\(bind: id), \(bind: category))").run()
                    }
                    for profile in profiles {
                        try await db.raw("INSERT INTO case_profiles (case_id, profile) VALUES (\(bind: id), \(bind: profile))").run()
                    }
                }
            }
            try await db.raw("UPDATE cases SET categories = '', profiles = ''").run()
        }),
        // 0006: files attached to cases. The bytes are in the file vault, by SHA-256; a row is the
        // chain of custody of one addition: who, when, the name and type as given and as detected.
        Migration(version: 6, name: "case attachments") { flavor in
            [
                """
                CREATE TABLE case_attachments (
                    id \(flavor == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"),
                    case_id TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    original_name TEXT NOT NULL,
                    declared_type TEXT,
                    detected_type TEXT NOT NULL,
                    title TEXT NOT NULL,
                    date TEXT,
                    evidence_id TEXT,
                    identifying INTEGER NOT NULL,
                    added_by TEXT NOT NULL,
                    added_at TEXT NOT NULL,
                    removed_at TEXT,
                    removed_by TEXT,
                    removal_reason TEXT
                )
                """,
                "CREATE INDEX case_attachments_case ON case_attachments (case_id)",
                "CREATE INDEX case_attachments_sha256 ON case_attachments (sha256)",
            ]
        },
        // 0007: encryption at rest (docs/security.md). Data keys, wrapped by the master key; each
        // case's sealed id beside its row key. Everything an older version stored in clear is
        // sealed here, in this transaction (Sealing.swift, `EncryptionUpgrade`).
        Migration(version: 7, name: "encryption at rest", statements: { _ in
            [
                """
                CREATE TABLE habeas_data_keys (
                    id INTEGER PRIMARY KEY,
                    wrapped TEXT NOT NULL,
                    master_fingerprint TEXT NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                "ALTER TABLE cases ADD COLUMN sealed_id TEXT",
            ]
        }, backfill: { db, context in
            try await EncryptionUpgrade.sealEverything(db, context: context)
        }),
        // 0008: the text of attached files joins full-text search. Each file's extracted text is
        // kept sealed in one table (`case_attachment_text`, written only by `writeExtractedText`);
        // `cases.files_text` is the index's copy of the live files' words as tokens, bounded,
        // written with it. SQLite's `case_search` row holds both token lists; PostgreSQL's
        // generated vector reads both.
        Migration(version: 8, name: "text of attached files in full-text search") { flavor in
            var statements = [
                """
                CREATE TABLE case_attachment_text (
                    attachment_id BIGINT PRIMARY KEY,
                    case_id TEXT NOT NULL,
                    characters INTEGER NOT NULL,
                    text TEXT NOT NULL
                )
                """,
                "CREATE INDEX case_attachment_text_case ON case_attachment_text (case_id)",
                "ALTER TABLE cases ADD COLUMN files_text TEXT NOT NULL DEFAULT ''",
            ]
            if flavor == .postgres {
                // A generated column cannot be altered in place: dropped (with its index) and made again.
                statements += [
                    "ALTER TABLE cases DROP COLUMN search_vector",
                    """
                    ALTER TABLE cases ADD COLUMN search_vector tsvector
                        GENERATED ALWAYS AS (to_tsvector('english', search_text || ' ' || files_text)) STORED
                    """,
                    "CREATE INDEX cases_search ON cases USING GIN (search_vector)",
                ]
            }
            return statements
        },
        // 0009: the audit trail becomes a hash chain (AuditChain.swift): each entry keeps the
        // previous entry's hash and its own, over a canonical encoding of its fields. Existing
        // entries are numbered 1…n and chained in order; then UPDATE and DELETE are refused by
        // triggers.
        Migration(version: 9, name: "hash-chained audit trail", statements: { _ in
            [
                "ALTER TABLE case_audit ADD COLUMN prev_hash TEXT",
                "ALTER TABLE case_audit ADD COLUMN hash TEXT",
                "CREATE INDEX case_audit_at ON case_audit (at)",
            ]
        }, backfill: { db, _ in
            try await AuditChain.chainExisting(db: db)
        }),
        // 0010: accounts. Users with a role, teams, the teams each case belongs to, and the
        // credentials that stand for a user: sessions, API tokens and one-time sign-in links,
        // each stored as a SHA-256 of a random token (a leaked table signs no one in). Sessions
        // are rows, not process memory, so several servers on one database share them.
        Migration(version: 10, name: "accounts, teams, sessions and API tokens") { flavor in
            let key = flavor == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                """
                CREATE TABLE users (
                    id \(key),
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    totp_secret TEXT,
                    failed_attempts INTEGER NOT NULL DEFAULT 0,
                    locked_until TEXT,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE user_recovery_codes (
                    user_id BIGINT NOT NULL REFERENCES users(id),
                    code_hash TEXT NOT NULL,
                    PRIMARY KEY (user_id, code_hash)
                )
                """,
                "CREATE TABLE teams (id \(key), name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
                """
                CREATE TABLE team_members (
                    team_id BIGINT NOT NULL REFERENCES teams(id),
                    user_id BIGINT NOT NULL REFERENCES users(id),
                    PRIMARY KEY (team_id, user_id)
                )
                """,
                "CREATE INDEX team_members_user ON team_members (user_id)",
                // No foreign key to cases: an import may assign before the case exists; purge removes the rows.
                // Cases are named by their row key (Sealing.swift), as in every other table.
                """
                CREATE TABLE case_teams (
                    case_id TEXT NOT NULL,
                    team_id BIGINT NOT NULL REFERENCES teams(id),
                    PRIMARY KEY (case_id, team_id)
                )
                """,
                "CREATE INDEX case_teams_team ON case_teams (team_id)",
                """
                CREATE TABLE user_sessions (
                    id TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id),
                    stage TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    last_seen TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    revoked_at TEXT
                )
                """,
                "CREATE INDEX user_sessions_user ON user_sessions (user_id)",
                """
                CREATE TABLE api_tokens (
                    id \(key),
                    token_hash TEXT NOT NULL UNIQUE,
                    user_id BIGINT NOT NULL REFERENCES users(id),
                    scope TEXT NOT NULL,
                    label TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                )
                """,
                """
                CREATE TABLE sign_in_links (
                    token_hash TEXT PRIMARY KEY,
                    purpose TEXT NOT NULL,
                    user_id BIGINT REFERENCES users(id),
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    used_at TEXT
                )
                """,
            ]
        },
        // 0011: groups of cases (a mass event such as "Almaty, January 2022"). A group's name is
        // the event's, never a person's, so it stays in clear (bounded); its description may
        // name people and is sealed. Membership is indexed from each case file's `groups` on
        // every save, with cases named by their row key as in every other table. No foreign key
        // either way: a case may name a group not yet described, and purge removes the rows.
        Migration(version: 11, name: "groups of cases") { _ in
            [
                """
                CREATE TABLE detention_groups (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    description TEXT,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE case_groups (
                    case_id TEXT NOT NULL,
                    group_id TEXT NOT NULL,
                    PRIMARY KEY (case_id, group_id)
                )
                """,
                "CREATE INDEX case_groups_group ON case_groups (group_id)",
            ]
        },
        // 0012: the last TOTP step each user signed in with, so a code works once (ASVS 2.8.4).
        Migration(version: 12, name: "second-factor codes used once", statements: { _ in
            ["ALTER TABLE users ADD COLUMN totp_last_step BIGINT"]
        }),
        // 0013: what a group page counts beyond the facets, without decoding bodies: each case's
        // status (still detained, sentenced, released, died) and its places of detention as a
        // blind token (counted) with the label sealed (only the labels shown are opened); and the
        // bulk actions on a selection, each case's revision before and after, to undo one as one.
        Migration(version: 13, name: "detention status, places, bulk batches", statements: { _ in
            [
                "ALTER TABLE cases ADD COLUMN detention_status TEXT",
                """
                CREATE TABLE case_places (
                    case_id TEXT NOT NULL,
                    token TEXT NOT NULL,
                    label TEXT NOT NULL,
                    PRIMARY KEY (case_id, token)
                )
                """,
                "CREATE INDEX case_places_token ON case_places (token)",
                """
                CREATE TABLE bulk_batches (
                    id TEXT PRIMARY KEY,
                    author TEXT NOT NULL,
                    description TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    undone_at TEXT,
                    undone_by TEXT
                )
                """,
                """
                CREATE TABLE bulk_batch_cases (
                    batch_id TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    sealed_case_id TEXT NOT NULL,
                    before_revision INTEGER NOT NULL,
                    after_revision INTEGER NOT NULL,
                    PRIMARY KEY (batch_id, case_id)
                )
                """,
            ]
        }, backfill: { db, context in
            try await SQLCaseStore.backfillDetention(db, context: context)
        }),
        // 0014: the interface language each user chose (`en`, `ru`, `fr`, `es`, `ar`), so the
        // choice follows them from browser to browser; NULL until they choose one.
        Migration(version: 14, name: "interface language of each user", statements: { _ in
            ["ALTER TABLE users ADD COLUMN language TEXT"]
        }),
        // 0015: counts over 100,000 cases without reading their rows. The dashboard's counts
        // read `cases_facets` whole, in its order (grouped as they are counted, so nothing is
        // sorted); a group page looks its members up in `cases_members`, which holds what it
        // counts and lists; the few deleted cases, left out of the tables keyed by case, are
        // listed by the partial index `cases_deleted`; places are counted from
        // `case_places_counted` alone. No index leads with `deleted_at`: with nearly every
        // value NULL, the planner took such an index for a selective one and scanned all cases
        // for the dashboard's deadlines.
        Migration(version: 15, name: "covering indexes for counts", statements: { _ in
            [
                "CREATE INDEX cases_facets ON cases (state, stage, detention_status, first_arrest, deleted_at)",
                "CREATE INDEX cases_members ON cases (id, deleted_at, state, stage, detention_status, first_arrest, updated_at)",
                "CREATE INDEX cases_deleted ON cases (id) WHERE deleted_at IS NOT NULL",
                "DROP INDEX case_places_token",
                "CREATE INDEX case_places_counted ON case_places (token, case_id)",
            ]
        }),
        // 0016: second-factor secrets sealed like case data, each to its user (they were stored
        // in clear: a copy of the database gave anyone every user's codes).
        Migration(version: 16, name: "second-factor secrets sealed", statements: { _ in [] },
                  backfill: { db, context in try await SQLCaseStore.sealSecondFactors(db, context: context) }),
    ]

    /// Applies every migration not yet recorded. Safe to run at every start and concurrently
    /// (PostgreSQL serialises on a table lock; SQLite on its write lock).
    /// - Parameter version: stop after this version (tests build an older schema with it).
    static func run(on pool: any DatabasePool, master: MasterKey, through version: Int = .max) async throws -> [Int] {
        let context = MigrationContext(flavor: pool.flavor, master: master)
        try await pool.withSession { db in
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS habeas_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """).run()
        }
        var applied: [Int] = []
        for migration in all where migration.version <= version {
            let ran = try await pool.transaction { db in
                if pool.flavor == .postgres {
                    try await db.raw("LOCK TABLE habeas_migrations IN EXCLUSIVE MODE").run()
                }
                let done = try await db.raw("SELECT version FROM habeas_migrations WHERE version = \(bind: migration.version)").first()
                guard done == nil else { return false }
                for statement in migration.statements(pool.flavor) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await migration.backfill?(db, context)
                try await db.raw("""
                    INSERT INTO habeas_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.string(Date())))
                    """).run()
                return true
            }
            if ran { applied.append(migration.version) }
        }
        return applied
    }
}

/// ISO 8601 UTC with milliseconds, fixed width so text order is time order. Times are whole
/// milliseconds everywhere, so text → date → text (and date → text → date) is exact.
enum Timestamp {
    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func string(_ date: Date) -> String {
        let ms = milliseconds(date)
        let seconds = Date(timeIntervalSince1970: Double(ms.quotientAndRemainder(dividingBy: 1000).quotient - (ms < 0 && ms % 1000 != 0 ? 1 : 0)))
        let fraction = ((ms % 1000) + 1000) % 1000
        let base = seconds.formatted(Date.ISO8601FormatStyle())  // 2022-01-05T23:10:00Z
        return String(base.dropLast()) + "." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction) + "Z"
    }

    static func date(_ text: String) -> Date? {
        guard let parsed = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text)) else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds(parsed)) / 1000)
    }

    /// Now, in whole milliseconds, so a returned value equals the one read back.
    static func now() -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(Date())) / 1000)
    }
}
