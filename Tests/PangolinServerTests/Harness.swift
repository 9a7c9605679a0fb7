import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PangolinModel
@_spi(Tests) import PangolinStore
import PangolinTestSupport
@testable import PangolinServer

/// Builds the real application on an in-memory catalog and drives it in-process.
enum Harness {
    static let rootPassword = "root-password-for-tests"

    static func configuration() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = nil
        configuration.rootPassword = rootPassword
        configuration.jwtSecret = String(repeating: "test-secret-", count: 4)
        configuration.bcryptCost = 4
        configuration.maxBodyBytes = 64 * 1024
        configuration.logLevel = .critical
        return configuration
    }

    static func run(_ body: @escaping @Sendable (API) async throws -> Void) async throws {
        var configuration = configuration()
        configuration.databaseURL = try await TestStorage.databaseURL()
        let bootstrapped = try await CatalogServices.bootstrap(configuration)
        let app = buildApplication(configuration, services: bootstrapped.services)
        try await app.test(.router) { client in
            let api = API(client: client, services: bootstrapped.services)
            try await body(api)
        }
    }
}

/// A thin JSON client over the test client.
struct API: Sendable {
    /// Runs SQL straight on the server's database, whichever backend it is on.
    func executeUnsafeSQL(_ sql: String) async throws {
        try await PangolinStore.executeUnsafeSQL(sql, on: services.store)
    }

    let client: any TestClientProtocol
    let services: CatalogServices

    struct Reply: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: JSONValue?
        let text: String

        /// The `error.message` of an error reply, or "".
        var errorMessage: String { body?["error"]?["message"]?.string ?? "" }
        var errorCode: String { body?["error"]?["code"]?.string ?? "" }
    }

    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(
            uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let text = String(buffer: response.body)
        return Reply(
            status: response.status, headers: response.headers,
            body: try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), text: text)
    }

    func login(_ username: String = "admin", _ password: String = Harness.rootPassword) async throws -> String {
        let reply = try await call(.post, "/api/v1/users/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard let token = reply.body?["token"]?.string else { throw HarnessError("login as \(username) failed: \(reply.text)") }
        return token
    }

    /// Creates a warehouse, catalog `lake` and namespaces `ml` and `ml.prod` in the caller's tenant.
    func makeCatalog(token: String, headers: HTTPFields = [:]) async throws {
        for (path, body) in [
            ("/api/v1/warehouses", #"{"name":"wh","storage_config":{"s3.bucket":"bucket","s3.access-key-id":"AKIAWH","s3.secret-access-key":"wh-secret"}}"#),
            ("/api/v1/catalogs", #"{"name":"lake","warehouse_name":"wh"}"#),
            ("/v1/lake/namespaces", #"{"namespace":["ml"]}"#),
            ("/v1/lake/namespaces", #"{"namespace":["ml","prod"]}"#),
        ] {
            let reply = try await call(.post, path, token: token, json: body, headers: headers)
            guard reply.status.code < 300 else { throw HarnessError("\(path): \(reply.text)") }
        }
    }

    @discardableResult
    func register(_ name: String, kind: String = "ML_MODEL", token: String, headers: HTTPFields = [:]) async throws -> Reply {
        try await call(
            .post, "/api/v1/catalogs/lake/namespaces/ml.prod/assets", token: token,
            json: #"{"name":"\#(name)","kind":"\#(kind)","location":"s3://bucket/\#(name)","properties":{"framework":"scikit-learn"}}"#,
            headers: headers)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
    subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }
    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }
    var int: Int? {
        if case .int(let value) = self { return Int(value) }
        return nil
    }
    var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
