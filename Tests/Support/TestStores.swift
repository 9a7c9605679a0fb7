import Foundation
import ObjectStorage

/// The kinds of store a test can run on: a local directory, and a bucket on the test process's
/// SeaweedFS server.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case local, s3

    public var description: String { rawValue }

    /// A fresh, empty store of this kind; S3 stores live under `prefix` of a new bucket.
    public func makeStore(prefix: String = "") async throws -> any ObjectStore {
        switch self {
        case .local:
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
            return try LocalDirectoryStore(root: prefix.isEmpty ? root : root.appendingPathComponent(prefix))
        case .s3:
            return try await SeaweedFS.shared().newBucket(prefix: prefix)
        }
    }
}

extension SeaweedFS {
    /// The settings of a bucket on this server, signed with its key (or another `secret`).
    public func configuration(bucket: String, prefix: String = "", secret: String? = nil) -> S3Configuration {
        S3Configuration(bucket: bucket, prefix: prefix, endpoint: endpoint,
                        credentials: S3Credentials(accessKeyID: accessKey, secretAccessKey: secret ?? secretKey),
                        partSize: 5 << 20)
    }

    /// A store over a new bucket.
    public func newBucket(prefix: String = "", bucket: String = SeaweedFS.bucketName()) async throws -> S3Store {
        let store = try S3Store(configuration(bucket: bucket, prefix: prefix))
        try await store.createBucket()
        return store
    }

    /// A name for a new bucket.
    public static func bucketName() -> String { "b-\(UUID().uuidString.prefix(12).lowercased())" }

    /// The environment a process needs to reach this server as `AWS_*` variables.
    public var environment: [String: String] {
        ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey, "AWS_ENDPOINT_URL": endpoint.absoluteString, "AWS_REGION": "us-east-1"]
    }
}
