import ArgumentParser
import HabeasCore
import HabeasLocalization

struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess cases against categories I–V, with grounds, provisions, urgent action, tainted evidence and gaps."
    )

    @Argument(help: "Case files (YAML or JSON).")
    var files: [String]
    @OptionGroup var asOf: AsOfOption
    @Flag(help: "Print JSON (an array when several files are given).")
    var json = false
    @OptionGroup var lang: InterfaceLanguageOption

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one case file") }
    }

    func run() throws {
        let date = try asOf.date()
        let (cases, invalid) = CaseFiles.loadValid(files)
        guard !cases.isEmpty else { return try CaseFiles.finish(invalid: invalid) }
        let assessments = cases.map { Assessor.assess($0, asOf: date) }
        if json {
            let value = files.count == 1 && assessments.count == 1 ? assessments[0].json : .array(assessments.map(\.json))
            Console.out(ValueWriter.json(value))
        } else {
            Console.out(zip(cases, assessments).map { $1.text(title: $0.displayTitle) + glossary($0, $1) }.joined(separator: "\n" + String(repeating: "─", count: 60) + "\n\n"))
        }
        try CaseFiles.finish(invalid: invalid)
    }

    /// With `--lang`: the categories and allegations the assessment names, then the rest of the
    /// file's vocabulary, with labels in that language.
    func glossary(_ file: CaseFile, _ assessment: Assessment) -> String {
        guard let localizer = lang.localizer else { return "" }
        var glossary = Glossary(localizer)
        for finding in assessment.categories where finding.finding != .notIndicated {
            glossary.add(finding.category)
            finding.grounds.forEach { glossary.add($0.allegation) }
        }
        glossary.add(file)
        return "\nVocabulary (\(localizer.language.rawValue)):\n" + glossary.text + "\n"
    }
}
