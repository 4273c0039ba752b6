import Foundation
import Testing
@testable import HabeasCore

/// A synthetic detainee: the parts the statistics read.
func detainee(_ n: Int, state: String = "KZ", arrest: CaseDate? = CaseDate(year: 2022, month: 1, day: 5),
              judge: CaseDate? = nil, end: (CaseDate, EventType)? = nil, convicted: CaseDate? = nil,
              charges: [String] = [], places: [String] = [], profile: [Profile] = []) -> CaseFile {
    var person = Person(name: "Person \(n)")
    person.profile = profile
    var deprivation = Deprivation(kind: .preTrial, ongoing: end == nil)
    deprivation.places = places.map(Place.init(name:))
    var file = CaseFile(id: "p\(n)", state: state, person: person, deprivation: deprivation)
    file.charges = charges.map(Charge.init(label:))
    if let arrest { file.timeline.append(TimelineEvent(date: arrest, type: .arrest)) }
    if let judge {
        file.timeline.append(TimelineEvent(date: judge, type: .broughtBeforeJudge, attributes: ["authorityKind": .text("court")]))
    }
    if let convicted { file.timeline.append(TimelineEvent(date: convicted, type: .verdict, attributes: ["outcome": .text("convicted")])) }
    if let end { file.timeline.append(TimelineEvent(date: end.0, type: end.1)) }
    return file
}

@Suite struct StatisticsTests {
    let asOf = CaseDate(year: 2022, month: 3, day: 1)
    func day(_ d: Int, _ m: Int = 1) -> CaseDate { CaseDate(year: 2022, month: m, day: d) }
    func at(_ d: Int, _ h: Int) -> CaseDate {
        CaseDate(year: 2022, month: 1, day: d, time: .init(hour: h, minute: 0, offsetMinutes: 360))
    }

    @Test func countsByEveryDimension() {
        var stats = CaseStatistics(asOf: asOf)
        stats.add(detainee(1, charges: ["Mass riots", "hooliganism"], places: ["SIZO Almaty"], profile: [.protester]), groups: ["almaty"])
        stats.add(detainee(2, arrest: day(7), charges: ["mass  riots"], places: ["SIZO Almaty", "sizo almaty"], profile: [.protester, .journalist]),
                  groups: ["almaty", "almaty"])
        stats.add(detainee(3, state: "BY", arrest: day(7), end: (day(10, 2), .release)))
        stats.add(detainee(4, arrest: nil))
        #expect(stats.total == 4)
        #expect(stats.byState == [LabelledCount(label: "KZ", count: 3), LabelledCount(label: "BY", count: 1)])
        #expect(stats.byGroup == [LabelledCount(label: "almaty", count: 2)])
        // Spelling variants of one charge or place are one label, counted once per case.
        #expect(stats.byCharge == [LabelledCount(label: "Mass riots", count: 2), LabelledCount(label: "hooliganism", count: 1)])
        #expect(stats.byPlace == [LabelledCount(label: "SIZO Almaty", count: 2)])
        #expect(stats.byProfile == [LabelledCount(label: "protester", count: 2), LabelledCount(label: "journalist", count: 1)])
        #expect(stats.byStatus == [LabelledCount(label: "still detained", count: 3), LabelledCount(label: "released", count: 1)])
        #expect(stats.byStage.reduce(0) { $0 + $1.count } == 4)
        #expect(stats.withoutArrest == 1)
    }

    @Test func arrestsByDayHasEveryDayBetweenTheFirstAndTheLast() {
        var stats = CaseStatistics(asOf: asOf)
        for (n, d) in [5, 5, 8, 6].enumerated() { stats.add(detainee(n, arrest: day(d))) }
        #expect(stats.arrestsByDay.map(\.count) == [2, 1, 0, 1])
        #expect(stats.arrestsByDay.map(\.day) == [day(5), day(6), day(7), day(8)])
    }

    @Test func statusFollowsTheRecordedEventsOnly() {
        var stats = CaseStatistics(asOf: asOf)
        stats.add(detainee(1, convicted: day(20)))
        stats.add(detainee(2, end: (day(1, 2), .death)))
        stats.add(detainee(3, end: (day(1, 2), .release), convicted: day(20)))
        stats.add(detainee(4))
        #expect(stats.byStatus == [LabelledCount(label: "still detained", count: 1), LabelledCount(label: "sentenced, detained", count: 1),
                                   LabelledCount(label: "released", count: 1), LabelledCount(label: "died in custody", count: 1)])
    }

    @Test func hoursBeforeAJudgeFromDatesOnlyAreARangeNeverAGuess() {
        var stats = CaseStatistics(asOf: asOf)
        stats.add(detainee(1, arrest: at(5, 10), judge: at(7, 12)))   // 50 hours exactly
        stats.add(detainee(2, arrest: day(5), judge: day(6)))         // 0 to 48 hours: within the standard
        stats.add(detainee(3, arrest: day(5), judge: day(7)))         // 24 to 72 hours: crosses 48
        stats.add(detainee(4, arrest: day(5), judge: day(25)))        // 19 to 21 days
        stats.add(detainee(5, arrest: nil))                           // no arrest: nothing to measure
        let h = stats.hoursBeforeJudge
        #expect(h.buckets.map(\.count) == [1, 1, 0, 1, 0])
        #expect(h.unsettled == 1)
        #expect(h.unknown == 1)
        #expect(h.rows.reduce(0) { $0 + $1.count } == 5)
        #expect(stats.daysIncommunicado.rows.reduce(0) { $0 + $1.count } == 5)
    }

    @Test func categoriesIndicatedAndPossibleAreKeptApart() {
        var stats = CaseStatistics(asOf: asOf)
        let file = detainee(1, arrest: day(5), judge: day(25))
        let assessment = Assessor.assess(file, asOf: asOf)
        stats.add(file, assessment: assessment)
        let indicated = assessment.indicatedCategories.map { "Category \($0.rawValue)" }
        #expect(stats.byCategory.map(\.label) == indicated)
        #expect(stats.possibleByCategory.allSatisfy { $0.label.hasSuffix("(possible)") })
    }

    @Test func statisticsExportAsCSV() {
        var stats = CaseStatistics(asOf: asOf)
        stats.add(detainee(1, charges: ["=HYPERLINK(\"x\")", "a, b"]))
        let lines = stats.csv.components(separatedBy: "\r\n")
        #expect(lines.first == "dimension,value,count")
        #expect(lines.contains("total,cases,1"))
        #expect(lines.contains("charge,\"'=HYPERLINK(\"\"x\"\")\",1"))
        #expect(lines.contains("charge,\"a, b\",1"))
        #expect(stats.csv.hasSuffix("\r\n"))
    }
}

@Suite struct CSVWriterTests {
    @Test func quotesAsRFC4180() {
        #expect(CSVWriter.encode(.text("plain")) == "plain")
        #expect(CSVWriter.encode(.text("a,b")) == "\"a,b\"")
        #expect(CSVWriter.encode(.text("say \"no\"")) == "\"say \"\"no\"\"\"")
        #expect(CSVWriter.encode(.text("two\nlines")) == "\"two\nlines\"")
        #expect(CSVWriter.encode(.text("cr\rhere")) == "\"cr\rhere\"")
        #expect(CSVWriter.encode(.text("")) == "")
    }

    @Test func neutralisesFormulas() {
        for start in ["=", "+", "-", "@", "\t"] {
            #expect(CSVWriter.encode(.text("\(start)cmd|' /C calc'!A0")) == "'\(start)cmd|' /C calc'!A0")
        }
        #expect(CSVWriter.encode(.text("=1+2,3")) == "\"'=1+2,3\"")
        #expect(CSVWriter.encode(.text("\rx")) == "\"'\rx\"")
        // Only the first character counts; numbers are numbers.
        #expect(CSVWriter.encode(.text("a=b")) == "a=b")
        #expect(CSVWriter.encode(.number(-5)) == "-5")
    }

    @Test func rowsEndInCRLF() {
        var writer = CSVWriter(header: ["a", "b"])
        writer.append([.text("x"), .number(1)])
        #expect(writer.text == "a,b\r\nx,1\r\n")
    }
}
