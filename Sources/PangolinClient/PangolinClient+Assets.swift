import AsyncHTTPClient
import Foundation
import PangolinModel

extension PangolinClient {
    func assetsPath(_ catalog: String, _ namespace: NamespacePath) -> String {
        "/api/v1/catalogs/\(Self.segment(catalog))/namespaces/\(Self.segment(namespace.dotted))/assets"
    }

    // MARK: Assets

    public func register(_ draft: AssetDraft, in catalog: String, namespace: NamespacePath) async throws -> Asset {
        try await send(.POST, assetsPath(catalog, namespace), body: draft)
    }

    /// Registers an ML model the way the seed guide's `MlModelAsset.register` means it: framework,
    /// version and metrics become properties (`metrics.<name>`), the training data and parent model
    /// become lineage (`trained_on`, `parent_model`), and the description goes into its metadata.
    public func registerModel(
        name: String, in catalog: String, namespace: NamespacePath, location: String, framework: String, version: String,
        metrics: [String: Double] = [:], trainingData: [String] = [], parentModel: String? = nil, description: String? = nil,
        properties: [String: String] = [:]
    ) async throws -> Asset {
        var all = properties
        all["framework"] = framework
        all["version"] = version
        for (metric, value) in metrics { all["metrics.\(metric)"] = String(value) }
        let lineage = trainingData.map(LineageLink.trainedOn) + (parentModel.map { [LineageLink.parentModel($0)] } ?? [])
        let asset = try await register(
            AssetDraft(name: name, kind: .mlModel, location: location, properties: all, message: description,
                       lineage: lineage.isEmpty ? nil : lineage),
            in: catalog, namespace: namespace)
        if let description {
            _ = try await setMetadata(assetID: asset.id, description: description)
        }
        return asset
    }

    public func asset(_ name: String, in catalog: String, namespace: NamespacePath) async throws -> Asset {
        try await send(.GET, assetsPath(catalog, namespace) + "/\(Self.segment(name))")
    }

    public func asset(id: String) async throws -> Asset {
        try await send(.GET, "/api/v1/assets/\(Self.segment(id))")
    }

    public func assets(in catalog: String, namespace: NamespacePath, limit: Int = 100, offset: Int = 0) async throws -> [Asset] {
        try await send(.GET, assetsPath(catalog, namespace), query: ["limit": String(limit), "offset": String(offset)])
    }

    public func updateAsset(_ name: String, in catalog: String, namespace: NamespacePath, _ change: AssetChange) async throws -> Asset {
        try await send(.PUT, assetsPath(catalog, namespace) + "/\(Self.segment(name))", body: change)
    }

    public func deleteAsset(_ name: String, in catalog: String, namespace: NamespacePath) async throws {
        try await sendIgnoringBody(.DELETE, assetsPath(catalog, namespace) + "/\(Self.segment(name))")
    }

    // MARK: Metadata and search

    /// Replaces the asset's business metadata.
    public func setMetadata(
        assetID: String, description: String? = nil, tags: [String] = [], properties: [String: JSONValue] = [:], discoverable: Bool = false
    ) async throws -> BusinessMetadata {
        let body = MetadataDraft(description: description, tags: tags, properties: properties, discoverable: discoverable)
        return try await send(.POST, "/api/v1/assets/\(Self.segment(assetID))/metadata", body: body, as: MetadataEnvelope.self).metadata
    }

    public func metadata(assetID: String) async throws -> BusinessMetadata {
        try await send(.GET, "/api/v1/assets/\(Self.segment(assetID))/metadata", as: MetadataEnvelope.self).metadata
    }

    /// Searches with every filter `SearchQuery` holds; the page says the total.
    public func search(_ query: SearchQuery) async throws -> Page<SearchHit> {
        var parameters: [String: String?] = [
            "query": query.text, "catalog": query.catalog, "namespace": query.namespace?.dotted,
            "kind": query.kinds.isEmpty ? nil : query.kinds.map(\.rawValue).joined(separator: ","),
            "tags": query.tags.isEmpty ? nil : query.tags.joined(separator: ","),
            "version_tag": query.versionTag, "lineage_to": query.lineageTo,
            "limit": String(query.limit), "offset": String(query.offset),
        ]
        for (key, value) in query.properties { parameters["property.\(key)"] = value }
        return try await send(.GET, "/api/v1/search/assets", query: parameters)
    }
}
