import Foundation

extension CaseFile {
    /// Every rule of `habeas-case/1` on the values of a typed case: the limits, the id and State
    /// patterns, attribute vocabularies and sentences, which attributes belong to which type,
    /// references between parts and impossible orders of events. Paths are those of the value
    /// (`timeline[2].date`); lines are left empty. `load(text:)` and `decode(_:)` check the shape
    /// of their input and then run this, so a case built in code, in a form or read from the
    /// store meets exactly the rules a file does.
    public func validate() -> [CaseIssue] {
        var validator = CaseValidator()
        validator.check(self)
        return validator.issues
    }
}

extension CaseFile {
    /// The rule of `id`, shared by group ids (`groups`): 2 to 64 lowercase letters, digits and
    /// hyphens, starting with a letter or digit.
    public static func isValidID(_ text: String) -> Bool { CaseValidator.isCaseID(text) }
}

struct CaseValidator {
    private(set) var issues: [CaseIssue] = []

    private mutating func add(_ path: String, _ message: String) {
        issues.append(CaseIssue(line: nil, path: path, message: message))
    }

    mutating func check(_ file: CaseFile) {
        // The bounds every reader applies to text, applied to the value it would be written as,
        // so whatever passes here can be stored, exported and read back.
        do { _ = try SourceNode(file.value) } catch { issues.append(error) }

        if file.format != CaseFile.formatName {
            add("format", "must be exactly `\(CaseFile.formatName)`, found `\(file.format)`")
        }
        if !Self.isCaseID(file.id) {
            add("id", "`\(file.id)` is not a valid id: use 2 to 64 lowercase letters, digits and hyphens, starting with a letter or digit (e.g. `kz-massimov`)")
        }
        if !Self.isStateCode(file.state) { add("state", Self.notAState(file.state)) }
        count(file.groups, "groups")
        var seenGroups = Set<String>()
        for (index, group) in file.groups.enumerated() {
            if !Self.isCaseID(group) {
                add("groups[\(index)]", "`\(group)` is not a valid group id: use 2 to 64 lowercase letters, digits and hyphens, starting with a letter or digit (e.g. `almaty-2022-01`)")
            } else if !seenGroups.insert(group).inserted {
                add("groups[\(index)]", "`\(group)` is listed twice")
            }
        }

        count(file.person.otherNames, "person.otherNames")
        count(file.person.nationalities, "person.nationalities")
        for (index, code) in file.person.nationalities.enumerated() where !Self.isStateCode(code) {
            add("person.nationalities[\(index)]", Self.notAState(code))
        }
        if let maximum = file.deprivation.legalMaximum,
           !(maximum == "none" || (SentenceText.calendarParts(maximum) != nil && maximum != "life" && maximum != "death")) {
            add("deprivation.legalMaximum", "`\(maximum)` is not an ISO 8601 duration in years, months, weeks or days (e.g. `P6M`, `P18M`) or `none`")
        }
        count(file.deprivation.places, "deprivation.places")
        count(file.charges, "charges")
        count(file.timeline, "timeline")
        for (i, event) in file.timeline.enumerated() {
            count(event.sourceRefs, "timeline[\(i)].sourceRefs")
            attributes(event.attributes, specs: event.type.attributeSpecs, type: event.type.rawValue,
                       owners: { key in EventType.allCases.filter { $0.attributeSpecs.contains { $0.key == key } }.map(\.rawValue) },
                       path: "timeline[\(i)]")
        }
        count(file.allegations, "allegations")
        for (i, allegation) in file.allegations.enumerated() {
            count(allegation.evidenceRefs, "allegations[\(i)].evidenceRefs")
            count(allegation.sourceRefs, "allegations[\(i)].sourceRefs")
            if allegation.right != nil, allegation.type != .exerciseOfRights {
                add("allegations[\(i)].right", "`right` belongs only to `exercise-of-rights`, not `\(allegation.type.rawValue)`")
            }
            if allegation.ground != nil, allegation.type != .discrimination {
                add("allegations[\(i)].ground", "`ground` belongs only to `discrimination`, not `\(allegation.type.rawValue)`")
            }
        }
        count(file.evidence, "evidence")
        count(file.procedure, "procedure")
        for (i, event) in file.procedure.enumerated() {
            attributes(event.attributes, specs: event.type.attributeSpecs, type: event.type.rawValue,
                       owners: { key in ProcedureType.allCases.filter { $0.attributeSpecs.contains { $0.key == key } }.map(\.rawValue) },
                       path: "procedure[\(i)]")
        }
        count(file.domesticRemedies, "domesticRemedies")
        count(file.references, "references")
        consistency(file)
    }

    /// `^[a-z0-9][a-z0-9-]{1,63}$`
    static func isCaseID(_ text: String) -> Bool {
        func lowerOrDigit(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        let bytes = text.utf8
        guard (2...64).contains(bytes.count), let first = bytes.first, lowerOrDigit(first) else { return false }
        return bytes.dropFirst().allSatisfy { lowerOrDigit($0) || $0 == 0x2D }
    }

    /// `^[A-Z]{2}$`
    static func isStateCode(_ text: String) -> Bool {
        text.utf8.count == 2 && text.utf8.allSatisfy { (0x41...0x5A).contains($0) }
    }

    private static func notAState(_ text: String) -> String {
        "`\(text)` is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. `KZ`)"
    }

    private mutating func count<T>(_ list: [T], _ path: String) {
        if list.count > CaseLimits.maxListItems {
            add(path, "has \(list.count) items; a case file holds at most \(CaseLimits.maxListItems) in one list (split the case, or summarise in `details`)")
        }
    }

    /// The type-specific attributes of one event against its type's table (`Attributes.swift`).
    private mutating func attributes(_ values: [String: AttributeValue], specs: [AttributeSpec], type: String,
                                     owners: (String) -> [String], path: String) {
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let keyPath = path + "." + key
            guard let spec = specs.first(where: { $0.key == key }) else {
                let valid = specs.map(\.key)
                let others = owners(key)
                add(keyPath, "`\(key)` is not an attribute of `\(type)`"
                        + (others.isEmpty ? "" : " (it belongs to \(others.map { "`\($0)`" }.joined(separator: ", ")))")
                        + (valid.isEmpty ? "; it has none" : ". Valid here: \(valid.joined(separator: ", "))"))
                continue
            }
            switch (spec.kind, value) {
            case (.bool, .bool), (.text, .text), (.date, .date), (.categories, .categories): break
            case (.word(let words, let name), .text(let word)):
                if !words.contains(word) { add(keyPath, "unknown \(name) `\(word)`" + Suggestions.alternatives(for: word, in: words)) }
            case (.sentence, .text(let sentence)):
                if !SentenceText.isValid(sentence) {
                    add(keyPath, "`\(sentence)` is not an ISO 8601 duration of at most \(CaseLimits.maxSentenceYears) years (e.g. `P10Y`, `P2Y6M`), `life` or `death`")
                }
            case (.bool, _): add(keyPath, "must be `true` or `false`")
            case (.date, _): add(keyPath, "must be a date (e.g. `2022-01-05`)")
            case (.categories, _): add(keyPath, "must be a list of categories (e.g. `[I, III]`)")
            case (.text, _), (.word, _), (.sentence, _): add(keyPath, "must be a single value")
            }
        }
    }

    /// Checks across parts: duplicate and unknown ids, impossible orders of events.
    private mutating func consistency(_ file: CaseFile) {
        var evidenceIDs: [String: Int] = [:]
        for (i, item) in file.evidence.enumerated() {
            if let first = evidenceIDs[item.id] {
                add("evidence[\(i)].id", "duplicate evidence id `\(item.id)` (first used by evidence[\(first)])")
            } else { evidenceIDs[item.id] = i }
        }
        var referenceIDs: [String: Int] = [:]
        for (i, reference) in file.references.enumerated() {
            if let first = referenceIDs[reference.id] {
                add("references[\(i)].id", "duplicate reference id `\(reference.id)` (first used by references[\(first)])")
            } else { referenceIDs[reference.id] = i }
        }
        func checkRefs(_ refs: [String], known: [String: Int], kind: String, path: String, into validator: inout CaseValidator) {
            for (j, ref) in refs.enumerated() where known[ref] == nil {
                let valid = known.keys.sorted()
                let hint = Suggestions.hint(for: ref, in: valid)
                validator.add("\(path)[\(j)]", "unknown \(kind) id `\(ref)`\(hint)" + (valid.isEmpty ? "; no \(kind == "reference" ? "references" : "evidence") are defined" : "; defined: \(valid.joined(separator: ", "))"))
            }
        }
        for (i, event) in file.timeline.enumerated() {
            checkRefs(event.sourceRefs, known: referenceIDs, kind: "reference", path: "timeline[\(i)].sourceRefs", into: &self)
        }
        for (i, allegation) in file.allegations.enumerated() {
            checkRefs(allegation.evidenceRefs, known: evidenceIDs, kind: "evidence", path: "allegations[\(i)].evidenceRefs", into: &self)
            checkRefs(allegation.sourceRefs, known: referenceIDs, kind: "reference", path: "allegations[\(i)].sourceRefs", into: &self)
        }

        // The deprivation cannot end before it starts.
        if let arrestIndex = file.timeline.firstIndex(where: { $0.type == .arrest }) {
            let arrest = file.timeline[arrestIndex]
            for (i, event) in file.timeline.enumerated() where [.release, .death].contains(event.type) && event.date.isBefore(arrest.date) {
                add("timeline[\(i)].date", "\(event.type.rawValue) on \(event.date) is before the arrest on \(arrest.date) (timeline[\(arrestIndex)])")
            }
        }
        // Nobody is arrested before they are born: a birth date after the first arrest is a typo.
        if let birth = file.person.birthDate,
           let arrestIndex = file.timeline.firstIndex(where: { $0.type == .arrest && $0.date.isBefore(birth) }) {
            add("person.birthDate", "born on \(birth), after the arrest on \(file.timeline[arrestIndex].date) (timeline[\(arrestIndex)])")
        }
        for (i, place) in file.deprivation.places.enumerated() {
            if let from = place.from, let to = place.to, to.isBefore(from) {
                add("deprivation.places[\(i)].to", "ends on \(to), before it starts on \(from)")
            }
        }
        issues += ProcedureConsistency.issues(file.procedure)
    }
}

extension CaseFile {
    /// The case itself when `validate()` finds nothing; otherwise every issue, thrown as
    /// `load(text:)` throws them (without lines: a typed value has none).
    public func validated() throws(CaseValidationError) -> CaseFile {
        let issues = validate()
        guard issues.isEmpty else { throw CaseValidationError(issues: issues) }
        return self
    }
}
