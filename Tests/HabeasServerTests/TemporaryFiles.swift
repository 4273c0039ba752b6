import Foundation

/// Scratch files for tests, removed when the test is done (SQLite leaves -wal and -shm beside
/// its database).
enum TemporaryFiles {
    static func sqlitePath(_ prefix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).sqlite").path
    }

    static func removeSQLite(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
