import ArtifactFormats
import Foundation
import ObjectStorage

/// Writes what one run produces: a fragment per batch, the result files and the query table. The
/// result files are streamed while batches arrive and committed at the end when every fragment's
/// rows read correctly under the unified schema; otherwise they are rebuilt from the fragments.
/// Nothing becomes visible before the run succeeds, and a failed run removes what it wrote.
final class RunWriter {
    struct Fragment {
        let key: String
        let schema: Schema
        let rowCount: Int
    }

    private let store: any ObjectStore
    private let asset: ResolvedAsset
    private let directory: String
    private let runSuffix: String
    private let outputs: [FormatOutput]
    private let table: QueryTableBuilder?
    private let lanes: [Lane]
    private(set) var fragments: [Fragment] = []

    init(store: any ObjectStore, asset: ResolvedAsset, runID: String, startedAt: Date) throws {
        self.store = store
        self.asset = asset
        runSuffix = String(runID.suffix(8))
        directory = asset.options.snapshotArtifacts
            ? ObjectKey.join(asset.fragmentsDirectory, Self.partitions(for: startedAt))
            : asset.fragmentsDirectory
        var formats: [any ArtifactFormat] = [asset.fragmentFormat]
        for output in asset.outputs where !formats.contains(where: { $0.name == output.format.name }) {
            formats.append(output.format)
        }
        // Result files open with the first batch, so nothing needs closing if the table cannot start.
        let outputs = formats.map { format in
            FormatOutput(format: format, store: store, writesFragments: format.name == asset.fragmentFormat.name,
                         resultKeys: asset.outputs.filter { $0.format.name == format.name }.map(\.key))
        }
        table = asset.options.buildsQueryTable ? try QueryTableBuilder(scratch: try store.scratchDirectory(), runID: runID) : nil
        self.outputs = outputs
        var lanes = outputs.map { output in Lane { batch, key in try await output.handle(batch, fragmentKey: key) } }
        if let table { lanes.append(Lane { batch, _ in try table.insert(batch) }) }
        self.lanes = lanes
    }

    /// `year=2026/month=11/day=23/runtime=2026-11-23T10:15:00.123456Z`
    static func partitions(for date: Date) -> String {
        let runtime = Timestamp.format(date)
        let parts = runtime.prefix(10).split(separator: "-")
        return "year=\(parts[0])/month=\(parts[1])/day=\(parts[2])/runtime=\(runtime)"
    }

    var rowCount: Int { fragments.reduce(0) { $0 + $1.rowCount } }

    /// Hands a batch to every lane; empty batches write nothing.
    func add(_ batch: RowBatch) async throws {
        guard batch.rowCount > 0 else { return }
        let number = String(format: "%05d", fragments.count + 1)
        let key = ObjectKey.join(directory, "part-\(number)-\(runSuffix).\(asset.fragmentFormat.fileExtensions[0])")
        fragments.append(Fragment(key: key, schema: batch.schema, rowCount: batch.rowCount))
        for lane in lanes { try await lane.submit(batch, fragmentKey: key) }
    }

    /// What a finished run published.
    struct Published {
        /// The unified schema; nil when the run produced no rows.
        var schema: Schema?
        /// The key of the published query table, if any.
        var queryTable: String?
        /// The result files in the order of the asset's outputs, primary first.
        var files: [ArtifactFile]
    }

    /// Waits for every lane and publishes the results.
    func finish(queryTableKey: String) async throws -> Published {
        for lane in lanes { try await lane.drain() }
        guard !fragments.isEmpty else {
            let files = try await commitAll()  // empty files: no stale rows survive
            table?.discard()
            return Published(schema: nil, queryTable: nil, files: inOutputOrder(files))
        }
        var schema = Schema()
        do {
            for fragment in fragments { schema = try schema.unified(with: fragment.schema) }
        } catch {
            throw DataAssetError.from(error, asset: asset.name)
        }
        let streamedAreExact = outputs.allSatisfy { output in
            !output.hasResults || !output.abandoned && fragments.allSatisfy { output.format.canReuse(rowsEncodedAs: $0.schema, for: schema) }
        }
        let files: [ArtifactFile]
        if streamedAreExact {
            files = try await commitAll()
        } else {
            for output in outputs { await output.abort() }
            files = try await ResultAssembler(store: store, asset: asset).write(fragments, schema: schema)
        }
        guard let table, table.matches(schema) else {
            table?.discard()
            return Published(schema: schema, queryTable: nil, files: inOutputOrder(files))
        }
        try await table.publish(to: store, as: queryTableKey)
        return Published(schema: schema, queryTable: queryTableKey, files: inOutputOrder(files))
    }

    private func commitAll() async throws -> [ArtifactFile] {
        var files: [ArtifactFile] = []
        for output in outputs { files += try await output.commit() }
        return files
    }

    private func inOutputOrder(_ files: [ArtifactFile]) -> [ArtifactFile] {
        asset.outputs.compactMap { output in files.first { $0.key == output.key } }
    }

    /// Removes everything this run wrote; used when the run fails.
    func discard() async {
        for lane in lanes { try? await lane.drain() }
        for output in outputs { await output.abort() }
        table?.discard()
        try? await store.delete(fragments.map(\.key))
    }
}
