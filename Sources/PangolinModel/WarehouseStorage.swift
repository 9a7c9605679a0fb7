import Foundation

/// What a warehouse's `storage_config` describes, read and checked: no storage, a bucket on an
/// S3-compatible server, or a kind this server only records (Azure, GCS, a local path). Both
/// spellings clients send are read: pypangolin's `create_s3` (`s3.bucket`, `s3.region`,
/// `s3.endpoint`, `s3.access-key-id`, `s3.secret-access-key`, `s3.path-style-access`) and
/// Pangolin's own (`type`, `bucket`, `region`, `endpoint`, `access_key_id`, `secret_access_key`);
/// keys may also come from an `AwsStatic` vending strategy.
public enum WarehouseStorage: Sendable, Hashable {
    case none
    case s3(S3Storage)
    /// A storage type this server does not reach itself (`azure`, `gcs`, `local`, …).
    case recorded(type: String)

    /// A bucket, where it is and the keys that reach it.
    public struct S3Storage: Sendable, Hashable {
        public var bucket: String
        /// Keys of the warehouse live under it (`""`: the whole bucket).
        public var prefix: String
        public var region: String
        /// `http(s)://host[:port]` of a server other than AWS; nil for AWS.
        public var endpoint: String?
        /// Path-style addressing; nil: the client's default (path-style for an endpoint).
        public var pathStyle: Bool?
        public var accessKeyID: String?
        public var secretAccessKey: String?
        public var sessionToken: String?

        /// `s3://bucket/prefix/`.
        public var root: String { "s3://\(bucket)/" + (prefix.isEmpty ? "" : prefix + "/") }

        /// Whether an `s3://` location lies in this bucket under its prefix.
        public func contains(_ location: String) -> Bool {
            WarehouseStorage.canonical(location).hasPrefix(root)
        }
    }

    /// The storage of `config` and `vendingStrategy`, or a 400 that names the setting at fault.
    public init(config: [String: String], vendingStrategy: JSONValue? = nil) throws {
        func value(_ names: String...) -> String? {
            for name in names { if let found = config[name]?.trimmingCharacters(in: .whitespaces), !found.isEmpty { return found } }
            return nil
        }
        let declared = value("type", "storage_type")?.lowercased()
        let mentionsS3 = config.keys.contains { $0.hasPrefix("s3.") } || config["bucket"] != nil
        guard declared == "s3" || (declared == nil && mentionsS3) else {
            self = declared.map { .recorded(type: $0) } ?? .none
            return
        }
        guard let bucket = value("s3.bucket", "bucket") else {
            throw PangolinError.invalid("storage_config of an S3 warehouse needs s3.bucket (the bucket's name)")
        }
        try Self.validateBucket(bucket)
        let region = value("s3.region", "region") ?? "us-east-1"
        guard region.count <= 64, region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw PangolinError.invalid("s3.region \(Names.quoted(region)) is not a region name such as us-east-1")
        }
        let endpoint = value("s3.endpoint", "endpoint")
        if let endpoint {
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false,
                  url.query == nil, url.fragment == nil else {
                throw PangolinError.invalid("s3.endpoint \(Names.quoted(endpoint)) is not an http:// or https:// URL of a host, such as http://127.0.0.1:8333")
            }
        }
        var pathStyle: Bool?
        if let text = value("s3.path-style-access", "path_style_access", "s3.path-style") {
            switch text.lowercased() {
            case "true": pathStyle = true
            case "false": pathStyle = false
            default: throw PangolinError.invalid("s3.path-style-access is \(Names.quoted(text)); write true or false")
            }
        }
        var strategy: [String: JSONValue] = [:]
        if case .object(let members)? = vendingStrategy, case .object(let aws)? = members["AwsStatic"] { strategy = aws }
        func strategyValue(_ name: String) -> String? {
            if case .string(let text)? = strategy[name], !text.isEmpty { return text }
            return nil
        }
        let accessKey = value("s3.access-key-id", "access_key_id") ?? strategyValue("access_key_id")
        let secret = value("s3.secret-access-key", "secret_access_key") ?? strategyValue("secret_access_key")
        guard (accessKey == nil) == (secret == nil) else {
            throw PangolinError.invalid("an S3 warehouse needs both s3.access-key-id and s3.secret-access-key, or neither")
        }
        let prefix = (value("prefix", "s3.prefix") ?? "").split(separator: "/").joined(separator: "/")
        self = .s3(S3Storage(bucket: bucket, prefix: prefix, region: region, endpoint: endpoint, pathStyle: pathStyle,
                             accessKeyID: accessKey, secretAccessKey: secret, sessionToken: value("s3.session-token", "session_token")))
    }

    /// An `s3a://` location (as Spark writes them) in its `s3://` spelling; others as they are.
    public static func canonical(_ location: String) -> String {
        location.lowercased().hasPrefix("s3a://") ? "s3://" + location.dropFirst(6) : location
    }

    /// S3's rules for bucket names: 3 to 63 lowercase letters, digits, dots and hyphens, starting
    /// and ending with a letter or digit.
    static func validateBucket(_ bucket: String) throws {
        let allowed = bucket.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }
        guard (3...63).contains(bucket.count), allowed, let first = bucket.first, let last = bucket.last,
              first.isLetter || first.isNumber, last.isLetter || last.isNumber, !bucket.contains("..") else {
            throw PangolinError.invalid(
                "s3.bucket \(Names.quoted(bucket)) is not a bucket name: use 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit")
        }
    }
}

/// What `GET /api/v1/warehouses/{name}/credentials` answers, in the shape of the Iceberg REST
/// catalog's `LoadCredentialsResponse`: for each storage prefix, the client settings that reach it
/// (`s3.access-key-id`, `s3.secret-access-key`, `s3.session-token`, `s3.region`, `s3.endpoint`,
/// `s3.path-style-access`).
public struct StorageCredentials: Sendable, Hashable, Codable {
    public struct Credential: Sendable, Hashable, Codable {
        /// The locations these settings reach: `s3://bucket/prefix/`.
        public var prefix: String
        public var config: [String: String]

        public init(prefix: String, config: [String: String]) {
            self.prefix = prefix
            self.config = config
        }
    }

    public var storageCredentials: [Credential]

    public init(storageCredentials: [Credential]) {
        self.storageCredentials = storageCredentials
    }

    enum CodingKeys: String, CodingKey {
        case storageCredentials = "storage-credentials"
    }

    /// The settings of an S3 warehouse, with its keys.
    public init(_ storage: WarehouseStorage.S3Storage) {
        var config = ["s3.region": storage.region]
        config["s3.access-key-id"] = storage.accessKeyID
        config["s3.secret-access-key"] = storage.secretAccessKey
        config["s3.session-token"] = storage.sessionToken
        config["s3.endpoint"] = storage.endpoint
        config["s3.path-style-access"] = storage.pathStyle.map { $0 ? "true" : "false" }
        self.init(storageCredentials: [Credential(prefix: storage.root, config: config)])
    }

    /// The settings whose prefix is the longest that `location` starts with.
    public func credential(for location: String) -> Credential? {
        let normalized = WarehouseStorage.canonical(location)
        return storageCredentials.filter { normalized.hasPrefix($0.prefix) }.max { $0.prefix.count < $1.prefix.count }
    }
}
