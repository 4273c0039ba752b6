/// One changed value between two revisions: `timeline[2].date`, old → new (nil when absent).
public struct FieldChange: Sendable, Equatable {
    public var path: String
    public var old: Value?
    public var new: Value?
    public init(path: String, old: Value?, new: Value?) {
        self.path = path
        self.old = old
        self.new = new
    }
}

/// Field-level differences between two case values: objects by key, lists by position.
public enum ValueDiff {
    public static func changes(from old: Value, to new: Value) -> [FieldChange] {
        var out: [FieldChange] = []
        walk(old, new, path: "", into: &out)
        return out
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private static func walk(_ old: Value?, _ new: Value?, path: String, into out: inout [FieldChange]) {
        switch (old, new) {
        case (.object(let a)?, .object(let b)?):
            for member in a {
                walk(member.value, b.first { $0.key == member.key }?.value, path: join(path, member.key), into: &out)
            }
            for member in b where !a.contains(where: { $0.key == member.key }) {
                walk(nil, member.value, path: join(path, member.key), into: &out)
            }
        case (.array(let a)?, .array(let b)?):
            for i in 0..<max(a.count, b.count) {
                walk(i < a.count ? a[i] : nil, i < b.count ? b[i] : nil, path: "\(path)[\(i)]", into: &out)
            }
        default:
            if old != new { out.append(FieldChange(path: path, old: old, new: new)) }
        }
    }
}
