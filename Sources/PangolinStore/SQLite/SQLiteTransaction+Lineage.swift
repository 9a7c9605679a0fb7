import GRDB
import PangolinModel

extension SQLiteTransaction: LineageRepository, MetadataRepository {
    public func lineageEdge(id: String) throws -> LineageEdge? {
        try Row.fetchOne(db, cached: "SELECT * FROM lineage_edges WHERE id = ?", arguments: [id]).map(Self.edge)
    }

    public func upsertLineageEdge(_ edge: LineageEdge, tenantID: String) throws -> LineageEdge {
        try db.execute(
            cached: """
                INSERT INTO lineage_edges (id, tenant_id, upstream_id, upstream_version, downstream_id, downstream_version,
                                           relation, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (downstream_id, upstream_id, relation) DO UPDATE SET
                    upstream_version = excluded.upstream_version, downstream_version = excluded.downstream_version
                """,
            arguments: [edge.id, tenantID, edge.upstream.assetID, edge.upstream.version, edge.downstream.assetID, edge.downstream.version,
                        edge.relation, StoredValues.micros(edge.createdAt), edge.createdBy])
        return try Row.fetchOne(
            db, cached: "SELECT * FROM lineage_edges WHERE downstream_id = ? AND upstream_id = ? AND relation = ?",
            arguments: [edge.downstream.assetID, edge.upstream.assetID, edge.relation]
        ).map(Self.edge) ?? edge
    }

    public func deleteLineageEdge(id: String) throws {
        try db.execute(cached: "DELETE FROM lineage_edges WHERE id = ?", arguments: [id])
    }

    public func deleteLineageEdges(touching assetID: String) throws {
        try db.execute(cached: "DELETE FROM lineage_edges WHERE upstream_id = ? OR downstream_id = ?", arguments: [assetID, assetID])
    }

    public func lineageEdges(of assetIDs: [String], upstream: Bool) throws -> [LineageEdge] {
        let column = upstream ? "downstream_id" : "upstream_id"
        var edges: [LineageEdge] = []
        for start in stride(from: 0, to: assetIDs.count, by: 500) {
            let chunk = Array(assetIDs[start..<min(start + 500, assetIDs.count)])
            edges += try Row.fetchAll(
                db, sql: "SELECT * FROM lineage_edges WHERE \(column) IN (\(Self.marks(chunk.count)))", arguments: StatementArguments(chunk)
            ).map(Self.edge)
        }
        return edges
    }

    public func lineageEdges(taking version: Int, of assetID: String) throws -> [LineageEdge] {
        try Row.fetchAll(
            db, cached: "SELECT * FROM lineage_edges WHERE upstream_id = ? AND (upstream_version IS NULL OR upstream_version = ?)",
            arguments: [assetID, version]
        ).map(Self.edge)
    }

    public func metadata(assetID: String) throws -> BusinessMetadata? {
        try Row.fetchOne(db, cached: "SELECT * FROM asset_metadata WHERE asset_id = ?", arguments: [assetID]).map { row in
            BusinessMetadata(
                assetID: assetID, description: row["description"], tags: try row.json("tags", as: [String].self),
                properties: try row.json("properties", as: [String: JSONValue].self),
                discoverable: row["discoverable"], updatedAt: row.date("updated_at"), updatedBy: row["updated_by"])
        }
    }

    public func saveMetadata(_ metadata: BusinessMetadata) throws {
        try db.execute(
            cached: """
                INSERT OR REPLACE INTO asset_metadata (asset_id, description, tags, properties, discoverable, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                metadata.assetID, metadata.description, try StoredValues.json(metadata.tags), try StoredValues.json(metadata.properties),
                metadata.discoverable, StoredValues.micros(metadata.updatedAt), metadata.updatedBy,
            ])
    }

    public func deleteMetadata(assetID: String) throws -> Bool {
        try db.execute(cached: "DELETE FROM asset_metadata WHERE asset_id = ?", arguments: [assetID])
        return db.changesCount > 0
    }

    static func edge(_ row: Row) throws -> LineageEdge {
        LineageEdge(
            id: row["id"], upstream: LineageEnd(assetID: row["upstream_id"], version: row["upstream_version"]),
            downstream: LineageEnd(assetID: row["downstream_id"], version: row["downstream_version"]), relation: row["relation"],
            createdAt: row.date("created_at"), createdBy: row["created_by"])
    }
}
