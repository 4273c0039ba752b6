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
        return try decode(root, file: file)
    }

    /// Reads a case from a value already parsed (the store's own JSON, a case inside an export
    /// bundle): the same checks as `load(text:)` under the same limits, without lines.
    public static func decode(_ value: Value, file: String? = nil) throws(CaseValidationError) -> CaseFile {
        let root: SourceNode
        do {
            root = try SourceNode(value)
        } catch {
            var issue = error
            issue.file = file
            throw CaseValidationError(issues: [issue])
        }
        return try decode(root, file: file)
    }

    /// Shape first (`CaseDecoder`), then every rule on the values (`validate()`), with the
    /// source's paths and lines put on the validator's issues.
    private static func decode(_ root: SourceNode, file: String?) throws(CaseValidationError) -> CaseFile {
        var decoder = CaseDecoder()
        let decoded = decoder.decode(root)
        var issues = decoder.issues
        if let decoded { issues += decoder.locate(decoded.validate(), in: root) }
        guard let decoded, issues.isEmpty else {
            throw CaseValidationError(issues: issues.map { issue in
                var issue = issue
                issue.file = file
                return issue
            }.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return decoded
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
