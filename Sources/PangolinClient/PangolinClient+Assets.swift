import AsyncHTTPClient
import Foundation
import PangolinModel

/// An asset to register, with what its first version says and what it was made from.
public struct AssetDraft: Sendable, Encodable {
    public var name: String
    public var kind: AssetKind
    public var location: String
    public var properties: [String: String]
    public var message: String?
    public var sizeBytes: Int64?
    public var checksum: String?
    public var runID: String?
    public var lineage: [LineageLink]?

    public init(name: String, kind: AssetKind, location: String, properties: [String: String] = [:], message: String? = nil,
                sizeBytes: Int64? = nil, checksum: String? = nil, runID: String? = nil, lineage: [LineageLink]? = nil) {
        self.name = name
        self.kind = kind
        self.location = location
        self.properties = properties
        self.message = message
        self.sizeBytes = sizeBytes
        self.checksum = checksum
        self.runID = runID
        self.lineage = lineage
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, location, properties, message, checksum, lineage
        case sizeBytes = "size_bytes", runID = "run_id"
    }
}

/// A change of an asset: a new location or properties (which make the next version), lineage to add.
public struct AssetChange: Sendable, Encodable {
    public var location: String?
    public var properties: [String: String]?
    /// The version read; a different current version makes the change a conflict.
    public var expectedVersion: Int?
    public var message: String?
    public var sizeBytes: Int64?
    public var checksum: String?
    public var runID: String?
    public var lineage: [LineageLink]?

    public init(location: String? = nil, properties: [String: String]? = nil, expectedVersion: Int? = nil, message: String? = nil,
                sizeBytes: Int64? = nil, checksum: String? = nil, runID: String? = nil, lineage: [LineageLink]? = nil) {
        self.location = location
        self.properties = properties
        self.expectedVersion = expectedVersion
        self.message = message
        self.sizeBytes = sizeBytes
        self.checksum = checksum
        self.runID = runID
        self.lineage = lineage
    }

    enum CodingKeys: String, CodingKey {
        case location, properties, message, checksum, lineage
        case expectedVersion = "expected_version", sizeBytes = "size_bytes", runID = "run_id"
    }
}

/// "Made from `upstream`": a reference such as `ml_features.customer_features@2025-12-01`.
public struct LineageLink: Sendable, Codable, Hashable {
    public var upstream: String
    public var relation: String

    public init(upstream: String, relation: String) {
        self.upstream = upstream
        self.relation = relation
    }

    public static func trainedOn(_ reference: String) -> LineageLink { LineageLink(upstream: reference, relation: "trained_on") }
    public static func parentModel(_ reference: String) -> LineageLink { LineageLink(upstream: reference, relation: "parent_model") }
    public static func derivedFrom(_ reference: String) -> LineageLink { LineageLink(upstream: reference, relation: "derived_from") }
}

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
        struct Body: Encodable, Sendable {
            var description: String?
            var tags: [String]
            var properties: [String: JSONValue]
            var discoverable: Bool
        }
        struct Envelope: Decodable, Sendable {
            var metadata: BusinessMetadata
        }
        let body = Body(description: description, tags: tags, properties: properties, discoverable: discoverable)
        return try await send(.POST, "/api/v1/assets/\(Self.segment(assetID))/metadata", body: body, as: Envelope.self).metadata
    }

    public func metadata(assetID: String) async throws -> BusinessMetadata {
        struct Envelope: Decodable, Sendable {
            var metadata: BusinessMetadata
        }
        return try await send(.GET, "/api/v1/assets/\(Self.segment(assetID))/metadata", as: Envelope.self).metadata
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
