import GRDB
import PangolinModel

extension SQLiteTransaction: AssetRepository {
    public func asset(id: String) throws -> Asset? {
        try Row.fetchOne(db, cached: "SELECT * FROM assets WHERE id = ?", arguments: [id]).map(Self.asset)
    }

    public func asset(at address: AssetAddress) throws -> Asset? {
        try Row.fetchOne(
            db, cached: "SELECT * FROM assets WHERE tenant_id = ? AND catalog_name = ? AND namespace_path = ? AND name = ?",
            arguments: [address.tenantID, address.catalog, address.namespace.dotted, address.name]
        ).map(Self.asset)
    }

    public func assets(ids: [String]) throws -> [Asset] {
        var found: [Asset] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            found += try Row.fetchAll(db, sql: "SELECT * FROM assets WHERE id IN (\(Self.marks(chunk.count)))", arguments: StatementArguments(chunk))
                .map(Self.asset)
        }
        return found
    }

    public func assets(matching reading: AssetReference.Reading, tenantID: String, limit: Int) throws -> [Asset] {
        var sql = "SELECT * FROM assets WHERE tenant_id = ? AND name = ?"
        var arguments: StatementArguments = [tenantID, reading.name]
        if let catalog = reading.catalog {
            sql += " AND catalog_name = ?"
            arguments += [catalog]
        }
        if let namespace = reading.namespace {
            sql += " AND namespace_path = ?"
            arguments += [namespace.dotted]
        }
        return try Row.fetchAll(db, cached: sql + " LIMIT ?", arguments: arguments + [limit]).map(Self.asset)
    }

    public func assetPage(namespaceID: String, tenantID: String, visibility: AssetVisibility, limit: Int, offset: Int) throws -> Page<Asset> {
        let filter = try readableCondition(visibility, tenantID: tenantID)
        let condition = filter.map { " AND \($0.sql)" } ?? (visibility.isEmpty ? " AND 0" : "")
        let filterArguments = filter?.arguments ?? []
        let total = try Int.fetchOne(
            db, cached: "SELECT COUNT(*) FROM assets a WHERE a.namespace_id = ?\(condition)", arguments: [namespaceID] + filterArguments) ?? 0
        let items = try Row.fetchAll(
            db, cached: "SELECT a.* FROM assets a WHERE a.namespace_id = ?\(condition) ORDER BY a.name LIMIT ? OFFSET ?",
            arguments: [namespaceID] + filterArguments + [limit, offset]
        ).map(Self.asset)
        return Page(items: items, total: total, limit: limit, offset: offset)
    }

    public func insertAsset(_ asset: Asset, catalogID: String, namespaceID: String) throws {
        try db.execute(
            cached: """
                INSERT INTO assets (id, tenant_id, catalog_id, namespace_id, catalog_name, namespace_path, name,
                                    kind, location, properties, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                asset.id, asset.tenantID, catalogID, namespaceID, asset.catalog, asset.namespace.dotted, asset.name,
                asset.kind.rawValue, asset.location, try StoredValues.json(asset.properties), asset.version,
                StoredValues.micros(asset.createdAt), StoredValues.micros(asset.updatedAt),
            ])
    }

    public func updateAsset(_ asset: Asset) throws {
        try db.execute(
            cached: "UPDATE assets SET location = ?, properties = ?, version = ?, updated_at = ? WHERE id = ?",
            arguments: [asset.location, try StoredValues.json(asset.properties), asset.version, StoredValues.micros(asset.updatedAt), asset.id])
    }

    public func moveAsset(_ asset: Asset, namespaceID: String) throws {
        try db.execute(
            cached: "UPDATE assets SET name = ?, namespace_id = ?, namespace_path = ?, updated_at = ? WHERE id = ?",
            arguments: [asset.name, namespaceID, asset.namespace.dotted, StoredValues.micros(asset.updatedAt), asset.id])
    }

    public func deleteAsset(id: String) throws {
        guard let seq = try seq(ofAsset: id) else { return }
        try db.execute(cached: "DELETE FROM asset_search WHERE rowid = ?", arguments: [seq])
        try db.execute(cached: "DELETE FROM assets WHERE seq = ?", arguments: [seq])
    }

    public func insertDeletedAsset(_ deleted: DeletedAsset) throws {
        let address = deleted.address
        try db.execute(
            cached: """
                INSERT INTO deleted_assets (asset_id, tenant_id, catalog_name, namespace_path, name, kind, deleted_at, deleted_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [deleted.id, address.tenantID, address.catalog, address.namespace.dotted, address.name, deleted.kind.rawValue,
                        StoredValues.micros(deleted.deletedAt), deleted.deletedBy])
    }

    public func deletedAsset(id: String) throws -> DeletedAsset? {
        try Row.fetchOne(db, cached: "SELECT * FROM deleted_assets WHERE asset_id = ?", arguments: [id]).map { row in
            DeletedAsset(
                id: row["asset_id"],
                address: AssetAddress(tenantID: row["tenant_id"], catalog: row["catalog_name"],
                                      namespace: NamespacePath(trusted: row["namespace_path"]), name: row["name"]),
                kind: try AssetKind(parsing: row["kind"]), deletedAt: row.date("deleted_at"), deletedBy: row["deleted_by"])
        }
    }

    /// The asset's row number, which its search entries are keyed by.
    func seq(ofAsset id: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM assets WHERE id = ?"), arguments: [id])
    }

    static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    static func asset(_ row: Row) throws -> Asset {
        Asset(
            id: row["id"], tenantID: row["tenant_id"], catalog: row["catalog_name"],
            namespace: NamespacePath(trusted: row["namespace_path"]), name: row["name"],
            kind: try AssetKind(parsing: row["kind"]), location: row["location"],
            properties: try row.json("properties", as: [String: String].self), version: row["version"],
            createdAt: row.date("created_at"), updatedAt: row.date("updated_at"))
    }
}
