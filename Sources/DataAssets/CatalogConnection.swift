import Foundation
import PangolinClient
import PangolinModel

/// The catalog a workspace registers its results in: a client of the catalog server (which
/// carries the credential the workspace acts with), a catalog, and the namespace assets go to
/// unless their options name another.
public struct CatalogConnection: Sendable {
    /// The client that talks to the catalog server.
    public let client: PangolinClient
    /// The catalog's name.
    public let catalog: String
    /// The namespace results are registered in by default.
    public let namespace: NamespacePath

    /// A connection to `catalog` on the server `client` talks to, registering in `namespace`.
    public init(client: PangolinClient, catalog: String, namespace: NamespacePath) {
        self.client = client
        self.catalog = catalog
        self.namespace = namespace
    }

    /// A connection whose namespace is written dotted (`sales` or `ml.prod`).
    public init(client: PangolinClient, catalog: String, namespace: String) throws {
        self.init(client: client, catalog: catalog, namespace: try Self.namespace(namespace, what: "the namespace"))
    }

    /// The catalog server's URL, for messages and run records.
    public var url: String { client.url.absoluteString }

    /// Parses a dotted namespace, turning a catalog's validation error into one of this library.
    static func namespace(_ text: String, what: String) throws -> NamespacePath {
        do {
            return try NamespacePath(parsing: text)
        } catch let error as PangolinError {
            throw DataAssetError(.invalidDefinition, "\(what) '\(text)' is not a catalog namespace: \(error.message)")
        }
    }
}

extension CatalogConnection {
    /// The connection named by the environment, or nil when `PANGOLIN_URL` is not set:
    /// `PANGOLIN_URL`, `PANGOLIN_TOKEN` or `PANGOLIN_API_KEY`, `PANGOLIN_CATALOG` and
    /// `PANGOLIN_NAMESPACE`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CatalogConnection? {
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let text = value("PANGOLIN_URL") else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw DataAssetError(.invalidDefinition, "PANGOLIN_URL '\(text)' is not an http:// or https:// URL, such as http://127.0.0.1:8080")
        }
        let credential: PangolinClient.Credential
        if let token = value("PANGOLIN_TOKEN") {
            credential = .token(token)
        } else if let key = value("PANGOLIN_API_KEY") {
            credential = .apiKey(key)
        } else {
            throw DataAssetError(.invalidDefinition,
                "PANGOLIN_URL is set but neither PANGOLIN_TOKEN nor PANGOLIN_API_KEY is; set PANGOLIN_TOKEN to a token "
                    + "(`pangolin-admin mint-token` prints one) or PANGOLIN_API_KEY to a service user's API key")
        }
        guard let catalog = value("PANGOLIN_CATALOG") else {
            throw DataAssetError(.invalidDefinition, "PANGOLIN_URL is set but PANGOLIN_CATALOG is not; set it to the catalog that assets are registered in")
        }
        guard let namespace = value("PANGOLIN_NAMESPACE") else {
            throw DataAssetError(.invalidDefinition,
                "PANGOLIN_URL is set but PANGOLIN_NAMESPACE is not; set it to the namespace of catalog '\(catalog)' that assets are registered in")
        }
        return CatalogConnection(
            client: PangolinClient(url: url, credential: credential), catalog: catalog,
            namespace: try Self.namespace(namespace, what: "PANGOLIN_NAMESPACE"))
    }
}
