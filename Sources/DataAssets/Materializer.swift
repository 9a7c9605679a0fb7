import ArtifactFormats
import Foundation
import ObjectStorage

/// Runs an asset's function once and publishes its result, or reuses a result the cache policy
/// allows. A run that fails leaves the previous result and fragments as they were. With a catalog,
/// a result is registered after it is published and before it is recorded, so its run record says
/// where it was registered.
struct Materializer {
    let workspace: Workspace
    let store: any ObjectStore
    let log: RunLog
    let catalog: CatalogConnection?

    func materialize<Parameters>(_ asset: Asset<Parameters>, resolved: ResolvedAsset, policy: CachePolicy) async throws -> Materialization {
        let previous = try await log.manifest(for: resolved.id)
        if let reusable = try await reusableResult(previous, resolved: resolved, policy: policy) {
            return Materialization(run: try await registeredIfPending(reusable, resolved: resolved, manifest: previous), reused: true)
        }
        return try await run(asset, resolved: resolved, previous: previous)
    }

    /// A reused result that is not yet registered where the workspace registers (its registration
    /// failed, or it was made without a catalog) is registered now, so nothing stays unregistered
    /// for good; a result that is registered makes no version.
    private func registeredIfPending(_ run: AssetRun, resolved: ResolvedAsset, manifest: AssetManifest?) async throws -> AssetRun {
        guard let catalog, run.status == .succeeded else { return run }
        let namespace = (resolved.catalogNamespace ?? catalog.namespace).dotted
        if run.registration?.isDone(at: catalog.url, catalog: catalog.catalog, namespace: namespace) == true { return run }
        var registered = run
        registered.registration = await RunRegistration(connection: catalog, store: store, log: log).register(run, asset: resolved)
        try await log.record(registered, manifest: AssetManifest(
            assetID: resolved.id, assetName: resolved.name, assetPath: resolved.primary.key,
            lastRun: manifest?.lastRun.id == run.id ? registered : manifest?.lastRun ?? registered, current: registered))
        try RunRegistration.check(registered.registration)
        return registered
    }

    private func reusableResult(_ manifest: AssetManifest?, resolved: ResolvedAsset, policy: CachePolicy) async throws -> AssetRun? {
        guard policy != .refresh, let current = manifest?.current, try await store.exists(resolved.primary.key) else { return nil }
        if policy == .preferExisting { return current }
        guard let expiration = resolved.options.cacheExpiration else { return nil }
        let age = Date().timeIntervalSince(current.finishedAt)
        let seconds = Double(expiration.components.seconds) + Double(expiration.components.attoseconds) / 1e18
        return age >= 0 && age < seconds ? current : nil
    }

    private func run<Parameters>(_ asset: Asset<Parameters>, resolved: ResolvedAsset, previous: AssetManifest?) async throws -> Materialization {
        let startedAt = Date()
        let runID = RunID.make(at: startedAt)
        let recorder = DependencyRecorder()
        guard let parameters = asset.arguments ?? (NoParameters() as? Parameters) else {
            throw DataAssetError(.missingArguments, "asset '\(resolved.name)' takes parameters; bind them with with(arguments:)")
        }
        let context = AssetContext(parameters: parameters, workspace: workspace, runID: runID, assetName: resolved.name)
        var record = AssetRun(
            id: runID, assetID: resolved.id, assetName: resolved.name, assetPath: resolved.primary.key,
            parameters: resolved.parameters, startedAt: startedAt, finishedAt: startedAt, durationMilliseconds: 0,
            status: .failed, error: nil, rowCount: 0, fragments: [], artifacts: [], schema: nil, dependencies: [])
        var writer: RunWriter?
        do {
            let output = try RunWriter(store: store, asset: resolved, runID: runID, startedAt: startedAt)
            writer = output
            try await RunScope.$running.withValue(RunScope.running + [resolved.id]) {
                try await RunScope.$recorder.withValue(recorder) {
                    let source = try await asset.body(context)
                    try await source.produce { batch in try await output.add(batch) }
                }
            }
            record.dependencies = recorder.recorded
            let published = try await output.finish(queryTableKey: log.queryTableKey(assetID: resolved.id, runID: runID))
            record.status = published.schema == nil ? .empty : .succeeded
            record.schema = published.schema
            record.queryTable = published.queryTable
            record.rowCount = output.rowCount
            record.fragments = output.fragments.map(\.key)
            record.artifacts = resolved.outputs.map(\.key)
            record.artifactFiles = published.files
            if let catalog, record.status == .succeeded {
                record.registration = await RunRegistration(connection: catalog, store: store, log: log)
                    .register(record, asset: resolved, after: previous?.current)
            }
            finish(&record)
            try await log.record(record, manifest: AssetManifest(
                assetID: resolved.id, assetName: resolved.name, assetPath: resolved.primary.key, lastRun: record, current: record))
        } catch {
            await writer?.discard()
            let reported = Self.translate(error, asset: resolved.name)
            record.dependencies = recorder.recorded
            record.error = String(describing: reported)
            finish(&record)
            try? await log.record(record, manifest: AssetManifest(
                assetID: resolved.id, assetName: resolved.name, assetPath: resolved.primary.key, lastRun: record, current: previous?.current))
            throw reported
        }
        // The new result is recorded as current; only now are the files of the one it replaced removed.
        if let old = previous?.current {
            if !resolved.options.snapshotArtifacts {
                try? await store.delete(old.fragments.filter { !record.fragments.contains($0) })
            }
            if let oldTable = old.queryTable { try? await store.delete(oldTable) }
        }
        try RunRegistration.check(record.registration)
        return Materialization(run: record, reused: false)
    }

    private func finish(_ record: inout AssetRun) {
        record.finishedAt = Date()
        record.durationMilliseconds = (record.finishedAt.timeIntervalSince(record.startedAt) * 1000 * 1000).rounded() / 1000
    }

    /// Library errors become `DataAssetError`s that name the asset; the function's own errors pass
    /// through unchanged so callers can catch their own types.
    static func translate(_ error: any Error, asset: String) -> any Error {
        switch error {
        case let error as ArtifactFormatError: DataAssetError.from(error, asset: asset)
        case let error as ObjectStorageError: DataAssetError(.storage, "asset '\(asset)': \(error.message)")
        case let error as EncodingError: DataAssetError(.unencodableValue, "asset '\(asset)': a returned value cannot be stored: \(error)")
        default: error
        }
    }
}
