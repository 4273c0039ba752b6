import HabeasCore

/// JSON Schemas (OpenAPI 3.0 dialect) of what the API answers, beside the presenters in
/// `JSON`, `ArchiveJSON` and the core's `json` properties. The OpenAPI document lists them under
/// `components/schemas`; responses refer to them by name. They say what every answer has
/// (`required`) and the type of each key; they allow keys added compatibly.
enum Schema {
    static func ref(_ name: String) -> Value { .object([.init("$ref", .string("#/components/schemas/\(name)"))]) }
    static func type(_ name: String, _ extra: [Value.Member] = []) -> Value { .object([.init("type", .string(name))] + extra) }
    static let string = type("string")
    static let integer = type("integer")
    static let number = type("number")
    static let boolean = type("boolean")
    static let date = type("string", [.init("description", .string("YYYY-MM-DD, or a year-month or year where only that is known"))])
    static let timestamp = type("string", [.init("format", .string("date-time"))])
    static let anyValue = Value.object([.init("nullable", .bool(true))])
    static func array(_ items: Value) -> Value { type("array", [.init("items", items)]) }
    static func nullable(_ schema: Value) -> Value {
        guard case .object(let members) = schema else { return schema }
        // `$ref` cannot have siblings in OpenAPI 3.0: wrap it.
        if members.contains(where: { $0.key == "$ref" }) {
            return .object([.init("nullable", .bool(true)), .init("allOf", .array([schema]))])
        }
        return .object(members + [.init("nullable", .bool(true))])
    }
    static func object(_ properties: [(String, Value)], required: [String]? = nil) -> Value {
        var members: [Value.Member] = [.init("type", .string("object"))]
        let names = required ?? properties.map(\.0)
        if !names.isEmpty { members.append(.init("required", .array(names.map(Value.string)))) }
        members.append(.init("properties", .object(properties.map { .init($0.0, $0.1) })))
        return .object(members)
    }

    /// Every named schema, as `components/schemas`.
    static let components: [(String, Value)] = [
        ("Error", object([("error", string)], required: ["error"])),
        ("ValidationError", object([
            ("error", string),
            ("errors", array(object([("line", nullable(integer)), ("path", string), ("message", string)]))),
        ], required: ["error"])),
        ("StaleWrite", object([("error", string), ("currentRevision", integer)])),
        ("CaseFile", object([
            ("format", string), ("id", string), ("state", string), ("person", type("object")), ("deprivation", type("object")),
            ("timeline", array(type("object"))),
        ], required: ["format", "id", "state", "person", "deprivation"])),
        ("Revision", object([
            ("number", integer), ("author", string), ("note", string), ("createdAt", timestamp), ("action", string),
            ("restoredFrom", nullable(integer)), ("imported", nullable(object([("by", string), ("at", timestamp)]))),
        ])),
        ("StoredCase", object([
            ("id", string), ("revision", ref("Revision")), ("currentRevision", integer), ("deletedAt", nullable(timestamp)), ("case", ref("CaseFile")),
        ])),
        ("CaseSummary", object([
            ("id", string), ("title", string), ("personName", string), ("state", string), ("profiles", array(string)),
            ("categories", array(string)), ("stage", string), ("nextDue", nullable(string)), ("overdue", boolean), ("revision", integer),
            ("updatedAt", timestamp), ("deletedAt", nullable(timestamp)), ("firstArrest", nullable(string)),
        ])),
        ("CasePage", object([("items", array(ref("CaseSummary"))), ("total", integer), ("page", integer), ("perPage", integer)])),
        ("History", object([("id", string), ("revisions", array(ref("Revision")))])),
        ("Diff", object([
            ("id", string), ("from", integer), ("to", integer),
            ("changes", array(object([("path", string), ("old", anyValue), ("new", anyValue)], required: ["path"]))),
        ])),
        ("Ground", object([
            ("allegation", string), ("derived", boolean), ("computation", string), ("provisions", array(string)), ("facts", array(string)),
            ("strength", string), ("rule", string), ("details", string), ("note", string),
        ], required: ["allegation", "derived", "provisions", "facts", "strength", "rule"])),
        ("Assessment", object([
            ("case", string), ("asOf", string),
            ("categories", array(object([("category", string), ("finding", string), ("grounds", array(ref("Ground")))]))),
            ("urgentAction", object([("eligible", boolean), ("reasons", array(string))])),
            ("evidence", array(object([
                ("id", string), ("tainted", boolean), ("because", array(string)), ("derived", array(string)),
                ("provisions", array(string)), ("possible", boolean),
            ]))),
            ("derived", type("object")), ("gaps", array(string)), ("remedies", array(string)), ("referrals", array(string)),
            ("safeguards", array(string)),
        ])),
        ("Timeline", object([
            ("case", string), ("asOf", string), ("start", nullable(string)), ("end", nullable(string)), ("ongoing", boolean),
            ("reportedAsOf", string), ("custodyPeriods", array(object([("from", string), ("to", nullable(string)), ("endedBy", nullable(string))]))),
            ("computations", type("object")),
            ("events", array(object([("index", integer), ("date", string), ("type", string), ("approximate", boolean), ("details", string)],
                                    required: ["index", "date", "type"]))),
            ("gaps", array(string)),
        ])),
        ("Attachment", object([
            ("id", integer), ("sha256", string), ("size", integer), ("title", string), ("date", nullable(string)),
            ("evidence", nullable(string)), ("identifying", boolean), ("type", string), ("declaredType", nullable(string)),
            ("originalName", string), ("addedBy", string), ("addedAt", timestamp), ("removedAt", nullable(timestamp)),
            ("removedBy", nullable(string)), ("removalReason", nullable(string)),
        ], required: ["id", "sha256", "size", "title", "type", "originalName", "addedBy", "addedAt"])),
        ("Files", object([("id", string), ("files", array(ref("Attachment")))], required: ["id", "files"])),
        ("Deadline", object([
            ("kind", string), ("due", string), ("computedDue", string), ("statedDue", string),
            ("from", object([("type", string), ("date", string)])), ("rule", string), ("citation", string), ("status", string),
            ("completedBy", object([("type", string), ("date", string)])), ("closed", boolean), ("late", boolean), ("notes", array(string)),
        ], required: ["kind", "due", "from", "rule", "citation", "status"])),
        ("ProcedureStatus", object([
            ("case", string), ("title", string), ("asOf", string), ("stage", string), ("next", string), ("deadlines", array(ref("Deadline"))),
            ("released", boolean), ("releasedOn", string), ("releaseNotified", boolean),
            ("urgentAction", object([("state", string), ("date", string)])), ("notes", array(string)),
        ], required: ["case", "title", "asOf", "stage", "next", "deadlines", "released"])),
        ("DeadlinesPage", object([
            ("asOf", string), ("cases", array(ref("ProcedureStatus"))), ("total", integer), ("page", integer), ("perPage", integer),
        ])),
        ("ImportReport", object([
            ("imported", array(string)), ("alreadyPresent", array(string)),
            ("conflicts", array(object([("id", string), ("reason", string)]))),
        ])),
        ("ImportInterrupted", object([("error", string), ("written", ref("ImportReport")), ("notWritten", array(string))])),
        ("ExportBundle", object([("format", string), ("cases", array(type("object")))])),
        ("Counts", array(object([("value", string), ("count", integer)]))),
        ("Statistics", object([
            ("total", integer), ("byState", ref("Counts")), ("byStage", ref("Counts")), ("byCategory", ref("Counts")),
            ("byProfile", ref("Counts")), ("byPlace", ref("Counts")), ("distinctPlaces", integer), ("byStatus", ref("Counts")),
            ("arrestsByDay", ref("Counts")), ("withoutArrest", integer),
        ])),
        ("GroupList", object([("groups", array(object([("id", string), ("name", string), ("description", nullable(string)), ("cases", integer)],
                                                      required: ["id", "name", "cases"])))])),
        ("Group", object([("id", string), ("name", string), ("description", nullable(string)), ("statistics", ref("Statistics"))],
                         required: ["id", "name", "statistics"])),
        ("TableImportReport", object([
            ("dryRun", boolean), ("dateOrder", string),
            ("columns", array(object([("column", string), ("field", string)]))), ("unmapped", array(string)),
            ("rows", integer), ("created", integer), ("updated", integer), ("unchanged", integer), ("rejectedRows", integer),
            ("rejected", array(object([("row", integer), ("column", nullable(string)), ("message", string)]))),
            ("duplicates", array(object([("row", integer), ("id", string), ("of", string)]))),
            ("warnings", array(object([("row", integer), ("column", nullable(string)), ("message", string)]))),
            ("truncated", boolean), ("createdIds", array(string)), ("updatedIds", array(string)),
        ])),
    ]
}
