import Foundation
import ObjectStorage

extension Workspace {
    /// A workspace where `FILESYSTEM_URL` points, as mad_prefect configures its file system: a
    /// directory (`/data/lake`, `./outputs`, a `file://` URL) or a bucket and prefix
    /// (`s3://my-bucket/lake`, reached with `AWS_REGION`, `AWS_ENDPOINT_URL` and the usual AWS
    /// credentials). When `PANGOLIN_URL` is set, results are registered in the catalog that it,
    /// `PANGOLIN_TOKEN` or `PANGOLIN_API_KEY`, `PANGOLIN_CATALOG` and `PANGOLIN_NAMESPACE` name (see
    /// `CatalogConnection.fromEnvironment`).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Workspace {
        guard let value = environment["FILESYSTEM_URL"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw DataAssetError(.invalidDefinition,
                "FILESYSTEM_URL is not set; set it to a directory (a path or a file:// URL) or a bucket (s3://bucket/prefix), "
                    + "or create the workspace with Workspace(directory:) or Workspace(store:)")
        }
        let catalog = try CatalogConnection.fromEnvironment(environment)
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), scheme.count > 1 else {
            return try Workspace(directory: URL(fileURLWithPath: value), catalog: catalog)
        }
        switch scheme {
        case "file":
            return try Workspace(directory: url.path.isEmpty ? URL(fileURLWithPath: ".") : URL(fileURLWithPath: url.path), catalog: catalog)
        case "s3", "s3a":
            do {
                return Workspace(store: try S3Store(url: value, environment: environment), catalog: catalog)
            } catch let error as ObjectStorageError {
                throw DataAssetError(.invalidDefinition, "FILESYSTEM_URL '\(value)': \(error.message)")
            }
        default:
            throw DataAssetError(.invalidDefinition,
                "FILESYSTEM_URL '\(value)' uses the scheme '\(url.scheme ?? scheme)', which this version cannot store to; "
                    + "use a local directory (a path or a file:// URL) or a bucket (s3://bucket/prefix)")
        }
    }
}
