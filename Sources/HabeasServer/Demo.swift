import Foundation
import HabeasCore
import HabeasStore

/// The demo cases bundled in Demo/*.yaml (one built from the published facts of the 2022
/// Massimov petition, the others fictional).
public enum DemoCases {
    struct Missing: Error {}

    /// The bundled Demo directory.
    public static func directory() throws -> URL {
        guard let directory = Bundle.module.url(forResource: "Demo", withExtension: nil) else { throw Missing() }
        return directory
    }

    public static func files() throws -> [CaseFile] {
        let directory = try directory()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { name in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return try CaseFile.load(text: text, file: name)
        }
    }

    /// Loads the demo cases when the store has no case at all (deleted ones count). Returns the
    /// ids loaded; none when the database was not empty.
    @discardableResult
    public static func load(into store: any CaseStore) async throws -> [String] {
        // Only the count is read; "today" plays no part in it.
        var everything = CaseQuery(today: .today())
        everything.includeDeleted = true
        everything.perPage = 1
        guard try await store.search(everything).total == 0 else { return [] }
        var loaded: [String] = []
        for file in try files() {
            _ = try await store.create(file, change: Change(author: "habeas", note: "demo case"))
            loaded.append(file.id)
        }
        return loaded
    }
}
