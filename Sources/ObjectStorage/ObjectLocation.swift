import Foundation

/// An object named by an absolute location, as catalogs record them: the store that holds it and
/// its key there. Local files are `file:///…` URLs or absolute paths; objects in a bucket are
/// `s3://bucket/key` (or `s3a://`, as Spark writes them).
public struct ObjectLocation: Sendable {
    /// The store whose root is the object's directory.
    public let store: any ObjectStore
    /// The object's key in that store.
    public let key: String

    /// The store and key of `location`. An `s3://` location is reached with `s3`'s region,
    /// endpoint, addressing and credentials when given (its bucket and prefix are the
    /// location's), else with those of the environment (`AWS_REGION`, `AWS_ENDPOINT_URL`,
    /// `AWS_ACCESS_KEY_ID`, `~/.aws/credentials`). Other schemes are refused with a message that
    /// names the location.
    public init(_ location: String, s3: S3Configuration? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let (bucket, path) = try Self.bucketAndPath(location) {
            let (directory, name) = try Self.split(path, of: location)
            var configuration = try s3 ?? S3Configuration.fromEnvironment(url: "s3://\(bucket)", environment: environment)
            configuration.bucket = bucket
            configuration.prefix = directory
            store = try S3Store(configuration, environment: environment)
            key = name
            return
        }
        let path: String
        if location.hasPrefix("/") {
            path = location
        } else if let url = URL(string: location), let scheme = url.scheme?.lowercased(), scheme.count > 1 {
            guard scheme == "file", [nil, "", "localhost"].contains(url.host), !url.path.isEmpty else {
                throw ObjectStorageError(.unsupportedLocation, key: location,
                    "'\(location)' is not a location this library can read or write; use an absolute path, a file:// URL or an s3:// URL")
            }
            path = url.path
        } else {
            throw ObjectStorageError(.unsupportedLocation, key: location,
                "'\(location)' is not an absolute location; use an absolute path, a file:// URL or an s3:// URL")
        }
        let file = URL(fileURLWithPath: path).standardizedFileURL
        guard !file.lastPathComponent.isEmpty, file.path != "/" else {
            throw ObjectStorageError(.invalidKey, key: location, "'\(location)' names a directory, not a file")
        }
        store = try LocalDirectoryStore(root: file.deletingLastPathComponent(), createIfMissing: false)
        key = file.lastPathComponent
    }

    /// The bucket and the key of an `s3://` or `s3a://` location; nil for other schemes.
    public static func bucketAndPath(_ location: String) throws -> (bucket: String, path: String)? {
        guard let scheme = ["s3://", "s3a://"].first(where: { location.lowercased().hasPrefix($0) }) else { return nil }
        let rest = location.dropFirst(scheme.count)
        let bucket = String(rest.prefix { $0 != "/" })
        guard !bucket.isEmpty else {
            throw ObjectStorageError(.unsupportedLocation, key: location, "'\(location)' names no bucket; write s3://bucket/key")
        }
        return (bucket, String(rest.dropFirst(bucket.count)).split(separator: "/").joined(separator: "/"))
    }

    /// The directory and the name of an object's key.
    private static func split(_ path: String, of location: String) throws -> (directory: String, name: String) {
        let segments = path.split(separator: "/").map(String.init)
        guard let name = segments.last, !location.hasSuffix("/") else {
            throw ObjectStorageError(.invalidKey, key: location, "'\(location)' names a bucket or a directory, not an object")
        }
        let directory = segments.dropLast().joined(separator: "/")
        _ = try ObjectKey.normalized(path)
        return (directory, name)
    }
}
