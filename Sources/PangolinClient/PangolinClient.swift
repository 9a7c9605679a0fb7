import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PangolinModel
import Synchronization

/// A typed client of the Pangolin REST API. Calls are async and throw `PangolinError` with the
/// server's own code and message, or `PangolinClientError` when no answer came.
///
/// ```swift
/// let client = PangolinClient(url: URL(string: "http://127.0.0.1:8080")!)
/// try await client.login(username: "admin", password: password)
/// let hits = try await client.search(SearchQuery(text: "churn"))
/// ```
public final class PangolinClient: Sendable {
    /// How requests prove who sends them.
    public enum Credential: Sendable, Hashable {
        case token(String)
        case apiKey(String)
    }

    public let url: URL
    /// The tenant named in `X-Pangolin-Tenant` (id or name); only root may name another than its own.
    public let tenant: String?
    /// How long one attempt may take.
    public let timeout: Duration
    /// How many times an idempotent request (GET, HEAD, PUT, DELETE) is tried again after a
    /// connection failure or a 502/503/504. Other requests are never repeated.
    public let retries: Int

    private let http: HTTPClient
    private let ownsHTTP: Bool
    private let credential: Mutex<Credential?>

    public init(url: URL, credential: Credential? = nil, tenant: String? = nil, timeout: Duration = .seconds(30), retries: Int = 2,
                httpClient: HTTPClient? = nil) {
        self.url = url
        self.tenant = tenant
        self.timeout = timeout
        self.retries = max(0, retries)
        self.credential = Mutex(credential)
        self.http = httpClient ?? HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.httpConfiguration)
        self.ownsHTTP = httpClient == nil
    }

    deinit {
        // Shut down off the caller's thread: a synchronous shutdown on an event loop would trap.
        guard ownsHTTP else { return }
        let http = self.http
        Task { try? await http.shutdown() }
    }

    /// The credential requests carry now.
    public var currentCredential: Credential? { credential.withLock { $0 } }

    /// Uses `credential` from the next request on (nil: none).
    public func use(_ credential: Credential?) {
        self.credential.withLock { $0 = credential }
    }

    // MARK: Sending

    /// Sends a request and decodes the answer as `Response`.
    public func send<Response: Decodable & Sendable>(
        _ method: HTTPMethod, _ path: String, query: [String: String?] = [:], body: (some Encodable & Sendable)? = nil as Empty?,
        as type: Response.Type = Response.self
    ) async throws -> Response {
        let data = try await sendRaw(method, path, query: query, body: body)
        do {
            return try Self.decoder.decode(Response.self, from: data)
        } catch {
            throw PangolinClientError.unexpectedResponse(
                "\(method) \(path) answered with a body this client cannot read: \(error)")
        }
    }

    /// Sends a request whose answer has no body worth reading.
    public func sendIgnoringBody(
        _ method: HTTPMethod, _ path: String, query: [String: String?] = [:], body: (some Encodable & Sendable)? = nil as Empty?
    ) async throws {
        _ = try await sendRaw(method, path, query: query, body: body)
    }

    /// Sends a request and returns the answer's body; throws for anything but 2xx.
    public func sendRaw(
        _ method: HTTPMethod, _ path: String, query: [String: String?] = [:], body: (some Encodable & Sendable)? = nil as Empty?
    ) async throws -> Data {
        var request = HTTPClientRequest(url: try address(path, query: query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "pangolin-swift-client")
        switch currentCredential {
        case .token(let token): request.headers.add(name: "Authorization", value: "Bearer \(token)")
        case .apiKey(let key): request.headers.add(name: "X-API-Key", value: key)
        case nil: break
        }
        if let tenant { request.headers.add(name: "X-Pangolin-Tenant", value: tenant) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(try Self.encoder.encode(body))))
        }
        let idempotent = [.GET, .HEAD, .PUT, .DELETE].contains(method)
        var attempt = 0
        while true {
            do {
                let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                                                                                        + timeout.components.attoseconds / 1_000_000_000))
                let buffer = try await response.body.collect(upTo: 256 * 1024 * 1024)
                let data = Data(buffer.readableBytesView)
                if (200..<300).contains(response.status.code) { return data }
                if idempotent, attempt < retries, [502, 503, 504].contains(response.status.code) {
                    attempt += 1
                    try await Task.sleep(for: Self.backoff(attempt))
                    continue
                }
                throw Self.error(status: response.status, headers: response.headers, body: data, method: method, path: path)
            } catch let error as PangolinError {
                throw error
            } catch let error as PangolinClientError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if idempotent, attempt < retries {
                    attempt += 1
                    try await Task.sleep(for: Self.backoff(attempt))
                    continue
                }
                throw PangolinClientError.unreachable(url: url.absoluteString, reason: "\(error)")
            }
        }
    }

    /// The absolute URL of `path` with its query.
    func address(_ path: String, query: [String: String?]) throws -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw PangolinClientError.invalidURL(url.absoluteString)
        }
        let base = components.percentEncodedPath.hasSuffix("/") ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        components.percentEncodedPath = base + path
        let items = query.compactMap { key, value in value.map { URLQueryItem(name: key, value: $0) } }.sorted { $0.name < $1.name }
        components.queryItems = items.isEmpty ? nil : items
        // `+` is a space to most servers: encode it.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let text = components.string else { throw PangolinClientError.invalidURL(url.absoluteString + path) }
        return text
    }

    /// A refused connection fails at once rather than being retried until the connect timeout:
    /// `retries` decides what is tried again, so that a catalog that is down is reported quickly.
    static var httpConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return configuration
    }

    static func backoff(_ attempt: Int) -> Duration { .milliseconds(100 * (1 << min(attempt, 6))) }

    /// The error a non-2xx answer stands for: the server's `{"error": {"code", "message"}}` (or
    /// Iceberg's shape) as a `PangolinError`, or an `unexpectedResponse`.
    static func error(status: HTTPResponseStatus, headers: HTTPHeaders, body: Data, method: HTTPMethod, path: String) -> Error {
        guard let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: body) else {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return PangolinClientError.unexpectedResponse("\(method) \(path) answered \(status.code) \(status.reasonPhrase): \(text)")
        }
        var error = envelope.pangolinError(status: Int(status.code))
        error.retryAfterSeconds = headers.first(name: "Retry-After").flatMap(Int.init)
        return error
    }

    static func code(for status: HTTPResponseStatus) -> PangolinError.Code {
        PangolinError.Code(httpStatus: Int(status.code))
    }

    static let encoder = PangolinJSON.encoder()
    static let decoder = PangolinJSON.decoder()
}

/// A body with nothing in it, for requests that send none.
public struct Empty: Codable, Sendable {
    public init() {}
}

/// Failures where no usable answer came from the server.
public enum PangolinClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached, or the request timed out, after every retry.
    case unreachable(url: String, reason: String)
    /// The server answered in a way this client does not understand.
    case unexpectedResponse(String)
    /// The URL could not be built.
    case invalidURL(String)

    public var description: String {
        switch self {
        case .unreachable(let url, let reason): "could not reach the catalog at \(url): \(reason); check the URL and that the server runs"
        case .unexpectedResponse(let text): text
        case .invalidURL(let text): "'\(text)' is not a usable URL"
        }
    }
}
