import ArtifactFormats
import Foundation
import ObjectStorage
import PangolinModel

extension PangolinClient {
    /// The seed's `CsvAsset.write`: writes `rows` to `location` as CSV or JSON Lines (by its
    /// extension) and registers the asset, or, when it exists, records the write as its next
    /// version. Locations are local files (a path or `file://` URL).
    public func writeAsset<Row: Encodable>(
        _ rows: [Row], name: String, in catalog: String, namespace: NamespacePath, location: String,
        properties: [String: String] = [:], message: String? = nil
    ) async throws -> Asset {
        let file = try LocalLocation(location)
        let format = try ArtifactFormats.format(forExtension: file.fileExtension)
        let batch = try RowEncoder.batch(rows)
        var bytes = format.encodedHeader(for: batch.schema)
        format.encode(batch, into: &bytes)
        try file.store.write(Data(bytes), to: file.key)
        var all = properties
        all["format"] = format.name
        all["rows"] = String(batch.rowCount)
        do {
            _ = try await asset(name, in: catalog, namespace: namespace)
        } catch let error as PangolinError where error.code == .notFound {
            return try await register(
                AssetDraft(name: name, kind: format.name == "csv" ? .csvTable : .jsonTable, location: location, properties: all,
                           message: message, sizeBytes: Int64(bytes.count)),
                in: catalog, namespace: namespace)
        }
        return try await updateAsset(
            name, in: catalog, namespace: namespace,
            AssetChange(location: location, properties: all, message: message, sizeBytes: Int64(bytes.count)))
    }

    /// The seed's `CsvAsset.read`: the rows of the asset's file, decoded as `Row`.
    public func readAsset<Row: Decodable>(_ type: Row.Type, name: String, in catalog: String, namespace: NamespacePath) async throws -> [Row] {
        let asset = try await asset(name, in: catalog, namespace: namespace)
        let file = try LocalLocation(asset.location)
        let format = try ArtifactFormats.format(forExtension: file.fileExtension)
        var chunk: [UInt8]? = Array(try file.store.read(file.key))
        var reader = ArtifactRowReader(format: format, schema: nil) {
            defer { chunk = nil }
            return chunk ?? []
        }
        var rows: [Row] = []
        while let batch = try reader.next() {
            rows += try RowDecoder.decode(Row.self, from: batch)
        }
        return rows
    }
}

/// A local file named by an asset location: a directory store and the file's key in it.
struct LocalLocation {
    let store: LocalDirectoryStore
    let key: String
    let fileExtension: String

    init(_ location: String) throws {
        let path: String
        if location.hasPrefix("file://") {
            guard let url = URL(string: location), url.isFileURL else {
                throw PangolinClientError.unsupportedLocation(location)
            }
            path = url.path
        } else if location.hasPrefix("/") {
            path = location
        } else {
            throw PangolinClientError.unsupportedLocation(location)
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        store = try LocalDirectoryStore(root: url.deletingLastPathComponent())
        key = url.lastPathComponent
        fileExtension = url.pathExtension
    }
}
