import Foundation
import HabeasCore
@testable import HabeasStore
import SQLKit
import Testing
import HabeasTestSupport

/// Migration 13: status and places counted in SQL, and bulk actions undone as one.
@Suite("Group statistics store")
struct GroupStatisticsStoreTests {
    static func member(_ n: Int, group: String = "almaty", place: String, arrest: Int, released: Bool = false) -> CaseFile {
        var file = sampleCase(id: "zz-\(n)", name: "Person \(n)")
        file.groups = [group]
        file.deprivation.places = [Place(name: place)]
        file.timeline = [TimelineEvent(date: CaseDate(year: 2022, month: 1, day: arrest), type: .arrest)]
        if released {
            file.timeline.append(TimelineEvent(date: CaseDate(year: 2022, month: 2, day: 10), type: .release))
            file.deprivation.ongoing = false
        }
        return file
    }

    @Test(arguments: TestBackend.all)
    func countsComeFromTheIndex(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(Self.member(1, place: "SIZO No. 1, Almaty", arrest: 5), change: alice)
            _ = try await store.create(Self.member(2, place: "sizo  no. 1, almaty", arrest: 5, released: true), change: alice)
            _ = try await store.create(Self.member(3, place: "IVS Taldykorgan", arrest: 7), change: alice)
            _ = try await store.create(Self.member(4, group: "other", place: "Elsewhere", arrest: 9), change: alice)
            let facets = try await store.detentionFacets(includeDeleted: false, teams: nil, group: "almaty")
            #expect(facets.statuses == [CaseFacets.Count(.detained, 2), CaseFacets.Count(.released, 1)])
            // One place however it was typed, labelled as one of its cases wrote it.
            let folded = facets.places.map { CaseFacets.Count($0.value.lowercased().split(separator: " ").joined(separator: " "), $0.count) }
            #expect(folded == [CaseFacets.Count("sizo no. 1, almaty", 2), CaseFacets.Count("ivs taldykorgan", 1)])
            #expect(facets.distinctPlaces == 2)
            #expect(facets.arrestDays.map(\.count) == [2, 1])
            #expect(facets.arrestDays.map(\.value.day) == [5, 7])
            #expect(facets.profiles == [CaseFacets.Count(.journalist, 3)])
            // Places are stored as a token and a sealed label: no place name in clear.
            let labels = try await store.pool.withSession { db in
                try await db.raw("SELECT token, label FROM case_places").all().map {
                    try $0.decode(column: "token", as: String.self) + " " + $0.decode(column: "label", as: String.self)
                }
            }
            #expect(labels.count == 4)
            #expect(!labels.contains { $0.contains("SIZO") || $0.contains("Taldykorgan") })
            // A save moves the counts.
            var moved = try await store.get("zz-3")
            moved.file.timeline.append(TimelineEvent(date: CaseDate(year: 2022, month: 2, day: 1), type: .release))
            moved.file.deprivation.ongoing = false
            _ = try await store.update(moved.file, basedOn: moved.currentRevision, change: alice)
            let after = try await store.detentionFacets(includeDeleted: false, teams: nil, group: "almaty")
            #expect(after.statuses == [CaseFacets.Count(.detained, 1), CaseFacets.Count(.released, 2)])
            #expect(try await store.detentionFacets(includeDeleted: false, teams: [], group: nil).statuses.isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func bulkActionIsUndoneAsOne(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            for n in 1...4 { _ = try await store.create(Self.member(n, place: "SIZO", arrest: 5), change: alice) }
            let released = TimelineEvent(date: CaseDate(year: 2022, month: 2, day: 10), type: .release)
            let result = try await store.applyBulk(.addEvent(released), to: ["zz-1", "zz-2", "zz-3", "zz-2", "zz-nobody"],
                                                   change: Change(author: "bob"))
            #expect(result.changed == ["zz-1", "zz-2", "zz-3"])
            #expect(result.skipped.map(\.id) == ["zz-nobody"])
            for n in 1...3 {
                let stored = try await store.get("zz-\(n)")
                #expect(stored.currentRevision == 2)
                #expect(stored.file.timeline.last?.type == .release)
                #expect(!stored.file.deprivation.ongoing)
                #expect(stored.revision.note.contains(result.batchID))
            }
            #expect(try await store.get("zz-4").currentRevision == 1)
            let facets = try await store.detentionFacets(includeDeleted: false, teams: nil, group: "almaty")
            #expect(facets.statuses == [CaseFacets.Count(.detained, 1), CaseFacets.Count(.released, 3)])

            // Someone edits zz-3 after the bulk action: undo leaves it alone.
            var edited = try await store.get("zz-3")
            edited.file.deprivation.heldBy = "Police"
            _ = try await store.update(edited.file, basedOn: edited.currentRevision, change: alice)

            let undo = try #require(try await store.undoBulk(result.batchID, change: Change(author: "bob")))
            #expect(undo.changed.sorted() == ["zz-1", "zz-2"])
            #expect(undo.skipped.map(\.id) == ["zz-3"])
            for n in 1...2 {
                let stored = try await store.get("zz-\(n)")
                #expect(stored.currentRevision == 3)
                #expect(stored.revision.action == .restore)
                #expect(stored.file == (try await store.get("zz-\(n)", revision: 1)).file)
            }
            let batch = try #require(try await store.batch(result.batchID))
            #expect(batch.undoneBy == "bob")
            #expect(batch.entries.map(\.caseID).sorted() == ["zz-1", "zz-2", "zz-3"])
            // A second undo changes nothing.
            let again = try #require(try await store.undoBulk(result.batchID, change: Change(author: "bob")))
            #expect(again.changed.isEmpty)
            #expect(try await store.get("zz-1").currentRevision == 3)
            #expect(try await store.undoBulk("no-such-batch", change: alice) == nil)
        }
    }

    /// Issue 15's must-show at its size: a group of 5,000 cases, "released on 2022-02-10" on a
    /// selection of 2,000, one revision each, then undone as one. Each step goes case by case
    /// (one read, one write per case; the batch rows in one transaction), so it is linear.
    @Test func aBulkReleaseOnTwoThousandOfFiveThousandIsUndoneAsOne() async throws {
        try await withStore(.sqlite) { store in
            let places = ["SIZO No. 1, Almaty", "IVS Almaty", "SIZO Taldykorgan"]
            for n in 0..<5_000 {
                _ = try await store.create(Self.member(n, place: places[n % places.count], arrest: 5 + n % 7), change: alice)
            }
            let selected = (0..<5_000).filter { $0 % 5 < 2 }.map { "zz-\($0)" }
            #expect(selected.count == 2_000)
            let released = TimelineEvent(date: CaseDate(year: 2022, month: 2, day: 10), type: .release)
            let result = try await store.applyBulk(.addEvent(released), to: selected, change: Change(author: "bob"))
            #expect(result.changed == selected && result.skipped.isEmpty)
            let facets = try await store.detentionFacets(includeDeleted: false, teams: nil, group: "almaty")
            #expect(facets.statuses == [CaseFacets.Count(.detained, 3_000), CaseFacets.Count(.released, 2_000)])
            #expect(try await Self.revisions(store) == 7_000)
            for n in stride(from: 0, to: 5_000, by: 7) {
                let stored = try await store.get("zz-\(n)")
                if n % 5 < 2 {
                    #expect(stored.currentRevision == 2 && stored.file.timeline.last == released && !stored.file.deprivation.ongoing, "zz-\(n)")
                } else {
                    #expect(stored.currentRevision == 1, "zz-\(n)")
                }
            }
            #expect(try await store.batch(result.batchID)?.entries.count == 2_000)

            let undo = try #require(try await store.undoBulk(result.batchID, change: Change(author: "bob")))
            #expect(undo.changed.count == 2_000 && undo.skipped.isEmpty)
            #expect(Set(undo.changed) == Set(selected))
            #expect(try await Self.revisions(store) == 9_000)
            let after = try await store.detentionFacets(includeDeleted: false, teams: nil, group: "almaty")
            #expect(after.statuses == [CaseFacets.Count(.detained, 5_000)])
            for caseID in selected {
                let stored = try await store.get(caseID)
                #expect(stored.currentRevision == 3 && stored.revision.action == .restore, "\(caseID)")
                #expect(stored.file.timeline.map(\.type) == [.arrest] && stored.file.deprivation.ongoing, "\(caseID)")
            }
            #expect(try await store.batch(result.batchID)?.undoneBy == "bob")
        }
    }

    static func revisions(_ store: SQLCaseStore) async throws -> Int {
        try await store.pool.withSession { db in
            try await db.raw("SELECT COUNT(*) AS n FROM case_revisions").first(decodingColumn: "n", as: Int.self)
        } ?? -1
    }

    @Test(arguments: TestBackend.all)
    func anEditThatWouldMakeAFileInvalidIsSkipped(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.create(Self.member(1, place: "SIZO", arrest: 5), change: alice)
            // A release before the arrest is an impossible order of events.
            let early = TimelineEvent(date: CaseDate(year: 2021, month: 1, day: 1), type: .release)
            let result = try await store.applyBulk(.addEvent(early), to: ["zz-1"], change: alice)
            #expect(result.changed.isEmpty)
            #expect(result.skipped.first?.reason.contains("invalid") == true)
            #expect(try await store.batch(result.batchID) == nil)
            #expect(try await store.get("zz-1").currentRevision == 1)
        }
    }
}
