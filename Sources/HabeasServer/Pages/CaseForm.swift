import HabeasCore
import HabeasStore

/// `/cases/new` and `/cases/{id}/edit`: the common fields of a case as a form. The rest of the file
/// (events other than the arrest, evidence, procedure, …) is kept as it is; the YAML editor edits it.
/// On an error the form comes back with what was typed and each message beside its field.
enum CaseForm {
    /// What was typed, as text, exactly as posted.
    struct Input: Sendable {
        var id = ""
        var caseTitle = ""
        var state = ""
        var name = ""
        var otherNames = ""
        var sex = ""
        var nationalities = ""
        var occupation = ""
        var profiles: [String] = []
        var kind = ""
        var ongoing = true
        var heldBy = ""
        var arrestDate = ""
        var charges = ""
        var allegations: [String] = []
        var summary = ""
        var note = ""
        var baseRevision = ""

        init() {}

        init(form: FormData) {
            id = form["id"].trimmingCharacters(in: .whitespacesAndNewlines)
            caseTitle = form["title"]
            state = form["state"]
            name = form["name"]
            otherNames = form["otherNames"]
            sex = form["sex"]
            nationalities = form["nationalities"]
            occupation = form["occupation"]
            profiles = form.all("profile")
            kind = form["kind"]
            ongoing = form.has("ongoing")
            heldBy = form["heldBy"]
            arrestDate = form["arrestDate"]
            charges = form["charges"]
            allegations = form.all("allegation")
            summary = form["summary"]
            note = form["note"]
            baseRevision = form["baseRevision"]
        }

        init(file: CaseFile, revision: Int) {
            id = file.id
            caseTitle = file.title ?? ""
            state = file.state
            name = file.person.name
            otherNames = file.person.otherNames.joined(separator: ", ")
            sex = file.person.sex?.rawValue ?? ""
            nationalities = file.person.nationalities.joined(separator: ", ")
            occupation = file.person.occupation ?? ""
            profiles = file.person.profile.map(\.rawValue)
            kind = file.deprivation.kind?.rawValue ?? ""
            ongoing = file.deprivation.ongoing
            heldBy = file.deprivation.heldBy ?? ""
            arrestDate = file.timeline.first { $0.type == .arrest }?.date.description ?? ""
            charges = file.charges.map(\.label).joined(separator: "\n")
            allegations = file.allegations.map(\.type.rawValue)
            summary = file.summary ?? ""
            baseRevision = String(revision)
        }
    }

    struct Model {
        var isNew: Bool
        var action: String
        var cancelHref: String
        var heading: String
        var errorSummary: ErrorSummary
        var id: Field
        var caseTitle: Field
        var state: Field
        var name: Field
        var otherNames: Field
        var nationalities: Field
        var occupation: Field
        var heldBy: Field
        var arrestDate: Field
        var charges: Field
        var summary: Field
        var note: Field
        var sex: ChoiceField
        var kind: ChoiceField
        var profile: ChoiceField
        var allegation: ChoiceField
        var ongoing: Bool
        var baseRevision: String
        var yamlHref: String?
        /// Existing cases only: the timeline and allegations, each removable, and the add forms.
        var eventRows: [CaseItems.Row]
        var allegationRows: [CaseItems.Row]
        var hasEventRows: Bool
        var hasAllegationRows: Bool
        var eventNewHref: String?
        var allegationNewHref: String?
    }

    /// Field name → message.
    typealias Errors = [String: [String]]

    /// - Parameter file: the stored case, for the timeline and allegation lists (nil for a new case).
    static func model(_ input: Input, errors: Errors, general: [String], isNew: Bool, file: CaseFile? = nil) -> Model {
        let messages = FieldMessages(errors: errors)
        return Model(
            isNew: isNew,
            action: isNew ? Route.caseNew.path : Route.caseEdit(input.id).path,
            cancelHref: isNew ? Route.caseList.path : Route.caseShow(input.id).path,
            heading: isNew ? "New case" : "Edit \(input.name.isEmpty ? input.id : input.name)",
            errorSummary: messages.summary(general: general),
            id: messages.field("id", "Case id", input.id, hint: "Lowercase letters, digits and hyphens, e.g. kz-massimov. It cannot be changed later.", required: true),
            caseTitle: messages.field("title", "Title", input.caseTitle, hint: "Optional; by default the name and the State."),
            state: messages.field("state", "Detaining State", input.state, hint: "Two-letter ISO code, e.g. KZ.", required: true),
            name: messages.field("name", "Name of the detained person", input.name, required: true),
            otherNames: messages.field("otherNames", "Other names", input.otherNames, hint: "Separated by commas."),
            nationalities: messages.field("nationalities", "Nationalities", input.nationalities, hint: "Two-letter codes separated by commas, e.g. KZ, RU."),
            occupation: messages.field("occupation", "Occupation", input.occupation),
            heldBy: messages.field("heldBy", "Held by", input.heldBy, hint: "The authority holding the person."),
            arrestDate: messages.field("arrestDate", "Date of arrest", input.arrestDate, hint: "YYYY-MM-DD. Durations are counted from it."),
            charges: messages.field("charges", "Charges", input.charges, hint: "One per line, as the authorities word them."),
            summary: messages.field("summary", "Summary", input.summary, hint: "The facts in a few sentences, used in the petition."),
            note: messages.note(input.note),
            sex: messages.choice("sex", Option.words(Sex.self, selected: [input.sex], blank: "Not stated")),
            kind: messages.choice("kind", Option.words(DeprivationKind.self, selected: [input.kind], blank: "Not stated")),
            profile: messages.choice("profile", Option.words(Profile.self, selected: input.profiles)),
            allegation: messages.choice("allegation", Option.words(AllegationType.self, selected: input.allegations)),
            ongoing: input.ongoing, baseRevision: input.baseRevision,
            yamlHref: isNew ? nil : Route.caseYAML(input.id).path,
            eventRows: file.map(CaseItems.eventRows) ?? [], allegationRows: file.map(CaseItems.allegationRows) ?? [],
            hasEventRows: !(file?.timeline.isEmpty ?? true), hasAllegationRows: !(file?.allegations.isEmpty ?? true),
            eventNewHref: file.map { Route.eventNew($0.id).path }, allegationNewHref: file.map { Route.allegationNew($0.id).path })
    }

    static func staleMessage(_ current: Int) -> String {
        "Someone saved revision \(current) of this case after you opened it, so nothing was saved. Your changes are still in the form: open the case in another tab to compare, then edit again from the latest revision."
    }

    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Applies the input to `base` (nil for a new case) and validates the result the way every
    /// case file is validated. Returns the case, or the errors by field.
    static func apply(_ input: Input, to base: CaseFile?) -> Result<CaseFile, FormErrors> {
        var errors: Errors = [:]
        func add(_ field: String, _ message: String) { errors[field, default: []].append(message) }
        let id = base?.id ?? input.id
        if id.isEmpty { add("id", "Give the case an id.") }
        if input.name.trimmingCharacters(in: .whitespaces).isEmpty { add("name", "Give the name of the detained person.") }
        if input.state.trimmingCharacters(in: .whitespaces).isEmpty { add("state", "Give the detaining State.") }
        var arrest: CaseDate?
        let arrestText = input.arrestDate.trimmingCharacters(in: .whitespaces)
        if !arrestText.isEmpty {
            do { arrest = try CaseDate(parsing: arrestText) } catch {
                add("arrestDate", "`\(arrestText)` is not a date: use YYYY-MM-DD, e.g. 2022-01-05.")
            }
        }
        let sex = Sex(rawValue: input.sex)
        if !input.sex.isEmpty, sex == nil { add("sex", "Choose one of the listed values.") }
        let kind = DeprivationKind(rawValue: input.kind)
        if !input.kind.isEmpty, kind == nil { add("kind", "Choose one of the listed values.") }
        let profiles = input.profiles.compactMap(Profile.init(rawValue:))
        if profiles.count != input.profiles.count { add("profile", "Choose among the listed profiles.") }
        let allegationTypes = input.allegations.compactMap(AllegationType.init(rawValue:))
        if allegationTypes.count != input.allegations.count { add("allegation", "Choose among the listed allegations.") }

        func optional(_ text: String) -> String? {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        var file = base ?? CaseFile(id: id, state: "", person: Person(name: ""), deprivation: Deprivation(ongoing: true))
        file.title = optional(input.caseTitle)
        file.state = input.state.trimmingCharacters(in: .whitespaces).uppercased()
        file.person.name = input.name.trimmingCharacters(in: .whitespaces)
        file.person.otherNames = list(input.otherNames)
        file.person.sex = sex
        file.person.nationalities = list(input.nationalities).map { $0.uppercased() }
        file.person.occupation = optional(input.occupation)
        file.person.profile = profiles
        file.deprivation.kind = kind
        file.deprivation.ongoing = input.ongoing
        file.deprivation.heldBy = optional(input.heldBy)
        file.summary = optional(input.summary)
        // Charges: keep the law and details of a charge whose label is unchanged.
        file.charges = input.charges.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { label in
            base?.charges.first { $0.label == label } ?? Charge(label: label)
        }
        // Allegations: keep the details of those still ticked, add the new ones, drop the others.
        var allegations = file.allegations.filter { allegationTypes.contains($0.type) }
        for type in allegationTypes where !allegations.contains(where: { $0.type == type }) {
            allegations.append(Allegation(type: type))
        }
        file.allegations = allegations
        var arrestIndex = file.timeline.firstIndex { $0.type == .arrest }
        if let arrest {
            if let i = arrestIndex { file.timeline[i].date = arrest } else {
                file.timeline.insert(TimelineEvent(date: arrest, type: .arrest), at: 0)
                arrestIndex = 0
            }
        } else if arrestText.isEmpty, let i = arrestIndex {
            file.timeline.remove(at: i)
            arrestIndex = nil
        }
        // The same validation as any case file, mapped back to the fields; run even after the
        // checks above failed, so that every problem is shown at once.
        var general: [String] = []
        do {
            let checked = try file.validated()
            if errors.isEmpty { return .success(checked) }
        } catch {
            for issue in error.issues {
                if let field = field(for: issue.path, arrestIndex: arrestIndex) {
                    // A field already flagged as empty needs no second message.
                    if errors[field] == nil || !["id", "name", "state"].contains(field) { add(field, issue.message) }
                } else {
                    general.append((issue.path.isEmpty ? "" : issue.path + ": ") + issue.message)
                }
            }
        }
        return .failure(FormErrors(fields: errors, general: general))
    }

    struct FormErrors: Error {
        var fields: Errors
        var general: [String]
    }

    /// The form field that shows an issue at `path`, or nil for one the form has no field for.
    static func field(for path: String, arrestIndex: Int?) -> String? {
        let map: [(String, String)] = [
            ("id", "id"), ("title", "title"), ("state", "state"), ("person.name", "name"), ("person.otherNames", "otherNames"),
            ("person.sex", "sex"), ("person.nationalities", "nationalities"), ("person.occupation", "occupation"),
            ("person.profile", "profile"), ("deprivation.kind", "kind"), ("deprivation.heldBy", "heldBy"),
            ("charges", "charges"), ("allegations", "allegation"), ("summary", "summary"),
        ]
        for (prefix, field) in map where path == prefix || path.hasPrefix(prefix + ".") || path.hasPrefix(prefix + "[") {
            return field
        }
        if let arrestIndex, path.hasPrefix("timeline[\(arrestIndex)]") { return "arrestDate" }
        return nil
    }
}
