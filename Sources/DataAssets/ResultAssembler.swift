import ArtifactFormats
import ObjectStorage

/// Writes the result files of a run: each is the union of the run's fragments under the unified
/// schema. A fragment whose rows already read correctly under that schema is copied byte for byte;
/// any other is read back, converted and written again. Nothing is visible until every result is
/// complete, and then each file replaces the previous one atomically.
struct ResultAssembler {
    let store: any ObjectStore
    let asset: ResolvedAsset

    func write(_ fragments: [FragmentWriter.Fragment], schema: Schema) throws {
        var writers: [any ObjectWriter] = []
        do {
            for output in asset.outputs {
                let writer = try store.makeWriter(for: output.key)
                writers.append(writer)
                try writer.write(output.format.encodedHeader(for: schema))
                for fragment in fragments {
                    try append(fragment, as: output.format, schema: schema, to: writer)
                }
            }
            for writer in writers { try writer.commit() }
        } catch {
            for writer in writers { writer.abort() }
            throw error
        }
    }

    /// Writes empty result files: the run produced no rows, and the files must not keep rows of an
    /// earlier run.
    func writeEmpty() throws {
        for output in asset.outputs { try store.write(.init(), to: output.key) }
    }

    private func append(_ fragment: FragmentWriter.Fragment, as format: any ArtifactFormat, schema: Schema, to writer: any ObjectWriter) throws {
        let isFragmentItself = format.name == asset.fragmentFormat.name
        if format.canReuse(rowsEncodedAs: fragment.schema, for: schema), let part = fragment.parts[format.name] {
            try ObjectCopy.pump(from: try store.openReader(for: part), to: writer, skipping: isFragmentItself ? fragment.headerLength : 0)
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
