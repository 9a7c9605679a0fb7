import Foundation
import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func addLineage(_ drafts: [LineageDraft], downstreamID: String, by actor: AuditActor) async throws -> [LineageEdge] {
        try await write { db in
            let asset = try Self.existingAsset(downstreamID, in: db)
            return try Self.insertLineage(drafts, downstream: asset, version: nil, by: actor, in: db)
        }
    }

    public func lineageEdge(id: String) async throws -> LineageEdge? {
        try lookup { db in try Row.fetchOne(db, cached: "SELECT * FROM lineage_edges WHERE id = ?", arguments: [id]).map(Self.edge) }
    }

    public func deleteLineageEdge(id: String, by actor: AuditActor) async throws {
        try await write { db in
            guard let edge = try Row.fetchOne(db, cached: "SELECT * FROM lineage_edges WHERE id = ?", arguments: [id]).map(Self.edge) else {
                throw PangolinError.notFound("no lineage edge with id '\(id)'")
            }
            let asset = try Self.existingAsset(edge.downstream.assetID, in: db)
            try db.execute(cached: "DELETE FROM lineage_edges WHERE id = ?", arguments: [id])
            try AuditChain.append(
                Self.auditEntry(.deleteLineage, asset, metadata: ["edge": .string(id), "upstream_id": .string(edge.upstream.assetID),
                                                                  "relation": .string(edge.relation)]),
                by: actor, in: db)
        }
    }

    public func lineage(of assetID: String, direction: LineageDirection, depth: Int, maxNodes: Int) async throws -> LineageWalk {
        try await read { db in
            var walk = LineageWalk(nodeIDs: [assetID], edges: [], truncated: false)
            if direction != .downstream { try Self.walk(from: assetID, upstream: true, depth: depth, maxNodes: maxNodes, into: &walk, in: db) }
            if direction != .upstream { try Self.walk(from: assetID, upstream: false, depth: depth, maxNodes: maxNodes, into: &walk, in: db) }
            return walk
        }
    }

    public func impact(of assetID: String, version: Int, maxNodes: Int) async throws -> LineageWalk {
        try await read { db in
            // The first step follows only edges that take this version (or the asset unpinned);
            // from there on, everything downstream is affected.
            let first = try Row.fetchAll(
                db, cached: "SELECT * FROM lineage_edges WHERE upstream_id = ? AND (upstream_version IS NULL OR upstream_version = ?)",
                arguments: [assetID, version]
            ).map(Self.edge)
            var walk = LineageWalk(nodeIDs: [assetID], edges: first, truncated: false)
            for edge in first where !walk.nodeIDs.contains(edge.downstream.assetID) {
                walk.nodeIDs.append(edge.downstream.assetID)
            }
            for start in first.map(\.downstream.assetID) {
                try Self.walk(from: start, upstream: false, depth: Int.max, maxNodes: maxNodes, into: &walk, in: db)
            }
            return walk
        }
    }

    public func assets(ids: [String]) async throws -> [Asset] {
        try await read { db in
            var found: [Asset] = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                found += try Row.fetchAll(db, sql: "SELECT * FROM assets WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
                    .map(Self.asset)
            }
            return found
        }
    }

    // MARK: Helpers

    /// Breadth first, one query per level; nodes already reached are not followed again, so
    /// cycles end.
    static func walk(from start: String, upstream: Bool, depth: Int, maxNodes: Int, into walk: inout LineageWalk, in db: Database) throws {
        var seen = Set(walk.nodeIDs)
        var seenEdges = Set(walk.edges.map(\.id))
        var frontier = [start]
        var level = 0
        while !frontier.isEmpty && level < depth {
            level += 1
            var next: [String] = []
            for chunkStart in stride(from: 0, to: frontier.count, by: 500) {
                let chunk = Array(frontier[chunkStart..<min(chunkStart + 500, frontier.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                let column = upstream ? "downstream_id" : "upstream_id"
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM lineage_edges WHERE \(column) IN (\(marks))", arguments: StatementArguments(chunk))
                for edge in try rows.map(Self.edge) where seenEdges.insert(edge.id).inserted {
                    walk.edges.append(edge)
                    let other = upstream ? edge.upstream.assetID : edge.downstream.assetID
                    if seen.insert(other).inserted {
                        if seen.count > maxNodes {
                            walk.truncated = true
                            return
                        }
                        walk.nodeIDs.append(other)
                        next.append(other)
                    }
                }
            }
            frontier = next
        }
    }

    /// Writes edges into `downstream`, pinned at its end to `version` (or each draft's own).
    static func insertLineage(
        _ drafts: [LineageDraft], downstream: Asset, version: Int?, by actor: AuditActor, in db: Database
    ) throws -> [LineageEdge] {
        var edges: [LineageEdge] = []
        for draft in drafts {
            try LineageEdge.validateRelation(draft.relation)
            let upstreamID = draft.upstream.assetID
            if upstreamID == downstream.id {
                throw PangolinError.invalid("\(downstream.address) cannot be its own '\(draft.relation)'")
            }
            guard let upstream = try Row.fetchOne(db, cached: "SELECT * FROM assets WHERE id = ?", arguments: [upstreamID]).map(Self.asset),
                  upstream.tenantID == downstream.tenantID
            else { throw PangolinError.notFound("no asset with id '\(upstreamID)' to draw lineage from") }
            if let pinned = draft.upstream.version {
                _ = try Self.version(assetID: upstreamID, .number(pinned), in: db)
            }
            let now = StoredValues.now()
            let edge = LineageEdge(
                id: Identifiers.make(), upstream: draft.upstream,
                downstream: LineageEnd(assetID: downstream.id, version: draft.downstreamVersion ?? version), relation: draft.relation,
                createdAt: now.date, createdBy: actor.username)
            try db.execute(
                cached: """
                    INSERT INTO lineage_edges (id, tenant_id, upstream_id, upstream_version, downstream_id, downstream_version,
                                               relation, created_at, created_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (downstream_id, upstream_id, relation) DO UPDATE SET
                        upstream_version = excluded.upstream_version, downstream_version = excluded.downstream_version
                    """,
                arguments: [edge.id, downstream.tenantID, upstreamID, draft.upstream.version, downstream.id, edge.downstream.version,
                            edge.relation, now.micros, actor.username])
            try AuditChain.append(
                Self.auditEntry(.addLineage, downstream, metadata: [
                    "upstream_id": .string(upstreamID), "upstream": .string("\(upstream.catalog).\(upstream.namespace).\(upstream.name)"),
                    "relation": .string(draft.relation),
                ]),
                by: actor, in: db)
            edges.append(try Row.fetchOne(
                db, cached: "SELECT * FROM lineage_edges WHERE downstream_id = ? AND upstream_id = ? AND relation = ?",
                arguments: [downstream.id, upstreamID, draft.relation]
            ).map(Self.edge) ?? edge)
        }
        return edges
    }

    static func edge(_ row: Row) throws -> LineageEdge {
        LineageEdge(
            id: row["id"], upstream: LineageEnd(assetID: row["upstream_id"], version: row["upstream_version"]),
            downstream: LineageEnd(assetID: row["downstream_id"], version: row["downstream_version"]), relation: row["relation"],
            createdAt: row.date("created_at"), createdBy: row["created_by"])
    }
}
