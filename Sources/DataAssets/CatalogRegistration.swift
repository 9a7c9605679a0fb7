import Foundation

/// Where a run's result was registered in a catalog, or why it could not be.
public struct CatalogRegistration: Codable, Sendable, Hashable {
    /// How the registration ended.
    public enum Status: String, Codable, Sendable {
        /// The result became the asset's first version, or its next one.
        case registered
        /// The result's checksum and location equal the asset's latest version: no version was made.
        case unchanged
        /// The catalog could not be reached or refused; the next materialization tries again.
        case failed
    }

    /// How it ended.
    public var status: Status
    /// The catalog server's URL.
    public var url: String
    /// The catalog's name.
    public var catalog: String
    /// The namespace, dotted.
    public var namespace: String
    /// The asset's name in the catalog.
    public var assetName: String
    /// The catalog's id of the asset; nil when the registration failed.
    public var assetID: String?
    /// The asset's version that holds this result; nil when the registration failed.
    public var version: Int?
    /// Where that version's bytes are: an immutable copy of the result, which later runs leave alone.
    public var location: String?
    /// The properties of that version that the library does not manage (set by people on the
    /// asset), which the next version keeps without reading the asset first.
    public var otherProperties: [String: String]?
    /// Why it failed.
    public var error: String?
    /// When it was attempted.
    public var attemptedAt: Date

    enum CodingKeys: String, CodingKey {
        case status, url, catalog, namespace, version, location, error
        case assetName = "asset_name", assetID = "asset_id", attemptedAt = "attempted_at", otherProperties = "other_properties"
    }

    /// The version of the catalog asset that holds the result, when the registration succeeded.
    public var catalogVersion: CatalogVersion? {
        guard status != .failed, let assetID, let version else { return nil }
        return CatalogVersion(catalog: catalog, namespace: namespace, assetName: assetName, assetID: assetID, version: version)
    }

    /// Whether this registration is done for `connection`: it succeeded, in the same catalog
    /// server, catalog and namespace.
    func isDone(at url: String, catalog: String, namespace: String) -> Bool {
        status != .failed && self.url == url && self.catalog == catalog && self.namespace == namespace
    }
}

/// One version of a catalog asset: what a lineage edge is pinned to.
public struct CatalogVersion: Codable, Sendable, Hashable {
    /// The catalog's name.
    public var catalog: String
    /// The namespace, dotted.
    public var namespace: String
    /// The asset's name.
    public var assetName: String
    /// The catalog's id of the asset.
    public var assetID: String
    /// The version number.
    public var version: Int

    /// Creates a version reference.
    public init(catalog: String, namespace: String, assetName: String, assetID: String, version: Int) {
        self.catalog = catalog
        self.namespace = namespace
        self.assetName = assetName
        self.assetID = assetID
        self.version = version
    }

    /// The catalog reference of this version: `lake.sales.orders@v3`.
    public var reference: String { "\(catalog).\(namespace).\(assetName)@v\(version)" }

    enum CodingKeys: String, CodingKey {
        case catalog, namespace, version
        case assetName = "asset_name", assetID = "asset_id"
    }
}

/// A result file as written: its key, format, size and SHA-256.
public struct ArtifactFile: Codable, Sendable, Hashable {
    /// The file's key in the workspace's store.
    public var key: String
    /// The name of its format (`json`, `csv`).
    public var format: String
    /// Its size in bytes.
    public var sizeBytes: Int64
    /// `sha256:` and the hex digest of its bytes.
    public var checksum: String

    /// Describes a file.
    public init(key: String, format: String, sizeBytes: Int64, checksum: String) {
        self.key = key
        self.format = format
        self.sizeBytes = sizeBytes
        self.checksum = checksum
    }

    enum CodingKeys: String, CodingKey {
        case key, format, checksum
        case sizeBytes = "size_bytes"
    }
}
