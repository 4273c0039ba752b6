import Yams

/// A parsed YAML/JSON node that remembers the line it came from, so that validation errors can
/// point to `FILE:LINE`. JSON is read by the same YAML parser (JSON is a subset of YAML 1.2 for
/// everything a case file contains), which gives line numbers for both.
struct SourceNode {
    enum Kind {
        case scalar(String, quoted: Bool)
        case sequence([SourceNode])
        case mapping([(key: String, keyLine: Int?, value: SourceNode)])
    }
    var kind: Kind
    var line: Int?

    static func parse(_ text: String) throws(CaseIssue) -> SourceNode? {
        guard text.utf8.count <= CaseLimits.maxTextBytes else {
            throw CaseIssue(line: nil, path: "", message: "the file is \(text.utf8.count) bytes; a case file is at most \(CaseLimits.maxTextBytes / 1024 / 1024) MB")
        }
        try YAMLPreflight.check(text)
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            var budget = Budget()
            return try convert(node, depth: 0, budget: &budget)
        } catch let issue as CaseIssue {
            throw issue
        } catch let error as YamlError {
            throw CaseIssue.syntax(error)
        } catch {
            throw CaseIssue(line: nil, path: "", message: "cannot be read as YAML or JSON (\(error))")
        }
    }

    /// What one file may still spend while it is converted.
    fileprivate struct Budget {
        var nodes = CaseLimits.maxNodes

        mutating func enter(depth: Int, line: Int?) throws(CaseIssue) {
            guard depth < CaseLimits.maxDepth else {
                throw CaseIssue(line: line, path: "", message: "nested more than \(CaseLimits.maxDepth) levels deep; a case file is at most \(CaseLimits.maxDepth)")
            }
            nodes -= 1
            guard nodes >= 0 else {
                throw CaseIssue(line: line, path: "", message: "more than \(CaseLimits.maxNodes) values; a case file holds at most \(CaseLimits.maxNodes)")
            }
        }

        static func scalar(_ text: String, line: Int?) throws(CaseIssue) {
            guard text.utf8.count <= CaseLimits.maxValueLength * 4, text.count <= CaseLimits.maxValueLength else {
                throw CaseIssue(line: line, path: "", message: "a value longer than \(CaseLimits.maxValueLength) characters; split it or attach it as evidence")
            }
        }
    }

    private static func convert(_ node: Node, depth: Int, budget: inout Budget) throws -> SourceNode {
        let line = node.mark?.line
        // `YAMLPreflight` has refused aliases, deep nesting and excess size on the events; these
        // bounds hold the same limits for any tree that reaches here.
        try budget.enter(depth: depth, line: line)
        switch node {
        case .scalar(let scalar):
            try Budget.scalar(scalar.string, line: line)
            return SourceNode(kind: .scalar(scalar.string, quoted: scalar.style != .plain), line: line)
        case .sequence(let sequence):
            var items: [SourceNode] = []
            for item in sequence { items.append(try convert(item, depth: depth + 1, budget: &budget)) }
            return SourceNode(kind: .sequence(items), line: line)
        case .mapping(let mapping):
            var pairs: [(key: String, keyLine: Int?, value: SourceNode)] = []
            var seen = Set<String>()
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw CaseIssue(line: key.mark?.line, path: "", message: "a key must be plain text")
                }
                guard seen.insert(keyScalar.string).inserted else {
                    throw CaseIssue(line: key.mark?.line, path: "", message: "the key `\(keyScalar.string)` appears twice in the same object")
                }
                pairs.append((keyScalar.string, key.mark?.line, try convert(value, depth: depth + 1, budget: &budget)))
            }
            return SourceNode(kind: .mapping(pairs), line: line)
        case .alias:
            throw CaseIssue(line: line, path: "", message: "YAML anchors and aliases (&name, *name) are not allowed in case files; write the value out")
        }
    }

    /// The generic value, for `extensions:`. Plain scalars resolve like JSON (null, booleans,
    /// numbers); everything else stays text, so nothing changes on a round trip.
    var value: Value {
        switch kind {
        case .scalar(let text, let quoted):
            if quoted { return .string(text) }
            switch text {
            case "null", "~", "": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: break
            }
            if let number = Int(text), String(number) == text { return .int(number) }
            if text.contains("."), text.first != ".", let number = Double(text), number.isFinite { return .double(number) }
            return .string(text)
        case .sequence(let items):
            return .array(items.map(\.value))
        case .mapping(let pairs):
            return .object(pairs.map { Value.Member($0.key, $0.value.value) })
        }
    }

    var typeName: String {
        switch kind {
        case .scalar: "a single value"
        case .sequence: "a list"
        case .mapping: "an object"
        }
    }
}

extension SourceNode {
    /// The tree of a value parsed elsewhere (JSON the store wrote, a case inside a bundle), under
    /// the same bounds as text. Strings are quoted scalars and the rest plain, as the YAML parser
    /// reads the same value written as JSON, so both decode alike.
    init(_ value: Value) throws(CaseIssue) {
        var budget = Budget()
        self = try Self.convertValue(value, depth: 0, budget: &budget)
    }

    private static func convertValue(_ value: Value, depth: Int, budget: inout Budget) throws(CaseIssue) -> SourceNode {
        try budget.enter(depth: depth, line: nil)
        switch value {
        case .null: return SourceNode(kind: .scalar("null", quoted: false), line: nil)
        case .bool(let flag): return SourceNode(kind: .scalar(flag ? "true" : "false", quoted: false), line: nil)
        case .int(let number): return SourceNode(kind: .scalar(String(number), quoted: false), line: nil)
        case .double(let number): return SourceNode(kind: .scalar(ValueWriter.yamlNumber(number), quoted: false), line: nil)
        case .string(let text):
            try Budget.scalar(text, line: nil)
            return SourceNode(kind: .scalar(text, quoted: true), line: nil)
        case .array(let items):
            var nodes: [SourceNode] = []
            for item in items { nodes.append(try convertValue(item, depth: depth + 1, budget: &budget)) }
            return SourceNode(kind: .sequence(nodes), line: nil)
        case .object(let members):
            var pairs: [(key: String, keyLine: Int?, value: SourceNode)] = []
            var seen = Set<String>()
            for member in members {
                guard seen.insert(member.key).inserted else {
                    throw CaseIssue(line: nil, path: "", message: "the key `\(member.key)` appears twice in the same object")
                }
                pairs.append((member.key, nil, try convertValue(member.value, depth: depth + 1, budget: &budget)))
            }
            return SourceNode(kind: .mapping(pairs), line: nil)
        }
    }

}

extension CaseIssue {
    static func syntax(_ error: YamlError) -> CaseIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let where_ = context.map { " \($0.text)" } ?? ""
            return CaseIssue(line: mark.line, path: "", message: "not valid YAML or JSON: \(problem)\(where_)")
        case .reader(let problem, _, _, _):
            return CaseIssue(line: nil, path: "", message: "cannot be read: \(problem)")
        default:
            return CaseIssue(line: nil, path: "", message: "not valid YAML or JSON")
        }
    }
}
