extension CaseFile {
    /// Reads a case from YAML or JSON text. Throws every problem at once, each with its line.
    /// - Parameter file: the name used in error messages.
    public static func load(text: String, file: String? = nil) throws(CaseValidationError) -> CaseFile {
        let parsed: SourceNode?
        do {
            parsed = try SourceNode.parse(text)
        } catch {
            var issue = error
            issue.file = file
            throw CaseValidationError(issues: [issue])
        }
        guard let root = parsed else {
            throw CaseValidationError(issues: [CaseIssue(file: file, line: nil, path: "", message: "the file is empty")])
        }
        var decoder = CaseDecoder()
        let decoded = decoder.decode(root)
        var issues = decoder.issues
        if let decoded {
            for var issue in decoded.consistencyIssues() {
                issue.line = root.line(at: issue.path)
                issues.append(issue)
            }
        }
        guard let decoded, issues.isEmpty else {
            throw CaseValidationError(issues: issues.map { issue in
                var issue = issue
                issue.file = file
                return issue
            }.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return decoded
    }

    /// Checks across fields that the per-field decoding cannot see: duplicate and unknown ids,
    /// impossible orders of events. Paths are filled, lines are not (no source text here).
    public func consistencyIssues() -> [CaseIssue] {
        var issues: [CaseIssue] = []
        func add(_ path: String, _ message: String) { issues.append(CaseIssue(line: nil, path: path, message: message)) }

        var evidenceIDs: [String: Int] = [:]
        for (i, item) in evidence.enumerated() {
            if let first = evidenceIDs[item.id] {
                add("evidence[\(i)].id", "duplicate evidence id `\(item.id)` (first used by evidence[\(first)])")
            } else { evidenceIDs[item.id] = i }
        }
        var referenceIDs: [String: Int] = [:]
        for (i, reference) in references.enumerated() {
            if let first = referenceIDs[reference.id] {
                add("references[\(i)].id", "duplicate reference id `\(reference.id)` (first used by references[\(first)])")
            } else { referenceIDs[reference.id] = i }
        }
        func checkRefs(_ refs: [String], known: [String: Int], kind: String, path: String) {
            for (j, ref) in refs.enumerated() where known[ref] == nil {
                let valid = known.keys.sorted()
                let hint = Suggestions.hint(for: ref, in: valid)
                add("\(path)[\(j)]", "unknown \(kind) id `\(ref)`\(hint)" + (valid.isEmpty ? "; no \(kind == "reference" ? "references" : "evidence") are defined" : "; defined: \(valid.joined(separator: ", "))"))
            }
        }
        for (i, event) in timeline.enumerated() {
            checkRefs(event.sourceRefs, known: referenceIDs, kind: "reference", path: "timeline[\(i)].sourceRefs")
        }
        for (i, allegation) in allegations.enumerated() {
            checkRefs(allegation.evidenceRefs, known: evidenceIDs, kind: "evidence", path: "allegations[\(i)].evidenceRefs")
            checkRefs(allegation.sourceRefs, known: referenceIDs, kind: "reference", path: "allegations[\(i)].sourceRefs")
        }

        // The deprivation cannot end before it starts.
        if let arrestIndex = timeline.firstIndex(where: { $0.type == .arrest }) {
            let arrest = timeline[arrestIndex]
            for (i, event) in timeline.enumerated() where [.release, .death].contains(event.type) && event.date.isBefore(arrest.date) {
                add("timeline[\(i)].date", "\(event.type.rawValue) on \(event.date) is before the arrest on \(arrest.date) (timeline[\(arrestIndex)])")
            }
        }
        for (i, place) in deprivation.places.enumerated() {
            if let from = place.from, let to = place.to, to.isBefore(from) {
                add("deprivation.places[\(i)].to", "ends on \(to), before it starts on \(from)")
            }
        }
        issues += ProcedureConsistency.issues(procedure)
        return issues
    }
}

extension SourceNode {
    /// The line of the value at a path like `timeline[3].date`, or of the nearest parent found.
    func line(at path: String) -> Int? {
        var node = self
        var best = line
        for component in PathComponent.parse(path) {
            switch (component, node.kind) {
            case (.key(let key), .mapping(let pairs)):
                guard let pair = pairs.first(where: { $0.key == key }) else { return best }
                node = pair.value
                best = pair.value.line ?? pair.keyLine ?? best
            case (.index(let index), .sequence(let items)) where index < items.count:
                node = items[index]
                best = node.line ?? best
            default:
                return best
            }
        }
        return best
    }
}

enum PathComponent: Equatable {
    case key(String)
    case index(Int)

    static func parse(_ path: String) -> [PathComponent] {
        var result: [PathComponent] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { result.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) { result.append(.index(index)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                result.append(.key(String(rest)))
            }
        }
        return result
    }
}
