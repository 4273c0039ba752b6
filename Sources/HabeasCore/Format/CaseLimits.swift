/// The bounds every reader and writer of case data shares, so that whatever is accepted can be
/// stored, exported and read back, and no input can make the process grow without limit.
/// A file beyond them is refused at validation with the limit named (docs/case-format.md, "Limits").
public enum CaseLimits {
    /// Nesting of objects and lists, counted from the top of the file. The format itself needs
    /// five levels; `extensions:` gets the rest. The JSON reader of the store uses the same bound.
    public static let maxDepth = 32
    /// Items in any one list (timeline, allegations, evidence, `otherNames`, …).
    public static let maxListItems = 2_000
    /// Values (scalars, lists and objects) in one file.
    public static let maxNodes = 200_000
    /// Characters in one value.
    public static let maxValueLength = 100_000
    /// Bytes of one case file's text (YAML or JSON).
    public static let maxTextBytes = 5 * 1024 * 1024
    /// Dates outside these years are typing mistakes, not detentions; bounding them keeps every
    /// duration, chart and calendar finite.
    public static let years = 1900...2100
    /// The longest sentence written as a duration (`life` says more).
    public static let maxSentenceYears = 150
}
