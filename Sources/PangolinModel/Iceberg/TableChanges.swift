import Foundation

/// What a commit asserts about the table it changes (Iceberg's `TableRequirement`). A commit
/// whose requirements do not hold changes nothing and is refused with `CommitFailedException`.
public enum TableRequirement: Sendable, Hashable, Decodable {
    case create
    case tableUUID(String)
    case refSnapshotID(ref: String, snapshotID: Int64?)
    case lastAssignedFieldID(Int)
    case currentSchemaID(Int)
    case lastAssignedPartitionID(Int)
    case defaultSpecID(Int)
    case defaultSortOrderID(Int)

    enum CodingKeys: String, CodingKey {
        case type, uuid, ref
        case snapshotID = "snapshot-id"
        case lastAssignedFieldID = "last-assigned-field-id"
        case currentSchemaID = "current-schema-id"
        case lastAssignedPartitionID = "last-assigned-partition-id"
        case defaultSpecID = "default-spec-id"
        case defaultSortOrderID = "default-sort-order-id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "assert-create": self = .create
        case "assert-table-uuid": self = .tableUUID(try c.decode(String.self, forKey: .uuid))
        case "assert-ref-snapshot-id":
            self = .refSnapshotID(ref: try c.decode(String.self, forKey: .ref), snapshotID: try c.decodeIfPresent(Int64.self, forKey: .snapshotID))
        case "assert-last-assigned-field-id": self = .lastAssignedFieldID(try c.decode(Int.self, forKey: .lastAssignedFieldID))
        case "assert-current-schema-id": self = .currentSchemaID(try c.decode(Int.self, forKey: .currentSchemaID))
        case "assert-last-assigned-partition-id": self = .lastAssignedPartitionID(try c.decode(Int.self, forKey: .lastAssignedPartitionID))
        case "assert-default-spec-id": self = .defaultSpecID(try c.decode(Int.self, forKey: .defaultSpecID))
        case "assert-default-sort-order-id": self = .defaultSortOrderID(try c.decode(Int.self, forKey: .defaultSortOrderID))
        default: throw PangolinError.invalid("unknown table requirement type \(Names.quoted(type))")
        }
    }

    /// Why the requirement fails on `table` (nil: the table does not exist), or nil when it holds.
    public func failure(on table: TableMetadata?) -> String? {
        guard let table else {
            return self == .create ? nil : "the table does not exist"
        }
        func differs<T: Equatable>(_ what: String, _ expected: T, _ actual: T) -> String? {
            expected == actual ? nil : "\(what) is \(actual), not \(expected) as the commit requires; reload the table and retry"
        }
        switch self {
        case .create: return "the table already exists"
        case .tableUUID(let uuid): return differs("the table's uuid", uuid, table.tableUUID)
        case .refSnapshotID(let ref, let id):
            let actual = table.refs[ref]?.snapshotID
            guard actual != id else { return nil }
            return "branch or tag '\(ref)' is at snapshot \(actual.map(String.init) ?? "none"), not \(id.map(String.init) ?? "none") "
                + "as the commit requires: the table changed since it was read; reload it and retry"
        case .lastAssignedFieldID(let id): return differs("the last assigned field id", id, table.lastColumnID)
        case .currentSchemaID(let id): return differs("the current schema id", id, table.currentSchemaID)
        case .lastAssignedPartitionID(let id): return differs("the last assigned partition id", id, table.lastPartitionID)
        case .defaultSpecID(let id): return differs("the default partition spec id", id, table.defaultSpecID)
        case .defaultSortOrderID(let id): return differs("the default sort order id", id, table.defaultSortOrderID)
        }
    }
}

/// One change a commit makes to a table's metadata (Iceberg's `TableUpdate`).
public enum TableUpdate: Sendable, Hashable, Decodable {
    case assignUUID(String)
    case upgradeFormatVersion(Int)
    case addSchema(JSONValue)
    case setCurrentSchema(Int)
    case addSpec(JSONValue)
    case setDefaultSpec(Int)
    case addSortOrder(JSONValue)
    case setDefaultSortOrder(Int)
    case addSnapshot(JSONValue)
    case setSnapshotRef(name: String, TableMetadata.SnapshotRef)
    case removeSnapshots([Int64])
    case removeSnapshotRef(String)
    case setLocation(String)
    case setProperties([String: String])
    case removeProperties([String])

    enum CodingKeys: String, CodingKey {
        case action, uuid, schema, spec, snapshot, location, updates, removals
        case formatVersion = "format-version"
        case schemaID = "schema-id"
        case specID = "spec-id"
        case sortOrder = "sort-order"
        case sortOrderID = "sort-order-id"
        case refName = "ref-name"
        case snapshotIDs = "snapshot-ids"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let action = try c.decode(String.self, forKey: .action)
        switch action {
        case "assign-uuid": self = .assignUUID(try c.decode(String.self, forKey: .uuid))
        case "upgrade-format-version": self = .upgradeFormatVersion(try c.decode(Int.self, forKey: .formatVersion))
        case "add-schema": self = .addSchema(try c.decode(JSONValue.self, forKey: .schema))
        case "set-current-schema": self = .setCurrentSchema(try c.decode(Int.self, forKey: .schemaID))
        case "add-spec": self = .addSpec(try c.decode(JSONValue.self, forKey: .spec))
        case "set-default-spec": self = .setDefaultSpec(try c.decode(Int.self, forKey: .specID))
        case "add-sort-order": self = .addSortOrder(try c.decode(JSONValue.self, forKey: .sortOrder))
        case "set-default-sort-order": self = .setDefaultSortOrder(try c.decode(Int.self, forKey: .sortOrderID))
        case "add-snapshot": self = .addSnapshot(try c.decode(JSONValue.self, forKey: .snapshot))
        case "set-snapshot-ref": self = .setSnapshotRef(name: try c.decode(String.self, forKey: .refName), try TableMetadata.SnapshotRef(from: decoder))
        case "remove-snapshots": self = .removeSnapshots(try c.decode([Int64].self, forKey: .snapshotIDs))
        case "remove-snapshot-ref": self = .removeSnapshotRef(try c.decode(String.self, forKey: .refName))
        case "set-location": self = .setLocation(try c.decode(String.self, forKey: .location))
        case "set-properties": self = .setProperties(try c.decode([String: String].self, forKey: .updates))
        case "remove-properties": self = .removeProperties(try c.decode([String].self, forKey: .removals))
        default: throw PangolinError.invalid("table update \(Names.quoted(action)) is not supported by this catalog")
        }
    }
}

extension TableMetadata {
    /// The metadata after `update`, or a 400 saying why the update cannot apply. `now` is the
    /// commit's time in milliseconds.
    public mutating func apply(_ update: TableUpdate, now: Int64) throws {
        switch update {
        case .assignUUID(let uuid):
            tableUUID = uuid
        case .upgradeFormatVersion(let version):
            guard version == 2 || version == formatVersion else {
                throw PangolinError.invalid("format-version \(version) is not supported; this catalog writes Iceberg format version 2")
            }
            formatVersion = 2
        case .addSchema(let schema):
            var schema = schema
            let maxID = schemas.compactMap { $0[int: "schema-id"] }.max() ?? -1
            if schema[int: "schema-id"] == nil || schema[int: "schema-id"] == -1 || schemas.contains(where: { $0[int: "schema-id"] == schema[int: "schema-id"] }) {
                schema = schema.setting("schema-id", .int(maxID + 1))
            }
            lastColumnID = max(lastColumnID, Int(schema.largest(of: ["id", "element-id", "key-id", "value-id"]) ?? 0))
            schemas.append(schema)
            lastAddedSchemaID = Int(schema[int: "schema-id"]!)
        case .setCurrentSchema(let id):
            let resolved = id == -1 ? lastAddedSchemaID : id
            guard let resolved, schemas.contains(where: { $0[int: "schema-id"] == Int64(resolved) }) else {
                throw PangolinError.invalid("set-current-schema names schema \(id), which the table does not have")
            }
            currentSchemaID = resolved
        case .addSpec(let spec):
            var spec = spec
            let maxID = partitionSpecs.compactMap { $0[int: "spec-id"] }.max() ?? -1
            if spec[int: "spec-id"] == nil || spec[int: "spec-id"] == -1 || partitionSpecs.contains(where: { $0[int: "spec-id"] == spec[int: "spec-id"] }) {
                spec = spec.setting("spec-id", .int(maxID + 1))
            }
            lastPartitionID = max(lastPartitionID, Int(spec.largest(of: ["field-id"]) ?? 999))
            partitionSpecs.append(spec)
            lastAddedSpecID = Int(spec[int: "spec-id"]!)
        case .setDefaultSpec(let id):
            let resolved = id == -1 ? lastAddedSpecID : id
            guard let resolved, partitionSpecs.contains(where: { $0[int: "spec-id"] == Int64(resolved) }) else {
                throw PangolinError.invalid("set-default-spec names partition spec \(id), which the table does not have")
            }
            defaultSpecID = resolved
        case .addSortOrder(let order):
            var order = order
            let existing = sortOrders.compactMap { $0[int: "order-id"] }
            if order[int: "order-id"] == nil || order[int: "order-id"] == -1 || existing.contains(order[int: "order-id"]!) {
                // Order 0 is reserved for "unsorted"; others are numbered from 1.
                let fields = order["fields"]
                order = order.setting("order-id", .int(fields == .array([]) ? 0 : max(1, (existing.max() ?? 0) + 1)))
            }
            if !sortOrders.contains(where: { $0[int: "order-id"] == order[int: "order-id"] }) { sortOrders.append(order) }
            lastAddedSortOrderID = Int(order[int: "order-id"]!)
        case .setDefaultSortOrder(let id):
            let resolved = id == -1 ? lastAddedSortOrderID : id
            guard let resolved, sortOrders.contains(where: { $0[int: "order-id"] == Int64(resolved) }) else {
                throw PangolinError.invalid("set-default-sort-order names sort order \(id), which the table does not have")
            }
            defaultSortOrderID = resolved
        case .addSnapshot(let snapshot):
            guard let id = snapshot[int: "snapshot-id"] else { throw PangolinError.invalid("add-snapshot needs a snapshot with a snapshot-id") }
            guard self.snapshot(id) == nil else { throw PangolinError.invalid("the table already has snapshot \(id)") }
            let sequence = snapshot[int: "sequence-number"] ?? lastSequenceNumber + 1
            guard sequence > lastSequenceNumber else {
                throw PangolinError.invalid(
                    "snapshot \(id) has sequence number \(sequence), but the table is at \(lastSequenceNumber); reload the table and retry")
            }
            snapshots.append(snapshot)
            lastSequenceNumber = sequence
            lastUpdatedMs = snapshot[int: "timestamp-ms"] ?? now
        case .setSnapshotRef(let name, let ref):
            guard snapshot(ref.snapshotID) != nil else {
                throw PangolinError.invalid("set-snapshot-ref points '\(name)' at snapshot \(ref.snapshotID), which the table does not have")
            }
            guard ["branch", "tag"].contains(ref.type) else { throw PangolinError.invalid("a snapshot ref is a branch or a tag, not '\(ref.type)'") }
            refs[name] = ref
            if name == "main" {
                currentSnapshotID = ref.snapshotID
                snapshotLog.append(SnapshotLogEntry(snapshotID: ref.snapshotID, timestampMs: snapshot(ref.snapshotID)?[int: "timestamp-ms"] ?? now))
            }
        case .removeSnapshots(let ids):
            let removed = Set(ids)
            snapshots.removeAll { $0[int: "snapshot-id"].map(removed.contains) ?? false }
            refs = refs.filter { !removed.contains($0.value.snapshotID) }
            if let current = currentSnapshotID, removed.contains(current) { currentSnapshotID = nil }
            snapshotLog.removeAll { removed.contains($0.snapshotID) }
        case .removeSnapshotRef(let name):
            refs[name] = nil
            if name == "main" { currentSnapshotID = nil }
        case .setLocation(let location):
            self.location = try Locations.validate(location.hasSuffix("/") ? String(location.dropLast()) : location)
        case .setProperties(let updates):
            properties.merge(updates) { _, new in new }
        case .removeProperties(let removals):
            for key in removals { properties[key] = nil }
        }
    }

    /// The metadata after every update of a commit, in order.
    public func applying(_ updates: [TableUpdate], now: Int64) throws -> TableMetadata {
        var table = self
        for update in updates { try table.apply(update, now: now) }
        table.lastAddedSchemaID = nil
        table.lastAddedSpecID = nil
        table.lastAddedSortOrderID = nil
        return table
    }
}
