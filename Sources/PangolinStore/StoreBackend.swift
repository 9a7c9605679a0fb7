import PangolinModel

/// A database the catalog's rules run on. A backend knows SQL and transactions and nothing of
/// the catalog's rules: it runs a body of repository calls as one transaction, and its
/// `Transaction` implements those calls as thin statements and mappings.
///
/// Bodies are synchronous, as GRDB's are: the rules in `CatalogDatabase` are written once and run
/// unchanged inside an SQLite write (on GRDB's writer thread) or a PostgreSQL transaction (on a
/// thread of that backend's own, each statement a round trip it waits for).
public protocol StoreBackend: Sendable {
    associatedtype Transaction: StoreTransaction

    /// Runs `body` as one transaction and returns once it is durable. A constraint violation is
    /// a `PangolinError.conflict`; any error thrown by `body` rolls the whole body back.
    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T

    /// Runs `body` on a consistent snapshot; for queries whose cost grows with the data.
    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T

    /// Runs `body`, a lookup of a few rows by key; a backend may run it on the calling thread.
    func lookup<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T

    /// Throws when the database cannot answer a trivial query.
    func checkReadiness() async throws

    /// Tells the other instances on this database of `change` (nothing, by default: one process).
    func announce(_ change: StoreChange) async
    /// What the other instances announce (nothing, by default).
    func changes() -> AsyncStream<StoreChange>
}

/// One transaction's repositories: the statements the rules are written against.
public protocol StoreTransaction:
    AuditRepository, TenantRepository, WarehouseRepository, CatalogTreeRepository, AssetRepository, VersionRepository,
    LineageRepository, MetadataRepository, SearchRepository, IdentityRepository, GrantRepository, AccessRequestRepository,
    OperationsRepository {}

/// What a write does with a row it looks up, so that a backend that locks the rows a write reads
/// (PostgreSQL) locks each as strongly as the write needs, and no more.
public enum RowUse: Sendable {
    /// The write changes or deletes the row: any other write of it waits.
    case change
    /// The write adds something under the row — an asset in a namespace — and needs only that the
    /// row stays: writes adding beside it go on at the same time, a deletion waits.
    case parent
}
