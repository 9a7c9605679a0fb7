import PangolinModel

/// The catalog store: the rules of every aggregate — validation, expected-version checks, the
/// lineage walk, grant normalisation, the approval rule, the audit chain and the wording of every
/// error — written once over a `StoreBackend`'s repositories, as GRDB's `AppDatabase` keeps its
/// invariants in its write methods. `SQLiteCatalogStore` is this store on SQLite.
public final class CatalogDatabase<Backend: StoreBackend>: Sendable {
    public let backend: Backend

    public init(backend: Backend) {
        self.backend = backend
    }

    public func checkReadiness() async throws {
        try await backend.checkReadiness()
    }
}

/// The catalog store on an embedded SQLite database.
public typealias SQLiteCatalogStore = CatalogDatabase<SQLiteBackend>

extension CatalogDatabase: CatalogStore {}
