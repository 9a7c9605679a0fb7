import Foundation

/// One immutable state of an asset: where it was and what its properties were, and who made it.
public struct AssetVersion: Sendable, Hashable, Codable {
    public var assetID: String
    public var number: Int
    public var id: String
    public var location: String
    public var properties: [String: String]
    public var sizeBytes: Int64?
    public var checksum: String?
    public var message: String?
    /// The run (of a pipeline or a data asset) that produced it.
    public var runID: String?
    public var createdAt: Date
    public var createdBy: String?

    public init(assetID: String, number: Int, id: String, location: String, properties: [String: String], sizeBytes: Int64?,
                checksum: String?, message: String?, runID: String?, createdAt: Date, createdBy: String?) {
        self.assetID = assetID
        self.number = number
        self.id = id
        self.location = location
        self.properties = properties
        self.sizeBytes = sizeBytes
        self.checksum = checksum
        self.message = message
        self.runID = runID
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    enum CodingKeys: String, CodingKey {
        case number, id, location, properties, checksum, message
        case assetID = "asset_id", sizeBytes = "size_bytes", runID = "run_id", createdAt = "created_at", createdBy = "created_by"
        case shortID = "short_id"
    }

    /// The last twelve hex digits of its id, for people to tell versions apart at a glance.
    public var shortID: String { String(id.replacingOccurrences(of: "-", with: "").suffix(12)) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            assetID: try container.decode(String.self, forKey: .assetID), number: try container.decode(Int.self, forKey: .number),
            id: try container.decode(String.self, forKey: .id), location: try container.decode(String.self, forKey: .location),
            properties: try container.decode([String: String].self, forKey: .properties),
            sizeBytes: try container.decodeIfPresent(Int64.self, forKey: .sizeBytes),
            checksum: try container.decodeIfPresent(String.self, forKey: .checksum),
            message: try container.decodeIfPresent(String.self, forKey: .message),
            runID: try container.decodeIfPresent(String.self, forKey: .runID),
            createdAt: try container.decode(Date.self, forKey: .createdAt),
            createdBy: try container.decodeIfPresent(String.self, forKey: .createdBy))
        // Derived from `id`: read and dropped.
        _ = try container.decodeIfPresent(String.self, forKey: .shortID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(assetID, forKey: .assetID)
        try container.encode(number, forKey: .number)
        try container.encode(id, forKey: .id)
        try container.encode(shortID, forKey: .shortID)
        try container.encode(location, forKey: .location)
        try container.encode(properties, forKey: .properties)
        try container.encodeIfPresent(sizeBytes, forKey: .sizeBytes)
        try container.encodeIfPresent(checksum, forKey: .checksum)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(runID, forKey: .runID)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(createdBy, forKey: .createdBy)
    }
}

/// What a change may say about the version it creates.
public struct VersionNote: Sendable, Hashable {
    public var message: String?
    public var sizeBytes: Int64?
    public var checksum: String?
    public var runID: String?

    public init(message: String? = nil, sizeBytes: Int64? = nil, checksum: String? = nil, runID: String? = nil) {
        self.message = message
        self.sizeBytes = sizeBytes
        self.checksum = checksum
        self.runID = runID
    }

    /// Checks lengths and ranges, naming the field at fault.
    public func validated() throws -> VersionNote {
        if let message, message.count > 2000 {
            throw PangolinError.invalid("field 'message' is \(message.count) characters long; the limit is 2000")
        }
        if let sizeBytes, sizeBytes < 0 { throw PangolinError.invalid("field 'size_bytes' must not be negative") }
        if let checksum, checksum.isEmpty || checksum.count > 256 {
            throw PangolinError.invalid("field 'checksum' must be 1 to 256 characters, such as sha256:<hex>")
        }
        if let runID, runID.isEmpty || runID.count > 256 { throw PangolinError.invalid("field 'run_id' must be 1 to 256 characters") }
        return self
    }
}

/// A git-style name for one version of one asset; it can be moved to another version.
public struct VersionTag: Sendable, Hashable, Codable {
    public var assetID: String
    public var name: String
    public var version: Int
    public var versionID: String
    public var message: String?
    public var createdAt: Date
    public var createdBy: String?
    public var updatedAt: Date

    public init(assetID: String, name: String, version: Int, versionID: String, message: String?, createdAt: Date, createdBy: String?,
                updatedAt: Date) {
        self.assetID = assetID
        self.name = name
        self.version = version
        self.versionID = versionID
        self.message = message
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case name, version, message
        case assetID = "asset_id", versionID = "version_id", createdAt = "created_at", createdBy = "created_by", updatedAt = "updated_at"
    }
}

/// What changed between two versions of an asset.
public struct VersionDiff: Sendable, Hashable, Codable {
    public struct Change: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
    }

    public var from: Int
    public var to: Int
    /// Nil when the location is the same in both.
    public var location: Change?
    public var added: [String: String]
    public var removed: [String: String]
    public var changed: [String: Change]

    public init(from old: AssetVersion, to new: AssetVersion) {
        from = old.number
        to = new.number
        location = old.location == new.location ? nil : Change(from: old.location, to: new.location)
        added = new.properties.filter { old.properties[$0.key] == nil }
        removed = old.properties.filter { new.properties[$0.key] == nil }
        changed = Dictionary(uniqueKeysWithValues: new.properties.compactMap { key, value in
            guard let before = old.properties[key], before != value else { return nil }
            return (key, Change(from: before, to: value))
        })
    }
}

/// A reference resolved: the asset and the version it names.
public struct ResolvedReference: Sendable, Hashable, Codable {
    public var asset: Asset
    public var version: AssetVersion

    public init(asset: Asset, version: AssetVersion) {
        self.asset = asset
        self.version = version
    }
}
