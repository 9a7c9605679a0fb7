import GRDB
import PangolinModel

extension SQLiteTransaction: TenantRepository, WarehouseRepository {
    public func tenant(id: String) throws -> Tenant? {
        try Row.fetchOne(db, cached: "SELECT * FROM tenants WHERE id = ?", arguments: [id]).map(Self.tenant)
    }

    public func tenant(named name: String) throws -> Tenant? {
        try Row.fetchOne(db, cached: "SELECT * FROM tenants WHERE name = ?", arguments: [name]).map(Self.tenant)
    }

    public func tenants(limit: Int, offset: Int) throws -> [Tenant] {
        try Row.fetchAll(db, cached: "SELECT * FROM tenants ORDER BY name LIMIT ? OFFSET ?", arguments: [limit, offset]).map(Self.tenant)
    }

    public func insertTenant(_ tenant: Tenant) throws {
        try db.execute(
            cached: "INSERT INTO tenants (id, name, properties, created_at) VALUES (?, ?, ?, ?)",
            arguments: [tenant.id, tenant.name, try StoredValues.json(tenant.properties), StoredValues.micros(tenant.createdAt)])
    }

    public func updateTenantProperties(id: String, _ properties: [String: String]) throws {
        try db.execute(cached: "UPDATE tenants SET properties = ? WHERE id = ?", arguments: [try StoredValues.json(properties), id])
    }

    public func deleteTenant(id: String) throws {
        try db.execute(cached: "DELETE FROM tenants WHERE id = ?", arguments: [id])
    }

    public func tenantContents(id: String) throws -> [StoreMessages.Count] {
        try [("warehouses", "warehouses"), ("catalogs", "catalogs"), ("users", "users")].map { label, table in
            .init(label, try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM \(table) WHERE tenant_id = ?", arguments: [id]) ?? 0)
        }
    }

    public func tenantSettings(tenantID: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT settings FROM tenant_settings WHERE tenant_id = ?"), arguments: [tenantID])
    }

    public func saveTenantSettings(tenantID: String, _ json: String, at micros: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO tenant_settings (tenant_id, settings, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
                """,
            arguments: [tenantID, json, micros])
    }

    public func warehouse(tenantID: String, name: String) throws -> Warehouse? {
        try Row.fetchOne(db, cached: "SELECT * FROM warehouses WHERE tenant_id = ? AND name = ?", arguments: [tenantID, name])
            .map(Self.warehouse)
    }

    public func warehouses(tenantID: String, limit: Int, offset: Int) throws -> [Warehouse] {
        try Row.fetchAll(
            db, cached: "SELECT * FROM warehouses WHERE tenant_id = ? ORDER BY name LIMIT ? OFFSET ?", arguments: [tenantID, limit, offset]
        ).map(Self.warehouse)
    }

    public func insertWarehouse(_ warehouse: Warehouse) throws {
        try db.execute(
            cached: "INSERT INTO warehouses (id, tenant_id, name, storage_config, vending_strategy, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                warehouse.id, warehouse.tenantID, warehouse.name, try StoredValues.json(warehouse.storageConfig),
                try warehouse.vendingStrategy.map(StoredValues.json), StoredValues.micros(warehouse.createdAt),
            ])
    }

    public func updateWarehouse(_ warehouse: Warehouse) throws {
        try db.execute(
            cached: "UPDATE warehouses SET storage_config = ?, vending_strategy = ? WHERE id = ?",
            arguments: [try StoredValues.json(warehouse.storageConfig), try warehouse.vendingStrategy.map(StoredValues.json), warehouse.id])
    }

    public func deleteWarehouse(id: String) throws {
        try db.execute(cached: "DELETE FROM warehouses WHERE id = ?", arguments: [id])
    }

    public func catalogCount(warehouseID: String) throws -> Int {
        try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM catalogs WHERE warehouse_id = ?", arguments: [warehouseID]) ?? 0
    }

    private static func tenant(_ row: Row) throws -> Tenant {
        Tenant(id: row["id"], name: row["name"], properties: try row.json("properties", as: [String: String].self), createdAt: row.date("created_at"))
    }

    private static func warehouse(_ row: Row) throws -> Warehouse {
        Warehouse(
            id: row["id"], tenantID: row["tenant_id"], name: row["name"],
            storageConfig: try row.json("storage_config", as: [String: String].self),
            vendingStrategy: try (row["vending_strategy"] as String?).map { try StoredValues.decode(JSONValue.self, $0) },
            createdAt: row.date("created_at"))
    }
}
