import Foundation
import Hummingbird
import HummingbirdTesting
import PangolinClient
import PangolinModel
import PangolinServer

/// The real application on an in-memory catalog, listening on a free loopback port for the
/// duration of a test.
public enum LiveServer {
    /// The password of the root account `admin`.
    public static let rootPassword = "root-password-for-client-tests"

    /// Runs `body` with the URL of a server that stops when `body` returns.
    public static func run(_ body: @escaping @Sendable (URL) async throws -> Void) async throws {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = nil
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.rootPassword = rootPassword
        configuration.jwtSecret = String(repeating: "client-test-", count: 4)
        configuration.bcryptCost = 4
        configuration.logLevel = .critical
        configuration.databaseURL = try await TestStorage.databaseURL()
        let bootstrapped = try await CatalogServices.bootstrap(configuration)
        let app = buildApplication(configuration, services: bootstrapped.services)
        try await app.test(.live) { client in
            guard let port = client.port else { throw CancellationError() }
            try await body(URL(string: "http://127.0.0.1:\(port)")!)
        }
    }

    /// A client logged in as root.
    public static func root(_ url: URL) async throws -> PangolinClient {
        let client = PangolinClient(url: url)
        try await client.login(username: "admin", password: rootPassword)
        return client
    }
}
