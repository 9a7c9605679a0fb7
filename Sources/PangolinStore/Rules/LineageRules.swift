import PangolinModel

/// Statements on lineage edges.
public protocol LineageRepository {
    func lineageEdge(id: String) throws -> LineageEdge?
    /// Stores `edge`; an edge already there with the same ends and relation takes its pins
    /// instead. Returns the edge as stored.
    func upsertLineageEdge(_ edge: LineageEdge, tenantID: String) throws -> LineageEdge
    func deleteLineageEdge(id: String) throws
    func deleteLineageEdges(touching assetID: String) throws
    /// The edges into (`upstream`: true, following them up) or out of each of `assetIDs`.
    func lineageEdges(of assetIDs: [String], upstream: Bool) throws -> [LineageEdge]
    /// The edges out of `assetID` that take `version` of it, or the asset unpinned.
    func lineageEdges(taking version: Int, of assetID: String) throws -> [LineageEdge]
}

extension CatalogDatabase: LineageStore {
    public func addLineage(_ drafts: [LineageDraft], downstreamID: String, by actor: AuditActor) async throws -> [LineageEdge] {
        try await write { tx in
            let asset = try Self.requireAsset(id: downstreamID, in: tx)
            return try Self.insertLineage(drafts, downstream: asset, version: nil, by: actor, in: tx)
        }
    }

    public func lineageEdge(id: String) async throws -> LineageEdge? {
        try await backend.lookup { tx in try tx.lineageEdge(id: id) }
    }

    public func deleteLineageEdge(id: String, by actor: AuditActor) async throws {
        try await write { tx in
            guard let edge = try tx.lineageEdge(id: id) else {
                throw PangolinError.notFound(.lineageEdge, "no lineage edge with id '\(id)'")
            }
            let asset = try Self.requireAsset(id: edge.downstream.assetID, in: tx)
            try tx.deleteLineageEdge(id: id)
            try AuditChain.append(
                Self.auditEntry(.deleteLineage, asset, metadata: [
                    "edge": .string(id), "upstream_id": .string(edge.upstream.assetID), "relation": .string(edge.relation),
                ]),
                by: actor, in: tx)
        }
    }

    public func lineage(of assetID: String, direction: LineageDirection, depth: Int, maxNodes: Int) async throws -> LineageWalk {
        try await backend.read { tx in
            var walk = LineageWalk(nodeIDs: [assetID], edges: [], truncated: false)
            if direction != .downstream { try Self.walk(from: assetID, upstream: true, depth: depth, maxNodes: maxNodes, into: &walk, in: tx) }
            if direction != .upstream { try Self.walk(from: assetID, upstream: false, depth: depth, maxNodes: maxNodes, into: &walk, in: tx) }
            return walk
        }
    }

    public func impact(of assetID: String, version: Int, maxNodes: Int) async throws -> LineageWalk {
        try await backend.read { tx in
            // The first step follows only edges that take this version (or the asset unpinned);
            // from there on, everything downstream is affected.
            let first = try tx.lineageEdges(taking: version, of: assetID)
            var walk = LineageWalk(nodeIDs: [assetID], edges: first, truncated: false)
            for edge in first where !walk.nodeIDs.contains(edge.downstream.assetID) {
                walk.nodeIDs.append(edge.downstream.assetID)
            }
            for start in first.map(\.downstream.assetID) {
                try Self.walk(from: start, upstream: false, depth: Int.max, maxNodes: maxNodes, into: &walk, in: tx)
            }
            return walk
        }
    }

    public func assets(ids: [String]) async throws -> [Asset] {
        try await backend.read { tx in try tx.assets(ids: ids) }
    }

    /// Breadth first, one query per level; nodes already reached are not followed again, so
    /// cycles end.
    static func walk(
        from start: String, upstream: Bool, depth: Int, maxNodes: Int, into walk: inout LineageWalk, in tx: Backend.Transaction
    ) throws {
        var seen = Set(walk.nodeIDs)
        var seenEdges = Set(walk.edges.map(\.id))
        var frontier = [start]
        var level = 0
        while !frontier.isEmpty && level < depth {
            level += 1
            var next: [String] = []
            for edge in try tx.lineageEdges(of: frontier, upstream: upstream) where seenEdges.insert(edge.id).inserted {
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
            frontier = next
        }
    }

    /// Writes edges into `downstream`, pinned at its end to `version` (or each draft's own).
    static func insertLineage(
        _ drafts: [LineageDraft], downstream: Asset, version: Int?, by actor: AuditActor, in tx: Backend.Transaction
    ) throws -> [LineageEdge] {
        var edges: [LineageEdge] = []
        for draft in drafts {
            try LineageEdge.validateRelation(draft.relation)
            let upstreamID = draft.upstream.assetID
            if upstreamID == downstream.id {
                throw PangolinError.invalid("\(downstream.address) cannot be its own '\(draft.relation)'")
            }
            guard let upstream = try tx.asset(id: upstreamID), upstream.tenantID == downstream.tenantID else {
                throw PangolinError.notFound(.asset, "no asset with id '\(upstreamID)' to draw lineage from")
            }
            if let pinned = draft.upstream.version {
                _ = try requireVersion(assetID: upstreamID, .number(pinned), in: tx)
            }
            let edge = LineageEdge(
                id: Identifiers.make(), upstream: draft.upstream,
                downstream: LineageEnd(assetID: downstream.id, version: draft.downstreamVersion ?? version), relation: draft.relation,
                createdAt: StoredValues.now().date, createdBy: actor.username)
            edges.append(try tx.upsertLineageEdge(edge, tenantID: downstream.tenantID))
            try AuditChain.append(
                auditEntry(.addLineage, downstream, metadata: [
                    "upstream_id": .string(upstreamID), "upstream": .string("\(upstream.catalog).\(upstream.namespace).\(upstream.name)"),
                    "relation": .string(draft.relation),
                ]),
                by: actor, in: tx)
        }
        return edges
    }
}
