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

    func handle(_ batch: RowBatch, fragmentKey: String) async throws {
        let encoded = try format.encode(batch)
        if writesFragments { try await writeFragment(encoded, schema: batch.schema, to: fragmentKey) }
        guard !abandoned, hasResults else { return }
        if results.isEmpty { try await open(schema: batch.schema) }
        for result in results {
            guard try await result.writer.append(encoded) else {
                await abandon()
                return
            }
        }
    }

    private func writeFragment(_ encoded: any EncodedRows, schema: Schema, to key: String) async throws {
        let file = FragmentFile(try await store.makeWriter(for: key))
        do {
            let writer = try await format.makeWriter(schema: schema, sink: file)
            _ = try await writer.append(encoded)
            try await writer.finish()
            try await file.writer.commit()
        } catch {
            await file.writer.abort()
            throw error
        }
    }

    /// A fragment file takes a format writer's bytes; fragments need no checksum.
    private final class FragmentFile: ArtifactSink {
        let writer: any ObjectWriter
        init(_ writer: any ObjectWriter) { self.writer = writer }
        func write(_ bytes: [UInt8]) async throws { try await writer.write(bytes) }
    }

    private func open(schema: Schema) async throws {
        for key in resultKeys {
            let file = try await ChecksummedWriter(store: store, key: key, format: format.name)
            do {
                results.append((file, try await format.makeWriter(schema: schema, sink: file)))
            } catch {
                await file.abort()
                throw error
            }
        }
    }

    private func abandon() async {
        abandoned = true
        await abort()
    }

    /// Finishes and publishes the result files and returns them with their sizes and checksums.
    /// A run without rows has no schema: its results are empty files of the format.
    func commit() async throws -> [ArtifactFile] {
        precondition(!abandoned, "an abandoned result is rebuilt, never committed")
        if results.isEmpty { try await open(schema: Schema()) }
        for result in results {
            try await result.writer.finish()
            try await result.file.commit()
        }
        return results.map(\.file.file)
    }

    func abort() async {
        for result in results { await result.file.abort() }
        results.removeAll()
    }
}
