import Foundation
import HabeasCore
@testable import HabeasStore
import Logging
import SQLKit
import Testing
import HabeasTestSupport

/// The store's typed edge: what is indexed depends on the file alone, "overdue" on the caller's
/// day, categories and profiles live in join tables (migration 5).
@Suite("Typed index")
struct TypedIndexTests {
    /// A case the assessment finds something in: detained for what the person wrote, without a
    /// warrant, and held incommunicado.
    static func assessedCase(id: String, profile: String = "journalist") throws -> CaseFile {
        var file = sampleCase(id: id, profile: profile)
        file.timeline = [TimelineEvent(date: try CaseDate(parsing: "2022-01-05"), type: .arrest, attributes: ["warrantShown": .bool(false)])]
        file.allegations = [Allegation(type: .exerciseOfRights, right: .expression), Allegation(type: .noLegalBasis),
                            Allegation(type: .noWarrant), Allegation(type: .politicallyMotivated)]
        return try file.validated()
    }

    @Test(arguments: TestBackend.all)
    func storedIndexDoesNotFollowTheClock(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            var file = try Self.assessedCase(id: "zz-clock")
            file.procedure = [ProcedureEvent(date: try CaseDate(parsing: "2022-04-07"), type: .transmittedToGovernment)]
            _ = try await store.create(file, change: alice)
            @Sendable func stored() async throws -> [String] {
                try await store.pool.withSession { db in
                    let row = try await db.raw("SELECT stage, next_due FROM cases WHERE id = 'zz-clock'").first()
                    let categories = try await db.raw("SELECT category FROM case_categories WHERE case_id = 'zz-clock' ORDER BY category").all()
                        .map { try $0.decode(column: "category", as: String.self) }
                    return [try row?.decode(column: "stage", as: String.self) ?? "", try row?.decode(column: "next_due", as: String?.self) ?? ""]
                        + categories
                }
            }
            let early = try CaseDate(parsing: "2022-05-01"), late = try CaseDate(parsing: "2023-05-01")
            let before = try await store.search(CaseQuery(today: early)).items
            let rowBefore = try await stored()
            let after = try await store.search(CaseQuery(today: late)).items
            #expect(before.map(\.overdue) == [false])
            #expect(after.map(\.overdue) == [true])
            // Same stored facts and summary under either day.
            #expect(try await stored() == rowBefore)
            #expect(before.map(\.stage) == after.map(\.stage))
            #expect(before.map(\.categories) == after.map(\.categories))
            #expect(before.first?.nextDue?.description == "2022-06-06")
            // The stage is the one the file shows as of its own latest date, not the one a later
            // day would give (the reply period has run out by then).
            #expect(before.first?.stage == .transmitted)
            #expect(ProcedureTracker.status(of: file, asOf: late).stage != .transmitted)
            #expect(before.first?.categories == Assessor.assess(file, asOf: CaseIndex.asOf(file)).indicatedCategories)
            // The dashboard's aggregates and window come from the same columns.
            var window = CaseQuery(today: early)
            window.dueOnOrBefore = try CaseDate(parsing: "2022-06-05")
            #expect(try await store.search(window).total == 0)
            window.dueOnOrBefore = try CaseDate(parsing: "2022-06-06")
            #expect(try await store.search(window).items.map(\.id) == ["zz-clock"])
            let facets = try await store.facets(includeDeleted: false)
            #expect(facets.arrestMonths == [.init(CaseDate(year: 2022, month: 1, day: 1), 1)])
            #expect(facets.withoutArrest == 0)
            // Saving the same file again on another day writes the same row.
            _ = try await store.update(file, basedOn: 1, change: bob)
            #expect(try await stored() == rowBefore)
        }
    }

    @Test(arguments: TestBackend.all)
    func categoryAndProfileFilters(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let files = [try Self.assessedCase(id: "aa-assessed", profile: "journalist"),
                         sampleCase(id: "bb-plain", profile: "lawyer"),
                         try Self.assessedCase(id: "cc-assessed", profile: "lawyer")]
            for file in files { _ = try await store.create(file, change: alice) }
            var expected: [Category: [String]] = [:]
            for file in files {
                for category in CaseIndex(file).categories { expected[category, default: []].append(file.id) }
            }
            #expect(!expected.isEmpty, "the sample cases indicate no category: the filter would not be tested")
            for category in Category.allCases {
                var query = CaseQuery(today: testToday)
                query.category = category
                query.sort = .title
                #expect(try await store.search(query).items.map(\.id) == expected[category, default: []], "category \(category.rawValue)")
            }
            var lawyers = CaseQuery(today: testToday)
            lawyers.profile = .lawyer
            lawyers.sort = .title
            #expect(try await store.search(lawyers).items.map(\.id) == ["bb-plain", "cc-assessed"])
            let facets = try await store.facets(includeDeleted: false)
            #expect(facets.categories.map(\.count) == Category.allCases.map { expected[$0, default: []].count })
            // A purge leaves no row behind in the join tables.
            try await store.delete("aa-assessed", change: bob)
            try await store.purge("aa-assessed", change: bob)
            let left = try await store.pool.withSession { db in
                try await db.raw("SELECT COUNT(*) AS n FROM case_profiles WHERE case_id = 'aa-assessed'").first(decodingColumn: "n", as: Int.self)
            }
            #expect(left == 0)
        }
    }

    @Test
    func queryParametersParseAtTheEdgeNamingValidWords() throws {
        #expect(try Category(parameter: "III", field: "category") == .III)
        #expect(try Profile(parameter: "lawyer", field: "profile") == .lawyer)
        #expect(try ProcedureStage(parameter: "transmitted", field: "stage") == .transmitted)
        #expect(throws: StoreError.invalidInput(field: "category", reason: "`VI` is not a category; valid: I, II, III, IV, V")) {
            _ = try Category(parameter: "VI", field: "category")
        }
        do {
            _ = try ProcedureStage(parameter: "pending", field: "stage")
            Issue.record("an unknown stage was accepted")
        } catch {
            #expect(error.description.hasPrefix("stage: `pending` is not a procedural stage; valid: draft, submitted, transmitted"))
        }
    }

    /// Migration 5 moves the words of the old `categories`/`profiles` columns into the join
    /// tables: recomputed from the body when it decodes, moved as they are when it does not.
    @Test(arguments: TestBackend.all)
    func categoryMigrationMovesOldRows(_ backend: TestBackend) async throws {
        try await withOlderSchema(backend, through: 4) { pool in
            let readable = try Self.assessedCase(id: "aa-readable")
            let index = CaseIndex(readable)
            let rows: [(id: String, body: String, categories: String, profiles: String)] = [
                (readable.id, readable.jsonText(), " V ", oldTokens(index.profiles.map(\.rawValue))),
                ("bb-unreadable", "not a case", " I III ", " journalist minor "),
            ]
            let flavor = pool.flavor
            try await pool.transaction { db in
                for row in rows {
                    try await db.raw("""
                        INSERT INTO cases (id, revision, created_at, updated_at, title, person_name, state, profiles, categories, stage, search_text)
                        VALUES (\(bind: row.id), 1, '2023-05-01T10:00:00.000Z', '2023-05-01T10:00:00.000Z', \(bind: row.id), 'p', 'KZ',
                                \(bind: row.profiles), \(bind: row.categories), 'draft', 'x')
                        """).run()
                    if flavor == .sqlite {
                        try await db.raw("INSERT INTO case_search (case_id, body) VALUES (\(bind: row.id), 'x')").run()
                    }
                    try await db.raw("""
                        INSERT INTO case_revisions (case_id, number, author, note, created_at, action, body)
                        VALUES (\(bind: row.id), 1, 'alice', '', '2023-05-01T10:00:00.000Z', 'create', \(bind: row.body))
                        """).run()
                }
            }
            #expect(try await Migrations.run(on: pool, master: TestBackend.masterKey) == Migrations.all.map(\.version).filter { $0 >= 5 })
            let store = try await SQLCaseStore.opening(pool: pool, master: TestBackend.masterKey, logger: Logger(label: "test"))
            func ids(_ category: Category? = nil, _ profile: Profile? = nil) async throws -> [String] {
                var query = CaseQuery(today: testToday)
                query.category = category
                query.profile = profile
                query.sort = .title
                return try await store.search(query).items.map(\.id)
            }
            // The unreadable body keeps its words; the readable one gets what its file shows.
            #expect(try await ids(.III).contains("bb-unreadable"))
            #expect(try await ids(.I).contains("bb-unreadable"))
            #expect(try await ids(nil, .minor) == ["bb-unreadable"])
            for category in Category.allCases {
                #expect(try await ids(category).contains("aa-readable") == index.categories.contains(category), "category \(category.rawValue)")
            }
            #expect(try await ids(nil, .journalist) == ["aa-readable", "bb-unreadable"])
            let old = try await pool.withSession { db in
                try await db.raw("SELECT categories, profiles FROM cases").all().map {
                    try $0.decode(column: "categories", as: String.self) + $0.decode(column: "profiles", as: String.self)
                }
            }
            #expect(old == ["", ""])
            try await store.close()
        }
    }
}
