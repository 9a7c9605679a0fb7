import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    public func tenant(id: String) throws -> Tenant? {
        try row("SELECT * FROM tenants WHERE id = \(id)\(unescaped: lock)").map(Self.tenant)
    }

    public func tenant(named name: String) throws -> Tenant? {
        try row("SELECT * FROM tenants WHERE name = \(name)").map(Self.tenant)
    }

    public func tenants(limit: Int, offset: Int) throws -> [Tenant] {
        try rows("SELECT * FROM tenants ORDER BY name LIMIT \(limit) OFFSET \(offset)").map(Self.tenant)
    }

    public func insertTenant(_ tenant: Tenant) throws {
        try execute("""
            INSERT INTO tenants (id, name, properties, created_at)
            VALUES (\(tenant.id), \(tenant.name), \(try StoredValues.json(tenant.properties)), \(StoredValues.micros(tenant.createdAt)))
            """)
    }

    public func updateTenantProperties(id: String, _ properties: [String: String]) throws {
        try execute("UPDATE tenants SET properties = \(try StoredValues.json(properties)) WHERE id = \(id)")
    }

    public func deleteTenant(id: String) throws {
        try execute("DELETE FROM tenants WHERE id = \(id)")
    }

    public func tenantContents(id: String) throws -> [StoreMessages.Count] {
        [
            .init("warehouses", try count("SELECT COUNT(*) AS count FROM warehouses WHERE tenant_id = \(id)")),
            .init("catalogs", try count("SELECT COUNT(*) AS count FROM catalogs WHERE tenant_id = \(id)")),
            .init("users", try count("SELECT COUNT(*) AS count FROM users WHERE tenant_id = \(id)")),
        ]
    }

    public func tenantSettings(tenantID: String) throws -> String? {
        try row("SELECT settings FROM tenant_settings WHERE tenant_id = \(tenantID)").map { try $0("settings") }
    }

    public func saveTenantSettings(tenantID: String, _ json: String, at micros: Int64) throws {
        try execute("""
            INSERT INTO tenant_settings (tenant_id, settings, updated_at) VALUES (\(tenantID), \(json), \(micros))
            ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
            """)
    }

    public func warehouse(tenantID: String, name: String) throws -> Warehouse? {
        try row("SELECT * FROM warehouses WHERE tenant_id = \(tenantID) AND name = \(name)\(unescaped: lock)").map(Self.warehouse)
    }

    public func warehouses(tenantID: String, limit: Int, offset: Int) throws -> [Warehouse] {
        try rows("SELECT * FROM warehouses WHERE tenant_id = \(tenantID) ORDER BY name LIMIT \(limit) OFFSET \(offset)").map(Self.warehouse)
    }

    public func insertWarehouse(_ warehouse: Warehouse) throws {
        try execute("""
            INSERT INTO warehouses (id, tenant_id, name, storage_config, vending_strategy, created_at)
            VALUES (\(warehouse.id), \(warehouse.tenantID), \(warehouse.name), \(try StoredValues.json(warehouse.storageConfig)),
                    \(try warehouse.vendingStrategy.map(StoredValues.json)), \(StoredValues.micros(warehouse.createdAt)))
            """)
    }

    public func updateWarehouse(_ warehouse: Warehouse) throws {
        try execute("""
            UPDATE warehouses SET storage_config = \(try StoredValues.json(warehouse.storageConfig)),
                vending_strategy = \(try warehouse.vendingStrategy.map(StoredValues.json)) WHERE id = \(warehouse.id)
            """)
    }

    public func deleteWarehouse(id: String) throws {
        try execute("DELETE FROM warehouses WHERE id = \(id)")
    }

    public func catalogCount(warehouseID: String) throws -> Int {
        try count("SELECT COUNT(*) AS count FROM catalogs WHERE warehouse_id = \(warehouseID)")
    }

    private static func tenant(_ row: PostgresRow) throws -> Tenant {
        Tenant(id: try row("id"), name: try row("name"), properties: try row.json("properties", as: [String: String].self),
               createdAt: try row.date("created_at"))
    }

    private static func warehouse(_ row: PostgresRow) throws -> Warehouse {
        Warehouse(
            id: try row("id"), tenantID: try row("tenant_id"), name: try row("name"),
            storageConfig: try row.json("storage_config", as: [String: String].self),
            vendingStrategy: try row("vending_strategy", as: String?.self).map { try StoredValues.decode(JSONValue.self, $0) },
            createdAt: try row.date("created_at"))
    }
}
