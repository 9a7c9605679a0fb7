import ArtifactFormats
import ObjectStorage

/// Rebuilds the result files of a run from its fragments when the streamed results cannot be used
/// (a later batch widened a column to text, added a column to a CSV result, or changed a Parquet
/// result's schema). Each result is written afresh under the unified schema: a fragment of the
/// same format whose rows already read correctly is copied as it is (bytes for text, row groups for
/// Parquet), any other is read back and converted. Every file is replaced atomically once all are
/// complete.
struct ResultAssembler {
    let store: any ObjectStore
    let asset: ResolvedAsset

    /// Writes every result file and returns them with their sizes and checksums.
    func write(_ fragments: [RunWriter.Fragment], schema: Schema) async throws -> [ArtifactFile] {
        var files: [ChecksummedWriter] = []
        do {
            for output in asset.outputs {
                let file = try await ChecksummedWriter(store: store, key: output.key, format: output.format.name)
                files.append(file)
                let writer = try await output.format.makeWriter(schema: schema, sink: file)
                for fragment in fragments {
                    try await append(fragment, as: output.format, to: writer)
                }
                try await writer.finish()
            }
            for file in files { try await file.commit() }
            return files.map(\.file)
        } catch {
            for file in files { await file.abort() }
            throw error
        }
    }

    private func append(_ fragment: RunWriter.Fragment, as format: any ArtifactFormat, to writer: any ArtifactWriter) async throws {
        let source = try await StoreSource(store: store, key: fragment.key)
        if format.name == asset.fragmentFormat.name, format.canReuse(rowsEncodedAs: fragment.schema, for: writer.schema) {
            try await writer.append(file: source, writtenAs: fragment.schema)
            return
        }
        let rows = try await asset.fragmentFormat.makeReader(source, schema: fragment.schema, options: asset.options.readOptions,
                                                             columns: nil, batchRows: 65_536)
        while let batch = try await rows.next() {
            try await writer.append(batch.conformed(to: writer.schema))
        }
    }
}
