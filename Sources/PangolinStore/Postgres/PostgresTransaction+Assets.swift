import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    public func asset(id: String) throws -> Asset? {
        guard locking else { return try rows(AssetByID(id: id)).first }
        return try row("SELECT * FROM assets WHERE id = \(id)\(unescaped: lock)").map(Self.asset)
    }

    public func asset(at address: AssetAddress) throws -> Asset? {
        guard locking else { return try rows(AssetAtAddress(address: address)).first }
        return try row("""
            SELECT * FROM assets WHERE tenant_id = \(address.tenantID) AND catalog_name = \(address.catalog)
            AND namespace_path = \(address.namespace.dotted) AND name = \(address.name)\(unescaped: lock)
            """).map(Self.asset)
    }

    public func assets(ids: [String]) throws -> [Asset] {
        try rows("SELECT * FROM assets WHERE id = ANY(\(ids))").map(Self.asset)
    }

    public func assets(matching reading: AssetReference.Reading, tenantID: String, limit: Int) throws -> [Asset] {
        var sql = SQLBuilder()
        try sql.append("SELECT * FROM assets WHERE tenant_id = ", tenantID)
        try sql.append(" AND name = ", reading.name)
        if let catalog = reading.catalog { try sql.append(" AND catalog_name = ", catalog) }
        if let namespace = reading.namespace { try sql.append(" AND namespace_path = ", namespace.dotted) }
        try sql.append(" LIMIT ", limit)
        return try rows(sql.query).map(Self.asset)
    }

    public func assetPage(namespaceID: String, tenantID: String, visibility: AssetVisibility, limit: Int, offset: Int) throws -> Page<Asset> {
        func filtered(_ select: String) throws -> SQLBuilder {
            var sql = SQLBuilder(select)
            try sql.append(" WHERE a.namespace_id = ", namespaceID)
            if let readable = try readableCondition(visibility, tenantID: tenantID, into: &sql) {
                try sql.append(" AND \(readable)")
            } else if visibility.isEmpty {
                try sql.append(" AND FALSE")
            }
            return sql
        }
        let total = try count(try filtered("SELECT COUNT(*) AS count FROM assets a").query)
        var page = try filtered("SELECT a.* FROM assets a")
        try page.append(" ORDER BY a.name LIMIT ", limit)
        try page.append(" OFFSET ", offset)
        return Page(items: try rows(page.query).map(Self.asset), total: total, limit: limit, offset: offset)
    }

    /// Inserts the asset with its search vector (of the asset alone: a new asset has no metadata),
    /// so that indexing it afterwards finds the vector in place and writes no second row version.
    public func insertAsset(_ asset: Asset, catalogID: String, namespaceID: String) throws {
        var sql = SQLBuilder()
        let vector = try Self.searchVector(SearchDocument(asset, metadata: nil), into: &sql)
        let values: [any PostgresEncodable & Sendable] = [
            asset.id, asset.tenantID, catalogID, namespaceID, asset.catalog, asset.namespace.dotted, asset.name,
            asset.kind.rawValue, asset.location, try StoredValues.json(asset.properties), asset.version,
            StoredValues.micros(asset.createdAt), StoredValues.micros(asset.updatedAt),
        ]
        let placeholders = try values.map { try sql.placeholder(for: $0) }.joined(separator: ", ")
        try sql.append("""
            INSERT INTO assets (id, tenant_id, catalog_id, namespace_id, catalog_name, namespace_path, name, kind, location, properties,
                                version, created_at, updated_at, search)
            VALUES (\(placeholders), \(vector))
            """)
        try execute(sql.query)
    }

    public func updateAsset(_ asset: Asset) throws {
        try execute("""
            UPDATE assets SET location = \(asset.location), properties = \(try StoredValues.json(asset.properties)), version = \(asset.version),
                updated_at = \(StoredValues.micros(asset.updatedAt)) WHERE id = \(asset.id)
            """)
    }

    public func moveAsset(_ asset: Asset, namespaceID: String) throws {
        try execute("""
            UPDATE assets SET name = \(asset.name), namespace_id = \(namespaceID), namespace_path = \(asset.namespace.dotted),
                updated_at = \(StoredValues.micros(asset.updatedAt)) WHERE id = \(asset.id)
            """)
    }

    public func deleteAsset(id: String) throws {
        try execute("DELETE FROM assets WHERE id = \(id)")
    }

    public func insertDeletedAsset(_ deleted: DeletedAsset) throws {
        let address = deleted.address
        try execute("""
            INSERT INTO deleted_assets (asset_id, tenant_id, catalog_name, namespace_path, name, kind, deleted_at, deleted_by)
            VALUES (\(deleted.id), \(address.tenantID), \(address.catalog), \(address.namespace.dotted), \(address.name),
                    \(deleted.kind.rawValue), \(StoredValues.micros(deleted.deletedAt)), \(deleted.deletedBy))
            """)
    }

    public func deletedAsset(id: String) throws -> DeletedAsset? {
        try row("SELECT * FROM deleted_assets WHERE asset_id = \(id)").map { row in
            DeletedAsset(
                id: try row("asset_id"),
                address: AssetAddress(tenantID: try row("tenant_id"), catalog: try row("catalog_name"),
                                      namespace: NamespacePath(trusted: try row("namespace_path")), name: try row("name")),
                kind: try AssetKind(parsing: try row("kind")), deletedAt: try row.date("deleted_at"), deletedBy: try row("deleted_by"))
        }
    }

    /// The condition on `a` (an `assets` row) for what `visibility` lets the caller read, with its
    /// values bound into `sql`; nil when it admits everything or nothing.
    func readableCondition(_ visibility: AssetVisibility, tenantID: String, into sql: inout SQLBuilder) throws -> String? {
        guard !visibility.everything, !visibility.isEmpty else { return nil }
        var parts: [String] = []
        func bound(_ value: any PostgresEncodable & Sendable) throws -> String { try sql.placeholder(for: value) }
        for scope in visibility.namespaces.sorted(by: { ($0.catalog, $0.path) < ($1.catalog, $1.path) }) {
            parts.append("""
                a.namespace_id IN (SELECT n.id FROM namespaces n JOIN catalogs c ON c.id = n.catalog_id
                WHERE c.tenant_id = \(try bound(tenantID)) AND c.name = \(try bound(scope.catalog))
                AND (n.path = \(try bound(scope.path.dotted)) OR starts_with(n.path, \(try bound(scope.path.dotted + ".")))))
                """)
        }
        if !visibility.catalogs.isEmpty { parts.append("a.catalog_name = ANY(\(try bound(visibility.catalogs.sorted())))") }
        if !visibility.assetIDs.isEmpty { parts.append("a.id = ANY(\(try bound(visibility.assetIDs.sorted())))") }
        if !visibility.labels.isEmpty {
            parts.append("a.id IN (SELECT asset_id FROM asset_tags WHERE tag = ANY(\(try bound(visibility.labels.sorted()))))")
        }
        return "(" + parts.joined(separator: " OR ") + ")"
    }

    static func asset(_ row: PostgresRow) throws -> Asset {
        Asset(
            id: try row("id"), tenantID: try row("tenant_id"), catalog: try row("catalog_name"),
            namespace: NamespacePath(trusted: try row("namespace_path")), name: try row("name"),
            kind: try AssetKind(parsing: try row("kind")), location: try row("location"),
            properties: try row.json("properties", as: [String: String].self), version: try row("version"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
