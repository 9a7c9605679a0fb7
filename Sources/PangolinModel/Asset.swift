import Foundation

/// A registered data asset of any kind: where it lives, what it is, and its current version.
public struct Asset: Sendable, Hashable, Codable {
    public var id: String
    public var tenantID: String
    public var catalog: String
    public var namespace: NamespacePath
    public var name: String
    public var kind: AssetKind
    public var location: String
    public var properties: [String: String]
    /// Starts at 1 and grows by one with every change of location or properties.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, tenantID: String, catalog: String, namespace: NamespacePath, name: String,
        kind: AssetKind, location: String, properties: [String: String], version: Int,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.catalog = catalog
        self.namespace = namespace
        self.name = name
        self.kind = kind
        self.location = location
        self.properties = properties
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Where the asset lives in the catalog tree.
    public var address: AssetAddress {
        AssetAddress(tenantID: tenantID, catalog: catalog, namespace: namespace, name: name)
    }

    enum CodingKeys: String, CodingKey {
        case id, catalog, namespace, name, kind, location, properties, version
        case tenantID = "tenant_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encode(catalog, forKey: .catalog)
        // Pangolin's URLs and search results write namespaces dotted; so does the asset.
        try container.encode(namespace.dotted, forKey: .namespace)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(location, forKey: .location)
        try container.encode(properties, forKey: .properties)
        try container.encode(version, forKey: .version)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        tenantID = try container.decode(String.self, forKey: .tenantID)
        catalog = try container.decode(String.self, forKey: .catalog)
        namespace = try NamespacePath(parsing: container.decode(String.self, forKey: .namespace))
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(AssetKind.self, forKey: .kind)
        location = try container.decode(String.self, forKey: .location)
        properties = try container.decode([String: String].self, forKey: .properties)
        version = try container.decode(Int.self, forKey: .version)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }
}

/// Where an asset lives in the catalog tree: catalog, namespace and name within one tenant.
public struct AssetAddress: Sendable, Hashable, CustomStringConvertible {
    public var tenantID: String
    public var catalog: String
    public var namespace: NamespacePath
    public var name: String

    public init(tenantID: String, catalog: String, namespace: NamespacePath, name: String) {
        self.tenantID = tenantID
        self.catalog = catalog
        self.namespace = namespace
        self.name = name
    }

    public var description: String {
        "asset '\(name)' in namespace '\(namespace)' of catalog '\(catalog)'"
    }
}

/// A namespace inside a catalog of a tenant.
public struct NamespaceAddress: Sendable, Hashable {
    public var tenantID: String
    public var catalog: String
    public var namespace: NamespacePath

    public init(tenantID: String, catalog: String, namespace: NamespacePath) {
        self.tenantID = tenantID
        self.catalog = catalog
        self.namespace = namespace
    }

    /// The address of an asset with this name in this namespace.
    public func asset(_ name: String) -> AssetAddress {
        AssetAddress(tenantID: tenantID, catalog: catalog, namespace: namespace, name: name)
    }
}

/// What a client sends to register an asset.
public struct AssetRegistration: Sendable, Hashable {
    public var name: String
    public var kind: AssetKind
    public var location: String
    public var properties: [String: String]
    /// What version 1 says about itself.
    public var note: VersionNote
    /// What it was made from, written in the same transaction.
    public var lineage: [LineageDraft]
    /// How the audit log names the registration, and what it adds (an Iceberg table's creation).
    public var audit = AuditNote(.registerAsset)

    public init(
        name: String, kind: AssetKind, location: String, properties: [String: String], note: VersionNote = VersionNote(),
        lineage: [LineageDraft] = []
    ) {
        self.name = name
        self.kind = kind
        self.location = location
        self.properties = properties
        self.note = note
        self.lineage = lineage
    }
}

/// A change of an asset's location or properties; nil fields stay as they are.
public struct AssetUpdate: Sendable, Hashable {
    public var location: String?
    public var properties: [String: String]?
    /// The version the caller last read; a different current version makes the update a conflict.
    public var expectedVersion: Int?
    /// What the new version says about itself.
    public var note: VersionNote
    /// Lineage to add, written in the same transaction; the edges belong to the new version.
    public var lineage: [LineageDraft]
    /// How the audit log names the change, and what it adds (an Iceberg commit's snapshot).
    public var audit = AuditNote(.updateAsset)

    public init(
        location: String?, properties: [String: String]?, expectedVersion: Int?, note: VersionNote = VersionNote(),
        lineage: [LineageDraft] = []
    ) {
        self.location = location
        self.properties = properties
        self.expectedVersion = expectedVersion
        self.note = note
        self.lineage = lineage
    }
}

/// The action an asset's write is audited as, with details beside the ones every event has.
public struct AuditNote: Sendable, Hashable {
    public var action: AuditAction
    public var details: [String: JSONValue]

    public init(_ action: AuditAction, details: [String: JSONValue] = [:]) {
        self.action = action
        self.details = details
    }
}

/// Limits on what a location may be.
public enum Locations {
    /// Longest accepted location, in bytes.
    public static let maxLength = 4096

    /// Checks a location and returns it, or throws an error that says what is wrong.
    @discardableResult
    public static func validate(_ location: String) throws -> String {
        if location.isEmpty { throw PangolinError.invalid("location must not be empty") }
        if location.utf8.count > maxLength {
            throw PangolinError.invalid("location is \(location.utf8.count) bytes long; the limit is \(maxLength)")
        }
        if location.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw PangolinError.invalid("location \(Names.quoted(location)) contains a control character")
        }
        return location
    }
}
