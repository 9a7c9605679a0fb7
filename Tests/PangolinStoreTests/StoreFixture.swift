import Testing
import Foundation
import PangolinModel
@testable import PangolinStore

/// Where a store under test keeps its data: every store test runs against both.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case file

    var testDescription: String { rawValue }

    func makeStore() throws -> SQLiteCatalogStore {
        switch self {
        case .memory: try SQLiteCatalogStore.inMemory()
        case .file: try SQLiteCatalogStore.open(path: Self.temporaryDirectory().appendingPathComponent("catalog.sqlite").path)
        }
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
    let store: SQLiteCatalogStore
    let tenant: Tenant
    let namespace: NamespaceAddress

    init(_ backend: Backend) async throws {
        store = try backend.makeStore()
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
