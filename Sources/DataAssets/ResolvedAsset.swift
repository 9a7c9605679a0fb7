import ArtifactFormats
import Crypto
import Foundation
import ObjectStorage
import PangolinModel

/// An asset with every placeholder filled: the concrete files a run writes and reads.
struct ResolvedAsset: Sendable {
    struct Output: Sendable {
        let key: String
        let format: any ArtifactFormat
    }

    let id: String
    let name: String
    let outputs: [Output]
    let fragmentsDirectory: String
    let fragmentFormat: any ArtifactFormat
    let parameters: String?
    let options: AssetOptions
    /// The catalog namespace named by the options; nil: the workspace catalog's default.
    let catalogNamespace: NamespacePath?

    var primary: Output { outputs[0] }

    init<Parameters>(_ asset: Asset<Parameters>) throws {
        guard let arguments = asset.arguments ?? (NoParameters() as? Parameters) else {
            throw DataAssetError(.missingArguments,
                "asset '\(asset.name)' takes parameters (\(Parameters.self)); bind them first: asset.with(arguments: \(Parameters.self)(…))")
        }
        let values = try RowEncoder.value(of: arguments)
        name = try Template(text: asset.name).resolved(from: values, what: "the name")
        let path = try Template(text: asset.path).resolved(from: values, what: "the path")
        options = asset.options
        outputs = try Self.outputs(of: path, asset: name, options: asset.options.readOptions)
        if let directory = asset.options.artifactsDirectory {
            fragmentsDirectory = try Self.key(try Template(text: directory).resolved(from: values, what: "the artifacts directory"), asset: name)
        } else {
            fragmentsDirectory = ObjectKey.join(ObjectKey.parent(of: outputs[0].key), "_artifacts", "asset=\(name)")
        }
        do {
            fragmentFormat = try ArtifactFormats.format(named: asset.options.fragmentFormat, options: asset.options.readOptions)
        } catch {
            throw DataAssetError(.unknownExtension, "asset '\(name)': fragment format '\(asset.options.fragmentFormat)' is unknown; use json, csv or parquet")
        }
        let resolvedName = name
        catalogNamespace = try asset.options.catalogNamespace.map { template in
            try CatalogConnection.namespace(try Template(text: template).resolved(from: values, what: "the catalog namespace"),
                                            what: "asset '\(resolvedName)': the catalog namespace")
        }
        parameters = Parameters.self == NoParameters.self ? nil : Self.json(values)
        let digest = SHA256.hash(data: Data("\(name)\n\(outputs[0].key)".utf8))
        id = digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// The outputs of a resolved path: `a/b.json|csv` is `a/b.json` and `a/b.csv`; a part holding a
    /// `/` or `.` is a path of its own.
    static func outputs(of path: String, asset: String, options: ReadOptions) throws -> [Output] {
        let parts = path.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let primary = try key(parts[0], asset: asset)
        guard !ObjectKey.fileExtension(of: primary).isEmpty else {
            throw DataAssetError(.unknownExtension,
                "asset '\(asset)': path '\(parts[0])' has no file extension; end it with .json, .csv or .parquet (for example '\(parts[0]).parquet')")
        }
        let base = ArtifactFormats.droppingExtension(primary)
        var seen: Set<String> = []
        return try parts.map { part in
            // `a/b.json|csv.gz` is `a/b.csv.gz`; a part with a `/`, or a dot that is not a format's, is a path.
            let isExtension = !part.contains("/") && (try? ArtifactFormats.format(forExtension: part)) != nil
            let key = isExtension || !part.contains(".") && !part.contains("/") ? base + "." + part : try Self.key(part, asset: asset)
            let format: any ArtifactFormat
            do {
                format = try ArtifactFormats.format(forFile: key, options: options)
            } catch let error as ArtifactFormatError {
                throw DataAssetError(.unknownExtension, "asset '\(asset)': path '\(path)': \(error.message)")
            }
            guard seen.insert(key).inserted else {
                throw DataAssetError(.invalidDefinition, "asset '\(asset)': path '\(path)' names '\(key)' twice")
            }
            return Output(key: key, format: format)
        }
    }

    /// A store key from a user's path; a leading `/` means the workspace's root.
    static func key(_ path: String, asset: String) throws -> String {
        do {
            return try ObjectKey.normalized(String(path.drop { $0 == "/" }))
        } catch let error as ObjectStorageError {
            throw DataAssetError(.invalidDefinition, "asset '\(asset)': \(error.message)")
        }
    }

    private static func json(_ value: ArtifactValue) -> String {
        var bytes: [UInt8] = []
        JSONLines.appendValue(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
