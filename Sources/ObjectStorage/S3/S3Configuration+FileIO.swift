import Foundation

extension S3Configuration {
    /// A bucket reached with Iceberg's FileIO settings, as catalogs hand them out: `s3.region`,
    /// `s3.endpoint`, `s3.path-style-access`, `s3.access-key-id`, `s3.secret-access-key` and
    /// `s3.session-token`. Without an access key there are no credentials (the store then finds
    /// its own); `source` says in errors where the settings came from.
    public init(bucket: String, fileIO settings: [String: String], source: String) throws {
        let endpoint = try settings["s3.endpoint"].map { text in
            guard let url = URL(string: text), url.scheme != nil else {
                throw ObjectStorageError(.unsupportedLocation, key: bucket, "the endpoint '\(text)' in \(source) is not a URL; it must be like http://127.0.0.1:8333")
            }
            return url
        }
        self.init(
            bucket: bucket, region: settings["s3.region"] ?? "us-east-1", endpoint: endpoint,
            addressing: settings["s3.path-style-access"].map { $0 == "true" ? .path : .virtualHosted },
            credentials: settings["s3.access-key-id"].map {
                S3Credentials(accessKeyID: $0, secretAccessKey: settings["s3.secret-access-key"] ?? "",
                              sessionToken: settings["s3.session-token"], source: source)
            })
    }
}
