import PangolinModel

extension Workspace {
    /// Reads the rows of a catalog asset by reference — `ml_features.customer_features@2025-12-01`,
    /// `…@v3`, `…@production`, `…@<instant>`, `…@<version id>`, with or without the catalog —
    /// from the version the catalog resolves it to. Inside an asset's function the read is recorded
    /// as an input of the run, so the result's lineage is pinned to that version.
    public func catalogRows<T: Decodable & Sendable>(_ reference: String, as type: T.Type) async throws -> [T] {
        var all: [T] = []
        for try await batch in try await catalogBatches(reference, as: T.self) { all += batch }
        return all
    }

    /// Reads a catalog asset's rows batch by batch, so memory holds one batch at a time; the read is
    /// recorded as `catalogRows` records it.
    public func catalogBatches<T: Decodable & Sendable>(
        _ reference: String, as type: T.Type, batchRows: Int = 65_536
    ) async throws -> AsyncThrowingStream<[T], any Error> {
        guard let catalog else {
            throw DataAssetError(.catalog,
                "cannot read '\(reference)' from a catalog: this workspace has none; create it with Workspace(directory:catalog:) "
                    + "or set PANGOLIN_URL for Workspace.fromEnvironment()")
        }
        let reader = CatalogReader(client: catalog.client, workspaceStore: store)
        let resolved = try await reader.resolve(reference, catalog: catalog.catalog, orAnyCatalog: true)
        let asset = resolved.asset
        RunScope.recorder?.record(AssetDependency(
            assetID: asset.id, assetName: asset.name, assetPath: resolved.version.location, runID: resolved.version.runID,
            catalogVersion: CatalogVersion(catalog: asset.catalog, namespace: asset.namespace.dotted, assetName: asset.name,
                                           assetID: asset.id, version: resolved.version.number)))
        return reader.batches(of: resolved, reference: reference, as: T.self, batchRows: batchRows)
    }
}
