import PangolinModel

/// Statements on warehouses.
public protocol WarehouseRepository {
    func warehouse(tenantID: String, name: String) throws -> Warehouse?
    func warehouses(tenantID: String, limit: Int, offset: Int) throws -> [Warehouse]
    func insertWarehouse(_ warehouse: Warehouse) throws
    func updateWarehouse(_ warehouse: Warehouse) throws
    func deleteWarehouse(id: String) throws
    func catalogCount(warehouseID: String) throws -> Int
}

extension CatalogDatabase: WarehouseStore {
    public func createWarehouse(_ draft: WarehouseDraft, tenantID: String, by actor: AuditActor) async throws -> Warehouse {
        try Names.validate(draft.name, as: .warehouse)
        return try await write { tx in
            if try tx.warehouse(tenantID: tenantID, name: draft.name) != nil {
                throw PangolinError.exists(.warehouse, "a warehouse named '\(draft.name)' already exists in this tenant")
            }
            let warehouse = Warehouse(
                id: Identifiers.make(), tenantID: tenantID, name: draft.name, storageConfig: draft.storageConfig,
                vendingStrategy: draft.vendingStrategy, createdAt: StoredValues.now().date)
            try tx.insertWarehouse(warehouse)
            try AuditChain.append(Self.auditEntry(.createWarehouse, warehouse), by: actor, in: tx)
            return warehouse
        }
    }

    public func warehouses(tenantID: String, limit: Int, offset: Int) async throws -> [Warehouse] {
        try await backend.read { tx in try tx.warehouses(tenantID: tenantID, limit: limit, offset: offset) }
    }

    public func warehouse(tenantID: String, name: String) async throws -> Warehouse? {
        try await backend.lookup { tx in try tx.warehouse(tenantID: tenantID, name: name) }
    }

    public func updateWarehouse(
        tenantID: String, name: String, storageConfig: [String: String]?, vendingStrategy: JSONValue?,
        by actor: AuditActor
    ) async throws -> Warehouse {
        try await write { tx in
            var warehouse = try Self.requireWarehouse(tenantID: tenantID, name: name, in: tx)
            if let storageConfig { warehouse.storageConfig = storageConfig }
            if let vendingStrategy { warehouse.vendingStrategy = vendingStrategy }
            try tx.updateWarehouse(warehouse)
            try AuditChain.append(Self.auditEntry(.updateWarehouse, warehouse), by: actor, in: tx)
            return warehouse
        }
    }

    public func deleteWarehouse(tenantID: String, name: String, by actor: AuditActor) async throws {
        try await write { tx in
            let warehouse = try Self.requireWarehouse(tenantID: tenantID, name: name, in: tx)
            let users = StoreMessages.listing([.init("catalogs", try tx.catalogCount(warehouseID: warehouse.id))])
            if !users.isEmpty {
                throw PangolinError.conflict("warehouse '\(name)' is used by \(users); delete or move them first")
            }
            try tx.deleteWarehouse(id: warehouse.id)
            try AuditChain.append(Self.auditEntry(.deleteWarehouse, warehouse), by: actor, in: tx)
        }
    }

    static func requireWarehouse(tenantID: String, name: String, in tx: Backend.Transaction, hint: String = "") throws -> Warehouse {
        guard let warehouse = try tx.warehouse(tenantID: tenantID, name: name) else {
            throw PangolinError.notFound(.warehouse, "no warehouse named '\(name)' in this tenant\(hint)")
        }
        return warehouse
    }

    private static func auditEntry(_ action: AuditAction, _ warehouse: Warehouse) -> AuditEntry {
        AuditEntry(action: action, resourceType: "warehouse", resourceID: warehouse.id, resourceName: warehouse.name, tenantID: warehouse.tenantID)
    }
}
