import Foundation
import HabeasCore
import Yams

/// The case fields a column can fill.
public enum TableField: String, Sendable, CaseIterable {
    case id, name, otherNames, birthDate, sex, nationality, profile, state
    case arrestDate, arrestPlace, heldBy, placeOfDetention, kind, charges, court, releaseDate
    case lawyer, familyContact, notes
    /// A column read by no field.
    case ignore

    public var label: String {
        switch self {
        case .id: "case id"
        case .name: "name"
        case .otherNames: "other names"
        case .birthDate: "birth date"
        case .sex: "sex"
        case .nationality: "nationality"
        case .profile: "profile"
        case .state: "State"
        case .arrestDate: "date of arrest"
        case .arrestPlace: "place of arrest"
        case .heldBy: "held by"
        case .placeOfDetention: "place of detention"
        case .kind: "kind of deprivation"
        case .charges: "charges"
        case .court: "court"
        case .releaseDate: "release date"
        case .lawyer: "lawyer"
        case .familyContact: "family contact"
        case .notes: "notes"
        case .ignore: "(ignored)"
        }
    }

    /// Header words that name the field, English and Russian, compared after `ColumnMapping.normalise`.
    var headerNames: [String] {
        switch self {
        case .id: ["id", "case id", "caseid", "no", "№", "number", "номер", "ид", "код"]
        case .name: ["name", "full name", "fullname", "person", "detainee", "фио", "ф и о", "имя", "полное имя", "задержанный", "фамилия имя отчество"]
        case .otherNames: ["other names", "aliases", "alias", "also known as", "aka", "другие имена", "псевдоним", "прежняя фамилия"]
        case .birthDate: ["birth date", "date of birth", "dob", "born", "birthdate", "дата рождения", "год рождения", "др", "д р"]
        case .sex: ["sex", "gender", "пол"]
        case .nationality: ["nationality", "citizenship", "гражданство", "национальность"]
        case .profile: ["profile", "occupation group", "category of person", "status", "профиль", "статус", "род занятий", "категория"]
        case .state: ["state", "country", "страна", "государство"]
        case .arrestDate: ["arrest date", "date of arrest", "arrested", "arrested on", "detained on", "date detained", "дата задержания", "дата ареста", "задержан"]
        case .arrestPlace: ["place of arrest", "arrest place", "arrested in", "where arrested", "место задержания", "место ареста", "город"]
        case .heldBy: ["held by", "detained by", "authority", "arresting authority", "кем задержан", "орган", "кто задержал"]
        case .placeOfDetention: ["place of detention", "detention place", "held at", "prison", "facility", "место содержания", "место содержания под стражей", "сизо", "изолятор"]
        case .kind: ["kind", "type of detention", "detention type", "вид задержания", "мера пресечения"]
        case .charges: ["charges", "charge", "article", "articles", "обвинение", "обвинения", "статья", "статьи", "статья ук"]
        case .court: ["court", "суд"]
        case .releaseDate: ["release date", "date of release", "released", "released on", "дата освобождения", "освобожден", "освобождён"]
        case .lawyer: ["lawyer", "counsel", "attorney", "defence lawyer", "адвокат", "защитник"]
        case .familyContact: ["family contact", "family", "relative", "contact", "родственники", "контакт родственников", "контакты", "контакт"]
        case .notes: ["notes", "note", "comments", "comment", "details", "примечание", "примечания", "комментарий", "подробности"]
        case .ignore: []
        }
    }

    /// Fields that take one column at most.
    var single: Bool { self != .ignore }
}

/// Which column fills which field, and the settings of one import. From a mapping file (YAML),
/// from the header by its words, or both (the file wins for the columns it names).
///
/// ```yaml
/// state: KZ            # the detaining State of every row without a State column
/// dateOrder: dmy       # how 5/1/2022 is read
/// id: "Номер"          # the column that keys each case (else a slug of name and birth date)
/// columns:
///   "ФИО": name
///   "Дата задержания": arrestDate
///   "Внутренний код": ignore
/// ```
public struct ColumnMapping: Sendable, Equatable {
    /// Field for each column index; absent: ignored.
    public var fields: [Int: TableField]
    public var headers: [String]
    public var state: String?
    public var dateOrder: DateOrder
    /// Columns the header named that no field matched (reported so the user can map them).
    public var unmatched: [Int] { headers.indices.filter { fields[$0] == nil && !headers[$0].trimmingCharacters(in: .whitespaces).isEmpty } }

    public func column(of field: TableField) -> Int? { fields.first { $0.value == field }?.key }

    /// The column's header as a person would name it: `B "Дата рождения"`.
    public func describe(_ column: Int) -> String {
        let header = headers.indices.contains(column) ? headers[column] : ""
        return ColumnName.letters(column) + (header.isEmpty ? "" : " \"\(header)\"")
    }

    /// Normalised header text: lowercase, letters and digits and single spaces, ё as е.
    static func normalise(_ text: String) -> String {
        let lowered = text.lowercased().replacingOccurrences(of: "ё", with: "е")
        let mapped = lowered.map { $0.isLetter || $0.isNumber || $0 == "№" ? $0 : " " }
        return String(mapped).split(separator: " ").joined(separator: " ")
    }

    /// Guesses each column from its header; the first column a field matches takes it.
    public static func guess(headers: [String], state: String?, dateOrder: DateOrder) -> ColumnMapping {
        var fields: [Int: TableField] = [:]
        var taken = Set<TableField>()
        for (index, header) in headers.enumerated() {
            let key = normalise(header)
            guard !key.isEmpty else { continue }
            if let field = TableField.allCases.first(where: { !taken.contains($0) && $0.headerNames.contains(key) }) {
                fields[index] = field
                taken.insert(field)
            }
        }
        return ColumnMapping(fields: fields, headers: headers, state: state, dateOrder: dateOrder)
    }

    public enum MappingError: Error, Equatable, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let why): "mapping: \(why)" }
        }
    }

    /// The mapping file applied over the guess. Columns are named by header text or by letter
    /// (`B`); fields by their names (`birthDate`), with a suggestion for a typo.
    public static func load(yaml text: String, headers: [String], state: String?, dateOrder: DateOrder?) throws(MappingError) -> ColumnMapping {
        guard text.utf8.count <= 256 * 1024 else { throw .invalid("the mapping file is larger than 256 KB") }
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch { throw .invalid("not YAML (\(error))") }
        guard let object = root as? [String: Any] else { throw .invalid("write the mapping as `columns:` with `header: field` lines") }
        for key in object.keys where !["columns", "state", "dateOrder", "id"].contains(key) {
            throw .invalid("unknown key `\(key)`\(Suggestions.hint(for: key, in: ["columns", "state", "dateOrder", "id"]))")
        }
        var order = dateOrder
        if order == nil, let word = object["dateOrder"] {
            guard let text = word as? String, let parsed = DateOrder(rawValue: text) else {
                throw .invalid("dateOrder must be one of \(DateOrder.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            order = parsed
        }
        let fileState = (object["state"] as? String)
        var mapping = guess(headers: headers, state: state ?? fileState, dateOrder: order ?? .dmy)
        func index(_ name: String) throws(MappingError) -> Int {
            if let found = headers.firstIndex(where: { $0 == name }) ?? headers.firstIndex(where: { normalise($0) == normalise(name) }) {
                return found
            }
            if name.count <= 3, name.allSatisfy({ $0.isASCII && $0.isUppercase }),
               let letter = headers.indices.first(where: { ColumnName.letters($0) == name }) {
                return letter
            }
            throw .invalid("no column `\(name)` in the header\(Suggestions.hint(for: name, in: headers))")
        }
        if let columns = object["columns"] {
            guard let columns = columns as? [String: Any] else { throw .invalid("`columns` maps a header to a field") }
            for (name, value) in columns.sorted(by: { $0.key < $1.key }) {
                guard let word = value as? String, let field = TableField(rawValue: word) else {
                    let word = (value as? String) ?? "\(value)"
                    throw .invalid("`\(name)`: `\(word)` is not a field\(Suggestions.hint(for: word, in: TableField.allCases.map(\.rawValue))). Fields: \(TableField.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let column = try index(name)
                // A field named in the file takes it from the guess.
                if field != .ignore { for (other, guessed) in mapping.fields where guessed == field && other != column { mapping.fields[other] = nil } }
                mapping.fields[column] = field == .ignore ? nil : field
            }
        }
        if let id = object["id"] {
            guard let name = id as? String else { throw .invalid("`id` names one column") }
            let column = try index(name)
            for (other, guessed) in mapping.fields where guessed == .id && other != column { mapping.fields[other] = nil }
            mapping.fields[column] = .id
        }
        return mapping
    }
}
