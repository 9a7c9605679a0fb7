import ArtifactFormats
import ObjectStorage

/// A data asset: a function whose rows are materialized as artifact files, cached, recorded in
/// runs and queried with SQL. Assets are values: `with(arguments:)` and `with(options:)` return new
/// assets and never change the one they are called on.
public struct Asset<Parameters: Codable & Sendable>: Sendable {
    /// The path of the results, relative to the workspace, with `|` separating further outputs
    /// (`bronze/customers.json|csv`); may hold `{placeholders}` until arguments are bound.
    public let path: String
    /// The asset's name; may hold `{placeholders}` until arguments are bound.
    public let name: String
    /// Storage and caching options.
    public let options: AssetOptions
    /// The bound arguments, if any.
    public let arguments: Parameters?
    let body: @Sendable (AssetContext<Parameters>) async throws -> RowSource

    /// Creates an asset from its parts; the public initializers build on this one.
    init(path: String, name: String?, options: AssetOptions, arguments: Parameters?,
         body: @escaping @Sendable (AssetContext<Parameters>) async throws -> RowSource) {
        self.path = path
        self.name = name ?? Self.defaultName(for: path)
        self.options = options
        self.arguments = arguments
        self.body = body
    }

    /// A copy of this asset with its arguments bound. Placeholders in the path, name, artifacts
    /// directory and catalog namespace that the arguments can fill are filled now; the others stay and must be filled when
    /// the asset runs.
    public func with(arguments: Parameters) -> Asset {
        guard let values = try? RowEncoder.value(of: arguments) else {
            return Asset(path: path, name: name, options: options, arguments: arguments, body: body)
        }
        var options = options
        options.artifactsDirectory = options.artifactsDirectory.map { Template(text: $0).resolvingKnown(from: values).text }
        options.catalogNamespace = options.catalogNamespace.map { Template(text: $0).resolvingKnown(from: values).text }
        return Asset(
            path: Template(text: path).resolvingKnown(from: values).text,
            name: Template(text: name).resolvingKnown(from: values).text,
            options: options, arguments: arguments, body: body)
    }

    /// A copy of this asset with other options.
    public func with(options: AssetOptions) -> Asset {
        Asset(path: path, name: name, options: options, arguments: arguments, body: body)
    }

    /// A copy of this asset with options changed by a closure: `asset.with { $0.snapshotArtifacts = true }`.
    public func with(_ change: (inout AssetOptions) -> Void) -> Asset {
        var changed = options
        change(&changed)
        return with(options: changed)
    }

    /// A copy of this asset with another path and, optionally, another name.
    public func with(path: String, name: String? = nil) -> Asset {
        Asset(path: path, name: name ?? self.name, options: options, arguments: arguments, body: body)
    }

    /// The name an asset gets when none is given: the file name of its primary output without the
    /// extension (`bronze/customers.json|csv` → `customers`).
    static func defaultName(for path: String) -> String {
        let primary = path.split(separator: "|", maxSplits: 1).first.map(String.init) ?? path
        let stem = ArtifactFormats.droppingExtension(primary)
        return String(stem[(stem.lastIndex(of: "/").map(stem.index(after:)) ?? stem.startIndex)...])
    }
}

/// What an asset's function receives: its arguments, the workspace it runs in (to read other
/// assets, which records them as inputs of this run) and the run's identity.
public struct AssetContext<Parameters: Sendable>: Sendable {
    /// The bound arguments.
    public let parameters: Parameters
    /// The workspace the asset is being materialized in.
    public let workspace: Workspace
    /// The id of this run.
    public let runID: String
    /// The resolved name of the asset.
    public let assetName: String
}
