import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func createCatalog(_ draft: CatalogDraft, tenantID: String, by actor: AuditActor) async throws -> Catalog {
        try Names.validate(draft.name, as: .catalog)
        return try await write { db in
            if try Self.catalogRow(tenantID: tenantID, name: draft.name, in: db) != nil {
                throw PangolinError.conflict("a catalog named '\(draft.name)' already exists in this tenant")
            }
            var warehouseID: String?
            if let warehouseName = draft.warehouseName {
                guard let row = try Self.warehouseRow(tenantID: tenantID, name: warehouseName, in: db) else {
                    throw PangolinError.notFound("no warehouse named '\(warehouseName)' in this tenant; create it first")
                }
                warehouseID = row["id"]
            }
            let now = StoredValues.now()
            let catalog = Catalog(
                id: Identifiers.make(), tenantID: tenantID, name: draft.name, catalogType: draft.catalogType,
                warehouseName: draft.warehouseName, properties: draft.properties, createdAt: now.date)
            try db.execute(
                cached: """
                    INSERT INTO catalogs (id, tenant_id, name, catalog_type, warehouse_id, properties, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    catalog.id, tenantID, draft.name, draft.catalogType.rawValue, warehouseID,
                    try StoredValues.json(draft.properties), now.micros,
                ])
            try AuditChain.append(
                AuditEntry(action: .createCatalog, resourceType: "catalog", resourceID: catalog.id, resourceName: draft.name, tenantID: tenantID),
                by: actor, in: db)
            return catalog
        }
    }

    public func catalogs(tenantID: String, limit: Int, offset: Int) async throws -> [Catalog] {
        try await read { db in
            try Row.fetchAll(
                db, cached: "\(Self.catalogSelect) WHERE c.tenant_id = ? ORDER BY c.name LIMIT ? OFFSET ?",
                arguments: [tenantID, limit, offset]
            ).map(Self.catalog)
        }
    }

    public func catalog(tenantID: String, name: String) async throws -> Catalog? {
        try lookup { db in try Self.catalogRow(tenantID: tenantID, name: name, in: db).map(Self.catalog) }
    }

    public func updateCatalog(tenantID: String, name: String, properties: [String: String], by actor: AuditActor) async throws -> Catalog {
        try await write { db in
            var catalog = try Self.requireCatalog(tenantID: tenantID, name: name, in: db)
            catalog.properties = properties
            try db.execute(
                cached: "UPDATE catalogs SET properties = ? WHERE id = ?",
                arguments: [try StoredValues.json(properties), catalog.id])
            try AuditChain.append(
                AuditEntry(action: .updateCatalog, resourceType: "catalog", resourceID: catalog.id, resourceName: name, tenantID: tenantID),
                by: actor, in: db)
            return catalog
        }
    }

    public func deleteCatalog(tenantID: String, name: String, by actor: AuditActor) async throws {
        try await write { db in
            let catalog = try Self.requireCatalog(tenantID: tenantID, name: name, in: db)
            let contents = try Self.counts(
                in: db, [("namespaces", "SELECT COUNT(*) FROM namespaces WHERE catalog_id = ?")], argument: catalog.id)
            if !contents.isEmpty {
                throw PangolinError.conflict("catalog '\(name)' still has \(contents); delete them first")
            }
            try db.execute(cached: "DELETE FROM catalogs WHERE id = ?", arguments: [catalog.id])
            try db.execute(cached: "DELETE FROM permissions WHERE catalog_id = ?", arguments: [catalog.id])
            try AuditChain.append(
                AuditEntry(action: .deleteCatalog, resourceType: "catalog", resourceID: catalog.id, resourceName: name, tenantID: tenantID),
                by: actor, in: db)
        }
    }

    public func catalogSummary(tenantID: String, name: String) async throws -> CatalogSummary {
        try await read { db in
            let catalog = try Self.requireCatalog(tenantID: tenantID, name: name, in: db)
            let namespaces = try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM namespaces WHERE catalog_id = ?", arguments: [catalog.id]) ?? 0
            let assets = try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM assets WHERE catalog_id = ?", arguments: [catalog.id]) ?? 0
            let tables = try Int.fetchOne(
                db, cached: "SELECT COUNT(*) FROM assets WHERE catalog_id = ? AND kind = ?",
                arguments: [catalog.id, AssetKind.icebergTable.rawValue]) ?? 0
            var location: String?
            if let warehouseName = catalog.warehouseName,
                let warehouse = try Self.warehouseRow(tenantID: tenantID, name: warehouseName, in: db).map(Self.warehouse)
            {
                location = warehouse.storageConfig["s3.bucket"].map { "s3://\($0)" } ?? warehouse.storageConfig["location"]
            }
            return CatalogSummary(
                name: name, namespaceCount: namespaces, assetCount: assets, tableCount: tables, storageLocation: location)
        }
    }

    static let catalogSelect = """
        SELECT c.*, w.name AS warehouse_name FROM catalogs c LEFT JOIN warehouses w ON w.id = c.warehouse_id
        """

    static func catalogRow(tenantID: String, name: String, in db: Database) throws -> Row? {
        try Row.fetchOne(db, cached: "\(catalogSelect) WHERE c.tenant_id = ? AND c.name = ?", arguments: [tenantID, name])
    }

    static func requireCatalog(tenantID: String, name: String, in db: Database) throws -> Catalog {
        guard let row = try catalogRow(tenantID: tenantID, name: name, in: db) else {
            throw PangolinError.notFound("no catalog named '\(name)' in this tenant")
        }
        return try catalog(row)
    }

    static func catalog(_ row: Row) throws -> Catalog {
        Catalog(
            id: row["id"], tenantID: row["tenant_id"], name: row["name"],
            catalogType: CatalogType(rawValue: row["catalog_type"]) ?? .local, warehouseName: row["warehouse_name"],
            properties: try row.json("properties", as: [String: String].self), createdAt: row.date("created_at"))
    }
}
