import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func createTenant(name: String, properties: [String: String], by actor: AuditActor) async throws -> Tenant {
        try Names.validate(name, as: .tenant)
        return try await write { db in
            if try Self.tenantRow(named: name, in: db) != nil {
                throw PangolinError.conflict("a tenant named '\(name)' already exists")
            }
            let now = StoredValues.now()
            let tenant = Tenant(id: Identifiers.make(), name: name, properties: properties, createdAt: now.date)
            try db.execute(
                cached: "INSERT INTO tenants (id, name, properties, created_at) VALUES (?, ?, ?, ?)",
                arguments: [tenant.id, name, try StoredValues.json(properties), now.micros])
            try AuditChain.append(
                AuditEntry(action: .createTenant, resourceType: "tenant", resourceID: tenant.id, resourceName: name, tenantID: tenant.id),
                by: actor, in: db)
            return tenant
        }
    }

    public func tenants(limit: Int, offset: Int) async throws -> [Tenant] {
        try await read { db in
            try Row.fetchAll(db, cached: "SELECT * FROM tenants ORDER BY name LIMIT ? OFFSET ?", arguments: [limit, offset])
                .map(Self.tenant)
        }
    }

    public func tenant(id: String) async throws -> Tenant? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM tenants WHERE id = ?", arguments: [id]).map(Self.tenant)
        }
    }

    public func tenant(named name: String) async throws -> Tenant? {
        try lookup { db in try Self.tenantRow(named: name, in: db).map(Self.tenant) }
    }

    public func updateTenant(id: String, properties: [String: String], by actor: AuditActor) async throws -> Tenant {
        try await write { db in
            guard var tenant = try Row.fetchOne(db, cached: "SELECT * FROM tenants WHERE id = ?", arguments: [id]).map(Self.tenant) else {
                throw PangolinError.notFound("no tenant with id '\(id)'")
            }
            tenant.properties = properties
            try db.execute(
                cached: "UPDATE tenants SET properties = ? WHERE id = ?", arguments: [try StoredValues.json(properties), id])
            try AuditChain.append(
                AuditEntry(action: .updateTenant, resourceType: "tenant", resourceID: id, resourceName: tenant.name, tenantID: id),
                by: actor, in: db)
            return tenant
        }
    }

    public func deleteTenant(id: String, by actor: AuditActor) async throws {
        try await write { db in
            guard let tenant = try Row.fetchOne(db, cached: "SELECT * FROM tenants WHERE id = ?", arguments: [id]).map(Self.tenant) else {
                throw PangolinError.notFound("no tenant with id '\(id)'")
            }
            let contents = try Self.counts(in: db, [
                ("warehouses", "SELECT COUNT(*) FROM warehouses WHERE tenant_id = ?"),
                ("catalogs", "SELECT COUNT(*) FROM catalogs WHERE tenant_id = ?"),
                ("users", "SELECT COUNT(*) FROM users WHERE tenant_id = ?"),
            ], argument: id)
            if !contents.isEmpty {
                throw PangolinError.conflict("tenant '\(tenant.name)' still has \(contents); delete them first")
            }
            try db.execute(cached: "DELETE FROM tenants WHERE id = ?", arguments: [id])
            try AuditChain.append(
                AuditEntry(action: .deleteTenant, resourceType: "tenant", resourceID: id, resourceName: tenant.name, tenantID: id),
                by: actor, in: db)
        }
    }

    /// "2 catalogs and 1 user" for the non-zero counts, or "" when everything is empty.
    static func counts(in db: Database, _ queries: [(String, String)], argument: String) throws -> String {
        let parts = try queries.compactMap { label, sql -> String? in
            let count = try Int.fetchOne(db, cached: sql, arguments: [argument]) ?? 0
            return count == 0 ? nil : "\(count) \(count == 1 ? String(label.dropLast()) : label)"
        }
        return parts.joined(separator: " and ")
    }

    static func tenantRow(named name: String, in db: Database) throws -> Row? {
        try Row.fetchOne(db, cached: "SELECT * FROM tenants WHERE name = ?", arguments: [name])
    }

    static func tenant(_ row: Row) throws -> Tenant {
        Tenant(
            id: row["id"], name: row["name"], properties: try row.json("properties", as: [String: String].self),
            createdAt: row.date("created_at"))
    }
}
