import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func createWarehouse(_ draft: WarehouseDraft, tenantID: String, by actor: AuditActor) async throws -> Warehouse {
        try Names.validate(draft.name, as: .warehouse)
        return try await write { db in
            if try Self.warehouseRow(tenantID: tenantID, name: draft.name, in: db) != nil {
                throw PangolinError.conflict("a warehouse named '\(draft.name)' already exists in this tenant")
            }
            let now = StoredValues.now()
            let warehouse = Warehouse(
                id: Identifiers.make(), tenantID: tenantID, name: draft.name, storageConfig: draft.storageConfig,
                vendingStrategy: draft.vendingStrategy, createdAt: now.date)
            try db.execute(
                cached: """
                    INSERT INTO warehouses (id, tenant_id, name, storage_config, vending_strategy, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    warehouse.id, tenantID, draft.name, try StoredValues.json(draft.storageConfig),
                    try draft.vendingStrategy.map(StoredValues.json), now.micros,
                ])
            try AuditChain.append(
                AuditEntry(action: .createWarehouse, resourceType: "warehouse", resourceID: warehouse.id, resourceName: draft.name, tenantID: tenantID),
                by: actor, in: db)
            return warehouse
        }
    }

    public func warehouses(tenantID: String, limit: Int, offset: Int) async throws -> [Warehouse] {
        try await read { db in
            try Row.fetchAll(
                db, cached: "SELECT * FROM warehouses WHERE tenant_id = ? ORDER BY name LIMIT ? OFFSET ?",
                arguments: [tenantID, limit, offset]
            ).map(Self.warehouse)
        }
    }

    public func warehouse(tenantID: String, name: String) async throws -> Warehouse? {
        try lookup { db in try Self.warehouseRow(tenantID: tenantID, name: name, in: db).map(Self.warehouse) }
    }

    public func updateWarehouse(
        tenantID: String, name: String, storageConfig: [String: String]?, vendingStrategy: JSONValue?,
        by actor: AuditActor
    ) async throws -> Warehouse {
        try await write { db in
            guard var warehouse = try Self.warehouseRow(tenantID: tenantID, name: name, in: db).map(Self.warehouse) else {
                throw PangolinError.notFound("no warehouse named '\(name)' in this tenant")
            }
            if let storageConfig { warehouse.storageConfig = storageConfig }
            if let vendingStrategy { warehouse.vendingStrategy = vendingStrategy }
            try db.execute(
                cached: "UPDATE warehouses SET storage_config = ?, vending_strategy = ? WHERE id = ?",
                arguments: [
                    try StoredValues.json(warehouse.storageConfig), try warehouse.vendingStrategy.map(StoredValues.json),
                    warehouse.id,
                ])
            try AuditChain.append(
                AuditEntry(action: .updateWarehouse, resourceType: "warehouse", resourceID: warehouse.id, resourceName: name, tenantID: tenantID),
                by: actor, in: db)
            return warehouse
        }
    }

    public func deleteWarehouse(tenantID: String, name: String, by actor: AuditActor) async throws {
        try await write { db in
            guard let warehouse = try Self.warehouseRow(tenantID: tenantID, name: name, in: db).map(Self.warehouse) else {
                throw PangolinError.notFound("no warehouse named '\(name)' in this tenant")
            }
            let users = try Self.counts(
                in: db, [("catalogs", "SELECT COUNT(*) FROM catalogs WHERE warehouse_id = ?")], argument: warehouse.id)
            if !users.isEmpty {
                throw PangolinError.conflict("warehouse '\(name)' is used by \(users); delete or move them first")
            }
            try db.execute(cached: "DELETE FROM warehouses WHERE id = ?", arguments: [warehouse.id])
            try AuditChain.append(
                AuditEntry(action: .deleteWarehouse, resourceType: "warehouse", resourceID: warehouse.id, resourceName: name, tenantID: tenantID),
                by: actor, in: db)
        }
    }

    static func warehouseRow(tenantID: String, name: String, in db: Database) throws -> Row? {
        try Row.fetchOne(db, cached: "SELECT * FROM warehouses WHERE tenant_id = ? AND name = ?", arguments: [tenantID, name])
    }

    static func warehouse(_ row: Row) throws -> Warehouse {
        Warehouse(
            id: row["id"], tenantID: row["tenant_id"], name: row["name"],
            storageConfig: try row.json("storage_config", as: [String: String].self),
            vendingStrategy: try (row["vending_strategy"] as String?).map { try StoredValues.decode(JSONValue.self, $0) },
            createdAt: row.date("created_at"))
    }
}
