import HabeasCore
import HabeasLocalization

/// The pieces the form pages (case, event, allegation) and the case list's filters build their
/// models from. Templates read stored properties only (Mustache looks them up by reflection), so
/// anything derived, such as an error's HTML, is computed once in `init`.

/// One entry of a select or one checkbox of a set.
struct Option {
    var value: String
    var label: String
    var selected: Bool
    /// One line about a word of a closed vocabulary (a tooltip on checkboxes); empty otherwise.
    var help: String = ""

    /// One option per word of a closed vocabulary, labelled in the interface language (`Interface`);
    /// the value stays the English key that case files keep. English labels stay the words.
    static func words<V: Vocabulary>(_ type: V.Type, selected: [String], blank: String? = nil) -> [Option] {
        let localizer = Interface.localizer
        let english = localizer.language == .en
        return (blank.map { [Option(value: "", label: $0, selected: selected.allSatisfy(\.isEmpty))] } ?? [])
            + type.allCases.map { word in
                Option(value: word.rawValue, label: english ? word.rawValue : localizer.label(word), selected: selected.contains(word.rawValue),
                       help: localizer.help(word))
            }
    }

    /// One option per word, those in `selected` selected; `blank`, if given, labels a first option
    /// with no value, selected when nothing is.
    static func list(_ words: [String], selected: [String], blank: String? = nil) -> [Option] {
        (blank.map { [Option(value: "", label: $0, selected: selected.allSatisfy(\.isEmpty))] } ?? [])
            + words.map { Option(value: $0, label: $0, selected: selected.contains($0)) }
    }
}

/// A text field with its error, if any.
struct Field {
    var name: String
    var label: String
    var value: String
    var hint: String?
    var error: String?
    var errorHTML: SafeHTML
    var invalid: Bool
    var required: Bool
    /// The ids of the hint and error shown with the field, for `aria-describedby`; nil when it has neither.
    var describedBy: String?

    static func describedBy(_ name: String, hint: String?, error: String?) -> String? {
        let ids = (hint == nil ? [] : ["f-\(name)-hint"]) + (error == nil ? [] : ["f-\(name)-error"])
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

/// A select or a set of checkboxes with its error, if any. Templates print the error as
/// `{{#x.error}}…{{{x.errorHTML}}}…{{/x.error}}`: `errorHTML` is the message escaped, with only
/// `<code>` added (`Markup.message`).
struct ChoiceField {
    var options: [Option]
    var error: String?
    let errorHTML: SafeHTML

    init(options: [Option], error: String?) {
        self.options = options
        self.error = error
        errorHTML = Markup.message(error ?? "")
    }
}

/// What the top of a refused form says: how many problems, and those no field shows.
struct ErrorSummary {
    var errorCount: Int
    var hasErrors: Bool
    var general: [Markup.Line]
    /// "Nothing was saved: 2 problems to fix", in the interface language.
    var heading: String
}

/// A form's messages by field name, and the model pieces built from them.
struct FieldMessages {
    /// Field name → messages.
    var errors: [String: [String]]

    /// The field's messages as one text, or nil when it has none.
    func message(_ name: String) -> String? {
        let messages = errors[name] ?? []
        return messages.isEmpty ? nil : messages.joined(separator: " ")
    }

    func field(_ name: String, _ label: String, _ value: String, hint: String = "", required: Bool = false) -> Field {
        let error = message(name)
        let hint = hint.isEmpty ? nil : hint
        return Field(name: name, label: label, value: value, hint: hint,
                     error: error, errorHTML: Markup.message(error ?? ""), invalid: error != nil, required: required,
                     describedBy: Field.describedBy(name, hint: hint, error: error))
    }

    /// The note every form that saves a revision asks for.
    func note(_ value: String) -> Field {
        field("note", Interface.localizer.text("form.note"), value, hint: Interface.localizer.text("form.note.hint"))
    }

    func choice(_ name: String, _ options: [Option]) -> ChoiceField {
        ChoiceField(options: options, error: message(name))
    }

    /// Every field message plus the `general` ones, which are listed in the summary itself.
    func summary(general: [String]) -> ErrorSummary {
        let count = errors.values.reduce(0) { $0 + $1.count } + general.count
        return ErrorSummary(errorCount: count, hasErrors: count > 0, general: general.map(Markup.Line.init),
                            heading: Interface.localizer.plural("form.summary", count: count))
    }
}
