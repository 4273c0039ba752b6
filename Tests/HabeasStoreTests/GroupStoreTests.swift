import Foundation
import HabeasCore
@testable import HabeasStore
import SQLKit
import Testing
import HabeasTestSupport

/// Groups (migration 11): described groups, and membership indexed from each file's `groups`.
@Suite("Group store")
struct GroupStoreTests {
    static func member(_ id: String, groups: [String], profile: String = "journalist") -> CaseFile {
        var file = sampleCase(id: id, name: "Person \(id)", profile: profile)
        file.groups = groups
        return file
    }

    @Test func groupsRoundTripInTheCaseFile() throws {
        var file = Self.member("zz-a", groups: ["almaty-2022-01", "zhanaozen"])
        #expect(try CaseFile.load(text: file.yamlText()).groups == ["almaty-2022-01", "zhanaozen"])
        file.groups = ["Almaty 2022"]
        #expect(file.validate().contains { $0.path == "groups[0]" && $0.message.contains("not a valid group id") })
        file.groups = ["almaty", "almaty"]
        #expect(file.validate().contains { $0.path == "groups[1]" && $0.message.contains("twice") })
        file.groups = []
        #expect(!file.yamlText().contains("groups"))
    }

    @Test(arguments: TestBackend.all)
    func membershipFollowsEverySave(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let group = try await store.createGroup(NewCaseGroup(id: "almaty-2022-01", name: "Almaty, January 2022",
                                                                 description: "Detained after the protests of 5 January."), change: alice)
            #expect(group.name == "Almaty, January 2022")
            await #expect(throws: StoreError.self) {
                _ = try await store.createGroup(NewCaseGroup(id: "almaty-2022-01", name: "Again"), change: alice)
            }
            await #expect(throws: StoreError.self) {
                _ = try await store.createGroup(NewCaseGroup(id: "Bad Id", name: "x"), change: alice)
            }
            await #expect(throws: StoreError.self) {
                _ = try await store.createGroup(NewCaseGroup(id: "long", name: String(repeating: "x", count: 201)), change: alice)
            }
            // Creating and changing a group is in the audit trail (refused attempts are not).
            _ = try await store.updateGroup(NewCaseGroup(id: "almaty-2022-01", name: "Almaty, January 2022",
                                                           description: "Detained after the protests of 5 January."), change: alice)
            let groupEntries = try await store.auditEntries(AuditFilter(action: .groupChange))
            #expect(groupEntries.map(\.detail) == ["group almaty-2022-01 created", "group almaty-2022-01 changed"])
            #expect(groupEntries.allSatisfy { $0.author == alice.author && $0.caseID.isEmpty })
            _ = try await store.create(Self.member("zz-a", groups: ["almaty-2022-01"]), change: alice)
            _ = try await store.create(Self.member("zz-b", groups: ["almaty-2022-01", "other"], profile: "lawyer"), change: alice)
            _ = try await store.create(Self.member("zz-c", groups: []), change: alice)

            var query = CaseQuery(today: testToday)
            query.sort = .created
            #expect(Set(try await store.cases(inGroup: "almaty-2022-01", query).items.map(\.id)) == ["zz-a", "zz-b"])
            query.profile = .lawyer
            #expect(try await store.cases(inGroup: "almaty-2022-01", query).items.map(\.id) == ["zz-b"])
            #expect(try await store.groupMemberCounts(includeDeleted: false, teams: nil) == ["almaty-2022-01": 2, "other": 1])
            #expect(try await store.facets(includeDeleted: false, teams: nil, group: "almaty-2022-01").total == 2)

            // An update moves the case out of the group; a delete hides it from counts; a purge removes the rows.
            _ = try await store.update(Self.member("zz-a", groups: ["other"]), basedOn: 1, change: alice)
            #expect(try await store.groupMemberCounts(includeDeleted: false, teams: nil) == ["almaty-2022-01": 1, "other": 2])
            try await store.delete("zz-b", change: alice)
            #expect(try await store.groupMemberCounts(includeDeleted: false, teams: nil) == ["other": 1])
            #expect(try await store.groupMemberCounts(includeDeleted: true, teams: nil) == ["almaty-2022-01": 1, "other": 2])
            try await store.purge("zz-b", change: alice)
            let rows = try await store.pool.withSession { db in
                try await db.raw("SELECT COUNT(*) AS n FROM case_groups").first(decodingColumn: "n", as: Int.self)
            }
            #expect(rows == 1)
            #expect(try await store.groupMemberCounts(includeDeleted: false, teams: []) == [:])

            // Described groups: the description is sealed, the name is not.
            #expect(try await store.group("almaty-2022-01")?.description == "Detained after the protests of 5 January.")
            #expect(try await store.group("nothing") == nil)
            let stored = try await store.pool.withSession { db in
                try await db.raw("SELECT description FROM detention_groups").first(decodingColumn: "description", as: String.self)
            }
            #expect(stored?.contains("protests") == false)
            let renamed = try await store.updateGroup(NewCaseGroup(id: "almaty-2022-01", name: "Almaty, 2022"), change: alice)
            #expect(renamed.name == "Almaty, 2022" && renamed.description == nil)
            _ = try await store.createGroup(NewCaseGroup(id: "aktobe", name: "Aktobe"), change: alice)
            #expect(try await store.groups().map(\.id) == ["aktobe", "almaty-2022-01"])
        }
    }
}
