import Foundation
import PangolinModel
import PangolinStore

/// Applies one commit to a table: checks its requirements on the state it read, writes the next
/// metadata file, and makes the asset's next version only if the asset is still at the version
/// that was read.
struct TableCommitter {
    let services: CatalogServices
    let files: TableFiles
    let actor: AuditActor

    /// The table after the commit, or nil when another commit landed first and this one must be
    /// tried again on the new state.
    func commit(_ request: CommitTableRequest, on asset: Asset?, address: AssetAddress) async throws -> (location: String, metadata: TableMetadata)? {
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
            if metadata == base { return (baseLocation, base) }
            metadata.metadataLog.append(TableMetadata.MetadataLogEntry(metadataFile: baseLocation, timestampMs: base.lastUpdatedMs))
        }
        metadata.lastUpdatedMs = max(now, metadata.lastUpdatedMs)
        try files.checkLocal(metadata.location)
        let written = try await files.write(metadata, number: asset?.version ?? 0)
        do {
            try await record(metadata, at: written, base: base, asset: asset, address: address)
        } catch let error as PangolinError where error.code == .conflict {
            await files.discard(written)
            return nil
        } catch {
            await files.discard(written)
            throw error
        }
        return (written, metadata)
    }

    /// Makes the asset's next version (or the asset, for a staged creation) point at `location`.
    private func record(_ metadata: TableMetadata, at location: String, base: TableMetadata?, asset: Asset?, address: AssetAddress) async throws {
        let properties = metadata.assetProperties(metadataLocation: location)
        let newSnapshot = metadata.currentSnapshotID != base?.currentSnapshotID ? metadata.currentSnapshotID : nil
        var details: [String: JSONValue] = ["metadata_location": .string(location)]
        if let newSnapshot {
            details["snapshot_id"] = .int(newSnapshot)
            details["operation"] = .string(metadata.currentOperation ?? "unknown")
        }
        let message = newSnapshot.map { "\(metadata.currentOperation ?? "commit"): snapshot \($0)" } ?? "update table metadata"
        guard let asset else {
            var registration = AssetRegistration(
                name: address.name, kind: .icebergTable, location: metadata.location, properties: properties,
                note: VersionNote(message: "create table" + (newSnapshot.map { " with snapshot \($0)" } ?? "")))
            registration.audit = AuditNote(.createTable, details: details)
            _ = try await services.store.registerAsset(
                registration, at: NamespaceAddress(tenantID: address.tenantID, catalog: address.catalog, namespace: address.namespace), by: actor)
            return
        }
        var update = AssetUpdate(location: metadata.location, properties: properties, expectedVersion: asset.version, note: VersionNote(message: message))
        update.audit = AuditNote(.commitTable, details: details)
        _ = try await services.store.updateAsset(at: address, with: update, by: actor)
    }
}
