import PangolinModel

/// Statements on assets.
public protocol AssetRepository {
    func asset(id: String) throws -> Asset?
    func asset(at address: AssetAddress) throws -> Asset?
    func assets(ids: [String]) throws -> [Asset]
    /// The tenant's assets named `reading.name`, in its catalog and namespace when it names them.
    func assets(matching reading: AssetReference.Reading, tenantID: String, limit: Int) throws -> [Asset]
    /// The namespace's assets that `visibility` admits, by name, with their total: filtered in the
    /// query, so that pages and totals are true for what the caller may read.
    func assetPage(namespaceID: String, tenantID: String, visibility: AssetVisibility, limit: Int, offset: Int) throws -> Page<Asset>
    func insertAsset(_ asset: Asset, catalogID: String, namespaceID: String) throws
    /// Stores the asset's location, properties, version and update time.
    func updateAsset(_ asset: Asset) throws
    /// Stores the asset's name, namespace and update time.
    func moveAsset(_ asset: Asset, namespaceID: String) throws
    /// Removes the asset's row and its search entries.
    func deleteAsset(id: String) throws
    func insertDeletedAsset(_ deleted: DeletedAsset) throws
    func deletedAsset(id: String) throws -> DeletedAsset?
}

extension CatalogDatabase: AssetStore {
    public func registerAsset(_ registration: AssetRegistration, at address: NamespaceAddress, by actor: AuditActor) async throws -> Asset {
        try Names.validate(registration.name, as: .asset)
        try Locations.validate(registration.location)
        return try await write { tx in
            let namespace = try Self.requireNamespace(tenantID: address.tenantID, catalog: address.catalog, path: address.namespace, use: .parent, in: tx)
            let assetAddress = address.asset(registration.name)
            if try tx.asset(at: assetAddress) != nil {
                throw PangolinError.exists(.asset, "\(assetAddress) already exists; update it or choose another name")
            }
            let now = StoredValues.now().date
            let asset = Asset(
                id: Identifiers.make(), tenantID: address.tenantID, catalog: address.catalog,
                namespace: address.namespace, name: registration.name, kind: registration.kind,
                location: registration.location, properties: registration.properties, version: 1,
                createdAt: now, updatedAt: now)
            try tx.insertAsset(asset, catalogID: namespace.catalogID, namespaceID: namespace.id)
            try Self.recordVersion(of: asset, note: registration.note, by: actor, in: tx)
            try tx.indexForSearch(asset, SearchDocument(asset, metadata: nil))
            try AuditChain.append(
                Self.auditEntry(registration.audit.action, asset, metadata: registration.audit.details.isEmpty ? nil : registration.audit.details),
                by: actor, in: tx)
            _ = try Self.insertLineage(registration.lineage, downstream: asset, version: 1, by: actor, in: tx)
            return asset
        }
    }

    public func asset(at address: AssetAddress) async throws -> Asset? {
        try await backend.lookup { tx in try tx.asset(at: address) }
    }

    public func asset(id: String) async throws -> Asset? {
        try await backend.lookup { tx in try tx.asset(id: id) }
    }

    public func assets(in address: NamespaceAddress, visibility: AssetVisibility, limit: Int, offset: Int) async throws -> Page<Asset> {
        try await backend.read { tx in
            let namespace = try Self.requireNamespace(tenantID: address.tenantID, catalog: address.catalog, path: address.namespace, use: .parent, in: tx)
            return try tx.assetPage(namespaceID: namespace.id, tenantID: address.tenantID, visibility: visibility, limit: limit, offset: offset)
        }
    }

    public func updateAsset(at address: AssetAddress, with update: AssetUpdate, by actor: AuditActor) async throws -> Asset {
        if let location = update.location { try Locations.validate(location) }
        return try await write { tx in try Self.update(at: address, with: update, by: actor, in: tx) }
    }

    public func updateAssets(_ changes: [(AssetAddress, AssetUpdate)], by actor: AuditActor) async throws -> [Asset] {
        for (_, update) in changes { if let location = update.location { try Locations.validate(location) } }
        return try await write { tx in
            try changes.map { address, update in try Self.update(at: address, with: update, by: actor, in: tx) }
        }
    }

    /// One asset's update inside a transaction: the expected-version check, the next version, its
    /// search entry, audit event and lineage.
    private static func update(at address: AssetAddress, with update: AssetUpdate, by actor: AuditActor, in tx: Backend.Transaction) throws -> Asset {
        guard var asset = try tx.asset(at: address) else {
            throw PangolinError.notFound(.asset, "\(address) does not exist")
        }
        if let expected = update.expectedVersion, expected != asset.version {
            throw PangolinError.conflict(
                "\(address) is at version \(asset.version), not \(expected): it changed since you read it; read it again and reapply your change")
        }
        let location = update.location ?? asset.location
        let properties = update.properties ?? asset.properties
        guard location != asset.location || properties != asset.properties else {
            _ = try Self.insertLineage(update.lineage, downstream: asset, version: asset.version, by: actor, in: tx)
            return asset
        }
        asset.location = location
        asset.properties = properties
        asset.version += 1
        asset.updatedAt = StoredValues.now().date
        try tx.updateAsset(asset)
        try Self.recordVersion(of: asset, note: update.note, by: actor, in: tx)
        try tx.indexForSearch(asset, SearchDocument(asset, metadata: try tx.metadata(assetID: asset.id)))
        let details = update.audit.details.merging(["version": .int(Int64(asset.version))]) { mine, _ in mine }
        try AuditChain.append(Self.auditEntry(update.audit.action, asset, metadata: details), by: actor, in: tx)
        _ = try Self.insertLineage(update.lineage, downstream: asset, version: asset.version, by: actor, in: tx)
        return asset
    }

    public func deleteAsset(at address: AssetAddress, by actor: AuditActor) async throws {
        try await deleteAsset(at: address, audit: AuditNote(.deleteAsset), by: actor)
    }

    public func deleteAsset(at address: AssetAddress, audit: AuditNote, by actor: AuditActor) async throws {
        try await write { tx in
            guard let asset = try tx.asset(at: address) else {
                throw PangolinError.notFound(.asset, "\(address) does not exist")
            }
            try tx.deleteAsset(id: asset.id)
            // Grants on the asset go with it: a later asset of the same name is a different asset.
            try tx.deletePermissions(on: .asset(assetID: asset.id))
            // Lineage describes the assets that exist; the deletion's audit event keeps the record.
            try tx.deleteLineageEdges(touching: asset.id)
            // Its versions and tags stay, findable by its id, under the address it had.
            try tx.insertDeletedAsset(DeletedAsset(
                id: asset.id, address: address, kind: asset.kind, deletedAt: StoredValues.now().date, deletedBy: actor.username))
            try AuditChain.append(Self.auditEntry(audit.action, asset, metadata: audit.details.isEmpty ? nil : audit.details), by: actor, in: tx)
        }
    }

    public func renameAsset(at address: AssetAddress, to destination: AssetAddress, audit: AuditNote, by actor: AuditActor) async throws -> Asset {
        try Names.validate(destination.name, as: .asset)
        guard address.tenantID == destination.tenantID, address.catalog == destination.catalog else {
            throw PangolinError.invalid("an asset moves only within its catalog; '\(address.catalog)' is not '\(destination.catalog)'")
        }
        return try await write { tx in
            guard var asset = try tx.asset(at: address) else { throw PangolinError.notFound(.asset, "\(address) does not exist") }
            let namespace = try Self.requireNamespace(
                tenantID: destination.tenantID, catalog: destination.catalog, path: destination.namespace, use: .parent, in: tx)
            if try tx.asset(at: destination) != nil {
                throw PangolinError.exists(.asset, "\(destination) already exists; drop it or choose another name")
            }
            asset.name = destination.name
            asset.namespace = destination.namespace
            asset.updatedAt = StoredValues.now().date
            try tx.moveAsset(asset, namespaceID: namespace.id)
            try tx.indexForSearch(asset, SearchDocument(asset, metadata: try tx.metadata(assetID: asset.id)))
            let details = audit.details.merging([
                "from": .string("\(address.namespace).\(address.name)"), "to": .string("\(destination.namespace).\(destination.name)"),
            ]) { mine, _ in mine }
            try AuditChain.append(Self.auditEntry(audit.action, asset, metadata: details), by: actor, in: tx)
            return asset
        }
    }

    /// The asset with id `id`, or a 404.
    static func requireAsset(id: String, in tx: Backend.Transaction) throws -> Asset {
        guard let asset = try tx.asset(id: id) else { throw PangolinError.notFound(.asset, "no asset with id '\(id)'") }
        return asset
    }

    static func auditEntry(_ action: AuditAction, _ asset: Asset, metadata: [String: JSONValue]? = nil) -> AuditEntry {
        AuditEntry(
            action: action, resourceType: "asset", resourceID: asset.id,
            resourceName: "\(asset.catalog).\(asset.namespace).\(asset.name)", tenantID: asset.tenantID,
            metadata: metadata)
    }

    /// Versions are immutable and outlive the asset, so its history stays readable after deletion.
    private static func recordVersion(of asset: Asset, note: VersionNote, by actor: AuditActor, in tx: Backend.Transaction) throws {
        try tx.insertVersion(AssetVersion(
            assetID: asset.id, number: asset.version, id: Identifiers.make(), location: asset.location, properties: asset.properties,
            sizeBytes: note.sizeBytes, checksum: note.checksum, message: note.message, runID: note.runID,
            createdAt: asset.updatedAt, createdBy: actor.username))
    }
}
