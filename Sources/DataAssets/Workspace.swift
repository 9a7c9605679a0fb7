import ArtifactFormats
import Foundation
import ObjectStorage

/// Where assets are materialized: an object store for artifacts and run metadata, and a session
/// that remembers what ran. Within one workspace an asset runs at most once for the same arguments
/// (unless asked to refresh), however often it is materialized, read or queried, and concurrent
/// requests for the same asset share one run.
public actor Workspace {
    /// The store that holds artifacts and metadata.
    public nonisolated let store: any ObjectStore
    /// Where run records and manifests are kept, relative to the store's root.
    public nonisolated let metadataPrefix: String
    /// The catalog that results are registered in, and that `catalogRows` reads from; nil: none.
    public nonisolated let catalog: CatalogConnection?
    nonisolated let log: RunLog
    private var session: [String: Task<Materialization, any Error>] = [:]
    private var queryEngine: QueryEngine?

    /// A workspace over an object store, registering its results in `catalog` when one is given.
    public init(store: any ObjectStore, metadataPrefix: String = "_pangolin", catalog: CatalogConnection? = nil) {
        self.store = store
        self.metadataPrefix = metadataPrefix
        self.catalog = catalog
        log = RunLog(store: store, prefix: metadataPrefix)
    }

    /// A workspace in a local directory, which is created if missing, registering its results in
    /// `catalog` when one is given.
    public init(directory: URL, catalog: CatalogConnection? = nil) throws {
        self.init(store: try LocalDirectoryStore(root: directory), catalog: catalog)
    }

    func materialize<Parameters>(_ asset: Asset<Parameters>, policy: CachePolicy) async throws -> Materialization {
        let resolved = try ResolvedAsset(asset)
        if RunScope.running.contains(resolved.id) {
            throw DataAssetError(.dependencyCycle, "asset '\(resolved.name)' depends on itself through the assets it reads; break the cycle")
        }
        let key = resolved.id + "\u{1F}" + (resolved.parameters ?? "")
        let task: Task<Materialization, any Error>
        if policy != .refresh, let existing = session[key] {
            task = existing
        } else {
            let materializer = Materializer(workspace: self, store: store, log: log, catalog: catalog)
            task = Task { try await materializer.materialize(asset, resolved: resolved, policy: policy) }
            session[key] = task
        }
        do {
            let materialization = try await task.value
            RunScope.recorder?.record(materialization)
            return materialization
        } catch {
            if session[key] == task { session[key] = nil }
            throw error
        }
    }

    func engine() -> QueryEngine {
        if let queryEngine { return queryEngine }
        let engine = QueryEngine(store: store, cache: FileManager.default.temporaryDirectory.appendingPathComponent("pangolin-query-tables"))
        queryEngine = engine
        return engine
    }

    /// Every recorded run of an asset, newest first.
    func runs(of resolved: ResolvedAsset) async throws -> [AssetRun] {
        try await log.runs(of: resolved.id)
    }
}
