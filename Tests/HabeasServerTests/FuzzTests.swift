import Foundation
import HabeasCore
@testable import HabeasServer
import HabeasStore
import Hummingbird
import HummingbirdCore
import PropertyBased
import Testing

/// Fuzzing of the request parsers and the export-bundle reader under swift-property-based: no
/// input traps; a bad one is a thrown error (a 4xx over HTTP).
@Suite("Fuzz: query parsers and bundle reader")
struct ParserFuzzTests {
    static let keys = ["q", "state", "category", "stage", "profile", "overdue", "deleted", "sort", "page", "perPage", "asOf", "revision", "from", "to", "x"]
    static let values = ["", "1", "0", "-1", "200", "201", "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1e9",
                         "true", "false", "maybe", "I", "iii", "VI", "due", "-updated", "2022-03-18", "0000-01-01", "9999-12-31", "2022-13-40",
                         "%00", "%FF", "%E2%80%AE", "a%20b", "KZ", "journalist", String(repeating: "9", count: 400)]

    @Test func listQueriesNeverTrap() async {
        let today = CaseDate(year: 2022, month: 3, day: 18)
        await propertyCheck(count: 500, input: Gen.int(in: 0...(Self.keys.count * Self.values.count - 1)).array(of: 0...8)) { picks in
            let query = picks.map { "\(Self.keys[$0 % Self.keys.count])=\(Self.values[$0 / Self.keys.count])" }.joined(separator: "&")
            let uri = URI("/api/v1/cases?" + query)
            if let parsed = try? CaseListQuery.parse(uri.queryParameters, today: today) {
                #expect((1...Params.maxPage).contains(parsed.page))
                #expect((1...CaseQuery.maxPerPage).contains(parsed.perPage))
                // The store's offset is computed from these: it must not overflow.
                #expect((parsed.page - 1).multipliedReportingOverflow(by: parsed.perPage).overflow == false)
            }
            _ = CaseListQuery.parse(uri.queryParameters, today: today, for: .web)
        }
    }

    @Test func bundleReaderNeverTraps() async throws {
        let massimov = try CaseFile.load(text: try demoText("kz-massimov"), file: nil)
        let record = CaseRecord(id: massimov.id, revisions: [
            .init(info: RevisionInfo(number: 1, author: "a", note: "n", createdAt: Date(timeIntervalSince1970: 1_650_000_000), action: .create), file: massimov),
        ])
        let seed = ValueWriter.json(CaseArchive.bundle([record]))
        let fragments = ["{", "}", "[", "]", "\"", ",", ":", "\\u0000", "\\ud800", "-1", "9223372036854775807", "1e400", "null", "\"restoredFrom\": 99",
                         "\"number\": 0", String(repeating: "[", count: 300)]
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(Int32.max)).array(of: 1...10)) { numbers in
            var bytes = Array(seed.utf8)
            for n in numbers {
                let place = (n / 5) % (bytes.count + 1)
                let fragment = Array(fragments[(n / 23) % fragments.count].utf8)
                if n % 2 == 0 {
                    bytes.insert(contentsOf: fragment, at: place)
                } else {
                    bytes.removeSubrange(place..<min(bytes.count, place + (n / 11) % 30))
                }
            }
            guard let value = try? ValueJSON.parse(String(decoding: bytes, as: UTF8.self)) else { return }
            _ = try? CaseArchive.records(fromBundle: value)
        }
    }
}
