import Foundation

/// Where a bucket is and how to reach it.
public struct S3Configuration: Sendable, Hashable {
    /// How the bucket is named in request URLs.
    public enum Addressing: Sendable, Hashable {
        /// `https://endpoint/bucket/key`: what local S3 servers (SeaweedFS, MinIO) expect.
        case path
        /// `https://bucket.endpoint/key`: AWS's default.
        case virtualHosted
    }

    /// The bucket.
    public var bucket: String
    /// Keys of the store live under this prefix of the bucket (`""` for the whole bucket).
    public var prefix: String
    /// The region requests are signed for. Default: `us-east-1`.
    public var region: String
    /// The server, with its scheme: `https://s3.amazonaws.com` by default (AWS's regional endpoint
    /// when a region is set), or a local one such as `http://127.0.0.1:8333`.
    public var endpoint: URL
    /// Path-style or virtual-hosted. Default: virtual-hosted for AWS, path-style for other endpoints.
    public var addressing: Addressing
    /// The keys; nil: found in the environment or `~/.aws/credentials` when the store is made.
    public var credentials: S3Credentials?
    /// Bytes in each part of a multipart upload (at least 5 MiB, S3's minimum). Default: 8 MiB.
    public var partSize: Int
    /// Parts uploaded at once. Default: 4; memory holds about this many parts, plus one.
    public var concurrentParts: Int
    /// How often an idempotent request is tried again after a 500, a 503 `SlowDown` or a broken
    /// connection. Default: 3.
    public var retries: Int

    /// A configuration; the defaults reach AWS in `region`.
    public init(bucket: String, prefix: String = "", region: String = "us-east-1", endpoint: URL? = nil, addressing: Addressing? = nil,
                credentials: S3Credentials? = nil, partSize: Int = 8 << 20, concurrentParts: Int = 4, retries: Int = 3) {
        self.bucket = bucket
        self.prefix = prefix.split(separator: "/").joined(separator: "/")
        self.region = region
        let aws = URL(string: region == "us-east-1" ? "https://s3.amazonaws.com" : "https://s3.\(region).amazonaws.com")!
        self.endpoint = endpoint ?? aws
        self.addressing = addressing ?? (endpoint == nil ? .virtualHosted : .path)
        self.credentials = credentials
        self.partSize = max(5 << 20, partSize)
        self.concurrentParts = max(1, concurrentParts)
        self.retries = max(0, retries)
    }

    /// The configuration of an `s3://bucket/prefix` URL, with `AWS_REGION` (or
    /// `AWS_DEFAULT_REGION`), `AWS_ENDPOINT_URL` (or `AWS_ENDPOINT_URL_S3`) and the credentials of
    /// the environment unless `credentials` are given.
    public static func fromEnvironment(url: String, credentials: S3Credentials? = nil,
                                       environment: [String: String] = ProcessInfo.processInfo.environment) throws -> S3Configuration {
        guard let (bucket, prefix) = try ObjectLocation.bucketAndPath(url) else {
            throw ObjectStorageError(.unsupportedLocation, key: url, "'\(url)' is not an s3:// URL")
        }
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1"
        var endpoint: URL?
        if let text = value("AWS_ENDPOINT_URL_S3") ?? value("AWS_ENDPOINT_URL") {
            guard let parsed = URL(string: text), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil else {
                throw ObjectStorageError(.unsupportedLocation, key: url, "AWS_ENDPOINT_URL '\(text)' is not an http:// or https:// URL")
            }
            endpoint = parsed
        }
        return S3Configuration(bucket: bucket, prefix: prefix, region: region, endpoint: endpoint,
                               credentials: try credentials ?? S3Credentials.fromEnvironment(environment))
    }
}
