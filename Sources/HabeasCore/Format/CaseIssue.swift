/// One problem in a case file, located as precisely as the parser allows.
/// Printed as `FILE:LINE: path: message`, the form editors and CI logs understand.
public struct CaseIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    /// The JSON-style path of the offending value: `timeline[3].type`; empty for the whole file.
    public var path: String
    public var message: String

    public init(file: String? = nil, line: Int?, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        var text = ""
        if let file { text += file + ":" }
        if let line { text += "\(line):" }
        if !text.isEmpty { text += " " }
        if !path.isEmpty { text += path + ": " }
        return text + message
    }
}

/// All the problems of one file. Thrown by `CaseFile.load`.
public struct CaseValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [CaseIssue]
    public init(issues: [CaseIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
