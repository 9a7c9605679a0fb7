import ArtifactFormats

/// How an asset stores its artifacts and when it may reuse them.
public struct AssetOptions: Sendable, Hashable {
    /// Where fragments go; may hold `{placeholders}`. Nil means `<directory of the path>/_artifacts/asset=<name>`.
    public var artifactsDirectory: String?
    /// Whether every run keeps its fragments under `year=/month=/day=/runtime=` directories instead
    /// of replacing the previous run's fragments.
    public var snapshotArtifacts: Bool
    /// The format fragments are written in: `json` (JSON Lines), `csv` or `parquet` (also `json.gz`, `csv.gz`).
    public var fragmentFormat: String
    /// How long a successful result is reused without running the function; nil means it is
    /// reused only within one workspace session.
    public var cacheExpiration: Duration?
    /// How artifacts are read back (CSV dialect, column type overrides).
    public var readOptions: ReadOptions
    /// Whether a run also stores its result as a SQLite table beside the run records, so that the
    /// first query of a later session opens it instead of parsing the result file.
    public var buildsQueryTable: Bool
    /// The catalog namespace the result is registered in, dotted (`ml.features`); may hold
    /// `{placeholders}`. Nil means the workspace catalog's default namespace.
    public var catalogNamespace: String?

    /// Options; every default matches the library's own files.
    public init(
        artifactsDirectory: String? = nil,
        snapshotArtifacts: Bool = false,
        fragmentFormat: String = "json",
        cacheExpiration: Duration? = nil,
        readOptions: ReadOptions = ReadOptions(),
        buildsQueryTable: Bool = true,
        catalogNamespace: String? = nil
    ) {
        self.artifactsDirectory = artifactsDirectory
        self.snapshotArtifacts = snapshotArtifacts
        self.fragmentFormat = fragmentFormat
        self.cacheExpiration = cacheExpiration
        self.readOptions = readOptions
        self.buildsQueryTable = buildsQueryTable
        self.catalogNamespace = catalogNamespace
    }
}

/// The parameters of an asset that takes none.
public struct NoParameters: Codable, Sendable, Hashable {
    /// No parameters.
    public init() {}
}

/// Whether `materialize` may reuse an earlier result.
public enum CachePolicy: Sendable, Hashable {
    /// Reuse the result of this session, or one materialized within the asset's `cacheExpiration`.
    case useExpiration
    /// Reuse any existing result, however old; run only when there is none.
    case preferExisting
    /// Run the function even when a fresh result exists.
    case refresh
}
