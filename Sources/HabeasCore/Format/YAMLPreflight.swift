import CYaml

/// A pass over libyaml's event stream before any tree is built. Composing shares the node an
/// alias names, but anything that walks or hashes the tree afterwards (Yams's duplicate-key check
/// hashes complex keys; conversion visits every child) multiplies it: a 1 KB "billion laughs"
/// becomes gigabytes. So aliases, anchors, nesting and size are checked on the events, in constant
/// memory, and the tree is built only for a file that passes.
enum YAMLPreflight {
    static func check(_ text: String) throws(CaseIssue) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw CaseIssue(line: nil, path: "", message: "cannot be read: the YAML reader could not start")
        }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        var result: CaseIssue?
        bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            var events = 0
            while result == nil {
                var event = yaml_event_t()
                // A syntax error is left to the composer, which reports it with its context.
                guard yaml_parser_parse(&parser, &event) == 1 else { break }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                events += 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_ALIAS_EVENT:
                    result = Self.aliasIssue(line)
                case YAML_SCALAR_EVENT where event.data.scalar.anchor != nil,
                     YAML_SEQUENCE_START_EVENT where event.data.sequence_start.anchor != nil,
                     YAML_MAPPING_START_EVENT where event.data.mapping_start.anchor != nil:
                    result = Self.aliasIssue(line)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    depth += 1
                    if depth > CaseLimits.maxDepth {
                        result = CaseIssue(line: line, path: "", message: "nested more than \(CaseLimits.maxDepth) levels deep; a case file is at most \(CaseLimits.maxDepth)")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                default:
                    break
                }
                if result == nil, events > 2 * CaseLimits.maxNodes + 16 {
                    result = CaseIssue(line: line, path: "", message: "more than \(CaseLimits.maxNodes) values; a case file holds at most \(CaseLimits.maxNodes)")
                }
            }
        }
        if let result { throw result }
    }

    static func aliasIssue(_ line: Int) -> CaseIssue {
        CaseIssue(line: line, path: "", message: "YAML anchors and aliases (&name, *name) are not allowed in case files; write the value out")
    }
}
