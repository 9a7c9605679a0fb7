import ArtifactFormats
import ObjectStorage

/// Reads a result file of a run batch by batch, with the schema its run recorded; read and storage
/// errors become `DataAssetError`s that name the asset and the file.
struct ResultReader {
    private var rows: (any ArtifactReader)?
    private var artifact = ""
    private var assetName = ""

    /// A reader of the primary result; it yields nothing for an empty result.
    init(store: any ObjectStore, materialization: Materialization, options: ReadOptions, batchRows: Int) async throws {
        let run = materialization.run
        guard run.status == .succeeded, let schema = run.schema, let primary = run.artifacts.first else {
            self.init(emptyResultOf: run.assetName)
            return
        }
        try await self.init(store: store, run: run, artifact: primary, schema: schema, options: options, batchRows: batchRows)
    }

    private init(emptyResultOf assetName: String) {
        self.assetName = assetName
    }

    /// A reader of one result file of a run, read with `schema`.
    init(store: any ObjectStore, run: AssetRun, artifact: String, schema: Schema, options: ReadOptions, batchRows: Int) async throws {
        assetName = run.assetName
        self.artifact = artifact
        let format = try ArtifactFormats.format(forFile: artifact, options: options)
        let source: StoreSource
        do {
            source = try await StoreSource(store: store, key: artifact)
        } catch let error as ObjectStorageError {
            throw DataAssetError(.unreadableArtifact, "asset '\(run.assetName)': \(error.message); materialize it again with cache: .refresh")
        }
        do {
            rows = try await format.makeReader(source, schema: schema, options: options, columns: nil, batchRows: batchRows)
        } catch let error as ArtifactFormatError {
            throw DataAssetError.from(error, asset: assetName, file: artifact)
        }
    }

    /// The next batch, or nil at the end (at once for an empty result).
    func next() async throws -> RowBatch? {
        do {
            return try await rows?.next()
        } catch let error as ArtifactFormatError {
            throw DataAssetError.from(error, asset: assetName, file: artifact)
        }
    }
}
