import Foundation

/// An Iceberg table's metadata file (format v2), as the Iceberg table specification lays it out.
/// The parts the catalog reasons about (ids, snapshots, refs) are typed; schemas, partition specs,
/// sort orders, snapshots and statistics are kept as the JSON the client sent, so that fields this
/// server does not interpret survive every commit unchanged.
public struct TableMetadata: Sendable, Hashable, Codable {
    public var formatVersion: Int
    public var tableUUID: String
    public var location: String
    public var lastSequenceNumber: Int64
    public var lastUpdatedMs: Int64
    public var lastColumnID: Int
    public var schemas: [JSONValue]
    public var currentSchemaID: Int
    public var partitionSpecs: [JSONValue]
    public var defaultSpecID: Int
    public var lastPartitionID: Int
    public var properties: [String: String]
    public var currentSnapshotID: Int64?
    public var snapshots: [JSONValue]
    public var snapshotLog: [SnapshotLogEntry]
    public var metadataLog: [MetadataLogEntry]
    public var sortOrders: [JSONValue]
    public var defaultSortOrderID: Int
    public var refs: [String: SnapshotRef]
    public var statistics: [JSONValue]
    public var partitionStatistics: [JSONValue]
    /// What `-1` means in the commit being applied: the schema, spec or sort order it added last.
    var lastAddedSchemaID: Int?
    var lastAddedSpecID: Int?
    var lastAddedSortOrderID: Int?

    public struct SnapshotLogEntry: Sendable, Hashable, Codable {
        public var snapshotID: Int64
        public var timestampMs: Int64
        enum CodingKeys: String, CodingKey {
            case snapshotID = "snapshot-id"
            case timestampMs = "timestamp-ms"
        }
    }

    public struct MetadataLogEntry: Sendable, Hashable, Codable {
        public var metadataFile: String
        public var timestampMs: Int64
        public init(metadataFile: String, timestampMs: Int64) {
            self.metadataFile = metadataFile
            self.timestampMs = timestampMs
        }
        enum CodingKeys: String, CodingKey {
            case metadataFile = "metadata-file"
            case timestampMs = "timestamp-ms"
        }
    }

    /// A named branch or tag and the snapshot it points at.
    public struct SnapshotRef: Sendable, Hashable, Codable {
        public var snapshotID: Int64
        public var type: String
        public var minSnapshotsToKeep: Int?
        public var maxSnapshotAgeMs: Int64?
        public var maxRefAgeMs: Int64?
        enum CodingKeys: String, CodingKey {
            case snapshotID = "snapshot-id"
            case type
            case minSnapshotsToKeep = "min-snapshots-to-keep"
            case maxSnapshotAgeMs = "max-snapshot-age-ms"
            case maxRefAgeMs = "max-ref-age-ms"
        }
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format-version"
        case tableUUID = "table-uuid"
        case location
        case lastSequenceNumber = "last-sequence-number"
        case lastUpdatedMs = "last-updated-ms"
        case lastColumnID = "last-column-id"
        case schemas
        case currentSchemaID = "current-schema-id"
        case partitionSpecs = "partition-specs"
        case defaultSpecID = "default-spec-id"
        case lastPartitionID = "last-partition-id"
        case properties
        case currentSnapshotID = "current-snapshot-id"
        case snapshots
        case snapshotLog = "snapshot-log"
        case metadataLog = "metadata-log"
        case sortOrders = "sort-orders"
        case defaultSortOrderID = "default-sort-order-id"
        case refs, statistics
        case partitionStatistics = "partition-statistics"
    }

    /// A table with nothing in it yet, which a table's first updates fill in.
    public static func empty(now: Int64) -> TableMetadata {
        TableMetadata(
            formatVersion: 2, tableUUID: UUID().uuidString.lowercased(), location: "", lastSequenceNumber: 0, lastUpdatedMs: now,
            lastColumnID: 0, schemas: [], currentSchemaID: -1, partitionSpecs: [], defaultSpecID: -1, lastPartitionID: 999,
            properties: [:], currentSnapshotID: nil, snapshots: [], snapshotLog: [], metadataLog: [], sortOrders: [],
            defaultSortOrderID: -1, refs: [:], statistics: [], partitionStatistics: [])
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        tableUUID = try c.decode(String.self, forKey: .tableUUID)
        location = try c.decode(String.self, forKey: .location)
        lastSequenceNumber = try c.decodeIfPresent(Int64.self, forKey: .lastSequenceNumber) ?? 0
        lastUpdatedMs = try c.decode(Int64.self, forKey: .lastUpdatedMs)
        lastColumnID = try c.decode(Int.self, forKey: .lastColumnID)
        schemas = try c.decodeIfPresent([JSONValue].self, forKey: .schemas) ?? []
        currentSchemaID = try c.decodeIfPresent(Int.self, forKey: .currentSchemaID) ?? 0
        partitionSpecs = try c.decodeIfPresent([JSONValue].self, forKey: .partitionSpecs) ?? []
        defaultSpecID = try c.decodeIfPresent(Int.self, forKey: .defaultSpecID) ?? 0
        lastPartitionID = try c.decodeIfPresent(Int.self, forKey: .lastPartitionID) ?? 999
        properties = try c.decodeIfPresent([String: String].self, forKey: .properties) ?? [:]
        let current = try c.decodeIfPresent(Int64.self, forKey: .currentSnapshotID)
        currentSnapshotID = current == -1 ? nil : current
        snapshots = try c.decodeIfPresent([JSONValue].self, forKey: .snapshots) ?? []
        snapshotLog = try c.decodeIfPresent([SnapshotLogEntry].self, forKey: .snapshotLog) ?? []
        metadataLog = try c.decodeIfPresent([MetadataLogEntry].self, forKey: .metadataLog) ?? []
        sortOrders = try c.decodeIfPresent([JSONValue].self, forKey: .sortOrders) ?? []
        defaultSortOrderID = try c.decodeIfPresent(Int.self, forKey: .defaultSortOrderID) ?? 0
        refs = try c.decodeIfPresent([String: SnapshotRef].self, forKey: .refs) ?? [:]
        statistics = try c.decodeIfPresent([JSONValue].self, forKey: .statistics) ?? []
        partitionStatistics = try c.decodeIfPresent([JSONValue].self, forKey: .partitionStatistics) ?? []
    }

    init(
        formatVersion: Int, tableUUID: String, location: String, lastSequenceNumber: Int64, lastUpdatedMs: Int64, lastColumnID: Int,
        schemas: [JSONValue], currentSchemaID: Int, partitionSpecs: [JSONValue], defaultSpecID: Int, lastPartitionID: Int,
        properties: [String: String], currentSnapshotID: Int64?, snapshots: [JSONValue], snapshotLog: [SnapshotLogEntry],
        metadataLog: [MetadataLogEntry], sortOrders: [JSONValue], defaultSortOrderID: Int, refs: [String: SnapshotRef],
        statistics: [JSONValue], partitionStatistics: [JSONValue]
    ) {
        self.formatVersion = formatVersion
        self.tableUUID = tableUUID
        self.location = location
        self.lastSequenceNumber = lastSequenceNumber
        self.lastUpdatedMs = lastUpdatedMs
        self.lastColumnID = lastColumnID
        self.schemas = schemas
        self.currentSchemaID = currentSchemaID
        self.partitionSpecs = partitionSpecs
        self.defaultSpecID = defaultSpecID
        self.lastPartitionID = lastPartitionID
        self.properties = properties
        self.currentSnapshotID = currentSnapshotID
        self.snapshots = snapshots
        self.snapshotLog = snapshotLog
        self.metadataLog = metadataLog
        self.sortOrders = sortOrders
        self.defaultSortOrderID = defaultSortOrderID
        self.refs = refs
        self.statistics = statistics
        self.partitionStatistics = partitionStatistics
    }

    /// The snapshot with this id.
    public func snapshot(_ id: Int64) -> JSONValue? {
        snapshots.first { $0[int: "snapshot-id"] == id }
    }

    /// The current snapshot's operation (`append`, `overwrite`, …), from its summary.
    public var currentOperation: String? {
        guard let id = currentSnapshotID, case .object(let summary)? = snapshot(id)?["summary"],
              case .string(let operation)? = summary["operation"] else { return nil }
        return operation
    }
}

extension JSONValue {
    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The integer member `key` of an object.
    public subscript(int key: String) -> Int64? {
        if case .int(let value)? = self[key] { return value }
        return nil
    }

    /// A copy of an object with `key` set to `value`.
    public func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }

    /// The largest integer held under any of `keys`, anywhere inside this value.
    public func largest(of keys: Set<String>) -> Int64? {
        switch self {
        case .object(let members):
            var best: Int64?
            for (key, value) in members {
                if keys.contains(key), case .int(let number) = value { best = max(best ?? number, number) }
                if let inner = value.largest(of: keys) { best = max(best ?? inner, inner) }
            }
            return best
        case .array(let items):
            return items.compactMap { $0.largest(of: keys) }.max()
        default:
            return nil
        }
    }
}
