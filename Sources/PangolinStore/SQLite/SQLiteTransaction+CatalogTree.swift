import GRDB
import PangolinModel

extension SQLiteTransaction: CatalogTreeRepository {
    private static let catalogSelect = "SELECT c.*, w.name AS warehouse_name FROM catalogs c LEFT JOIN warehouses w ON w.id = c.warehouse_id"

    public func catalog(tenantID: String, name: String) throws -> Catalog? {
        try Row.fetchOne(db, cached: "\(Self.catalogSelect) WHERE c.tenant_id = ? AND c.name = ?", arguments: [tenantID, name])
            .map(Self.catalog)
    }

    public func catalogID(tenantID: String, reference: String) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM catalogs WHERE tenant_id = ? AND (id = ? OR name = ?) LIMIT 1"),
            arguments: [tenantID, reference, reference])
    }

    public func catalogName(id: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM catalogs WHERE id = ?"), arguments: [id])
    }

    public func catalogs(tenantID: String, names: Set<String>?, limit: Int, offset: Int) throws -> [Catalog] {
        guard let names else {
            return try Row.fetchAll(
                db, cached: "\(Self.catalogSelect) WHERE c.tenant_id = ? ORDER BY c.name LIMIT ? OFFSET ?", arguments: [tenantID, limit, offset]
            ).map(Self.catalog)
        }
        let sorted = names.sorted()
        return try Row.fetchAll(
            db, sql: "\(Self.catalogSelect) WHERE c.tenant_id = ? AND c.name IN (\(Self.marks(sorted.count))) ORDER BY c.name LIMIT ? OFFSET ?",
            arguments: StatementArguments([tenantID] + sorted) + [limit, offset]
        ).map(Self.catalog)
    }

    public func insertCatalog(_ catalog: Catalog, warehouseID: String?) throws {
        try db.execute(
            cached: "INSERT INTO catalogs (id, tenant_id, name, catalog_type, warehouse_id, properties, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                catalog.id, catalog.tenantID, catalog.name, catalog.catalogType.rawValue, warehouseID,
                try StoredValues.json(catalog.properties), StoredValues.micros(catalog.createdAt),
            ])
    }

    public func updateCatalogProperties(id: String, _ properties: [String: String]) throws {
        try db.execute(cached: "UPDATE catalogs SET properties = ? WHERE id = ?", arguments: [try StoredValues.json(properties), id])
    }

    public func deleteCatalog(id: String) throws {
        try db.execute(cached: "DELETE FROM catalogs WHERE id = ?", arguments: [id])
    }

    public func namespaceCount(catalogID: String) throws -> Int {
        try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM namespaces WHERE catalog_id = ?", arguments: [catalogID]) ?? 0
    }

    public func assetCount(catalogID: String, kind: AssetKind?) throws -> Int {
        if let kind {
            return try Int.fetchOne(
                db, cached: "SELECT COUNT(*) FROM assets WHERE catalog_id = ? AND kind = ?", arguments: [catalogID, kind.rawValue]) ?? 0
        }
        return try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM assets WHERE catalog_id = ?", arguments: [catalogID]) ?? 0
    }

    public func namespace(catalogID: String, path: NamespacePath) throws -> NamespaceRecord? {
        try Row.fetchOne(db, cached: "SELECT * FROM namespaces WHERE catalog_id = ? AND path = ?", arguments: [catalogID, path.dotted])
            .map(Self.namespaceRecord)
    }

    /// One writer at a time: `use` needs no lock here.
    public func namespace(tenantID: String, catalog: String, path: NamespacePath, use: RowUse) throws -> NamespaceRecord? {
        try Row.fetchOne(
            db,
            cached: "SELECT n.* FROM namespaces n JOIN catalogs c ON c.id = n.catalog_id WHERE c.tenant_id = ? AND c.name = ? AND n.path = ?",
            arguments: [tenantID, catalog, path.dotted]
        ).map(Self.namespaceRecord)
    }

    public func namespaces(catalogID: String, parent: NamespacePath?) throws -> [Namespace] {
        try Row.fetchAll(
            db, cached: "SELECT * FROM namespaces WHERE catalog_id = ? AND parent_path IS ? ORDER BY path", arguments: [catalogID, parent?.dotted]
        ).map { try Self.namespaceRecord($0).namespace }
    }

    public func insertNamespace(_ record: NamespaceRecord) throws {
        let path = record.namespace.path
        try db.execute(
            cached: "INSERT INTO namespaces (id, catalog_id, path, parent_path, properties, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                record.id, record.catalogID, path.dotted, path.parent?.dotted, try StoredValues.json(record.namespace.properties),
                StoredValues.now().micros,
            ])
    }

    public func updateNamespaceProperties(id: String, _ properties: [String: String]) throws {
        try db.execute(cached: "UPDATE namespaces SET properties = ? WHERE id = ?", arguments: [try StoredValues.json(properties), id])
    }

    public func deleteNamespace(id: String) throws {
        try db.execute(cached: "DELETE FROM namespaces WHERE id = ?", arguments: [id])
    }

    public func childNamespaceCount(catalogID: String, parent: NamespacePath) throws -> Int {
        try Int.fetchOne(
            db, cached: "SELECT COUNT(*) FROM namespaces WHERE catalog_id = ? AND parent_path = ?", arguments: [catalogID, parent.dotted]) ?? 0
    }

    public func namespacesWithAssetCounts(catalogID: String) throws -> [NamespaceAssetCount] {
        try Row.fetchAll(
            db,
            cached: """
                SELECT n.*, (SELECT COUNT(*) FROM assets a WHERE a.namespace_id = n.id) AS asset_count
                FROM namespaces n WHERE n.catalog_id = ? ORDER BY n.path
                """,
            arguments: [catalogID]
        ).map { NamespaceAssetCount(namespace: try Self.namespaceRecord($0).namespace, assetCount: $0["asset_count"]) }
    }

    public func namespaces(tenantID: String, containing text: String, catalogs: Set<String>?) throws -> [CatalogNamespace] {
        var sql = """
            SELECT n.*, c.name AS catalog_name FROM namespaces n JOIN catalogs c ON c.id = n.catalog_id
            WHERE c.tenant_id = ? AND instr(lower(n.path), lower(?)) > 0
            """
        var arguments: StatementArguments = [tenantID, text]
        if let catalogs {
            sql += " AND c.name IN (\(catalogs.map { _ in "?" }.joined(separator: ",")))"
            arguments += StatementArguments(catalogs.sorted())
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY c.name, n.path", arguments: arguments).map {
            CatalogNamespace(catalog: $0["catalog_name"], namespace: try Self.namespaceRecord($0).namespace)
        }
    }

    public func assetCount(namespaceID: String) throws -> Int {
        try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM assets WHERE namespace_id = ?", arguments: [namespaceID]) ?? 0
    }

    private static func catalog(_ row: Row) throws -> Catalog {
        Catalog(
            id: row["id"], tenantID: row["tenant_id"], name: row["name"],
            catalogType: CatalogType(rawValue: row["catalog_type"]) ?? .local, warehouseName: row["warehouse_name"],
            properties: try row.json("properties", as: [String: String].self), createdAt: row.date("created_at"))
    }

    private static func namespaceRecord(_ row: Row) throws -> NamespaceRecord {
        NamespaceRecord(
            id: row["id"], catalogID: row["catalog_id"],
            namespace: Namespace(path: NamespacePath(trusted: row["path"]), properties: try row.json("properties", as: [String: String].self)))
    }
}
