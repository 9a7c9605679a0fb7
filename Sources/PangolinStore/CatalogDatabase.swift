import PangolinModel

/// The catalog store: the rules of every aggregate — validation, expected-version checks, the
/// lineage walk, grant normalisation, the approval rule, the audit chain and the wording of every
/// error — written once over a `StoreBackend`'s repositories, as GRDB's `AppDatabase` keeps its
/// invariants in its write methods. `SQLiteCatalogStore` is this store on SQLite.
public final class CatalogDatabase<Backend: StoreBackend>: Sendable {
    public let backend: Backend
    /// On an `AuditLinking` backend, what links the events writes commit unlinked.
    let linker: AuditLinker?

    public init(backend: Backend) {
        self.backend = backend
        linker = Backend.Transaction.self is any AuditLinking.Type ? AuditLinker { [backend] in try? await Self.linkAudit(on: backend) } : nil
    }

    public func checkReadiness() async throws {
        try await backend.checkReadiness()
    }

    /// Runs `body` as one write. The events it appends are in the chain when this returns: on an
    /// `AuditLinking` backend they are linked once the write has committed, before the caller
    /// answers anyone.
    func write<T: Sendable>(_ body: @escaping @Sendable (Backend.Transaction) throws -> T) async throws -> T {
        guard let linker else { return try await backend.write(body) }
        let (value, unlinked) = try await backend.write { tx in
            (try body(tx), (tx as? any AuditLinking)?.appendedUnlinkedAudit ?? false)
        }
        // The write has committed: a failure to link is not its failure. Its events stay
        // unlinked until the next link (any write, a verification, a start-up) takes them.
        if unlinked { await linker.linkCommitted() }
        return value
    }
}

/// The catalog store on an embedded SQLite database.
public typealias SQLiteCatalogStore = CatalogDatabase<SQLiteBackend>

extension CatalogDatabase: CatalogStore {}
