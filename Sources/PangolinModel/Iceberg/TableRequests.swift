import Foundation

/// The name of a table in the Iceberg REST protocol: its namespace's levels and its name.
public struct TableIdentifier: Sendable, Hashable, Codable {
    public var namespace: [String]
    public var name: String

    public init(namespace: [String], name: String) {
        self.namespace = namespace
        self.name = name
    }
}

/// `POST …/namespaces/{namespace}/tables`.
public struct CreateTableRequest: Sendable, Decodable {
    public var name: String
    public var location: String?
    public var schema: JSONValue
    public var partitionSpec: JSONValue?
    public var writeOrder: JSONValue?
    public var stageCreate: Bool?
    public var properties: [String: String]?

    enum CodingKeys: String, CodingKey {
        case name, location, schema, properties
        case partitionSpec = "partition-spec"
        case writeOrder = "write-order"
        case stageCreate = "stage-create"
    }
}

/// `POST …/tables/{table}` and each entry of `POST …/transactions/commit`.
public struct CommitTableRequest: Sendable, Decodable {
    public var identifier: TableIdentifier?
    public var requirements: [TableRequirement]
    public var updates: [TableUpdate]
}

/// `POST …/transactions/commit`.
public struct CommitTransactionRequest: Sendable, Decodable {
    public var tableChanges: [CommitTableRequest]
    enum CodingKeys: String, CodingKey { case tableChanges = "table-changes" }
}

/// `POST …/namespaces/{namespace}/register`.
public struct RegisterTableRequest: Sendable, Decodable {
    public var name: String
    public var metadataLocation: String
    public var overwrite: Bool?
    enum CodingKeys: String, CodingKey {
        case name, overwrite
        case metadataLocation = "metadata-location"
    }
}

/// `POST …/tables/rename`.
public struct RenameTableRequest: Sendable, Decodable {
    public var source: TableIdentifier
    public var destination: TableIdentifier
}

/// What loading, creating or committing a table answers.
public struct LoadTableResult: Sendable, Codable {
    public var metadataLocation: String?
    public var metadata: TableMetadata
    public var config: [String: String]

    public init(metadataLocation: String?, metadata: TableMetadata, config: [String: String]) {
        self.metadataLocation = metadataLocation
        self.metadata = metadata
        self.config = config
    }

    enum CodingKeys: String, CodingKey {
        case metadata, config
        case metadataLocation = "metadata-location"
    }
}

/// `GET …/namespaces/{namespace}/tables`.
public struct TableList: Sendable, Codable {
    public var identifiers: [TableIdentifier]
    public init(identifiers: [TableIdentifier]) { self.identifiers = identifiers }
}

/// The properties of an Iceberg table's asset, which each version keeps.
public enum TableAssetProperty {
    public static let metadataLocation = "metadata-location"
    public static let tableUUID = "table-uuid"
    public static let formatVersion = "format-version"
    public static let currentSnapshotID = AssetReference.snapshotProperty
    public static let lastSequenceNumber = "last-sequence-number"
}

extension TableMetadata {
    /// The asset properties that describe this state of the table.
    public func assetProperties(metadataLocation: String) -> [String: String] {
        var properties = [
            TableAssetProperty.metadataLocation: metadataLocation,
            TableAssetProperty.tableUUID: tableUUID,
            TableAssetProperty.formatVersion: String(formatVersion),
            TableAssetProperty.lastSequenceNumber: String(lastSequenceNumber),
        ]
        properties[TableAssetProperty.currentSnapshotID] = currentSnapshotID.map(String.init)
        return properties
    }

    /// The updates that build a new table from an empty one, as a create request describes it.
    public static func creation(_ request: CreateTableRequest, location: String) -> [TableUpdate] {
        let spec = request.partitionSpec ?? .object(["spec-id": .int(0), "fields": .array([])])
        let order = request.writeOrder ?? .object(["order-id": .int(0), "fields": .array([])])
        return [
            .upgradeFormatVersion(2), .addSchema(request.schema), .setCurrentSchema(-1), .addSpec(spec), .setDefaultSpec(-1),
            .addSortOrder(order), .setDefaultSortOrder(-1), .setLocation(location), .setProperties(request.properties ?? [:]),
        ]
    }
}
