import Foundation

extension Workspace {
    /// A workspace in the directory named by `FILESYSTEM_URL`, as mad_prefect configures its file
    /// system: a path (`/data/lake`, `./outputs`) or a `file://` URL. Other schemes (`s3://`) are
    /// refused with a message until an object store for them exists. When `PANGOLIN_URL` is set,
    /// results are registered in the catalog that it, `PANGOLIN_TOKEN` or `PANGOLIN_API_KEY`,
    /// `PANGOLIN_CATALOG` and `PANGOLIN_NAMESPACE` name (see `CatalogConnection.fromEnvironment`).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Workspace {
        guard let value = environment["FILESYSTEM_URL"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw DataAssetError(.invalidDefinition,
                "FILESYSTEM_URL is not set; set it to a directory (a path or a file:// URL), or create the workspace with Workspace(directory:)")
        }
        let catalog = try CatalogConnection.fromEnvironment(environment)
        if let url = URL(string: value), let scheme = url.scheme, scheme.count > 1 {
            guard scheme.lowercased() == "file" else {
                throw DataAssetError(.invalidDefinition,
                    "FILESYSTEM_URL '\(value)' uses the scheme '\(scheme)', which this version cannot store to; "
                        + "use a local directory (a path or a file:// URL)")
            }
            return try Workspace(directory: url.path.isEmpty ? URL(fileURLWithPath: ".") : URL(fileURLWithPath: url.path), catalog: catalog)
        }
        return try Workspace(directory: URL(fileURLWithPath: value), catalog: catalog)
    }
}
