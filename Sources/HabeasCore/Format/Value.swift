import Foundation

/// A JSON-shaped value with ordered object keys. Used for `extensions:` (kept verbatim) and as the
/// intermediate form between the typed case and its YAML or JSON text.
public indirect enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: Value
        public init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    public subscript(key: String) -> Value? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

/// Builds an ordered object, skipping absent optional members.
struct ObjectBuilder {
    private(set) var members: [Value.Member] = []

    mutating func set(_ key: String, _ value: Value?) {
        if let value { members.append(.init(key, value)) }
    }
    mutating func set(_ key: String, _ text: String?) { set(key, text.map(Value.string)) }
    mutating func set(_ key: String, _ flag: Bool?) { set(key, flag.map(Value.bool)) }
    mutating func set(_ key: String, _ date: CaseDate?) { set(key, date.map { Value.string($0.description) }) }
    mutating func set(_ key: String, strings: [String]) {
        if !strings.isEmpty { set(key, Value.array(strings.map(Value.string))) }
    }
    mutating func set(_ key: String, list: [Value]) {
        if !list.isEmpty { set(key, Value.array(list)) }
    }
    var value: Value { .object(members) }
}
