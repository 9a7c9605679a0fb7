import AsyncHTTPClient
import Foundation
import PangolinModel

extension PangolinClient {
    func assetPath(_ id: String) -> String { "/api/v1/assets/\(Self.segment(id))" }

    // MARK: Versions and tags

    /// The asset's versions, newest first.
    public func versions(assetID: String, limit: Int = 100, offset: Int = 0) async throws -> [AssetVersion] {
        try await send(.GET, assetPath(assetID) + "/versions", query: ["limit": String(limit), "offset": String(offset)])
    }

    /// One version: `"3"`, `"v3"`, a version id, a tag or a date.
    public func version(assetID: String, _ version: String) async throws -> AssetVersion {
        try await send(.GET, assetPath(assetID) + "/versions/\(Self.segment(version))")
    }

    /// What changed from `from` (default: the version before `to`) to `to` (default: the latest).
    public func diff(assetID: String, from: String? = nil, to: String? = nil) async throws -> VersionDiff {
        try await send(.GET, assetPath(assetID) + "/diff", query: ["from": from, "to": to])
    }

    /// Tags `version` (default: the latest) with `name`.
    public func createTag(assetID: String, name: String, version: String? = nil, message: String? = nil) async throws -> VersionTag {
        try await send(.POST, assetPath(assetID) + "/tags", body: CreateTagRequest(name: name, version: version, message: message))
    }

    public func tags(assetID: String) async throws -> [VersionTag] {
        try await send(.GET, assetPath(assetID) + "/tags")
    }

    public func moveTag(assetID: String, name: String, to version: String) async throws -> VersionTag {
        try await send(.PUT, assetPath(assetID) + "/tags/\(Self.segment(name))", body: MoveTagRequest(version: version))
    }

    public func deleteTag(assetID: String, name: String) async throws {
        try await sendIgnoringBody(.DELETE, assetPath(assetID) + "/tags/\(Self.segment(name))")
    }

    /// The asset and version a reference names, e.g. `ml_features.customer_features@2025-12-01`.
    public func resolve(_ reference: String, inCatalog catalog: String? = nil) async throws -> ResolvedReference {
        try await send(.GET, "/api/v1/resolve", query: ["ref": reference, "catalog": catalog])
    }

    // MARK: Lineage

    /// Records that the asset was made from `upstream` (a reference); `version` pins the asset's own end.
    public func addLineage(assetID: String, upstream: String, relation: String, version: Int? = nil) async throws -> LineageEdge {
        try await send(.POST, assetPath(assetID) + "/lineage", body: LineageRequest(upstream: upstream, relation: relation, version: version))
    }

    public func lineage(assetID: String, direction: LineageDirection = .both, depth: Int = 3) async throws -> LineageGraph {
        try await send(.GET, assetPath(assetID) + "/lineage", query: ["direction": direction.rawValue, "depth": String(depth)])
    }

    /// Everything downstream of `version` (default: the current one).
    public func impact(assetID: String, version: String? = nil) async throws -> LineageGraph {
        try await send(.GET, assetPath(assetID) + "/impact", query: ["version": version])
    }

    public func deleteLineage(edgeID: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/lineage/\(Self.segment(edgeID))")
    }
}
