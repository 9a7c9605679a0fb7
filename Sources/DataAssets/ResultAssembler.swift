import ArtifactFormats
import ObjectStorage

/// Rebuilds the result files of a run from its fragments when the streamed results cannot be used
/// (a later batch widened a column to text, or added a column to a CSV result). Each fragment is
/// read back, converted to the unified schema and written again; fragments whose rows already read
/// correctly are copied byte for byte. Every file is replaced atomically once all are complete.
struct ResultAssembler {
    let store: any ObjectStore
    let asset: ResolvedAsset

    /// Writes every result file and returns them with their sizes and checksums.
    func write(_ fragments: [RunWriter.Fragment], schema: Schema) throws -> [ArtifactFile] {
        var writers: [ChecksummedWriter] = []
        do {
            for output in asset.outputs {
                let writer = try ChecksummedWriter(store: store, key: output.key, format: output.format.name)
                writers.append(writer)
                try writer.write(output.format.encodedHeader(for: schema))
                for fragment in fragments {
                    try append(fragment, as: output.format, schema: schema, to: writer)
                }
            }
            for writer in writers { try writer.commit() }
            return writers.map(\.file)
        } catch {
            for writer in writers { writer.abort() }
            throw error
        }
    }

    private func append(_ fragment: RunWriter.Fragment, as format: any ArtifactFormat, schema: Schema, to writer: any ObjectWriter) throws {
        if format.name == asset.fragmentFormat.name, format.canReuse(rowsEncodedAs: fragment.schema, for: schema) {
            try ObjectCopy.pump(from: try store.openReader(for: fragment.key), to: writer, skipping: fragment.headerLength)
            return
        }
        let reader = try store.openReader(for: fragment.key)
        var rows = ArtifactRowReader(format: asset.fragmentFormat, schema: fragment.schema, options: asset.options.readOptions) {
            try reader.read(upTo: 1 << 20)
        }
        var bytes: [UInt8] = []
        while let batch = try rows.next() {
            bytes.removeAll(keepingCapacity: true)
            format.encode(batch.conformed(to: schema), into: &bytes)
            try writer.write(bytes)
        }
    }
}
