import ArtifactFormats
import ObjectStorage

/// One format's work in a run: each batch is encoded once, then written as a fragment file (when
/// this is the fragment format) and appended to the result files of this format, which stay
/// invisible until the run commits them. A result that cannot hold a batch as it was encoded (a
/// Parquet file whose schema the batch does not have) is abandoned; the run then rebuilds it.
final class FormatOutput {
    let format: any ArtifactFormat
    private let store: any ObjectStore
    private let writesFragments: Bool
    private let resultKeys: [String]
    private var results: [(file: ChecksummedWriter, writer: any ArtifactWriter)] = []
    /// Whether some batch could not be placed in the streamed results.
    private(set) var abandoned = false

    init(format: any ArtifactFormat, store: any ObjectStore, writesFragments: Bool, resultKeys: [String]) {
        self.format = format
        self.store = store
        self.writesFragments = writesFragments
        self.resultKeys = resultKeys
    }

    /// Whether this output writes result files.
    var hasResults: Bool { !resultKeys.isEmpty }

    func handle(_ batch: RowBatch, fragmentKey: String) throws {
        let encoded = try format.encode(batch)
        if writesFragments { try writeFragment(encoded, schema: batch.schema, to: fragmentKey) }
        guard !abandoned, hasResults else { return }
        if results.isEmpty { try open(schema: batch.schema) }
        for result in results {
            guard try result.writer.append(encoded) else {
                abandon()
                return
            }
        }
    }

    private func writeFragment(_ encoded: any EncodedRows, schema: Schema, to key: String) throws {
        let file = FragmentFile(try store.makeWriter(for: key))
        do {
            let writer = try format.makeWriter(schema: schema, sink: file)
            _ = try writer.append(encoded)
            try writer.finish()
            try file.commit()
        } catch {
            file.abort()
            throw error
        }
    }

    /// A fragment file takes a format writer's bytes; fragments need no checksum.
    private final class FragmentFile: ArtifactSink {
        let writer: any ObjectWriter
        init(_ writer: any ObjectWriter) { self.writer = writer }
        func write(_ bytes: UnsafeRawBufferPointer) throws { try writer.write(bytes) }
        func commit() throws { try writer.commit() }
        func abort() { writer.abort() }
    }

    private func open(schema: Schema) throws {
        for key in resultKeys {
            let file = try ChecksummedWriter(store: store, key: key, format: format.name)
            do {
                results.append((file, try format.makeWriter(schema: schema, sink: file)))
            } catch {
                file.abort()
                throw error
            }
        }
    }

    private func abandon() {
        abandoned = true
        abort()
    }

    /// Finishes and publishes the result files and returns them with their sizes and checksums.
    /// A run without rows has no schema: its results are empty files of the format.
    func commit() throws -> [ArtifactFile] {
        precondition(!abandoned, "an abandoned result is rebuilt, never committed")
        if results.isEmpty { try open(schema: Schema()) }
        for result in results {
            try result.writer.finish()
            try result.file.commit()
        }
        return results.map(\.file.file)
    }

    func abort() {
        for result in results { result.file.abort() }
        results.removeAll()
    }
}
