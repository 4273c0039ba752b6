import HabeasCore
import HabeasStore
import Hummingbird

/// `/cases/{id}/events/new` and `/cases/{id}/allegations/new`: add one timeline event or one
/// allegation without YAML; and the remove buttons on the edit page. Each is a save of its own,
/// checked against the revision the page was built from, and validated like any case file.
enum CaseItems {
    typealias Errors = CaseForm.Errors

    /// An event attribute's label in the interface language: `warrantShown` → "Warrant shown";
    /// an attribute a newer version adds, with no message yet, is spelled out from its key.
    static func label(_ key: String) -> String {
        let l = Interface.localizer
        if l.has("item.attr." + key) { return l.text("item.attr." + key) }
        var out = ""
        for c in key {
            if c.isUppercase { out += " " + c.lowercased() } else { out.append(c) }
        }
        return out.prefix(1).uppercased() + out.dropFirst()
    }

    static func optional(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    /// Validates `file` as any case file is; issues under `prefix` (the new item) go to the field
    /// `fieldFor` names, the rest to the general list.
    static func validate(_ file: CaseFile, prefix: String, fieldFor: (String) -> String?, errors: Errors) -> Result<CaseFile, CaseForm.FormErrors> {
        var errors = errors
        var general: [String] = []
        do {
            let checked = try file.validated()
            if errors.isEmpty { return .success(checked) }
        } catch {
            for issue in error.issues {
                if issue.path.hasPrefix(prefix), let field = fieldFor(String(issue.path.dropFirst(prefix.count))) {
                    errors[field, default: []].append(issue.message)
                } else {
                    general.append((issue.path.isEmpty ? "" : issue.path + ": ") + issue.message)
                }
            }
        }
        return .failure(CaseForm.FormErrors(fields: errors, general: general))
    }

    // MARK: Timeline events

    struct EventInput: Sendable {
        var type = ""
        var date = ""
        var approximate = false
        var details = ""
        /// `attr-<key>` → the values posted (several for categories).
        var attributes: [String: [String]] = [:]
        var note = ""
        var baseRevision = ""

        init(type: String, baseRevision: String) {
            self.type = type
            self.baseRevision = baseRevision
        }

        init(form: FormData) {
            type = form["type"]
            date = form["date"]
            approximate = form.has("approximate")
            details = form["details"]
            note = form["note"]
            baseRevision = form["baseRevision"]
            for field in form.fields where field.name.hasPrefix("attr-") {
                attributes[String(field.name.dropFirst(5)), default: []].append(field.value)
            }
        }
    }

    /// One attribute as a form control chosen by its kind.
    struct AttributeControl {
        var name: String
        var label: String
        var hint: String?
        var error: String?
        var errorHTML: SafeHTML
        var invalid: Bool
        var value: String
        var isSelect: Bool
        var isText: Bool
        var isCheckboxes: Bool
        var options: [Option]
        /// The ids of the hint and error, for `aria-describedby`; nil when there are none.
        var describedBy: String? = nil
    }

    struct EventModel {
        var caseID: String
        var heading: String
        var caseHref: String
        var editHref: String
        var action: String
        var type: ChoiceField
        var typeChosen: Bool
        var chosenType: String
        var date: Field
        var approximate: Bool
        var details: Field
        var note: Field
        var attributes: [AttributeControl]
        var hasAttributes: Bool
        var baseRevision: String
        var errorSummary: ErrorSummary
    }

    static func eventModel(_ input: EventInput, file: CaseFile, errors: Errors = [:], general: [String] = []) -> EventModel {
        let messages = FieldMessages(errors: errors)
        let l = Interface.localizer
        let type = EventType(rawValue: input.type)
        let controls: [AttributeControl] = (type?.attributeSpecs ?? []).map { spec in
            let name = "attr-" + spec.key
            let values = input.attributes[spec.key] ?? []
            let value = values.first ?? ""
            let error = messages.message(name)
            var control = AttributeControl(name: name, label: label(spec.key), hint: nil, error: error, errorHTML: Markup.message(error ?? ""),
                                           invalid: error != nil, value: value, isSelect: false, isText: false, isCheckboxes: false, options: [])
            switch spec.kind {
            case .bool:
                control.isSelect = true
                control.options = [Option(value: "", label: l.text("item.notStated"), selected: value.isEmpty),
                                   Option(value: "true", label: l.text("item.yes"), selected: value == "true"),
                                   Option(value: "false", label: l.text("item.no"), selected: value == "false")]
            case .word(let words, _):
                control.isSelect = true
                control.options = Option.list(words, selected: [value], blank: l.text("item.notStated"))
            case .categories:
                control.isCheckboxes = true
                control.options = Category.allCases.map { Option(value: $0.rawValue, label: l.text("case.category", ["category": $0.rawValue]), selected: values.contains($0.rawValue)) }
            case .text:
                control.isText = true
            case .date:
                control.isText = true
                control.hint = l.text("item.hint.day")
            case .sentence:
                control.isText = true
                control.hint = l.text("item.hint.sentence")
            }
            control.describedBy = Field.describedBy(name, hint: control.hint, error: error)
            return control
        }
        return EventModel(
            caseID: file.id, heading: file.displayTitle, caseHref: Route.caseShow(file.id).path, editHref: Route.caseEdit(file.id).path,
            action: Route.eventNew(file.id).path,
            type: messages.choice("type", Option.words(EventType.self, selected: [type?.rawValue ?? ""], blank: l.text("item.chooseType"))),
            typeChosen: type != nil, chosenType: type?.rawValue ?? "",
            date: messages.field("date", l.text("item.date"), input.date, hint: l.text("item.hint.eventDate"), required: true),
            approximate: input.approximate,
            details: messages.field("details", l.text("item.details"), input.details, hint: l.text("item.hint.eventDetails")),
            note: messages.note(input.note),
            attributes: controls, hasAttributes: !controls.isEmpty,
            baseRevision: input.baseRevision, errorSummary: messages.summary(general: general))
    }

    /// The case with the event added in date order, validated; or the errors by field.
    static func addEvent(_ input: EventInput, to base: CaseFile) -> Result<CaseFile, CaseForm.FormErrors> {
        var errors: Errors = [:]
        let l = Interface.localizer
        func add(_ field: String, _ message: String) { errors[field, default: []].append(message) }
        let type = EventType(rawValue: input.type)
        if type == nil { add("type", l.text("item.error.eventType")) }
        var date: CaseDate?
        let dateText = input.date.trimmingCharacters(in: .whitespaces)
        if dateText.isEmpty { add("date", l.text("item.error.eventDate")) } else {
            do { date = try CaseDate(parsing: dateText) } catch { add("date", l.text("item.error.notADate", ["text": dateText])) }
        }
        var attributes: [String: AttributeValue] = [:]
        for spec in type?.attributeSpecs ?? [] {
            let name = "attr-" + spec.key
            let values = (input.attributes[spec.key] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let value = values.first ?? ""
            switch spec.kind {
            case .bool:
                switch value {
                case "true": attributes[spec.key] = .bool(true)
                case "false": attributes[spec.key] = .bool(false)
                case "": break
                default: add(name, l.text("item.error.yesNo"))
                }
            case .text, .sentence, .word:
                // Words and durations are checked by the case-file validation below.
                if !value.isEmpty { attributes[spec.key] = .text(value) }
            case .date:
                if !value.isEmpty {
                    if let parsed = try? CaseDate(parsing: value) { attributes[spec.key] = .date(parsed) } else {
                        add(name, l.text("item.error.notADay", ["text": value]))
                    }
                }
            case .categories:
                let categories = values.compactMap(Category.init(rawValue:))
                if categories.count != values.count { add(name, l.text("item.error.categories")) }
                if !categories.isEmpty { attributes[spec.key] = .categories(categories) }
            }
        }
        guard let type, let date else { return .failure(CaseForm.FormErrors(fields: errors, general: [])) }
        var event = TimelineEvent(date: date, type: type, attributes: attributes)
        event.approximate = input.approximate ? true : nil
        event.details = optional(input.details)
        var file = base
        // After every event on or before its date, so the file stays in reading order.
        let index = file.timeline.firstIndex { date.isBefore($0.date) } ?? file.timeline.count
        file.timeline.insert(event, at: index)
        return validate(file, prefix: "timeline[\(index)]", fieldFor: { rest in
            switch rest {
            case ".date": "date"
            case ".type": "type"
            case ".details": "details"
            case let key where key.hasPrefix("."): type.attributeSpecs.contains { "." + $0.key == key } ? "attr-" + key.dropFirst() : nil
            default: nil
            }
        }, errors: errors)
    }

    // MARK: Allegations

    struct AllegationInput: Sendable {
        var type = ""
        var right = ""
        var ground = ""
        var details = ""
        var note = ""
        var baseRevision = ""

        init(baseRevision: String) { self.baseRevision = baseRevision }

        init(form: FormData) {
            type = form["type"]
            right = form["right"]
            ground = form["ground"]
            details = form["details"]
            note = form["note"]
            baseRevision = form["baseRevision"]
        }
    }

    struct AllegationModel {
        var caseID: String
        var heading: String
        var caseHref: String
        var editHref: String
        var action: String
        var type: ChoiceField
        var right: ChoiceField
        var ground: ChoiceField
        var details: Field
        var note: Field
        var baseRevision: String
        var errorSummary: ErrorSummary
    }

    static func allegationModel(_ input: AllegationInput, file: CaseFile, errors: Errors = [:], general: [String] = []) -> AllegationModel {
        let messages = FieldMessages(errors: errors)
        let l = Interface.localizer
        return AllegationModel(
            caseID: file.id, heading: file.displayTitle, caseHref: Route.caseShow(file.id).path, editHref: Route.caseEdit(file.id).path,
            action: Route.allegationNew(file.id).path,
            type: messages.choice("type", Option.words(AllegationType.self, selected: [input.type], blank: l.text("item.chooseType"))),
            right: messages.choice("right", Option.words(Right.self, selected: [input.right], blank: l.text("item.notStated"))),
            ground: messages.choice("ground", Option.words(DiscriminationGround.self, selected: [input.ground], blank: l.text("item.notStated"))),
            details: messages.field("details", l.text("item.details"), input.details, hint: l.text("item.hint.allegationDetails")),
            note: messages.note(input.note),
            baseRevision: input.baseRevision, errorSummary: messages.summary(general: general))
    }

    static func addAllegation(_ input: AllegationInput, to base: CaseFile) -> Result<CaseFile, CaseForm.FormErrors> {
        var errors: Errors = [:]
        let l = Interface.localizer
        func add(_ field: String, _ message: String) { errors[field, default: []].append(message) }
        let type = AllegationType(rawValue: input.type)
        if type == nil { add("type", l.text("item.error.allegationType")) }
        let right = Right(rawValue: input.right)
        if !input.right.isEmpty, right == nil { add("right", l.text("item.error.right")) }
        let ground = DiscriminationGround(rawValue: input.ground)
        if !input.ground.isEmpty, ground == nil { add("ground", l.text("item.error.ground")) }
        guard let type else { return .failure(CaseForm.FormErrors(fields: errors, general: [])) }
        var allegation = Allegation(type: type, right: right, ground: ground)
        allegation.details = optional(input.details)
        var file = base
        file.allegations.append(allegation)
        return validate(file, prefix: "allegations[\(file.allegations.count - 1)]", fieldFor: { rest in
            switch rest {
            case ".type": "type"
            case ".right": "right"
            case ".ground": "ground"
            case ".details": "details"
            default: nil
            }
        }, errors: errors)
    }

    // MARK: Rows on the edit page

    struct Row {
        var when: String?
        var label: String
        var extra: String?
        /// The type's attributes, `by: …; warrant shown: no`.
        var particulars: String?
        var removeAction: String
        var removeLabel: String
    }

    static func eventRows(_ file: CaseFile) -> [Row] {
        file.timeline.enumerated().map { index, event in
            let attributes = event.type.attributeSpecs.compactMap { spec -> String? in
                guard let value = event.attributes[spec.key] else { return nil }
                switch value {
                case .bool(let b): return "\(label(spec.key).lowercased()): \(Interface.localizer.text(b ? "answer.yes" : "answer.no"))"
                case .text(let t): return "\(label(spec.key).lowercased()): \(t)"
                case .date(let d): return "\(label(spec.key).lowercased()): \(d)"
                case .categories(let c): return "\(label(spec.key).lowercased()): \(c.map(\.rawValue).joined(separator: ", "))"
                }
            }
            return Row(when: event.date.description + (event.approximate == true ? " (approx.)" : ""), label: event.type.rawValue,
                       extra: event.details, particulars: attributes.isEmpty ? nil : attributes.joined(separator: "; "), removeAction: Route.eventRemove(file.id, index: index).path,
                       removeLabel: "Remove the \(event.type.rawValue) event of \(event.date)")
        }
    }

    static func allegationRows(_ file: CaseFile) -> [Row] {
        file.allegations.enumerated().map { index, allegation in
            let qualifier = [allegation.right.map { "right: \($0.rawValue)" }, allegation.ground.map { "ground: \($0.rawValue)" }].compactMap { $0 }
            let extra = (qualifier + [allegation.details].compactMap { $0 }).joined(separator: "; ")
            return Row(when: nil, label: allegation.type.rawValue, extra: extra.isEmpty ? nil : extra, particulars: nil,
                       removeAction: Route.allegationRemove(file.id, index: index).path,
                       removeLabel: "Remove the allegation \(allegation.type.rawValue)")
        }
    }

    /// `file` validated as any case file is, or the validator's issues.
    static func checked(_ file: CaseFile) -> Result<CaseFile, CaseValidationError> {
        do {
            return .success(try file.validated())
        } catch {
            return .failure(error)
        }
    }

    static func staleRemoval(_ current: Int, _ what: String) -> String {
        "Someone saved revision \(current) of this case after you opened the page, so no \(what) was removed. Check the list below, which shows the latest revision, and try again."
    }
}
