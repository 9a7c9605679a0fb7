import Foundation
import Hummingbird
import HummingbirdTesting
import PangolinClient
import PangolinModel
@testable import PangolinServer

/// The real application on an in-memory catalog, listening on a free loopback port for the
/// duration of a test.
enum LiveServer {
    static let rootPassword = "root-password-for-client-tests"

    static func run(_ body: @escaping @Sendable (URL) async throws -> Void) async throws {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = nil
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.rootPassword = rootPassword
        configuration.jwtSecret = String(repeating: "client-test-", count: 4)
        configuration.bcryptCost = 4
        configuration.logLevel = .critical
        let bootstrapped = try await CatalogServices.bootstrap(configuration)
        let app = buildApplication(configuration, services: bootstrapped.services)
        try await app.test(.live) { client in
            guard let port = client.port else { throw CancellationError() }
            try await body(URL(string: "http://127.0.0.1:\(port)")!)
        }
    }

    /// A client logged in as root.
    static func root(_ url: URL) async throws -> PangolinClient {
        let client = PangolinClient(url: url)
        try await client.login(username: "admin", password: rootPassword)
        return client
    }
}
