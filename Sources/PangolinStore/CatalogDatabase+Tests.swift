import GRDB
import PostgresNIO

@_spi(Tests)
extension CatalogDatabase {
    /// Runs SQL straight on the database, around every rule: for tests that tamper with what the
    /// store keeps, or set what the API cannot (when versions were made). Write it so that both
    /// backends read it alike.
    public func executeUnsafeSQL(_ sql: String) async throws {
        switch backend {
        case let sqlite as SQLiteBackend:
            try await sqlite.database.write { db in try db.execute(sql: sql) }
        case let postgres as PostgresBackend:
            try await postgres.write { tx in _ = try tx.execute(PostgresQuery(unsafeSQL: sql)) }
        default:
            preconditionFailure("no SQL for \(type(of: backend))")
        }
    }
}

/// `executeUnsafeSQL` on whichever store this is.
@_spi(Tests)
public func executeUnsafeSQL(_ sql: String, on store: any CatalogStore) async throws {
    switch store {
    case let sqlite as SQLiteCatalogStore: try await sqlite.executeUnsafeSQL(sql)
    case let postgres as CatalogDatabase<PostgresBackend>: try await postgres.executeUnsafeSQL(sql)
    default: preconditionFailure("no SQL for \(type(of: store))")
    }
}
