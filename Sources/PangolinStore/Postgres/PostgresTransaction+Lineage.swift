import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    public func lineageEdge(id: String) throws -> LineageEdge? {
        try row("SELECT * FROM lineage_edges WHERE id = \(id)\(unescaped: lock)").map(Self.edge)
    }

    public func upsertLineageEdge(_ edge: LineageEdge, tenantID: String) throws -> LineageEdge {
        try row("""
            INSERT INTO lineage_edges (id, tenant_id, upstream_id, upstream_version, downstream_id, downstream_version, relation,
                                       created_at, created_by)
            VALUES (\(edge.id), \(tenantID), \(edge.upstream.assetID), \(edge.upstream.version), \(edge.downstream.assetID),
                    \(edge.downstream.version), \(edge.relation), \(StoredValues.micros(edge.createdAt)), \(edge.createdBy))
            ON CONFLICT (downstream_id, upstream_id, relation) DO UPDATE SET
                upstream_version = excluded.upstream_version, downstream_version = excluded.downstream_version
            RETURNING *
            """).map(Self.edge) ?? edge
    }

    public func deleteLineageEdge(id: String) throws {
        try execute("DELETE FROM lineage_edges WHERE id = \(id)")
    }

    public func deleteLineageEdges(touching assetID: String) throws {
        try execute("DELETE FROM lineage_edges WHERE upstream_id = \(assetID) OR downstream_id = \(assetID)")
    }

    public func lineageEdges(of assetIDs: [String], upstream: Bool) throws -> [LineageEdge] {
        if upstream {
            return try rows("SELECT * FROM lineage_edges WHERE downstream_id = ANY(\(assetIDs))").map(Self.edge)
        }
        return try rows("SELECT * FROM lineage_edges WHERE upstream_id = ANY(\(assetIDs))").map(Self.edge)
    }

    public func lineageEdges(taking version: Int, of assetID: String) throws -> [LineageEdge] {
        try rows("SELECT * FROM lineage_edges WHERE upstream_id = \(assetID) AND (upstream_version IS NULL OR upstream_version = \(version))")
            .map(Self.edge)
    }

    public func metadata(assetID: String) throws -> BusinessMetadata? {
        try row("SELECT * FROM asset_metadata WHERE asset_id = \(assetID)").map { row in
            BusinessMetadata(
                assetID: assetID, description: try row("description"), tags: try row.json("tags", as: [String].self),
                properties: try row.json("properties", as: [String: JSONValue].self), discoverable: try row("discoverable"),
                updatedAt: try row.date("updated_at"), updatedBy: try row("updated_by"))
        }
    }

    public func saveMetadata(_ metadata: BusinessMetadata) throws {
        try execute("""
            INSERT INTO asset_metadata (asset_id, description, tags, properties, discoverable, updated_at, updated_by)
            VALUES (\(metadata.assetID), \(metadata.description), \(try StoredValues.json(metadata.tags)),
                    \(try StoredValues.json(metadata.properties)), \(metadata.discoverable), \(StoredValues.micros(metadata.updatedAt)),
                    \(metadata.updatedBy))
            ON CONFLICT (asset_id) DO UPDATE SET description = excluded.description, tags = excluded.tags,
                properties = excluded.properties, discoverable = excluded.discoverable, updated_at = excluded.updated_at,
                updated_by = excluded.updated_by
            """)
    }

    public func deleteMetadata(assetID: String) throws -> Bool {
        try execute("DELETE FROM asset_metadata WHERE asset_id = \(assetID)") > 0
    }

    private static func edge(_ row: PostgresRow) throws -> LineageEdge {
        LineageEdge(
            id: try row("id"), upstream: LineageEnd(assetID: try row("upstream_id"), version: try row("upstream_version")),
            downstream: LineageEnd(assetID: try row("downstream_id"), version: try row("downstream_version")),
            relation: try row("relation"), createdAt: try row.date("created_at"), createdBy: try row("created_by"))
    }
}
