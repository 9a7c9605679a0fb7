import ArtifactFormats
import ObjectStorage

/// Reads a result file of a run batch by batch, with the schema its run recorded; read and storage
/// errors become `DataAssetError`s that name the asset and the file.
struct ResultReader {
    private var rows: ArtifactRowReader?
    private var artifact = ""
    private var assetName = ""

    /// A reader of the primary result; it yields nothing for an empty result.
    init(store: any ObjectStore, materialization: Materialization, options: ReadOptions, batchRows: Int) throws {
        let run = materialization.run
        guard run.status == .succeeded, let schema = run.schema, let primary = run.artifacts.first else {
            self.init(emptyResultOf: run.assetName)
            return
        }
        try self.init(store: store, run: run, artifact: primary, schema: schema, options: options, batchRows: batchRows)
    }

    private init(emptyResultOf assetName: String) {
        self.assetName = assetName
    }

    /// A reader of one result file of a run, read with `schema`.
    init(store: any ObjectStore, run: AssetRun, artifact: String, schema: Schema, options: ReadOptions, batchRows: Int) throws {
        assetName = run.assetName
        self.artifact = artifact
        let format = try ArtifactFormats.format(forExtension: ObjectKey.fileExtension(of: artifact), options: options)
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
