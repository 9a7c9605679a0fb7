import ArtifactFormats
import Foundation
import ObjectStorage

/// Writes each batch of a run as a fragment file, and as a body part in every other result format,
/// so results can be assembled by copying bytes instead of parsing fragments again.
final class FragmentWriter {
    struct Fragment {
        let key: String
        let schema: Schema
        let rowCount: Int
        /// Bytes of header at the start of the fragment file.
        let headerLength: Int
        /// Files holding the fragment's rows (without header) by result format name; the fragment
        /// itself serves its own format.
        var parts: [String: String]
    }

    private let store: any ObjectStore
    private let asset: ResolvedAsset
    private let directory: String
    private let staging: String
    private let runSuffix: String
    private(set) var fragments: [Fragment] = []
    private var written: [String] = []

    init(store: any ObjectStore, asset: ResolvedAsset, runID: String, startedAt: Date, staging: String) {
        self.store = store
        self.asset = asset
        self.staging = staging
        runSuffix = String(runID.suffix(8))
        directory = asset.options.snapshotArtifacts
            ? ObjectKey.join(asset.fragmentsDirectory, Self.partitions(for: startedAt))
            : asset.fragmentsDirectory
    }

    /// `year=2026/month=11/day=23/runtime=2026-11-23T10:15:00.123456Z`
    static func partitions(for date: Date) -> String {
        let runtime = Timestamp.format(date)
        let parts = runtime.prefix(10).split(separator: "-")
        return "year=\(parts[0])/month=\(parts[1])/day=\(parts[2])/runtime=\(runtime)"
    }

    var rowCount: Int { fragments.reduce(0) { $0 + $1.rowCount } }

    /// Writes one batch; empty batches write nothing.
    func add(_ batch: RowBatch) throws {
        guard batch.rowCount > 0 else { return }
        let number = String(format: "%05d", fragments.count + 1)
        let format = asset.fragmentFormat
        let key = ObjectKey.join(directory, "part-\(number)-\(runSuffix).\(format.fileExtensions[0])")
        var bytes = format.encodedHeader(for: batch.schema)
        let headerLength = bytes.count
        format.encode(batch, into: &bytes)
        try write(bytes, to: key)
        var parts: [String: String] = [format.name: key]
        for output in asset.outputs where parts[output.format.name] == nil {
            var body: [UInt8] = []
            output.format.encode(batch, into: &body)
            let partKey = ObjectKey.join(staging, "part-\(number).\(output.format.fileExtensions[0])")
            try write(body, to: partKey)
            parts[output.format.name] = partKey
        }
        fragments.append(Fragment(key: key, schema: batch.schema, rowCount: batch.rowCount, headerLength: headerLength, parts: parts))
    }

    /// The schema that holds every fragment's rows.
    func unifiedSchema() throws(ArtifactFormatError) -> Schema {
        var schema = Schema()
        for fragment in fragments { schema = try schema.unified(with: fragment.schema) }
        return schema
    }

    /// Removes everything this run wrote; used when the run fails.
    func discard() {
        for key in written { try? store.delete(key) }
        try? store.deleteAll(under: staging)
    }

    /// Removes the staged parts once the results are written.
    func removeStaging() {
        try? store.deleteAll(under: staging)
    }

    private func write(_ bytes: [UInt8], to key: String) throws {
        written.append(key)
        let writer = try store.makeWriter(for: key)
        do {
            try writer.write(bytes)
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }
}
