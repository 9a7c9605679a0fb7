import Foundation

/// Which backend the server's tests run on: SQLite in memory, or — with
/// `PANGOLIN_TEST_STORAGE=postgres` — a database of its own per test in the tests' PostgreSQL
/// cluster. `./scripts/test` runs the server's suites both ways.
public enum TestStorage {
    public static var usesPostgres: Bool { ProcessInfo.processInfo.environment["PANGOLIN_TEST_STORAGE"] == "postgres" }

    /// The database URL a test's server should use, or nil for SQLite in memory.
    public static func databaseURL() async throws -> String? {
        usesPostgres ? try await PostgresCluster.shared().newDatabase() : nil
    }
}
