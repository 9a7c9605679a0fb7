import ArtifactFormats
import Foundation
import ObjectStorage
import PangolinClient
import PangolinModel

extension PangolinClient {
    /// The seed's `ParquetAsset.write` and `CsvAsset.write`: writes `rows` to `location` in the
    /// format of its extension (`.parquet`, `.csv`, `.csv.gz`, `.json`, …) and registers the asset,
    /// or makes its next version, with the same properties a materialization records (`row_count`,
    /// `size_bytes`, `checksum`, `format`, `schema`, `produced_by`); rows identical to the latest
    /// version's make no version. `compression` overrides the extension's: a Parquet codec
    /// (`.snappy`, the default, `.zstd`, `.gzip`, `.none`), or `.gzip` for a whole CSV or JSON
    /// file. Locations are local files (absolute paths or `file://` URLs) or objects in a bucket
    /// (`s3://bucket/key`), reached with the keys the catalog's warehouse hands out to its writers,
    /// or with the environment's (see `StorageAccess`).
    @discardableResult
    public func writeAsset<Row: Encodable>(
        _ rows: [Row], name: String, in catalog: String, namespace: NamespacePath, location: String,
        compression: ArtifactCompression? = nil, properties: [String: String] = [:], message: String? = nil
    ) async throws -> PangolinModel.Asset {
        try await writeAsset(try RowEncoder.batch(rows), name: name, in: catalog, namespace: namespace, location: location,
                             compression: compression, properties: properties, message: message)
    }

    /// Writes a batch of rows and registers it, as `writeAsset(_:name:in:namespace:location:…)` does rows.
    @discardableResult
    public func writeAsset(
        _ batch: RowBatch, name: String, in catalog: String, namespace: NamespacePath, location: String,
        compression: ArtifactCompression? = nil, properties: [String: String] = [:], message: String? = nil
    ) async throws -> PangolinModel.Asset {
        let target = try await StorageAccess(client: self).object(at: location, catalog: catalog)
        var format = try ArtifactFormats.format(forFile: target.key)
        if let compression { format = try format.compressed(compression) }
        let output = try await ChecksummedWriter(store: target.store, key: target.key, format: format.name)
        do {
            let writer = try await format.makeWriter(schema: batch.schema, sink: output)
            try await writer.append(batch)
            try await writer.finish()
            try await output.commit()
        } catch {
            await output.abort()
            throw error
        }
        let file = output.file
        let recorded = CatalogProperties.of(
            primary: .init(file: file, location: location), schema: batch.rowCount > 0 ? batch.schema : nil,
            rowCount: batch.rowCount, runID: nil, parameters: nil)
        let connection = CatalogConnection(client: self, catalog: catalog, namespace: namespace)
        return try await CatalogRegistrar(connection: connection).register(CatalogRegistrar.Entry(
            name: name, namespace: namespace, kind: AssetKind(rawValue: format.catalogKind) ?? .other, location: location,
            properties: properties.merging(recorded) { _, recorded in recorded },
            checksum: file.checksum, sizeBytes: file.sizeBytes, runID: nil, message: message, derivedFrom: [],
            sameness: .checksumAndLocation, known: nil)).asset
    }

    /// The seed's `CsvAsset.read`: the rows of an asset's current version, decoded as `Row`.
    public func readAsset<Row: Decodable & Sendable>(_ type: Row.Type, name: String, in catalog: String, namespace: NamespacePath) async throws -> [Row] {
        try await readAsset(Row.self, reference: "\(namespace.dotted).\(name)", inCatalog: catalog)
    }

    /// The rows of the version a reference names (`lake.sales.orders@v2`, `sales.orders@2025-12-01`), decoded as `Row`.
    public func readAsset<Row: Decodable & Sendable>(_ type: Row.Type, reference: String, inCatalog catalog: String? = nil) async throws -> [Row] {
        var rows: [Row] = []
        for try await batch in try await readAssetBatches(reference: reference, inCatalog: catalog) { rows += try RowDecoder.decode(Row.self, from: batch) }
        return rows
    }

    /// The rows of the version a reference names, batch by batch as their format stores them, with
    /// their column types.
    public func readAssetBatches(reference: String, inCatalog catalog: String? = nil, batchRows: Int = 65_536) async throws
        -> AsyncThrowingStream<RowBatch, any Error>
    {
        let reader = CatalogReader(client: self)
        return reader.batches(of: try await reader.resolve(reference, catalog: catalog), reference: reference, batchRows: batchRows)
    }
}
