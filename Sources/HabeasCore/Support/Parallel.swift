import Foundation

/// Pure work on many independent items (rows of a sheet, cases to index and seal) spread over
/// the machine's cores, results in the input's order.
public enum Parallel {
    /// Items per task below which splitting costs more than it saves.
    static let minimumPerTask = 16
    /// Tasks per core: small enough parts that other work on the shared pool (a table import's
    /// write of the previous batch) gets a thread between them instead of waiting for a whole
    /// share of the map.
    static let tasksPerCore = 4

    public static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], _ transform: @escaping @Sendable (Item) throws -> Result
    ) async throws -> [Result] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let workers = min(cores * tasksPerCore, items.count / minimumPerTask)
        guard cores > 1, workers > 1 else { return try items.map(transform) }
        let size = (items.count + workers - 1) / workers
        return try await withThrowingTaskGroup(of: (Int, [Result]).self) { group in
            for (part, start) in stride(from: 0, to: items.count, by: size).enumerated() {
                let slice = Array(items[start..<min(start + size, items.count)])
                group.addTask { (part, try slice.map(transform)) }
            }
            var parts = [[Result]](repeating: [], count: workers)
            for try await (part, results) in group { parts[part] = results }
            return parts.flatMap { $0 }
        }
    }
}
