import Foundation
import Hummingbird
import PangolinModel
import PangolinStore

/// Lineage between assets: `POST/GET /api/v1/assets/{id}/lineage`, `GET …/impact` and
/// `DELETE /api/v1/lineage/{id}`. Assets the caller may not read appear as placeholders.
struct LineageController {
    let services: CatalogServices

    /// One edge to write, as a client sends it: the upstream asset by reference.
    /// Most steps a walk may take, and most assets it may reach.
    static let maxDepth = 50
    static let maxNodes = 10_000

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("assets/{id}/lineage", use: add)
        group.get("assets/{id}/lineage", use: graph)
        group.get("assets/{id}/impact", use: impact)
        group.delete("lineage/{id}", use: delete)
    }

    @Sendable func add(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<LineageEdge> {
        let asset = try await services.authorizedAsset(id: context.parameters.text("id"), .update, request: request, context: context)
        let body = try await request.decodeBody(LineageRequest.self, limit: services.maxBodyBytes)
        var draft = try await services.lineageDraft(upstream: body.upstream, relation: body.relation, request: request, context: context)
        draft.downstreamVersion = body.version
        let edges = try await services.store.addLineage([draft], downstreamID: asset.id, by: context.actor(request))
        return JSONResponse(edges[0], status: .created)
    }

    /// `?direction=upstream|downstream|both` (default both) and `?depth=` (default 3).
    @Sendable func graph(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<LineageGraph> {
        let asset = try await services.authorizedAsset(id: context.parameters.text("id"), .read, request: request, context: context)
        let parameters = request.uri.queryParameters
        let direction = try parameters.get("direction").map(LineageDirection.init(parsing:)) ?? .both
        let depth = try Self.depth(parameters.get("depth"))
        let walk = try await services.store.lineage(of: asset.id, direction: direction, depth: depth, maxNodes: Self.maxNodes)
        return JSONResponse(try await redacted(walk, root: asset.id, context: context))
    }

    /// Everything downstream of `?version=` (default: the current one) of the asset.
    @Sendable func impact(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<LineageGraph> {
        let asset = try await services.authorizedAsset(id: context.parameters.text("id"), .read, request: request, context: context)
        let selector = try request.uri.queryParameters.get("version").map(AssetReference.selector(version:)) ?? .latest
        let version = try await services.store.version(assetID: asset.id, selector)
        let walk = try await services.store.impact(of: asset.id, version: version.number, maxNodes: Self.maxNodes)
        return JSONResponse(try await redacted(walk, root: asset.id, context: context))
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.text("id")
        guard let edge = try await services.store.lineageEdge(id: id) else { throw PangolinError.notFound(.lineageEdge, "no lineage edge with id '\(id)'") }
        _ = try await services.authorize(.update, on: services.store.asset(id: edge.downstream.assetID), request: request, context: context) {
            "no lineage edge with id '\(id)'"
        }
        try await services.store.deleteLineageEdge(id: id, by: context.actor(request))
        return Response(status: .noContent)
    }

    static func depth(_ text: String?) throws -> Int {
        guard let text else { return 3 }
        guard let depth = Int(text), (1...maxDepth).contains(depth) else {
            throw PangolinError.invalid("depth must be a whole number from 1 to \(maxDepth), not '\(text)'")
        }
        return depth
    }

    /// The walk with every asset the caller may not read replaced by a numbered placeholder, in
    /// the nodes and in the edges alike.
    private func redacted(_ walk: LineageWalk, root: String, context: AuthenticatedContext) async throws -> LineageGraph {
        let assets = Dictionary(uniqueKeysWithValues: try await services.store.assets(ids: walk.nodeIDs).map { ($0.id, $0) })
        var placeholders: [String: String] = [:]
        var nodes: [LineageNode] = []
        for id in walk.nodeIDs {
            if let asset = assets[id], try await services.authorizer.allows(context.principal, .read, .asset(asset)) {
                nodes.append(LineageNode(id: id, name: asset.name, kind: asset.kind, catalog: asset.catalog,
                                         namespace: asset.namespace.dotted, redacted: false))
            } else {
                let placeholder = "hidden-\(placeholders.count + 1)"
                placeholders[id] = placeholder
                nodes.append(LineageNode(id: placeholder, name: nil, kind: nil, catalog: nil, namespace: nil, redacted: true))
            }
        }
        let edges = walk.edges.map { edge in
            var shown = edge
            shown.upstream.assetID = placeholders[edge.upstream.assetID] ?? edge.upstream.assetID
            shown.downstream.assetID = placeholders[edge.downstream.assetID] ?? edge.downstream.assetID
            if placeholders[edge.upstream.assetID] != nil || placeholders[edge.downstream.assetID] != nil {
                shown.id = "hidden-edge"
                shown.createdBy = nil
            }
            return shown
        }
        return LineageGraph(root: root, nodes: nodes, edges: edges, truncated: walk.truncated)
    }
}

extension CatalogServices {
    /// An edge from the asset `upstream` names (which the caller must be able to read); a
    /// reference with a version, tag or date is pinned to the version it resolves to now.
    func lineageDraft(upstream text: String, relation: String, request: Request, context: AuthenticatedContext) async throws -> LineageDraft {
        try LineageEdge.validateRelation(relation)
        let reference = try AssetReference(parsing: text)
        let asset = try await resolveAsset(reference, catalog: nil, request: request, context: context)
        var pinned: Int?
        if reference.selector != .latest {
            pinned = try await store.version(assetID: asset.id, reference.selector).number
        }
        return LineageDraft(upstream: LineageEnd(assetID: asset.id, version: pinned), relation: relation)
    }
}

extension LineageRequest: RequestBody {}
