import AsyncHTTPClient
import Crypto
import Foundation
import NIOHTTP1

/// An object store in an S3-compatible bucket (AWS S3, SeaweedFS, MinIO, …), under a prefix.
/// Writes are atomic as S3's are: an object appears whole when its upload completes — one PUT for
/// small objects, a streaming multipart upload for large ones, aborted when it fails or is
/// dropped, so a partial object never becomes visible. Reads are ranged GETs.
public struct S3Store: ObjectStore {
    /// Where the bucket is.
    public var configuration: S3Configuration { client.configuration }
    let client: S3Client

    /// A store over a bucket; without credentials in `configuration`, they come from the
    /// environment or `~/.aws/credentials`.
    public init(_ configuration: S3Configuration, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let credentials = try configuration.credentials ?? S3Credentials.fromEnvironment(environment) else {
            throw ObjectStorageError(.denied, key: "",
                "no S3 credentials for s3://\(configuration.bucket): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in ~/.aws/credentials")
        }
        client = S3Client(configuration: configuration, credentials: credentials)
    }

    /// A store of an `s3://bucket/prefix` URL, configured from the environment (`AWS_REGION`,
    /// `AWS_ENDPOINT_URL`, credentials).
    public init(url: String, credentials: S3Credentials? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try self.init(try S3Configuration.fromEnvironment(url: url, credentials: credentials, environment: environment), environment: environment)
    }

    /// The bucket's key of a store key.
    func objectKey(_ key: String) throws -> String {
        let normalized = try ObjectKey.normalized(key)
        return configuration.prefix.isEmpty ? normalized : configuration.prefix + "/" + normalized
    }

    /// The store key of a bucket key under the prefix.
    func storeKey(_ objectKey: String) -> String {
        configuration.prefix.isEmpty ? objectKey : String(objectKey.dropFirst(configuration.prefix.count + 1))
    }

    public func location(for key: String) throws -> String {
        "s3://\(configuration.bucket)/\(try objectKey(key))"
    }

    public func makeWriter(for key: String) async throws -> any ObjectWriter {
        S3ObjectWriter(client: client, key: try objectKey(key))
    }

    public func openReader(for key: String) async throws -> any ObjectReader {
        S3SequentialReader(ranges: try await openS3RangeReader(try objectKey(key)))
    }

    public func openRangeReader(for key: String) async throws -> any RangeReader {
        try await openS3RangeReader(try objectKey(key))
    }

    private func openS3RangeReader(_ objectKey: String) async throws -> S3RangeReader {
        guard let info = try await head(objectKey) else {
            throw ObjectStorageError(.notFound, key: objectKey, "there is no object s3://\(configuration.bucket)/\(objectKey)")
        }
        return S3RangeReader(client: client, key: objectKey, size: info.size, etag: info.etag)
    }

    public func info(for key: String) async throws -> ObjectInfo? {
        try await head(try objectKey(key)).map { ObjectInfo(key: try ObjectKey.normalized(key), size: $0.size, modified: $0.modified, etag: $0.etag) }
    }

    private func head(_ objectKey: String) async throws -> (size: Int64, modified: Date, etag: String)? {
        do {
            let response = try await client.send(.HEAD, key: objectKey, idempotent: true)
            let size = response.headers.first(name: "Content-Length").flatMap(Int64.init) ?? 0
            let modified = response.headers.first(name: "Last-Modified").flatMap(Self.httpDate) ?? Date(timeIntervalSince1970: 0)
            return (size, modified, response.headers.first(name: "ETag") ?? "\(size)")
        } catch let error as ObjectStorageError where error.code == .notFound {
            return nil
        }
    }

    public func list(under prefix: String) async throws -> [ObjectInfo] {
        let base = prefix.isEmpty ? configuration.prefix : try objectKey(prefix)
        let listed = base.isEmpty ? "" : base + "/"
        var found: [ObjectInfo] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", listed), ("max-keys", "1000")]
            if let token { query.append(("continuation-token", token)) }
            let response = try await client.send(.GET, key: nil, query: query, idempotent: true)
            let xml = S3XML(response.body)
            for entry in xml.blocks("Contents") {
                guard let key = entry.first("Key") else { continue }
                let size = entry.first("Size").flatMap(Int64.init) ?? 0
                let modified = entry.first("LastModified").flatMap(Self.isoDate) ?? Date(timeIntervalSince1970: 0)
                found.append(ObjectInfo(key: storeKey(key), size: size, modified: modified, etag: entry.first("ETag")))
            }
            token = xml.first("IsTruncated") == "true" ? xml.first("NextContinuationToken") : nil
        } while token != nil
        return found.sorted { $0.key < $1.key }
    }

    public func delete(_ key: String) async throws {
        _ = try await client.send(.DELETE, key: try objectKey(key), idempotent: true)
    }

    /// DeleteObjects, a thousand keys a request.
    public func delete(_ keys: [String]) async throws {
        let objectKeys = try keys.map(objectKey)
        for start in stride(from: 0, to: objectKeys.count, by: 1000) {
            let batch = objectKeys[start..<min(objectKeys.count, start + 1000)]
            let body = Array(("<Delete><Quiet>true</Quiet>" + batch.map { "<Object><Key>\(S3XML.escape($0))</Key></Object>" }.joined()
                + "</Delete>").utf8)
            let md5 = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
            let response = try await client.send(.POST, key: nil, query: [("delete", "")], headers: [("Content-MD5", md5), ("Content-Type", "application/xml")],
                                                 body: body, idempotent: true)
            let errors = S3XML(response.body).blocks("Error")
            if let first = errors.first {
                throw ObjectStorageError(.io, key: first.first("Key") ?? "",
                    "S3 could not delete \(errors.count) of \(batch.count) objects of s3://\(configuration.bucket), first \(first.first("Key") ?? ""): "
                        + (first.first("Message") ?? first.first("Code") ?? ""))
            }
        }
    }

    public func deleteAll(under prefix: String) async throws {
        try await delete(try await list(under: prefix).map(\.key))
    }

    /// A server-side copy: no bytes pass through this process.
    public func copy(_ source: String, to destination: String) async throws {
        let from = try objectKey(source)
        let copySource = SigV4.encodePath("/\(configuration.bucket)/\(from)")
        let response = try await client.send(.PUT, key: try objectKey(destination), headers: [("x-amz-copy-source", copySource)], idempotent: true)
        if let error = S3XML(response.body).blocks("Error").first {
            throw ObjectStorageError(.io, key: destination, "S3 could not copy s3://\(configuration.bucket)/\(from): \(error.first("Message") ?? "")")
        }
    }

    /// Creates the bucket (for tests and set-up scripts; buckets are usually made by their owners).
    public func createBucket() async throws {
        _ = try await client.send(.PUT, key: nil, idempotent: true)
    }

    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
