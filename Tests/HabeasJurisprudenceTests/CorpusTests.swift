import Foundation
import HabeasCore
@testable import HabeasJurisprudence
import Testing

@Suite struct CorpusTests {
    @Test func theBundledCorpusLoadsAndEveryFileValidates() throws {
        let loaded = Corpus.bundled()
        #expect(loaded.problems.isEmpty, "\(loaded.problems.map(\.description))")
        #expect(loaded.opinions.count >= 40)
        // Every file validates through the same loader as `habeas validate`.
        let dir = corpusDirectory()
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(names.count == loaded.opinions.count)
        for name in names {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            _ = try CaseFile.load(text: text, file: name)
        }
    }

    @Test func everyOpinionNamesItsSourceAndHasOneFinding() {
        for opinion in Corpus.shared {
            #expect(opinion.file.id == opinion.name, "\(opinion.name): id and file name differ")
            #expect(!opinion.sources.isEmpty && opinion.sources.allSatisfy { $0.url?.hasPrefix("http") == true },
                    "\(opinion.name): every file records the address of what was read")
            #expect(opinion.file.procedure.filter { $0.type == .opinionAdopted }.count == 1, "\(opinion.name)")
            // The engine's view never contains the finding.
            #expect(!opinion.facts.procedure.contains { $0.type == .opinionAdopted })
        }
    }

    @Test func theCorpusIsVaried() {
        let opinions = Corpus.shared
        #expect(Set(opinions.map(\.state)).count >= 15)
        let scored = opinions.filter(\.isScored)
        #expect(scored.count >= 10)
        let found = Set(scored.flatMap { $0.categories ?? [] })
        #expect(found.isSuperset(of: [.I, .II, .III, .V]))
        // A single-category finding is present (Assange, category III only).
        #expect(scored.contains { $0.categories == [.III] })
    }

    @Test func aBadFileIsReportedNotLoaded() {
        let loaded = Corpus.load(texts: [(name: "bad.yaml", text: "format: habeas-case/1\nid: x\n"),
                                         (name: "no-opinion.yaml", text: opinionYAML(id: "no-opinion", arbitrary: nil).replacingOccurrences(of: "type: opinion-adopted", with: "type: communication-submitted"))])
        #expect(loaded.opinions.isEmpty)
        #expect(loaded.problems.count == 2)
        #expect(loaded.problems[1].description.contains("no opinion-adopted"))
    }
}

/// The source folder, when the bundle is laid out differently (the tests still find the files).
func corpusDirectory() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/HabeasJurisprudence/Corpus")
}
