import PangolinModel

/// Statements for operators.
public protocol OperationsRepository {
    /// Counts for the dashboard: the tenant's, or every tenant's for nil.
    func statistics(tenantID: String?) throws -> CatalogStatistics
}

extension CatalogDatabase: OperationsStore {
    public func statistics(tenantID: String?) async throws -> CatalogStatistics {
        try await backend.read { tx in try tx.statistics(tenantID: tenantID) }
    }
}
