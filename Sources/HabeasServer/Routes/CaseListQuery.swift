import HabeasCore
import HabeasStore
import Hummingbird

/// The one reader of the case list's query string, for `GET /api/v1/cases`, `GET
/// /api/v1/deadlines` and the web's `/cases`. The API refuses a bad value with 400; the web page
/// is lenient: it drops the value and says so. `parameters` documents the same names in OpenAPI.
enum CaseListQuery {
    enum Mode { case api, web }

    static let sorts = CaseQuery.Sort.allCases.map(\.rawValue)
    static let parameters: [QueryParameter] = [
        .init(name: "q", description: "Search over names, summaries, details and charges: whole words (plurals fold), all required unless joined by `or`; -word excludes; quoted words are required in any order (the index holds keyed word tokens, docs/security.md)", schema: Schema.string),
        .init(name: "state", description: "Detaining State, ISO 3166-1 alpha-2", schema: Schema.string),
        .init(name: "category", description: "Category indicated at the last save: I..V",
              schema: Schema.type("string", [.init("enum", .array(Category.allCases.map { .string($0.rawValue) }))])),
        .init(name: "stage", description: "Procedure stage",
              schema: Schema.type("string", [.init("enum", .array(ProcedureStage.allCases.map { .string($0.rawValue) }))])),
        .init(name: "overdue", description: "true: a deadline has passed; false: none has", schema: Schema.boolean),
        .init(name: "profile", description: "Person profile",
              schema: Schema.type("string", [.init("enum", .array(Profile.allCases.map { .string($0.rawValue) }))])),
        .init(name: "deleted", description: "true: only soft-deleted cases", schema: Schema.boolean),
        .init(name: "sort", description: "Order of the list", schema: Schema.type("string", [.init("enum", .array(sorts.map(Value.string)))])),
        .init(name: "page", description: "Page number from 1",
              schema: Schema.type("integer", [.init("minimum", .int(1)), .init("maximum", .int(Params.maxPage))])),
        .init(name: "perPage", description: "Items per page, 1..\(CaseQuery.maxPerPage)",
              schema: Schema.type("integer", [.init("minimum", .int(1)), .init("maximum", .int(CaseQuery.maxPerPage))])),
        .init(name: "asOf", description: "Today for `overdue` (and for the deadlines), YYYY-MM-DD", schema: Schema.type("string", [.init("format", .string("date"))])),
    ]

    /// A value that was refused: the parameter, the label the web page shows, and the API's message.
    struct Problem: Error {
        var name: String
        var label: String
        var message: String
    }

    /// The API's reading: the first bad value is a 400.
    static func parse(_ params: Hummingbird.Parameters, today: CaseDate) throws -> CaseQuery {
        let (query, problems) = read(params, today: today, mode: .api)
        if let problem = problems.first { throw APIError(.badRequest, problem.message) }
        return query
    }

    /// The web page's reading: bad values are dropped and named in `ignored`.
    static func parse(_ params: Hummingbird.Parameters, today: CaseDate, for mode: Mode) -> (CaseQuery, ignored: [String]) {
        let (query, problems) = read(params, today: today, mode: mode)
        return (query, problems.map(\.label).filter { !$0.isEmpty })
    }

    static func read(_ params: Hummingbird.Parameters, today: CaseDate, mode: Mode) -> (CaseQuery, [Problem]) {
        func text(_ key: String) -> String? {
            params.get(key).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var problems: [Problem] = []
        func refuse(_ name: String, label: String? = nil, _ message: String) { problems.append(Problem(name: name, label: label ?? name, message: message)) }
        var query = CaseQuery(text: text("q"), today: today)
        if let state = text("state") {
            let code = state.uppercased()
            if mode == .api || (code.count == 2 && code.allSatisfy { $0.isASCII && $0.isLetter }) {
                query.state = mode == .api ? state : code
            } else {
                refuse("state", label: "State", "state is an ISO 3166-1 alpha-2 code")
            }
        }
        if let category = text("category") {
            if let parsed = Category(rawValue: category.uppercased()) { query.category = parsed } else { refuse("category", "category is one of I, II, III, IV, V") }
        }
        if let stage = text("stage") {
            if let parsed = ProcedureStage(rawValue: stage) {
                query.stage = parsed
            } else {
                refuse("stage", "stage is one of \(ProcedureStage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let overdue = text("overdue") {
            if let flag = Bool(overdue) { query.overdue = flag } else { refuse("overdue", "overdue is true or false") }
        }
        if let sort = text("sort") {
            // The web's select offers only valid orders: a bad one there is silently the default.
            if let parsed = CaseQuery.Sort(rawValue: sort) {
                query.sort = parsed
            } else {
                refuse("sort", label: "", "sort is one of \(sorts.joined(separator: ", "))")
            }
        }
        switch mode {
        case .api:
            if let profile = text("profile") {
                if let parsed = Profile(rawValue: profile) { query.profile = parsed } else { refuse("profile", "unknown profile") }
            }
            if let deleted = text("deleted") {
                if let flag = Bool(deleted) { query.onlyDeleted = flag } else { refuse("deleted", "deleted is true or false") }
            }
            do {
                if let page = text("page") { query.page = try Params.int(page, "page", in: 1...Params.maxPage) }
                if let perPage = text("perPage") { query.perPage = try Params.int(perPage, "perPage", in: 1...CaseQuery.maxPerPage) }
            } catch let error as APIError {
                refuse("page", error.message)
            } catch {
                refuse("page", "page and perPage are whole numbers")
            }
            if let asOf = text("asOf") {
                if asOf.utf8.count <= 10, let date = try? CaseDate(parsing: asOf), !date.hasTime {
                    query.today = date
                } else {
                    refuse("asOf", "asOf is a date, YYYY-MM-DD, in the years \(CaseLimits.years.lowerBound)–\(CaseLimits.years.upperBound)")
                }
            }
        case .web:
            // The page has its own page size; a page number out of range is the nearest page.
            query.page = min(Params.maxPage, max(1, Int(text("page") ?? "") ?? 1))
            query.perPage = CaseList.perPage
        }
        return (query, problems)
    }
}
