import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func registerAsset(_ registration: AssetRegistration, at address: NamespaceAddress, by actor: AuditActor) async throws -> Asset {
        try Names.validate(registration.name, as: .asset)
        try Locations.validate(registration.location)
        return try await write { db in
            let namespaceRow = try Self.requireNamespace(
                tenantID: address.tenantID, catalog: address.catalog, path: address.namespace, in: SQLiteTransaction(db: db))
            let assetAddress = address.asset(registration.name)
            if try Self.assetRow(at: assetAddress, in: db) != nil {
                throw PangolinError.conflict("\(assetAddress) already exists; update it or choose another name")
            }
            let now = StoredValues.now()
            let asset = Asset(
                id: Identifiers.make(), tenantID: address.tenantID, catalog: address.catalog,
                namespace: address.namespace, name: registration.name, kind: registration.kind,
                location: registration.location, properties: registration.properties, version: 1,
                createdAt: now.date, updatedAt: now.date)
            let properties = try StoredValues.json(registration.properties)
            try db.execute(
                cached: """
                    INSERT INTO assets (id, tenant_id, catalog_id, namespace_id, catalog_name, namespace_path, name,
                                        kind, location, properties, version, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                    """,
                arguments: [
                    asset.id, address.tenantID, namespaceRow.catalogID, namespaceRow.id,
                    address.catalog, address.namespace.dotted, registration.name, registration.kind.rawValue,
                    registration.location, properties, now.micros, now.micros,
                ])
            let seq = db.lastInsertedRowID
            try Self.recordVersion(of: asset, properties: properties, note: registration.note, at: now.micros, by: actor, in: db)
            try Self.refreshIndexes(seq: seq, of: asset, in: db)
            try AuditChain.append(Self.auditEntry(.registerAsset, asset), by: actor, in: db)
            _ = try Self.insertLineage(registration.lineage, downstream: asset, version: 1, by: actor, in: db)
            return asset
        }
    }

    public func asset(at address: AssetAddress) async throws -> Asset? {
        try lookup { db in try Self.assetRow(at: address, in: db).map(Self.asset) }
    }

    public func asset(id: String) async throws -> Asset? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM assets WHERE id = ?", arguments: [id]).map(Self.asset)
        }
    }

    public func assets(in address: NamespaceAddress, visibility: AssetVisibility, limit: Int, offset: Int) async throws -> Page<Asset> {
        // Filtering in the query keeps the page and the total true for what the caller may read.
        let filter = try readableCondition(visibility, tenantID: address.tenantID)
        let condition = filter.map { " AND \($0.sql)" } ?? (visibility.isEmpty ? " AND 0" : "")
        let filterArguments = filter?.arguments ?? []
        return try await read { db in
            let namespaceRow = try Self.requireNamespace(
                tenantID: address.tenantID, catalog: address.catalog, path: address.namespace, in: SQLiteTransaction(db: db))
            let namespaceID = namespaceRow.id
            let total = try Int.fetchOne(
                db, cached: "SELECT COUNT(*) FROM assets a WHERE a.namespace_id = ?\(condition)",
                arguments: [namespaceID] + filterArguments) ?? 0
            let items = try Row.fetchAll(
                db, cached: "SELECT a.* FROM assets a WHERE a.namespace_id = ?\(condition) ORDER BY a.name LIMIT ? OFFSET ?",
                arguments: [namespaceID] + filterArguments + [limit, offset]
            ).map(Self.asset)
            return Page(items: items, total: total, limit: limit, offset: offset)
        }
    }

    public func updateAsset(at address: AssetAddress, with update: AssetUpdate, by actor: AuditActor) async throws -> Asset {
        if let location = update.location { try Locations.validate(location) }
        return try await write { db in
            guard let row = try Self.assetRow(at: address, in: db) else {
                throw PangolinError.notFound("\(address) does not exist")
            }
            var asset = try Self.asset(row)
            if let expected = update.expectedVersion, expected != asset.version {
                throw PangolinError.conflict(
                    "\(address) is at version \(asset.version), not \(expected): it changed since you read it; read it again and reapply your change")
            }
            let location = update.location ?? asset.location
            let properties = update.properties ?? asset.properties
            guard location != asset.location || properties != asset.properties else {
                _ = try Self.insertLineage(update.lineage, downstream: asset, version: asset.version, by: actor, in: db)
                return asset
            }
            let now = StoredValues.now()
            asset.location = location
            asset.properties = properties
            asset.version += 1
            asset.updatedAt = now.date
            let propertiesJSON = try StoredValues.json(properties)
            try db.execute(
                cached: "UPDATE assets SET location = ?, properties = ?, version = ?, updated_at = ? WHERE id = ?",
                arguments: [location, propertiesJSON, asset.version, now.micros, asset.id])
            try Self.recordVersion(of: asset, properties: propertiesJSON, note: update.note, at: now.micros, by: actor, in: db)
            try Self.refreshIndexes(seq: row["seq"], of: asset, in: db)
            try AuditChain.append(Self.auditEntry(.updateAsset, asset, metadata: ["version": .int(Int64(asset.version))]), by: actor, in: db)
            _ = try Self.insertLineage(update.lineage, downstream: asset, version: asset.version, by: actor, in: db)
            return asset
        }
    }

    public func deleteAsset(at address: AssetAddress, by actor: AuditActor) async throws {
        try await write { db in
            guard let row = try Self.assetRow(at: address, in: db) else {
                throw PangolinError.notFound("\(address) does not exist")
            }
            let asset = try Self.asset(row)
            let seq: Int64 = row["seq"]
            try db.execute(cached: "DELETE FROM asset_search WHERE rowid = ?", arguments: [seq])
            try db.execute(cached: "DELETE FROM assets WHERE seq = ?", arguments: [seq])
            // Grants on the asset go with it: a later asset of the same name is a different asset.
            try db.execute(cached: "DELETE FROM permissions WHERE asset_id = ?", arguments: [asset.id])
            // Lineage describes the assets that exist; the deletion's audit event keeps the record.
            try db.execute(cached: "DELETE FROM lineage_edges WHERE upstream_id = ? OR downstream_id = ?", arguments: [asset.id, asset.id])
            // Its versions and tags stay, findable by its id, under the address it had.
            try db.execute(
                cached: """
                    INSERT INTO deleted_assets (asset_id, tenant_id, catalog_name, namespace_path, name, kind, deleted_at, deleted_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [asset.id, asset.tenantID, asset.catalog, asset.namespace.dotted, asset.name, asset.kind.rawValue,
                            StoredValues.now().micros, actor.username])
            try AuditChain.append(Self.auditEntry(.deleteAsset, asset), by: actor, in: db)
        }
    }

    static func auditEntry(_ action: AuditAction, _ asset: Asset, metadata: [String: JSONValue]? = nil) -> AuditEntry {
        AuditEntry(
            action: action, resourceType: "asset", resourceID: asset.id,
            resourceName: "\(asset.catalog).\(asset.namespace).\(asset.name)", tenantID: asset.tenantID,
            metadata: metadata)
    }

    /// Versions are immutable and outlive the asset, so its history stays readable after deletion.
    private static func recordVersion(
        of asset: Asset, properties: String, note: VersionNote, at micros: Int64, by actor: AuditActor, in db: Database
    ) throws {
        try db.execute(
            cached: """
                INSERT INTO asset_versions (asset_id, number, id, location, properties, created_at, created_by,
                                            size_bytes, checksum, message, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [asset.id, asset.version, Identifiers.make(), asset.location, properties, micros, actor.username,
                        note.sizeBytes, note.checksum, note.message, note.runID])
    }

    /// Rewrites the asset's full-text entry and its property index from its current name and
    /// properties and its stored metadata.
    static func refreshIndexes(seq: Int64, of asset: Asset, in db: Database) throws {
        let assetProperties = asset.properties
        let metadata = try Row.fetchOne(
            db,
            cached: """
                SELECT m.description, m.tags, m.properties FROM asset_metadata m JOIN assets a ON a.id = m.asset_id
                WHERE a.seq = ?
                """,
            arguments: [seq])
        let metadataProperties = try (metadata?["properties"] as String?).map { try StoredValues.decode(JSONValue.self, $0) }
        let tags = try (metadata?["tags"] as String?).map { try StoredValues.decode([String].self, $0) } ?? []
        let propertyText = (assetProperties.keys.sorted().map { assetProperties[$0]! }
            + (metadataProperties?.searchableText ?? [])).joined(separator: " ")
        try db.execute(cached: "DELETE FROM asset_search WHERE rowid = ?", arguments: [seq])
        try db.execute(
            cached: "INSERT INTO asset_search (rowid, name, description, tags, properties, tenant) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                seq, asset.name, metadata?["description"] as String?, tags.joined(separator: " "), propertyText,
                tenantTerm(asset.tenantID),
            ])
        try db.execute(cached: "DELETE FROM asset_property_index WHERE asset_seq = ?", arguments: [seq])
        for (key, value) in assetProperties {
            try db.execute(
                cached: "INSERT INTO asset_property_index (key, value, asset_seq) VALUES (?, ?, ?)", arguments: [key, value, seq])
        }
    }

    static func assetRow(at address: AssetAddress, in db: Database) throws -> Row? {
        try Row.fetchOne(
            db,
            cached: "SELECT * FROM assets WHERE tenant_id = ? AND catalog_name = ? AND namespace_path = ? AND name = ?",
            arguments: [address.tenantID, address.catalog, address.namespace.dotted, address.name])
    }

    static func asset(_ row: Row) throws -> Asset {
        Asset(
            id: row["id"], tenantID: row["tenant_id"], catalog: row["catalog_name"],
            namespace: NamespacePath(trusted: row["namespace_path"]), name: row["name"],
            kind: try AssetKind(parsing: row["kind"]), location: row["location"],
            properties: try row.json("properties", as: [String: String].self), version: row["version"],
            createdAt: row.date("created_at"), updatedAt: row.date("updated_at"))
    }
}
