import ArtifactFormats
import ObjectStorage

/// One format's work in a run: each batch is encoded once, then written as a fragment file (when
/// this is the fragment format) and appended to the result files of this format, which stay
/// invisible until the run commits them.
final class FormatOutput {
    let format: any ArtifactFormat
    private let store: any ObjectStore
    private let writesFragments: Bool
    private(set) var results: [ChecksummedWriter]
    private var body: [UInt8] = []
    private var startedResults = false

    init(format: any ArtifactFormat, store: any ObjectStore, writesFragments: Bool, resultKeys: [String]) throws {
        self.format = format
        self.store = store
        self.writesFragments = writesFragments
        results = []
        for key in resultKeys { results.append(try ChecksummedWriter(store: store, key: key, format: format.name)) }
    }

    func handle(_ batch: RowBatch, fragmentKey: String) throws {
        let header = format.encodedHeader(for: batch.schema)
        body.removeAll(keepingCapacity: true)
        format.encode(batch, into: &body)
        if writesFragments {
            let writer = try store.makeWriter(for: fragmentKey)
            do {
                try writer.write(header)
                try writer.write(body)
                try writer.commit()
            } catch {
                writer.abort()
                throw error
            }
        }
        for result in results {
            if !startedResults { try result.write(header) }
            try result.write(body)
        }
        startedResults = true
    }

    /// Publishes the result files and returns them with their sizes and checksums.
    func commit() throws -> [ArtifactFile] {
        for result in results { try result.commit() }
        return results.map(\.file)
    }

    func abort() { for result in results { result.abort() } }
}
