import Foundation
import HabeasCore

/// Why a row was refused, or what was noted about it: the row number a person sees, the column
/// (letter and header) and the reason.
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    public var row: Int
    /// `C "Дата рождения"`, or nil for the row as a whole.
    public var column: String?
    public var message: String
    public init(row: Int, column: String?, message: String) {
        self.row = row
        self.column = column
        self.message = message
    }
    public var description: String { "row \(row)" + (column.map { ", column \($0)" } ?? "") + ": \(message)" }
}

/// What one row says, field by field; nil where its cell is empty or there is no column, so an
/// update leaves that part of the stored case as it is.
public struct RowValues: Sendable, Equatable {
    public var name: String?
    public var otherNames: [String]?
    public var birthDate: CaseDate?
    public var sex: Sex?
    public var nationalities: [String]?
    public var profiles: [Profile]?
    public var state: String?
    public var arrestDate: CaseDate?
    public var arrestPlace: String?
    public var heldBy: String?
    public var placeOfDetention: String?
    public var kind: DeprivationKind?
    public var charges: [String]?
    public var court: String?
    public var releaseDate: CaseDate?
    public var lawyer: String?
    public var familyContact: String?
    public var notes: String?
    public init() {}
}

/// A row read: the case it keys, and its values.
public struct ConvertedRow: Sendable, Equatable {
    public var row: Int
    public var id: String
    public var values: RowValues
    /// The name as compared for duplicates: lowercase letters, words in order (`NameKey`).
    public var nameKey: String
    /// Notes that do not refuse the row.
    public var warnings: [RowProblem]
}

/// Turns rows into case values, and values into case files. Pure: no store, no clock (the
/// caller says which day is today).
public struct RowConverter: Sendable {
    public let mapping: ColumnMapping
    /// Dates after this day are refused: a row records what has happened, and a birth, arrest or
    /// release still to come is a typo (2052 for 2025) that would otherwise stand as a fact. The
    /// day after it is still accepted: where the detention happens it may already be tomorrow.
    public let today: CaseDate?

    public init(mapping: ColumnMapping, today: CaseDate?) {
        self.mapping = mapping
        self.today = today
    }

    /// The row's values, or every problem that refuses it.
    public func convert(_ row: TableRow) -> Result<ConvertedRow, RowFailure> {
        var problems: [RowProblem] = []
        var warnings: [RowProblem] = []
        var values = RowValues()
        func cell(_ field: TableField) -> (text: String, column: String)? {
            guard let index = mapping.column(of: field), index < row.cells.count else { return nil }
            let text = TextScanning.trimmed(row.cells[index])
            return text.isEmpty ? nil : (text, mapping.describe(index))
        }
        func problem(_ column: String?, _ message: String) { problems.append(RowProblem(row: row.number, column: column, message: message)) }
        func date(_ field: TableField) -> CaseDate? {
            guard case let (text, column)? = cell(field) else { return nil }
            do {
                let date = try TableDates.parse(text, order: mapping.dateOrder)
                if let today, today.addingDays(1).isBefore(date) {
                    problem(column, "\(field.label): \(date) is after today (\(today)); a row records what has happened")
                    return nil
                }
                return date
            } catch {
                problem(column, "\(field.label): \(error.description)")
                return nil
            }
        }
        func line(_ field: TableField) -> String? { cell(field).map { $0.text } }

        values.name = line(.name).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        values.otherNames = line(.otherNames).map { Self.list($0) }
        values.birthDate = date(.birthDate)
        values.arrestDate = date(.arrestDate)
        values.releaseDate = date(.releaseDate)
        if case let (text, column)? = cell(.sex) {
            switch VocabularyMatch.sex(text) {
            case .success(let sex): values.sex = sex
            case .failure(let why): problem(column, why.message)
            }
        }
        if case let (text, column)? = cell(.profile) {
            var profiles: [Profile] = []
            for word in Self.list(text, commas: true) {
                switch VocabularyMatch.profile(word) {
                case .success(let profile): if !profiles.contains(profile) { profiles.append(profile) }
                case .failure(let why): problem(column, why.message)
                }
            }
            values.profiles = profiles
        }
        if case let (text, column)? = cell(.kind) {
            switch VocabularyMatch.kind(text) {
            case .success(let kind): values.kind = kind
            case .failure(let why): problem(column, why.message)
            }
        }
        if case let (text, column)? = cell(.nationality) {
            var codes: [String] = []
            for word in Self.list(text, commas: true) {
                if let code = Countries.code(word) { codes.append(code) } else { problem(column, "nationality: `\(word)` is not a country Habeas knows (write its ISO code, e.g. KZ)") }
            }
            values.nationalities = codes
        }
        if case let (text, column)? = cell(.state) {
            if let code = Countries.code(text) { values.state = code } else { problem(column, "State: `\(text)` is not a country Habeas knows (write its ISO code, e.g. KZ)") }
        } else if let state = mapping.state {
            if let code = Countries.code(state) { values.state = code } else { problem(nil, "the default State `\(state)` is not an ISO 3166-1 code") }
        }
        values.arrestPlace = line(.arrestPlace)
        values.heldBy = line(.heldBy)
        values.placeOfDetention = line(.placeOfDetention)
        values.charges = line(.charges).map { Self.list($0) }
        values.court = line(.court)
        values.lawyer = line(.lawyer)
        values.familyContact = line(.familyContact)
        values.notes = line(.notes)

        if values.arrestPlace != nil, values.arrestDate == nil {
            warnings.append(RowProblem(row: row.number, column: cell(.arrestPlace)?.column,
                                       message: "a place of arrest without a date of arrest is kept only with an arrest already recorded"))
        }
        guard let name = values.name else {
            problem(mapping.column(of: .name).map(mapping.describe) ?? nil, mapping.column(of: .name) == nil
                    ? "no column is the name (map one with --mapping)" : "no name: a case needs the person's name")
            return .failure(RowFailure(problems: problems))
        }
        guard let state = values.state else {
            if problems.isEmpty { problem(nil, "no State: add a State column or give --state") }
            return .failure(RowFailure(problems: problems))
        }
        guard problems.isEmpty else { return .failure(RowFailure(problems: problems)) }

        let id: String
        if case let (text, column)? = cell(.id) {
            guard let made = CaseKey.id(fromColumn: text, state: state) else {
                return .failure(RowFailure(problems: [RowProblem(row: row.number, column: column, message: "`\(text)` cannot be made an id")]))
            }
            id = made
        } else {
            id = CaseKey.id(name: name, birthDate: values.birthDate, state: state)
        }
        return .success(ConvertedRow(row: row.number, id: id, values: values, nameKey: NameKey.of(name), warnings: warnings))
    }

    /// Items separated by `;` or new lines (and commas, where an item never has one).
    static func list(_ text: String, commas: Bool = false) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "\n" || (commas && ($0 == "," || $0 == "/")) })
            .map { TextScanning.trimmed($0, newlines: false) }.filter { !$0.isEmpty }
    }

    /// The case file for the row: the stored one with the row's values over it, or a new one.
    /// Then checked as any case is; a rule the result breaks refuses the row, named by column.
    public func caseFile(for converted: ConvertedRow, over stored: CaseFile?, group: String?) -> Result<CaseFile, RowFailure> {
        var file = converted.values.apply(to: stored, id: converted.id)
        if let group, !file.groups.contains(group) { file.groups.append(group) }
        let issues = file.validate()
        guard issues.isEmpty else {
            return .failure(RowFailure(problems: issues.map { issue in
                RowProblem(row: converted.row, column: column(for: issue.path, in: file).map(mapping.describe),
                           message: (issue.path.isEmpty ? "" : issue.path + ": ") + issue.message)
            }))
        }
        return .success(file)
    }

    /// The column a validation path comes from, where one does.
    func column(for path: String, in file: CaseFile) -> Int? {
        let prefixes: [(String, TableField)] = [
            ("person.name", .name), ("person.otherNames", .otherNames), ("person.birthDate", .birthDate), ("person.sex", .sex),
            ("person.nationalities", .nationality), ("person.profile", .profile), ("state", .state), ("id", .id),
            ("deprivation.heldBy", .heldBy), ("deprivation.places", .placeOfDetention), ("deprivation.kind", .kind),
            ("charges", .charges), ("summary", .notes), ("source.contact", .familyContact),
        ]
        if let field = prefixes.first(where: { path.hasPrefix($0.0) })?.1 { return mapping.column(of: field) }
        if path.hasPrefix("timeline["), let end = path.firstIndex(of: "]"),
           let index = Int(path[path.index(path.startIndex, offsetBy: 9)..<end]), file.timeline.indices.contains(index) {
            switch file.timeline[index].type {
            case .arrest: return mapping.column(of: path.hasSuffix(".place") ? .arrestPlace : .arrestDate)
            case .release: return mapping.column(of: .releaseDate)
            default: return nil
            }
        }
        return nil
    }
}

public struct RowFailure: Error, Sendable, Equatable {
    public var problems: [RowProblem]
}

extension RowValues {
    /// The row over a stored case (or a new one): each value the row has replaces the stored
    /// one; what the row leaves empty stays. Columns without a place in the format (court,
    /// lawyer) go under `extensions.table`, which every reader keeps.
    public func apply(to stored: CaseFile?, id: String) -> CaseFile {
        var file = stored ?? CaseFile(id: id, state: state ?? "", person: Person(name: name ?? ""),
                                      deprivation: Deprivation(kind: nil, ongoing: releaseDate == nil))
        if let state { file.state = state }
        if let name { file.person.name = name }
        if let otherNames { file.person.otherNames = otherNames }
        if let birthDate { file.person.birthDate = birthDate }
        if let sex { file.person.sex = sex }
        if let nationalities { file.person.nationalities = nationalities }
        if let profiles { file.person.profile = profiles }
        if let heldBy { file.deprivation.heldBy = heldBy }
        if let kind { file.deprivation.kind = kind }
        if let placeOfDetention {
            if file.deprivation.places.isEmpty { file.deprivation.places = [Place(name: placeOfDetention)] } else { file.deprivation.places[0].name = placeOfDetention }
        }
        if let charges {
            file.charges = charges.map { label in file.charges.first { $0.label == label } ?? Charge(label: label) }
        }
        if let notes { file.summary = notes }
        if let familyContact {
            var source = file.source ?? Source()
            source.contact = familyContact
            if source.relationship == nil { source.relationship = "family" }
            file.source = source
        }
        if arrestDate != nil || arrestPlace != nil {
            if let index = file.timeline.firstIndex(where: { $0.type == .arrest }) {
                if let arrestDate { file.timeline[index].date = arrestDate }
                if let arrestPlace { file.timeline[index].place = arrestPlace }
            } else if let arrestDate {
                var event = TimelineEvent(date: arrestDate, type: .arrest)
                event.place = arrestPlace
                file.timeline.append(event)
            }
        }
        if let releaseDate {
            if let index = file.timeline.firstIndex(where: { $0.type == .release }) {
                file.timeline[index].date = releaseDate
            } else {
                file.timeline.append(TimelineEvent(date: releaseDate, type: .release))
            }
            file.deprivation.ongoing = false
        }
        if court != nil || lawyer != nil {
            file.extensions = Self.setting(file.extensions, table: [("court", court), ("lawyer", lawyer)])
        }
        return file
    }

    static func setting(_ extensions: Value?, table values: [(String, String?)]) -> Value {
        var members: [Value.Member] = []
        if case .object(let existing)? = extensions { members = existing }
        var table: [Value.Member] = []
        if let index = members.firstIndex(where: { $0.key == "table" }), case .object(let existing) = members[index].value { table = existing }
        for (key, value) in values {
            guard let value else { continue }
            if let index = table.firstIndex(where: { $0.key == key }) { table[index].value = .string(value) } else { table.append(.init(key, .string(value))) }
        }
        if let index = members.firstIndex(where: { $0.key == "table" }) { members[index].value = .object(table) } else { members.append(.init("table", .object(table))) }
        return .object(members)
    }
}

/// Stable ids: a chosen id column, or the State, the name and the birth date.
public enum CaseKey {
    public static func id(fromColumn text: String, state: String) -> String? {
        let trimmed = TextScanning.trimmed(text, newlines: false)
        if CaseFile.isValidID(trimmed) { return trimmed }
        let slug = slugify(state.lowercased() + "-" + trimmed, limit: 64)
        return CaseFile.isValidID(slug) ? slug : nil
    }

    /// `kz-ivanov-ivan-1990-03-05`; without a birth date `kz-ivanov-ivan`. Cyrillic is transliterated.
    public static func id(name: String, birthDate: CaseDate?, state: String) -> String {
        let prefix = state.lowercased() + "-"
        let suffix = birthDate.map { "-" + $0.calendarDate.description } ?? ""
        var body = slugify(name, limit: 64 - prefix.count - suffix.count)
        if body.isEmpty {
            // A name in a script without a transliteration here: a stable digest of it.
            var hash: UInt64 = 0xcbf29ce484222325
            for byte in NameKey.of(name).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
            body = "p" + String(hash, radix: 16)
        }
        return prefix + body + suffix
    }

    static func slugify(_ text: String, limit: Int) -> String {
        var out = ""
        for character in Transliteration.latin(text).lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                out.append(character)
            } else if !out.isEmpty, out.last != "-" {
                out.append("-")
            }
        }
        while out.last == "-" { out.removeLast() }
        if out.count > limit { out = String(out.prefix(limit)) }
        while out.last == "-" { out.removeLast() }
        return out
    }
}

/// How names are compared for likely duplicates: letters and digits only, lowercase, ё as е,
/// words sorted (a sheet may put the given name first or last).
public enum NameKey {
    public static func of(_ name: String) -> String {
        // ё is written е as often as not. Compared as Characters (a decomposed ё matches too),
        // without Foundation's string search, which costs more than the rest of the key.
        var lowered = name.lowercased()
        if lowered.contains("ё") { lowered = String(lowered.map { $0 == "ё" ? "е" : $0 }) }
        let words = lowered.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        return words.sorted().joined(separator: " ")
    }
}

enum Transliteration {
    static let table: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "i",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
        // Kazakh, Ukrainian, Kyrgyz letters.
        "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i", "ї": "i", "є": "ie", "ґ": "g",
    ]

    static func latin(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if let mapped = table[character] { out += mapped } else { out.append(character) }
        }
        // Latin letters with diacritics lose them (ş → s).
        return out.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }
}
