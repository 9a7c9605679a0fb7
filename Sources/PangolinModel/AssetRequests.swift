/// The bodies of the asset routes — registration and change — as the server decodes them and the
/// client sends them.

/// An asset to register, with what its first version says and what it was made from.
public struct AssetDraft: Sendable, Hashable, Codable {
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

    public enum CodingKeys: String, CodingKey {
        case name, kind, location, properties, message, checksum, lineage
        case sizeBytes = "size_bytes", runID = "run_id"
    }
}

/// A change of an asset: a new location or properties (which make the next version), lineage to add.
public struct AssetChange: Sendable, Hashable, Codable {
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

    public enum CodingKeys: String, CodingKey {
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

extension AssetDraft {
    /// `properties` may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), kind: try container.decode(AssetKind.self, forKey: .kind),
            location: try container.decode(String.self, forKey: .location),
            properties: try container.decodeIfPresent([String: String].self, forKey: .properties) ?? [:],
            message: try container.decodeIfPresent(String.self, forKey: .message),
            sizeBytes: try container.decodeIfPresent(Int64.self, forKey: .sizeBytes),
            checksum: try container.decodeIfPresent(String.self, forKey: .checksum),
            runID: try container.decodeIfPresent(String.self, forKey: .runID),
            lineage: try container.decodeIfPresent([LineageLink].self, forKey: .lineage))
    }

    /// What the first version records besides the asset.
    public var note: VersionNote { VersionNote(message: message, sizeBytes: sizeBytes, checksum: checksum, runID: runID) }
}

extension AssetChange {
    /// What the next version records besides the change.
    public var note: VersionNote { VersionNote(message: message, sizeBytes: sizeBytes, checksum: checksum, runID: runID) }
}
