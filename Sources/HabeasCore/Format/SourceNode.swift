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
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            return try convert(node)
        } catch let issue as CaseIssue {
            throw issue
        } catch let error as YamlError {
            throw CaseIssue.syntax(error)
        } catch {
            throw CaseIssue(line: nil, path: "", message: "cannot be read as YAML or JSON (\(error))")
        }
    }

    private static func convert(_ node: Node) throws -> SourceNode {
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            return SourceNode(kind: .scalar(scalar.string, quoted: scalar.style != .plain), line: line)
        case .sequence(let sequence):
            return SourceNode(kind: .sequence(try sequence.map(convert)), line: line)
        case .mapping(let mapping):
            var pairs: [(key: String, keyLine: Int?, value: SourceNode)] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw CaseIssue(line: key.mark?.line, path: "", message: "a key must be plain text")
                }
                if pairs.contains(where: { $0.key == keyScalar.string }) {
                    throw CaseIssue(line: key.mark?.line, path: "", message: "the key `\(keyScalar.string)` appears twice in the same object")
                }
                pairs.append((keyScalar.string, key.mark?.line, try convert(value)))
            }
            return SourceNode(kind: .mapping(pairs), line: line)
        case .alias:
            throw CaseIssue(line: line, path: "", message: "YAML aliases (*name) are not supported in case files; write the value out")
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
