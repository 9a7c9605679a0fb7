import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Sends signed requests to one bucket: builds path-style or virtual-hosted URLs, signs them with
/// SigV4, retries idempotent requests after server errors and broken connections, and turns S3's
/// error answers into `ObjectStorageError`s that name the bucket, the key and what to do.
final class S3Client: Sendable {
    let configuration: S3Configuration
    private let signer: SigV4
    private var http: HTTPClient { Self.http }

    /// One connection pool for every store of the process, as AsyncHTTPClient recommends; it lives
    /// as long as the process.
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    init(configuration: S3Configuration, credentials: S3Credentials) {
        self.configuration = configuration
        signer = SigV4(credentials: credentials, region: configuration.region)
    }

    /// `s3://bucket/prefix`, for messages.
    var place: String { "s3://\(configuration.bucket)" + (configuration.prefix.isEmpty ? "" : "/\(configuration.prefix)") }

    /// Sends a request about `key` (nil: the bucket itself) and returns its answer, or throws the
    /// error S3's answer stands for. Only `idempotent` requests are tried again.
    func send(_ method: HTTPMethod, key: String?, query: [(String, String)] = [], headers: [(String, String)] = [],
              body: [UInt8]? = nil, idempotent: Bool, accept: Set<Int> = [200, 204, 206], responseLimit: Int = 64 << 20) async throws -> Response {
        let endpoint = configuration.endpoint
        guard let scheme = endpoint.scheme?.lowercased(), let endpointHost = endpoint.host else {
            throw ObjectStorageError(.unsupportedLocation, key: key ?? "", "the S3 endpoint \(endpoint) has no host")
        }
        let defaultPort = scheme == "https" ? 443 : 80
        let port = endpoint.port.flatMap { $0 == defaultPort ? nil : $0 }
        var host = endpointHost + (port.map { ":\($0)" } ?? "")
        var path = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        switch configuration.addressing {
        case .path: path += "/\(configuration.bucket)"
        case .virtualHosted: host = "\(configuration.bucket).\(host)"
        }
        path += "/" + (key ?? "")
        let encodedPath = SigV4.encodePath(path)
        let queryText = SigV4.canonicalQuery(query)
        let url = "\(scheme)://\(host)\(encodedPath)\(queryText.isEmpty ? "" : "?" + queryText)"
        let payload = body ?? []
        let payloadHash = payload.isEmpty ? SigV4.emptyPayloadHash : SigV4.hex(SHA256.hash(data: payload))
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            let base = [("host", host)] + headers
            for (name, value) in base { request.headers.add(name: name, value: value) }
            for (name, value) in signer.sign(method: method.rawValue, path: path, query: query, headers: base, payloadHash: payloadHash, date: Date()) {
                request.headers.add(name: name, value: value)
            }
            if body != nil { request.body = .bytes(ByteBuffer(bytes: payload)) }
            do {
                let response = try await http.execute(request, timeout: .seconds(300))
                let buffer = try await response.body.collect(upTo: responseLimit)
                let answer = Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
                if accept.contains(answer.status) { return answer }
                if idempotent, attempt < configuration.retries, [500, 502, 503, 504].contains(answer.status) {
                    attempt += 1
                    try await Task.sleep(for: Self.backoff(attempt))
                    continue
                }
                throw failure(answer, method: method, key: key)
            } catch let error as ObjectStorageError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if idempotent, attempt < configuration.retries {
                    attempt += 1
                    try await Task.sleep(for: Self.backoff(attempt))
                    continue
                }
                throw ObjectStorageError(.unavailable, key: key ?? "",
                    "cannot reach S3 at \(endpoint) for \(place)\(key.map { "/\($0)" } ?? ""): \(error); check AWS_ENDPOINT_URL and that the server runs")
            }
        }
    }

    static func backoff(_ attempt: Int) -> Duration {
        .milliseconds(100 * (1 << min(attempt, 6)) + Int.random(in: 0..<50))
    }

    /// The error an answer stands for, in words that say what to do.
    func failure(_ response: Response, method: HTTPMethod, key: String?) -> ObjectStorageError {
        let xml = S3XML(response.body)
        let code = xml.first("Code") ?? ""
        let message = xml.first("Message") ?? String(decoding: response.body.prefix(200), as: UTF8.self)
        let bucket = configuration.bucket
        let object = key.map { "s3://\(bucket)/\($0)" } ?? "s3://\(bucket)"
        let what = "\(method.rawValue) \(object) answered \(response.status)\(code.isEmpty ? "" : " \(code)")"
        switch (response.status, code) {
        case (403, _), (_, "SignatureDoesNotMatch"), (_, "InvalidAccessKeyId"):
            return ObjectStorageError(.denied, key: key ?? "",
                "\(what): \(message) — check the access key and secret (from \(signer.credentials.source)) "
                    + "and that they may \(method == .GET || method == .HEAD ? "read" : "write") in bucket '\(bucket)'")
        case (404, "NoSuchBucket"):
            return ObjectStorageError(.noSuchBucket, key: key ?? "",
                "bucket '\(bucket)' does not exist at \(configuration.endpoint); create it, or fix the bucket in the URL")
        case (404, _):
            return ObjectStorageError(.notFound, key: key ?? "", "there is no object \(object)")
        case (301, _), (307, _), (400, "AuthorizationHeaderMalformed"), (400, "IllegalLocationConstraintException"):
            let region = xml.first("Region") ?? response.headers.first(name: "x-amz-bucket-region")
            return ObjectStorageError(.wrongRegion, key: key ?? "",
                "\(what): bucket '\(bucket)' is not in region '\(configuration.region)'\(region.map { " but in '\($0)'" } ?? ""); "
                    + "set AWS_REGION (or the store's region) to it")
        default:
            return ObjectStorageError(.io, key: key ?? "", "\(what): \(message)")
        }
    }
}
