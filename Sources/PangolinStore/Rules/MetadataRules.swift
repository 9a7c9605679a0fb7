import PangolinModel

/// Statements on business metadata.
public protocol MetadataRepository {
    func metadata(assetID: String) throws -> BusinessMetadata?
    /// Stores the asset's metadata, replacing what it had.
    func saveMetadata(_ metadata: BusinessMetadata) throws
    /// Whether there was metadata to delete.
    func deleteMetadata(assetID: String) throws -> Bool
}

extension CatalogDatabase: MetadataStore {
    public func setMetadata(assetID: String, _ change: MetadataChange, by actor: AuditActor) async throws -> BusinessMetadata {
        let tags = try MetadataChange.validateTags(change.tags)
        return try await write { tx in
            let asset = try Self.requireAsset(id: assetID, in: tx)
            let metadata = BusinessMetadata(
                assetID: assetID, description: change.description, tags: tags, properties: change.properties,
                discoverable: change.discoverable, updatedAt: StoredValues.now().date, updatedBy: actor.username)
            try tx.saveMetadata(metadata)
            try tx.indexForSearch(asset, SearchDocument(asset, metadata: metadata))
            try AuditChain.append(Self.auditEntry(.setMetadata, asset), by: actor, in: tx)
            return metadata
        }
    }

    public func metadata(assetID: String) async throws -> BusinessMetadata? {
        try await backend.lookup { tx in try tx.metadata(assetID: assetID) }
    }

    public func deleteMetadata(assetID: String, by actor: AuditActor) async throws {
        try await write { tx in
            let asset = try Self.requireAsset(id: assetID, in: tx)
            guard try tx.deleteMetadata(assetID: assetID) else {
                throw PangolinError.notFound(.metadata, "asset '\(asset.name)' has no business metadata to delete")
            }
            try tx.indexForSearch(asset, SearchDocument(asset, metadata: nil))
            try AuditChain.append(Self.auditEntry(.deleteMetadata, asset), by: actor, in: tx)
        }
    }
}
