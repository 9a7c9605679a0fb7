import DataAssets
import Foundation
import PangolinClient
import PangolinModel
import PangolinTestSupport
import Synchronization

/// Data assets' name for an asset, beside the catalog's `PangolinModel.Asset`.
typealias DataAsset = DataAssets.Asset

/// A live catalog server with the catalog `lake` and its namespace `sales`, and root's client.
struct CatalogFixture: Sendable {
    let url: URL
    let root: PangolinClient
    let sales = try! NamespacePath(parsing: "sales")

    static func run(_ body: @escaping @Sendable (CatalogFixture) async throws -> Void) async throws {
        try await LiveServer.run { url in
            let root = try await LiveServer.root(url)
            _ = try await root.createCatalog(name: "lake")
            _ = try await root.createNamespace(try NamespacePath(parsing: "sales"), in: "lake")
            try await body(CatalogFixture(url: url, root: root))
        }
    }

    /// A connection to `lake`, registering in `namespace`, acting as `client` (default: root).
    func connection(_ client: PangolinClient? = nil, namespace: String = "sales") throws -> CatalogConnection {
        try CatalogConnection(client: client ?? root, catalog: "lake", namespace: namespace)
    }

    /// A client logged in as a new user of the tenant holding `role` on `scope`.
    func user(_ name: String, granted role: BuiltInRole, on scope: PermissionScope) async throws -> PangolinClient {
        _ = try await root.createUser(username: name, role: .tenantUser, password: "\(name)-password")
        _ = try await root.grant(role, to: name, on: scope)
        let client = PangolinClient(url: url)
        try await client.login(username: name, password: "\(name)-password")
        return client
    }

    /// The asset `name` of `lake.sales`.
    func asset(_ name: String) async throws -> PangolinModel.Asset {
        try await root.asset(name, in: "lake", namespace: sales)
    }

    /// The URL of a catalog server that is no longer running.
    static func stoppedServerURL() async throws -> URL {
        let stopped = Mutex<URL?>(nil)
        try await LiveServer.run { url in stopped.withLock { $0 = url } }
        return stopped.withLock { $0! }
    }
}

/// A value that tests change between runs of an asset.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    var current: Value { value.withLock { $0 } }
    func set(_ new: Value) { value.withLock { $0 = new } }
}
