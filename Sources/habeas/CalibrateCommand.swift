import ArgumentParser
import Foundation
import HabeasCore
import HabeasJurisprudence

/// `habeas calibrate [DIR]`: the assessment's agreement with the Working Group on adopted opinions.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Compare the assessment with the Working Group's own findings on a corpus of adopted opinions.",
        discussion: """
        Each opinion whose categories were read is assessed with its opinion-adopted event removed, as of
        its adoption date. Prints, per category, the true and false positives of `indicated`, the share
        of the Working Group's categories called indicated or possible, the exact-match rate and every
        disagreement. DIR defaults to the corpus bundled with habeas.
        """
    )

    @Argument(help: "A folder of habeas-case/1 files with opinion-adopted events; default: the bundled corpus.")
    var directory: String?
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let loaded = directory.map { Corpus.load(directory: URL(fileURLWithPath: $0)) } ?? Corpus.bundled()
        for problem in loaded.problems { Console.error(problem.description) }
        guard !loaded.opinions.isEmpty else {
            Console.error("no opinions to calibrate on")
            throw ExitCode(1)
        }
        let report = Calibration.run(loaded.opinions)
        print(json ? ValueWriter.json(report.json) : report.text, terminator: "")
        if !loaded.problems.isEmpty { throw ExitCode(1) }
    }
}
