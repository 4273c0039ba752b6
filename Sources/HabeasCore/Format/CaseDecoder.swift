/// Reads a parsed file into a `CaseFile`, collecting every problem of shape (missing keys, wrong
/// kinds of value, unknown keys and words, impossible dates) rather than stopping at the first,
/// each with its path and line. Every rule on the values themselves (patterns, attribute
/// vocabularies, sentences, cross-references, limits) is `CaseFile.validate()`'s; `locate` puts
/// the source's paths and lines on what it finds.
struct CaseDecoder {
    private(set) var issues: [CaseIssue] = []
    /// For each list that lost items (each with an issue of its own), keyed by its path in the
    /// source: the source index of every item kept, so paths on the typed value map back.
    private var kept: [String: [Int]] = [:]

    // MARK: Top level

    /// The case as far as it could be read: nil only when the root is not an object. A part that
    /// could not be read is left out or takes a placeholder, always with an issue of its own.
    mutating func decode(_ root: SourceNode) -> CaseFile? {
        guard let object = object(root, path: "", what: "the case file") else { return nil }
        check(object, allowed: Keys.top, path: "", hint: "; put anything else under `extensions:`")

        var format: String?
        if let node = object.value("format") {
            format = string(node, path: "format")
        } else {
            missing("format", in: object, path: "", example: "format: \(CaseFile.formatName)")
        }
        let id = required("id", in: object, path: "").flatMap { string($0, path: "id") }
        let state = required("state", in: object, path: "").flatMap { string($0, path: "state") }
        let person = required("person", in: object, path: "").flatMap { decodePerson($0, path: "person") }
        let deprivation = required("deprivation", in: object, path: "").flatMap { decodeDeprivation($0, path: "deprivation") }
        let timelineNode = required("timeline", in: object, path: "")

        var file = CaseFile(id: id ?? "", state: state ?? "", person: person ?? Person(name: ""),
                            deprivation: deprivation ?? Deprivation(ongoing: false))
        if let format { file.format = format }
        file.title = optionalString("title", in: object, path: "")
        file.summary = optionalString("summary", in: object, path: "")
        file.reportedAsOf = optionalDate("reportedAsOf", in: object, path: "")
        if let node = object.value("language"), let tag = string(node, path: "language") {
            // A BCP 47 tag, bounded: it is printed in drafts.
            if Self.isLanguageTag(tag) { file.language = tag } else {
                fail(node, "language", "must be a BCP 47 language tag such as en, fr, es, ru, ar or pt-BR (letters, digits and hyphens, at most 35 characters), found \"\(tag.prefix(40))\"")
            }
        }
        file.groups = stringList("groups", in: object, path: "")
        file.charges = list("charges", in: object, path: "") { $0.decodeCharge($1, path: $2) }
        if let timelineNode {
            file.timeline = list(timelineNode, path: "timeline") { $0.decodeEvent($1, path: $2) }
        }
        file.allegations = list("allegations", in: object, path: "") { $0.decodeAllegation($1, path: $2) }
        file.evidence = list("evidence", in: object, path: "") { $0.decodeEvidence($1, path: $2) }
        file.procedure = list("procedure", in: object, path: "") { $0.decodeProcedure($1, path: $2) }
        file.domesticRemedies = list("domesticRemedies", in: object, path: "") { $0.decodeRemedy($1, path: $2) }
        file.references = list("references", in: object, path: "") { $0.decodeReference($1, path: $2) }
        if let node = object.value("source") { file.source = decodeSource(node, path: "source") }
        if let node = object.value("categoriesClaimed") {
            file.categoriesClaimed = words(node, path: "categoriesClaimed", Category.self)
        }
        if let node = object.value("extensions") {
            if case .mapping = node.kind { file.extensions = node.value } else {
                fail(node, "extensions", "must be an object (key: value pairs), found \(node.typeName)")
            }
        }
        return file
    }

    // MARK: Parts

    private mutating func decodePerson(_ node: SourceNode, path: String) -> Person? {
        guard let object = object(node, path: path, what: "`person`") else { return nil }
        check(object, allowed: Keys.person, path: path)
        guard let name = required("name", in: object, path: path).flatMap({ string($0, path: path + ".name") }) else { return nil }
        var person = Person(name: name)
        person.otherNames = stringList("otherNames", in: object, path: path)
        person.sex = optionalWord("sex", in: object, path: path, Sex.self)
        person.birthDate = optionalDate("birthDate", in: object, path: path)
        person.nationalities = stringList("nationalities", in: object, path: path)
        person.idDocument = optionalString("idDocument", in: object, path: path)
        person.occupation = optionalString("occupation", in: object, path: path)
        person.address = optionalString("address", in: object, path: path)
        person.civilian = optionalBool("civilian", in: object, path: path)
        if let node = object.value("profile") { person.profile = words(node, path: path + ".profile", Profile.self) }
        return person
    }

    private mutating func decodeDeprivation(_ node: SourceNode, path: String) -> Deprivation? {
        guard let object = object(node, path: path, what: "`deprivation`") else { return nil }
        check(object, allowed: Keys.deprivation, path: path)
        let ongoing = required("ongoing", in: object, path: path).flatMap { bool($0, path: path + ".ongoing") }
        var deprivation = Deprivation(ongoing: ongoing ?? false)
        deprivation.kind = optionalWord("kind", in: object, path: path, DeprivationKind.self)
        deprivation.heldBy = optionalString("heldBy", in: object, path: path)
        deprivation.details = optionalString("details", in: object, path: path)
        deprivation.individualAssessment = optionalBool("individualAssessment", in: object, path: path)
        deprivation.periodicReview = optionalBool("periodicReview", in: object, path: path)
        deprivation.orderIssued = optionalBool("orderIssued", in: object, path: path)
        deprivation.legalMaximum = optionalString("legalMaximum", in: object, path: path)
        deprivation.places = list("places", in: object, path: path) { decoder, node, path in
            guard let object = decoder.object(node, path: path, what: "a place") else { return nil }
            decoder.check(object, allowed: Keys.place, path: path)
            guard let name = decoder.required("name", in: object, path: path).flatMap({ decoder.string($0, path: path + ".name") }) else { return nil }
            var place = Place(name: name)
            place.from = decoder.optionalDate("from", in: object, path: path)
            place.to = decoder.optionalDate("to", in: object, path: path)
            place.official = decoder.optionalBool("official", in: object, path: path)
            return place
        }
        return deprivation
    }

    private mutating func decodeCharge(_ node: SourceNode, path: String) -> Charge? {
        guard let object = object(node, path: path, what: "a charge") else { return nil }
        check(object, allowed: Keys.charge, path: path)
        guard let label = required("label", in: object, path: path).flatMap({ string($0, path: path + ".label") }) else { return nil }
        var charge = Charge(label: label)
        charge.law = optionalString("law", in: object, path: path)
        charge.details = optionalString("details", in: object, path: path)
        return charge
    }

    private mutating func decodeEvent(_ node: SourceNode, path: String) -> TimelineEvent? {
        guard let object = object(node, path: path, what: "a timeline event") else { return nil }
        let date = required("date", in: object, path: path).flatMap { self.date($0, path: path + ".date") }
        let type = required("type", in: object, path: path).flatMap { word($0, path: path + ".type", EventType.self) }
        let specs = type?.attributeSpecs ?? []
        let allowed = Keys.eventCommon + specs.map(\.key)
        for pair in object.pairs where !allowed.contains(pair.key) {
            guard let type else { continue }
            let owners = EventType.allCases.filter { $0.attributeSpecs.contains { $0.key == pair.key } }
            let message: String
            if !owners.isEmpty {
                message = "`\(pair.key)` is not an attribute of `\(type.rawValue)` (it belongs to \(owners.map { "`\($0.rawValue)`" }.joined(separator: ", "))). Valid here: \(allowed.joined(separator: ", "))"
            } else {
                message = "unknown key `\(pair.key)`" + Suggestions.alternatives(for: pair.key, in: allowed, label: "Valid here")
            }
            issues.append(CaseIssue(line: pair.keyLine ?? object.line, path: path + "." + pair.key, message: message))
        }
        var event = TimelineEvent(date: date ?? CaseDate(year: 1, month: 1, day: 1), type: type ?? .arrest)
        event.approximate = optionalBool("approximate", in: object, path: path)
        event.place = optionalString("place", in: object, path: path)
        event.details = optionalString("details", in: object, path: path)
        event.sourceRefs = stringList("sourceRefs", in: object, path: path)
        event.attributes = attributes(specs, in: object, path: path)
        guard date != nil, type != nil else { return nil }
        return event
    }

    private mutating func decodeAllegation(_ node: SourceNode, path: String) -> Allegation? {
        guard let object = object(node, path: path, what: "an allegation") else { return nil }
        check(object, allowed: Keys.allegation, path: path)
        guard let type = required("type", in: object, path: path).flatMap({ word($0, path: path + ".type", AllegationType.self) }) else { return nil }
        var allegation = Allegation(type: type)
        allegation.details = optionalString("details", in: object, path: path)
        allegation.evidenceRefs = stringList("evidenceRefs", in: object, path: path)
        allegation.sourceRefs = stringList("sourceRefs", in: object, path: path)
        allegation.right = optionalWord("right", in: object, path: path, Right.self)
        allegation.ground = optionalWord("ground", in: object, path: path, DiscriminationGround.self)
        return allegation
    }

    private mutating func decodeEvidence(_ node: SourceNode, path: String) -> EvidenceItem? {
        guard let object = object(node, path: path, what: "an evidence item") else { return nil }
        check(object, allowed: Keys.evidence, path: path)
        let id = required("id", in: object, path: path).flatMap { string($0, path: path + ".id") }
        let title = required("title", in: object, path: path).flatMap { string($0, path: path + ".title") }
        guard let id, let title else { return nil }
        var item = EvidenceItem(id: id, title: title)
        item.kind = optionalWord("kind", in: object, path: path, EvidenceKind.self)
        item.obtained = optionalDate("obtained", in: object, path: path)
        item.reliedOnBy = optionalWord("reliedOnBy", in: object, path: path, ReliedOnBy.self)
        if let node = object.value("circumstances") {
            item.circumstances = words(node, path: path + ".circumstances", EvidenceCircumstance.self)
        }
        item.details = optionalString("details", in: object, path: path)
        return item
    }

    private mutating func decodeProcedure(_ node: SourceNode, path: String) -> ProcedureEvent? {
        guard let object = object(node, path: path, what: "a procedure event") else { return nil }
        let date = required("date", in: object, path: path).flatMap { self.date($0, path: path + ".date") }
        let type = required("type", in: object, path: path).flatMap { word($0, path: path + ".type", ProcedureType.self) }
        let specs = type?.attributeSpecs ?? []
        if type != nil { check(object, allowed: Keys.procedureCommon + specs.map(\.key), path: path) }
        var event = ProcedureEvent(date: date ?? CaseDate(year: 1, month: 1, day: 1), type: type ?? .communicationSubmitted)
        event.approximate = optionalBool("approximate", in: object, path: path)
        event.details = optionalString("details", in: object, path: path)
        event.attributes = attributes(specs, in: object, path: path)
        guard date != nil, type != nil else { return nil }
        return event
    }

    private mutating func decodeRemedy(_ node: SourceNode, path: String) -> DomesticRemedy? {
        guard let object = object(node, path: path, what: "a domestic remedy") else { return nil }
        check(object, allowed: Keys.remedy, path: path)
        guard let action = required("action", in: object, path: path).flatMap({ string($0, path: path + ".action") }) else { return nil }
        var remedy = DomesticRemedy(action: action)
        remedy.date = optionalDate("date", in: object, path: path)
        remedy.outcome = optionalString("outcome", in: object, path: path)
        return remedy
    }

    private mutating func decodeReference(_ node: SourceNode, path: String) -> Reference? {
        guard let object = object(node, path: path, what: "a reference") else { return nil }
        check(object, allowed: Keys.reference, path: path)
        let id = required("id", in: object, path: path).flatMap { string($0, path: path + ".id") }
        let text = required("text", in: object, path: path).flatMap { string($0, path: path + ".text") }
        guard let id, let text else { return nil }
        var reference = Reference(id: id, text: text)
        reference.url = optionalString("url", in: object, path: path)
        return reference
    }

    private mutating func decodeSource(_ node: SourceNode, path: String) -> Source? {
        guard let object = object(node, path: path, what: "`source`") else { return nil }
        check(object, allowed: Keys.source, path: path)
        var source = Source()
        source.name = optionalString("name", in: object, path: path)
        source.organisation = optionalString("organisation", in: object, path: path)
        source.contact = optionalString("contact", in: object, path: path)
        source.relationship = optionalString("relationship", in: object, path: path)
        source.consent = optionalBool("consent", in: object, path: path)
        source.consentGivenBy = optionalWord("consentGivenBy", in: object, path: path, ConsentGivenBy.self)
        source.confidential = optionalBool("confidential", in: object, path: path)
        return source
    }

    private mutating func attributes(_ specs: [AttributeSpec], in object: ObjectNode, path: String) -> [String: AttributeValue] {
        var result: [String: AttributeValue] = [:]
        for spec in specs {
            guard let node = object.value(spec.key) else { continue }
            let keyPath = path + "." + spec.key
            switch spec.kind {
            case .bool: if let v = bool(node, path: keyPath) { result[spec.key] = .bool(v) }
            case .text: if let v = string(node, path: keyPath) { result[spec.key] = .text(v) }
            case .date: if let v = date(node, path: keyPath) { result[spec.key] = .date(v) }
            case .categories: result[spec.key] = .categories(words(node, path: keyPath, Category.self))
            // The word and the duration are checked by `validate()`, as for a typed value.
            case .word, .sentence: if let v = string(node, path: keyPath) { result[spec.key] = .text(v) }
            }
        }
        return result
    }

    // MARK: Primitives

    struct ObjectNode {
        var pairs: [(key: String, keyLine: Int?, value: SourceNode)]
        var line: Int?
        func value(_ key: String) -> SourceNode? { pairs.first { $0.key == key }?.value }
    }

    private mutating func fail(_ node: SourceNode?, _ path: String, _ message: String) {
        issues.append(CaseIssue(line: node?.line, path: path, message: message))
    }

    private mutating func object(_ node: SourceNode, path: String, what: String) -> ObjectNode? {
        guard case .mapping(let pairs) = node.kind else {
            fail(node, path, "\(what) must be an object (key: value pairs), found \(node.typeName)")
            return nil
        }
        return ObjectNode(pairs: pairs, line: node.line)
    }

    private mutating func check(_ object: ObjectNode, allowed: [String], path: String, hint: String = "") {
        for pair in object.pairs where !allowed.contains(pair.key) {
            let near = Suggestions.hint(for: pair.key, in: allowed)
            let keyPath = path.isEmpty ? pair.key : path + "." + pair.key
            issues.append(CaseIssue(line: pair.keyLine ?? object.line, path: keyPath,
                                    message: "unknown key `\(pair.key)`" + (near.isEmpty ? hint : "") + Suggestions.alternatives(for: pair.key, in: allowed, label: "Valid here")))
        }
    }

    private mutating func missing(_ key: String, in object: ObjectNode, path: String, example: String? = nil) {
        let keyPath = path.isEmpty ? key : path + "." + key
        var message = "required key `\(key)` is missing"
        if let example { message += " (e.g. `\(example)`)" }
        issues.append(CaseIssue(line: object.line, path: keyPath, message: message))
    }

    private mutating func required(_ key: String, in object: ObjectNode, path: String) -> SourceNode? {
        if let node = object.value(key) { return node }
        missing(key, in: object, path: path, example: Keys.examples[key])
        return nil
    }

    private mutating func string(_ node: SourceNode, path: String) -> String? {
        guard case .scalar(let text, _) = node.kind else {
            fail(node, path, "must be a single value, found \(node.typeName)")
            return nil
        }
        return text
    }

    private mutating func bool(_ node: SourceNode, path: String) -> Bool? {
        guard let text = string(node, path: path) else { return nil }
        let plain: Bool
        if case .scalar(_, let quoted) = node.kind { plain = !quoted } else { plain = false }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        // YAML 1.1 writers (and people) say yes/no; read them as YAML 1.1 does, unquoted only.
        case "yes" where plain: return true
        case "no" where plain: return false
        default:
            fail(node, path, "must be `true` or `false`, found `\(text)`")
            return nil
        }
    }

    private mutating func date(_ node: SourceNode, path: String) -> CaseDate? {
        guard let text = string(node, path: path) else { return nil }
        do {
            return try CaseDate(parsing: text)
        } catch .impossible(let why) {
            fail(node, path, "`\(text)` is not a valid date: \(why)")
        } catch .missingOffset {
            fail(node, path, "`\(text)` has a time but no UTC offset: add one, e.g. `\(text)+02:00`, or give the date alone")
        } catch {
            fail(node, path, "`\(text)` is not a valid date: use `YYYY-MM-DD` (e.g. `2022-01-05`) or a date-time with offset (e.g. `2022-01-05T23:10:00+06:00`)")
        }
        return nil
    }

    private mutating func word<V: Vocabulary>(_ node: SourceNode, path: String, _ type: V.Type) -> V? {
        guard let text = string(node, path: path) else { return nil }
        if let value = V(rawValue: text) { return value }
        fail(node, path, "unknown \(V.vocabularyName) `\(text)`" + Suggestions.alternatives(for: text, in: V.words))
        return nil
    }

    private mutating func words<V: Vocabulary>(_ node: SourceNode, path: String, _ type: V.Type) -> [V] {
        guard case .sequence(let items) = node.kind else {
            fail(node, path, "must be a list (e.g. `[\(V.words.prefix(2).joined(separator: ", "))]`), found \(node.typeName)")
            return []
        }
        var result: [V] = []
        var indexes: [Int] = []
        for (index, item) in items.enumerated() {
            if let value = word(item, path: "\(path)[\(index)]", V.self) {
                result.append(value)
                indexes.append(index)
            }
        }
        if indexes.count < items.count { kept[path] = indexes }
        return result
    }

    private mutating func optionalString(_ key: String, in object: ObjectNode, path: String) -> String? {
        object.value(key).flatMap { string($0, path: join(path, key)) }
    }

    private mutating func optionalBool(_ key: String, in object: ObjectNode, path: String) -> Bool? {
        object.value(key).flatMap { bool($0, path: join(path, key)) }
    }

    private mutating func optionalDate(_ key: String, in object: ObjectNode, path: String) -> CaseDate? {
        object.value(key).flatMap { date($0, path: join(path, key)) }
    }

    private mutating func optionalWord<V: Vocabulary>(_ key: String, in object: ObjectNode, path: String, _ type: V.Type) -> V? {
        object.value(key).flatMap { word($0, path: join(path, key), V.self) }
    }

    private mutating func stringList(_ key: String, in object: ObjectNode, path: String) -> [String] {
        guard let node = object.value(key) else { return [] }
        return list(node, path: join(path, key)) { decoder, item, itemPath in decoder.string(item, path: itemPath) }
    }

    private mutating func list<T>(_ key: String, in object: ObjectNode, path: String,
                                  _ decodeItem: (inout CaseDecoder, SourceNode, String) -> T?) -> [T] {
        guard let node = object.value(key) else { return [] }
        return list(node, path: join(path, key), decodeItem)
    }

    private mutating func list<T>(_ node: SourceNode, path: String, _ decodeItem: (inout CaseDecoder, SourceNode, String) -> T?) -> [T] {
        if case .scalar(let text, let quoted) = node.kind, !quoted, text.isEmpty || text == "null" { return [] }
        guard case .sequence(let items) = node.kind else {
            fail(node, path, "must be a list, found \(node.typeName)")
            return []
        }
        var result: [T] = []
        var indexes: [Int] = []
        for (index, item) in items.enumerated() {
            if let value = decodeItem(&self, item, "\(path)[\(index)]") {
                result.append(value)
                indexes.append(index)
            }
        }
        if indexes.count < items.count { kept[path] = indexes }
        return result
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    // MARK: Issues of the typed value

    /// The validator's issues on what `decode` returned, with the source's paths (lists that lost
    /// items renumbered back) and lines. An issue inside a part the decoder already reported
    /// (a placeholder for a missing or unreadable value) is left out: it would only repeat it.
    func locate(_ found: [CaseIssue], in root: SourceNode) -> [CaseIssue] {
        let reported = Set(issues.map(\.path))
        return found.compactMap { issue in
            var issue = issue
            issue.path = sourcePath(issue.path)
            var prefix = ""
            for component in PathComponent.parse(issue.path) {
                switch component {
                case .key(let key): prefix = join(prefix, key)
                case .index(let index): prefix += "[\(index)]"
                }
                if reported.contains(prefix) { return nil }
            }
            issue.line = root.line(at: issue.path)
            return issue
        }
    }

    /// A path on the decoded value as a path in the source.
    private func sourcePath(_ path: String) -> String {
        guard !kept.isEmpty else { return path }
        var result = ""
        for component in PathComponent.parse(path) {
            switch component {
            case .key(let key): result = join(result, key)
            case .index(let index):
                let mapped = kept[result].flatMap { index < $0.count ? $0[index] : nil } ?? index
                result += "[\(mapped)]"
            }
        }
        return result
    }

    /// `ru`, `pt-BR`, `zh-Hant-TW`: a 2–3 letter language, then subtags of 1–8 letters or digits.
    static func isLanguageTag(_ tag: String) -> Bool {
        guard tag.utf8.count <= 35 else { return false }
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    enum Keys {
        static let top = ["format", "id", "title", "state", "person", "deprivation", "charges", "timeline", "allegations",
                          "evidence", "procedure", "domesticRemedies", "source", "categoriesClaimed", "summary", "references", "extensions", "reportedAsOf", "language", "groups"]
        static let person = ["name", "otherNames", "sex", "birthDate", "nationalities", "idDocument", "occupation", "address", "profile", "civilian"]
        static let deprivation = ["kind", "ongoing", "places", "heldBy", "details", "individualAssessment", "periodicReview", "legalMaximum", "orderIssued"]
        static let place = ["name", "from", "to", "official"]
        static let charge = ["label", "law", "details"]
        static let eventCommon = ["date", "type", "approximate", "place", "details", "sourceRefs"]
        static let allegation = ["type", "details", "evidenceRefs", "sourceRefs", "right", "ground"]
        static let evidence = ["id", "title", "kind", "obtained", "reliedOnBy", "circumstances", "details"]
        static let procedureCommon = ["date", "type", "approximate", "details"]
        static let remedy = ["date", "action", "outcome"]
        static let source = ["name", "organisation", "contact", "relationship", "consent", "consentGivenBy", "confidential"]
        static let reference = ["id", "text", "url"]
        static let examples = [
            "id": "id: kz-massimov", "state": "state: KZ", "person": "person: {name: …}",
            "deprivation": "deprivation: {kind: pre-trial, ongoing: true}", "timeline": "timeline: []",
            "ongoing": "ongoing: true", "date": "date: 2022-01-05", "type": "type: arrest",
        ]
    }
}
