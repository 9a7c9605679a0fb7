import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func setMetadata(assetID: String, _ change: MetadataChange, by actor: AuditActor) async throws -> BusinessMetadata {
        let tags = try MetadataChange.validateTags(change.tags)
        return try await write { db in
            let (seq, asset) = try Self.requireAsset(id: assetID, in: db)
            let now = StoredValues.now()
            try db.execute(
                cached: """
                    INSERT OR REPLACE INTO asset_metadata
                        (asset_id, description, tags, properties, discoverable, updated_at, updated_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    assetID, change.description, try StoredValues.json(tags), try StoredValues.json(change.properties),
                    change.discoverable, now.micros, actor.username,
                ])
            try db.execute(cached: "DELETE FROM asset_tags WHERE asset_seq = ?", arguments: [seq])
            for tag in tags {
                try db.execute(cached: "INSERT INTO asset_tags (tag, asset_seq) VALUES (?, ?)", arguments: [tag, seq])
            }
            try Self.refreshIndexes(seq: seq, of: asset, in: db)
            try AuditChain.append(Self.auditEntry(.setMetadata, asset), by: actor, in: db)
            return BusinessMetadata(
                assetID: assetID, description: change.description, tags: tags, properties: change.properties,
                discoverable: change.discoverable, updatedAt: now.date, updatedBy: actor.username)
        }
    }

    public func metadata(assetID: String) async throws -> BusinessMetadata? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM asset_metadata WHERE asset_id = ?", arguments: [assetID]).map { row in
                BusinessMetadata(
                    assetID: assetID, description: row["description"], tags: try row.json("tags", as: [String].self),
                    properties: try row.json("properties", as: [String: JSONValue].self),
                    discoverable: row["discoverable"], updatedAt: row.date("updated_at"), updatedBy: row["updated_by"])
            }
        }
    }

    public func deleteMetadata(assetID: String, by actor: AuditActor) async throws {
        try await write { db in
            let (seq, asset) = try Self.requireAsset(id: assetID, in: db)
            try db.execute(cached: "DELETE FROM asset_metadata WHERE asset_id = ?", arguments: [assetID])
            guard db.changesCount > 0 else {
                throw PangolinError.notFound("asset '\(asset.name)' has no business metadata to delete")
            }
            try db.execute(cached: "DELETE FROM asset_tags WHERE asset_seq = ?", arguments: [seq])
            try Self.refreshIndexes(seq: seq, of: asset, in: db)
            try AuditChain.append(Self.auditEntry(.deleteMetadata, asset), by: actor, in: db)
        }
    }

    static func requireAsset(id: String, in db: Database) throws -> (seq: Int64, asset: Asset) {
        guard let row = try Row.fetchOne(db, cached: "SELECT * FROM assets WHERE id = ?", arguments: [id]) else {
            throw PangolinError.notFound("no asset with id '\(id)'")
        }
        return (row["seq"], try asset(row))
    }
}
