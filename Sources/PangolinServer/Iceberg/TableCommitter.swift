import Foundation
import PangolinModel
import PangolinStore

/// Applies commits to tables: checks each commit's requirements on the state it read, writes the
/// next metadata file, and makes the asset's next version only if the asset is still at the
/// version that was read. Several commits (a transaction) make their versions in one store
/// transaction: all land, or none.
struct TableCommitter {
    let services: CatalogServices
    let files: TableFiles
    let actor: AuditActor

    /// A commit checked and written, not yet recorded.
    struct Prepared {
        var address: AssetAddress
        var asset: Asset?
        var base: TableMetadata?
        var metadata: TableMetadata
        var location: String
        /// Nothing changed: the commit's updates left the table as it was.
        var unchanged: Bool
    }

    /// The table after the commit, or nil when another commit landed first and this one must be
    /// tried again on the new state.
    func commit(_ request: CommitTableRequest, on asset: Asset?, address: AssetAddress) async throws -> (location: String, metadata: TableMetadata)? {
        let prepared = try await prepare(request, on: asset, address: address)
        if prepared.unchanged { return (prepared.location, prepared.metadata) }
        do {
            if let asset {
                _ = try await services.store.updateAsset(at: address, with: update(prepared, asset), by: actor)
            } else {
                try await register(prepared)
            }
        } catch let error as PangolinError where error.code == .conflict {
            await files.discard(prepared.location)
            return nil
        } catch {
            await files.discard(prepared.location)
            throw error
        }
        return (prepared.location, prepared.metadata)
    }

    /// Several commits to existing tables in one store transaction; false when another commit
    /// landed on one of them first, and nothing was recorded.
    func commitAll(_ prepared: [Prepared]) async throws -> Bool {
        let changes = try prepared.filter { !$0.unchanged }.map { item -> (AssetAddress, AssetUpdate) in
            guard let asset = item.asset else { throw PangolinError.notFound(.table, TableController.missing(item.address)) }
            return (item.address, update(item, asset))
        }
        do {
            _ = try await services.store.updateAssets(changes, by: actor)
            return true
        } catch let error as PangolinError where error.code == .conflict {
            for item in prepared where !item.unchanged { await files.discard(item.location) }
            return false
        } catch {
            for item in prepared where !item.unchanged { await files.discard(item.location) }
            throw error
        }
    }

    /// Checks a commit's requirements on the table's current state and writes its next metadata file.
    func prepare(_ request: CommitTableRequest, on asset: Asset?, address: AssetAddress) async throws -> Prepared {
        let baseLocation = try asset.map(TableController.metadataLocation)
        var base: TableMetadata?
        if let baseLocation { base = try await files.metadata(at: baseLocation) }
        for requirement in request.requirements {
            if let failure = requirement.failure(on: base) {
                throw PangolinError.conflict("commit to \(address.namespace).\(address.name) refused: \(failure)")
            }
        }
        let now = TableController.now()
        var metadata = try (base ?? TableMetadata.empty(now: now)).applying(request.updates, now: now)
        if let base, let baseLocation {
            if metadata == base { return Prepared(address: address, asset: asset, base: base, metadata: base, location: baseLocation, unchanged: true) }
            metadata.metadataLog.append(TableMetadata.MetadataLogEntry(metadataFile: baseLocation, timestampMs: base.lastUpdatedMs))
        }
        metadata.lastUpdatedMs = max(now, metadata.lastUpdatedMs)
        try files.checkLocal(metadata.location)
        let written = try await files.write(metadata, number: asset?.version ?? 0)
        return Prepared(address: address, asset: asset, base: base, metadata: metadata, location: written, unchanged: false)
    }

    /// What the audit log and the version say about a commit: its new snapshot and operation.
    private func note(_ prepared: Prepared) -> (details: [String: JSONValue], snapshot: Int64?) {
        let metadata = prepared.metadata
        let newSnapshot = metadata.currentSnapshotID != prepared.base?.currentSnapshotID ? metadata.currentSnapshotID : nil
        var details: [String: JSONValue] = ["metadata_location": .string(prepared.location)]
        if let newSnapshot {
            details["snapshot_id"] = .int(newSnapshot)
            details["operation"] = .string(metadata.currentOperation ?? "unknown")
        }
        return (details, newSnapshot)
    }

    private func update(_ prepared: Prepared, _ asset: Asset) -> AssetUpdate {
        let (details, snapshot) = note(prepared)
        let metadata = prepared.metadata
        let message = snapshot.map { "\(metadata.currentOperation ?? "commit"): snapshot \($0)" } ?? "update table metadata"
        var update = AssetUpdate(
            location: metadata.location, properties: metadata.assetProperties(metadataLocation: prepared.location),
            expectedVersion: asset.version, note: VersionNote(message: message))
        update.audit = AuditNote(.commitTable, details: details)
        return update
    }

    /// Registers the asset of a table created by its first commit (a staged creation).
    private func register(_ prepared: Prepared) async throws {
        let (details, snapshot) = note(prepared)
        try await register(
            prepared.metadata, at: prepared.location, address: prepared.address,
            message: "create table" + (snapshot.map { " with snapshot \($0)" } ?? ""), details: details)
    }

    /// Records a new table: an `ICEBERG_TABLE` asset whose first version is the metadata file at
    /// `location`, audited as `create_table` with `details`.
    func register(_ metadata: TableMetadata, at location: String, address: AssetAddress, message: String, details: [String: JSONValue]) async throws {
        var registration = AssetRegistration(
            name: address.name, kind: .icebergTable, location: metadata.location,
            properties: metadata.assetProperties(metadataLocation: location), note: VersionNote(message: message))
        registration.audit = AuditNote(.createTable, details: details)
        _ = try await services.store.registerAsset(
            registration, at: NamespaceAddress(tenantID: address.tenantID, catalog: address.catalog, namespace: address.namespace), by: actor)
    }
}
