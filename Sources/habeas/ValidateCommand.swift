import ArgumentParser
import HabeasCore
import HabeasLocalization

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check case files against habeas-case/1 and report every problem as FILE:LINE: path: message.",
        discussion: "Exit status: 0 when all files are valid, 1 when any is invalid, 2 for a usage error."
    )

    @Argument(help: "Case files (YAML or JSON).")
    var files: [String]
    @OptionGroup var lang: InterfaceLanguageOption

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one case file") }
    }

    func run() throws {
        var invalid = 0
        for path in files {
            do {
                let file = try CaseFiles.load(path)
                if let localizer = lang.localizer {
                    var glossary = Glossary(localizer)
                    glossary.add(file)
                    Console.out("\(path): vocabulary (\(localizer.language.rawValue))\n" + glossary.text)
                }
            } catch {
                invalid += 1
            }
        }
        let valid = files.count - invalid
        print("\(valid) valid, \(invalid) invalid")
        if invalid > 0 { throw ExitCode(1) }
    }
}
