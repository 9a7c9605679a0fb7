import ArtifactFormats
import ObjectStorage

/// Reads the primary result of a materialization batch by batch, with the schema its run recorded.
struct ResultReader {
    private var rows: ArtifactRowReader?
    private let artifact: String
    private let assetName: String

    init(store: any ObjectStore, materialization: Materialization, options: ReadOptions, batchRows: Int) throws {
        let run = materialization.run
        assetName = run.assetName
        artifact = run.artifacts.first ?? ""
        guard run.status == .succeeded, let schema = run.schema else { return }
        let format = try ArtifactFormats.format(forExtension: String(artifact.split(separator: ".").last ?? ""), options: options)
        let reader: any ObjectReader
        do {
            reader = try store.openReader(for: artifact)
        } catch let error as ObjectStorageError {
            throw DataAssetError(.unreadableArtifact, "asset '\(run.assetName)': \(error.message); materialize it again with cache: .refresh")
        }
        rows = ArtifactRowReader(format: format, schema: schema, options: options, batchRows: batchRows) { try reader.read(upTo: 1 << 20) }
    }

    /// The next batch, or nil at the end (at once for an empty result).
    mutating func next() throws -> RowBatch? {
        do {
            return try rows?.next()
        } catch let error as ArtifactFormatError {
            throw DataAssetError.from(error, asset: assetName, file: artifact)
        }
    }
}
