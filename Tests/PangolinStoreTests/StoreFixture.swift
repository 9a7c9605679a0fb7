import Testing
import Foundation
import PangolinModel
import PangolinTestSupport
import PostgresNIO
@_spi(Tests) @testable import PangolinStore

/// Where a store under test keeps its data: every store test runs against each.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case file
    /// A database of its own in the tests' PostgreSQL cluster.
    case postgres

    static let sqlite: [Backend] = [.memory, .file]

    var testDescription: String { rawValue }

    func makeStore() async throws -> any CatalogStore {
        switch self {
        case .memory: try SQLiteCatalogStore.inMemory()
        case .file: try SQLiteCatalogStore.open(path: Self.temporaryDirectory().appendingPathComponent("catalog.sqlite").path)
        case .postgres:
            CatalogDatabase(backend: try await Self.migrated(try await PostgresBackend.connect(url: try await PostgresCluster.shared().newDatabase())))
        }
    }

    private static func migrated(_ backend: PostgresBackend) async throws -> PostgresBackend {
        try await backend.migrate()
        return backend
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pangolin-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

let tester = AuditActor(userID: "u-1", username: "tester", ipAddress: "127.0.0.1", userAgent: "tests")

/// A store with one tenant, one catalog `lake` and the namespaces `ml`, `ml.prod`, `ml.staging`.
struct StoreFixture {
    let store: any CatalogStore
    let tenant: Tenant
    let namespace: NamespaceAddress

    init(_ backend: Backend) async throws {
        store = try await backend.makeStore()
        tenant = try await store.createTenant(name: "acme", properties: [:], by: tester)
        _ = try await store.createCatalog(
            CatalogDraft(name: "lake", catalogType: .local, warehouseName: nil, properties: [:]), tenantID: tenant.id, by: tester)
        for path in ["ml", "ml.prod", "ml.staging"] {
            _ = try await store.createNamespace(
                tenantID: tenant.id, catalog: "lake", path: try NamespacePath(parsing: path), properties: [:], by: tester)
        }
        namespace = NamespaceAddress(tenantID: tenant.id, catalog: "lake", namespace: try NamespacePath(parsing: "ml.prod"))
    }

    @discardableResult
    func register(
        _ name: String, kind: AssetKind = .mlModel, in namespace: String = "ml.prod", properties: [String: String] = [:]
    ) async throws -> Asset {
        try await store.registerAsset(
            AssetRegistration(name: name, kind: kind, location: "s3://bucket/\(name)", properties: properties),
            at: NamespaceAddress(tenantID: tenant.id, catalog: "lake", namespace: try NamespacePath(parsing: namespace)),
            by: tester)
    }
}

extension StoreFixture {
    /// The store on SQLite, for the tests of SQLite's own plans.
    var sqlite: SQLiteCatalogStore { store as! SQLiteCatalogStore }

    /// Runs SQL written for both backends directly on the database (see `executeUnsafeSQL`).
    func execute(_ sql: String) async throws {
        try await executeUnsafeSQL(sql, on: store)
    }
}
