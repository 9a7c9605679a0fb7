import ArtifactFormats
import Foundation
import ObjectStorage
import PangolinClient
import PangolinModel

extension PangolinClient {
    /// The seed's `CsvAsset.write`: writes `rows` to `location` in the format of its extension
    /// (CSV or JSON Lines) and registers the asset, or makes its next version, with the same
    /// properties a materialization records (`row_count`, `size_bytes`, `checksum`, `format`,
    /// `schema`, `produced_by`); rows identical to the latest version's make no version. Locations
    /// are local files: absolute paths or `file://` URLs.
    @discardableResult
    public func writeAsset<Row: Encodable>(
        _ rows: [Row], name: String, in catalog: String, namespace: NamespacePath, location: String,
        properties: [String: String] = [:], message: String? = nil
    ) async throws -> PangolinModel.Asset {
        let target = try ObjectLocation(location)
        let format = try ArtifactFormats.format(forFile: target.key)
        let batch = try RowEncoder.batch(rows)
        let output = try ChecksummedWriter(store: target.store, key: target.key, format: format.name)
        do {
            let writer = try format.makeWriter(schema: batch.schema, sink: output)
            try writer.append(batch)
            try writer.finish()
            try output.commit()
        } catch {
            output.abort()
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
        let resolved = try await CatalogReader(client: self).resolve(reference, catalog: catalog)
        var rows: [Row] = []
        for try await batch in CatalogReader.batches(of: resolved, reference: reference, as: Row.self, batchRows: 65_536) { rows += batch }
        return rows
    }
}
