import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    private static let catalogSelect = "SELECT c.*, w.name AS warehouse_name FROM catalogs c LEFT JOIN warehouses w ON w.id = c.warehouse_id"

    public func catalog(tenantID: String, name: String) throws -> Catalog? {
        try row("\(unescaped: Self.catalogSelect) WHERE c.tenant_id = \(tenantID) AND c.name = \(name)\(unescaped: locking ? " FOR UPDATE OF c" : "")")
            .map(Self.catalog)
    }

    public func catalogID(tenantID: String, reference: String) throws -> String? {
        try row("SELECT id FROM catalogs WHERE tenant_id = \(tenantID) AND (id = \(reference) OR name = \(reference)) LIMIT 1")
            .map { try $0("id") }
    }

    public func catalogName(id: String) throws -> String? {
        try row("SELECT name FROM catalogs WHERE id = \(id)").map { try $0("name") }
    }

    public func catalogs(tenantID: String, names: Set<String>?, limit: Int, offset: Int) throws -> [Catalog] {
        if let names {
            return try rows("""
                \(unescaped: Self.catalogSelect) WHERE c.tenant_id = \(tenantID) AND c.name = ANY(\(names.sorted()))
                ORDER BY c.name LIMIT \(limit) OFFSET \(offset)
                """).map(Self.catalog)
        }
        return try rows("\(unescaped: Self.catalogSelect) WHERE c.tenant_id = \(tenantID) ORDER BY c.name LIMIT \(limit) OFFSET \(offset)")
            .map(Self.catalog)
    }

    public func insertCatalog(_ catalog: Catalog, warehouseID: String?) throws {
        try execute("""
            INSERT INTO catalogs (id, tenant_id, name, catalog_type, warehouse_id, properties, created_at)
            VALUES (\(catalog.id), \(catalog.tenantID), \(catalog.name), \(catalog.catalogType.rawValue), \(warehouseID),
                    \(try StoredValues.json(catalog.properties)), \(StoredValues.micros(catalog.createdAt)))
            """)
    }

    public func updateCatalogProperties(id: String, _ properties: [String: String]) throws {
        try execute("UPDATE catalogs SET properties = \(try StoredValues.json(properties)) WHERE id = \(id)")
    }

    public func deleteCatalog(id: String) throws {
        try execute("DELETE FROM catalogs WHERE id = \(id)")
    }

    public func namespaceCount(catalogID: String) throws -> Int {
        try count("SELECT COUNT(*) AS count FROM namespaces WHERE catalog_id = \(catalogID)")
    }

    public func assetCount(catalogID: String, kind: AssetKind?) throws -> Int {
        if let kind {
            return try count("SELECT COUNT(*) AS count FROM assets WHERE catalog_id = \(catalogID) AND kind = \(kind.rawValue)")
        }
        return try count("SELECT COUNT(*) AS count FROM assets WHERE catalog_id = \(catalogID)")
    }

    public func namespace(catalogID: String, path: NamespacePath) throws -> NamespaceRecord? {
        try row("SELECT * FROM namespaces WHERE catalog_id = \(catalogID) AND path = \(path.dotted)\(unescaped: lock)").map(Self.namespaceRecord)
    }

    public func namespace(tenantID: String, catalog: String, path: NamespacePath, use: RowUse) throws -> NamespaceRecord? {
        try row("""
            SELECT n.* FROM namespaces n JOIN catalogs c ON c.id = n.catalog_id
            WHERE c.tenant_id = \(tenantID) AND c.name = \(catalog) AND n.path = \(path.dotted)\(unescaped: lock(use, of: "n"))
            """).map(Self.namespaceRecord)
    }

    public func namespaces(catalogID: String, parent: NamespacePath?) throws -> [Namespace] {
        let rows = if let parent {
            try rows("SELECT * FROM namespaces WHERE catalog_id = \(catalogID) AND parent_path = \(parent.dotted) ORDER BY path")
        } else {
            try rows("SELECT * FROM namespaces WHERE catalog_id = \(catalogID) AND parent_path IS NULL ORDER BY path")
        }
        return try rows.map { try Self.namespaceRecord($0).namespace }
    }

    public func insertNamespace(_ record: NamespaceRecord) throws {
        let path = record.namespace.path
        try execute("""
            INSERT INTO namespaces (id, catalog_id, path, parent_path, properties, created_at)
            VALUES (\(record.id), \(record.catalogID), \(path.dotted), \(path.parent?.dotted),
                    \(try StoredValues.json(record.namespace.properties)), \(StoredValues.now().micros))
            """)
    }

    public func updateNamespaceProperties(id: String, _ properties: [String: String]) throws {
        try execute("UPDATE namespaces SET properties = \(try StoredValues.json(properties)) WHERE id = \(id)")
    }

    public func deleteNamespace(id: String) throws {
        try execute("DELETE FROM namespaces WHERE id = \(id)")
    }

    public func childNamespaceCount(catalogID: String, parent: NamespacePath) throws -> Int {
        try count("SELECT COUNT(*) AS count FROM namespaces WHERE catalog_id = \(catalogID) AND parent_path = \(parent.dotted)")
    }

    public func namespacesWithAssetCounts(catalogID: String) throws -> [NamespaceAssetCount] {
        try rows("""
            SELECT n.*, (SELECT COUNT(*) FROM assets a WHERE a.namespace_id = n.id) AS asset_count
            FROM namespaces n WHERE n.catalog_id = \(catalogID) ORDER BY n.path
            """).map { NamespaceAssetCount(namespace: try Self.namespaceRecord($0).namespace, assetCount: try $0("asset_count", as: Int.self)) }
    }

    public func namespaces(tenantID: String, containing text: String, catalogs: Set<String>?) throws -> [CatalogNamespace] {
        var sql = SQLBuilder("SELECT n.*, c.name AS catalog_name FROM namespaces n JOIN catalogs c ON c.id = n.catalog_id WHERE c.tenant_id = ")
        try sql.bind(tenantID)
        try sql.append(" AND strpos(lower(n.path), lower(", text)
        try sql.append("::text)) > 0")
        if let catalogs { try sql.append(" AND c.name = ANY(", catalogs.sorted()); try sql.append(")") }
        try sql.append(" ORDER BY c.name, n.path")
        return try rows(sql.query).map {
            CatalogNamespace(catalog: try $0("catalog_name"), namespace: try Self.namespaceRecord($0).namespace)
        }
    }

    public func assetCount(namespaceID: String) throws -> Int {
        try count("SELECT COUNT(*) AS count FROM assets WHERE namespace_id = \(namespaceID)")
    }

    private static func catalog(_ row: PostgresRow) throws -> Catalog {
        Catalog(
            id: try row("id"), tenantID: try row("tenant_id"), name: try row("name"),
            catalogType: CatalogType(rawValue: try row("catalog_type")) ?? .local, warehouseName: try row("warehouse_name"),
            properties: try row.json("properties", as: [String: String].self), createdAt: try row.date("created_at"))
    }

    private static func namespaceRecord(_ row: PostgresRow) throws -> NamespaceRecord {
        NamespaceRecord(
            id: try row("id"), catalogID: try row("catalog_id"),
            namespace: Namespace(path: NamespacePath(trusted: try row("path")), properties: try row.json("properties", as: [String: String].self)))
    }
}
