import ArtifactFormats
import Foundation

/// The record of one run of an asset, written under the workspace's metadata prefix whether the
/// run succeeded, failed or produced nothing.
public struct AssetRun: Codable, Sendable, Hashable {
    /// How a run ended.
    public enum Status: String, Codable, Sendable {
        /// The function returned rows and every artifact was written.
        case succeeded
        /// The function or the writing of artifacts failed; the previous result is untouched.
        case failed
        /// The function returned no rows; the result files are empty.
        case empty
    }

    /// The run's id (time-ordered).
    public var id: String
    /// The asset's id: a hash of its resolved name and primary path.
    public var assetID: String
    /// The asset's resolved name.
    public var assetName: String
    /// The primary result path.
    public var assetPath: String
    /// The bound arguments as JSON, if the asset takes parameters.
    public var parameters: String?
    /// When the run started.
    public var startedAt: Date
    /// When it ended.
    public var finishedAt: Date
    /// How long it took, in milliseconds.
    public var durationMilliseconds: Double
    /// How it ended.
    public var status: Status
    /// The error, for a failed run.
    public var error: String?
    /// Rows written.
    public var rowCount: Int
    /// Fragment files written by this run.
    public var fragments: [String]
    /// Result files written by this run, primary first.
    public var artifacts: [String]
    /// The unified schema of the result.
    public var schema: Schema?
    /// The SQLite file holding the result as a table, for queries; nil when the run kept none.
    public var queryTable: String?
    /// The assets this run read, with the runs whose results it read.
    public var dependencies: [AssetDependency]
    /// The result files with their sizes and checksums, primary first; nil in records of runs that
    /// failed or were written before runs kept them.
    public var artifactFiles: [ArtifactFile]?
    /// Where the result was registered in the workspace's catalog; nil when the workspace has none
    /// or the run produced nothing to register.
    public var registration: CatalogRegistration?

    enum CodingKeys: String, CodingKey {
        case id, parameters, status, error, fragments, artifacts, schema, dependencies, registration
        case assetID = "asset_id", assetName = "asset_name", assetPath = "asset_path"
        case startedAt = "started_at", finishedAt = "finished_at", durationMilliseconds = "duration_ms"
        case rowCount = "row_count", queryTable = "query_table", artifactFiles = "artifact_files"
    }
}

/// An asset read by another asset's run: an asset of the workspace, or a version of a catalog asset
/// read by reference.
public struct AssetDependency: Codable, Sendable, Hashable {
    /// The id of the asset that was read: the workspace's id of it, or the catalog's for an asset
    /// read from the catalog.
    public var assetID: String
    /// Its name.
    public var assetName: String
    /// Its primary path in the workspace, or the location of the catalog version that was read.
    public var assetPath: String
    /// The run whose result was read, when one is known.
    public var runID: String?
    /// The catalog version that was read, which the lineage edge of this dependency is pinned to;
    /// nil when it is not in a catalog.
    public var catalogVersion: CatalogVersion?

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id", assetName = "asset_name", assetPath = "asset_path", runID = "run_id", catalogVersion = "catalog_version"
    }
}

/// What a workspace keeps about an asset between runs: its last run and the run whose result is
/// current. Cache decisions read it; old fragments are removed by it, so an asset removes only its
/// own.
struct AssetManifest: Codable, Sendable {
    var assetID: String
    var assetName: String
    var assetPath: String
    /// The most recent run, whatever its status.
    var lastRun: AssetRun
    /// The run whose artifacts are the current result (succeeded or empty); nil before the first.
    var current: AssetRun?

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id", assetName = "asset_name", assetPath = "asset_path", lastRun = "last_run", current
    }
}

/// The outcome of `materialize`: the run that produced the current result, and whether it was
/// produced now or reused.
public struct Materialization: Sendable, Hashable {
    /// The run whose result this is.
    public var run: AssetRun
    /// True when an earlier result was reused instead of running the function.
    public var reused: Bool

    /// The primary result file.
    public var primaryArtifact: String? { run.artifacts.first }
    /// Rows in the result.
    public var rowCount: Int { run.rowCount }
    /// The result's schema.
    public var schema: Schema? { run.schema }
    /// Where the result is registered in the workspace's catalog, if it has one.
    public var registration: CatalogRegistration? { run.registration }
}
