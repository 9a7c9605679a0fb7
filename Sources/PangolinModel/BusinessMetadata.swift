import Foundation

/// Descriptive, mutable information about an asset: what it is for, labels to find it by, and
/// free-form properties. Changing it does not create a new asset version.
public struct BusinessMetadata: Sendable, Hashable, Codable {
    public var assetID: String
    public var description: String?
    /// Labels for discovery ("tags" in Pangolin's API; distinct from tags on versions).
    public var tags: [String]
    public var properties: [String: JSONValue]
    /// Whether users who cannot read the asset may still find it in search.
    public var discoverable: Bool
    public var updatedAt: Date
    public var updatedBy: String?

    public init(
        assetID: String, description: String?, tags: [String], properties: [String: JSONValue],
        discoverable: Bool, updatedAt: Date, updatedBy: String?
    ) {
        self.assetID = assetID
        self.description = description
        self.tags = tags
        self.properties = properties
        self.discoverable = discoverable
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id"
        case description, tags, properties, discoverable
        case updatedAt = "updated_at"
        case updatedBy = "updated_by"
    }
}

/// What a client sends to set an asset's business metadata; it replaces what was there.
public struct MetadataChange: Sendable, Hashable {
    public var description: String?
    public var tags: [String]
    public var properties: [String: JSONValue]
    public var discoverable: Bool

    public init(description: String?, tags: [String], properties: [String: JSONValue], discoverable: Bool) {
        self.description = description
        self.tags = tags
        self.properties = properties
        self.discoverable = discoverable
    }

    /// Longest accepted label.
    public static let maxTagLength = 128
    /// Most labels on one asset.
    public static let maxTags = 64

    /// Checks labels: non-empty, short, no commas (search takes them comma-separated), no
    /// control characters. Returns them without duplicates, in the order given.
    public static func validateTags(_ tags: [String]) throws -> [String] {
        if tags.count > maxTags {
            throw PangolinError.invalid("an asset may have at most \(maxTags) tags; \(tags.count) were sent")
        }
        var seen = Set<String>()
        var result: [String] = []
        for tag in tags {
            if tag.isEmpty { throw PangolinError.invalid("tags must not be empty strings") }
            if tag.count > maxTagLength {
                throw PangolinError.invalid("tag \(Names.quoted(tag)) is longer than \(maxTagLength) characters")
            }
            if tag.contains(",") {
                throw PangolinError.invalid("tag \(Names.quoted(tag)) contains ',', which separates tags in search")
            }
            if tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw PangolinError.invalid("tag \(Names.quoted(tag)) contains a control character")
            }
            if seen.insert(tag).inserted { result.append(tag) }
        }
        return result
    }
}
