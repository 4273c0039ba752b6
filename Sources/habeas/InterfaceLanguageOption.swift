import ArgumentParser
import HabeasLocalization

/// `--lang en|ru|fr|es|ar`: the language of the vocabulary labels a command prints beside its
/// messages. The messages themselves stay in English, as a command-line tool's do.
struct InterfaceLanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"),
            help: ArgumentHelp("Also print the labels of the vocabulary words the file uses, in this language.",
                               valueName: HabeasLocalization.Language.offered.map(\.rawValue).joined(separator: "|")))
    var code: String?

    func validate() throws {
        if let code, language(code) == nil {
            throw ValidationError("--lang must be one of \(HabeasLocalization.Language.offered.map(\.rawValue).joined(separator: ", ")), not \(Console.terminalSafe(String(code.prefix(40))))")
        }
    }

    private func language(_ code: String) -> HabeasLocalization.Language? {
        HabeasLocalization.Language.offered.first { $0.rawValue == code.lowercased() }
    }

    /// The localizer of the chosen language, or nil without `--lang`.
    var localizer: Localizer? { code.flatMap(language).map(Localizer.init) }
}
