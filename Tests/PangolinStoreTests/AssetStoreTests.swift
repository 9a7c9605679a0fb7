import Foundation
import Testing
import PangolinModel
@testable import PangolinStore

@Suite("Asset store")
struct AssetStoreTests {
    @Test("registering creates version 1 and the asset reads back by name and by id", arguments: Backend.allCases)
    func registerAndRead(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let asset = try await fixture.register("customer_churn_v1.0.0", properties: ["framework": "scikit-learn"])
        #expect(asset.version == 1)
        let byName = try await fixture.store.asset(at: fixture.namespace.asset("customer_churn_v1.0.0"))
        #expect(byName == asset)
        #expect(try await fixture.store.asset(id: asset.id) == asset)
    }

    @Test("a duplicate name in the same namespace is a conflict; another namespace is fine", arguments: Backend.allCases)
    func duplicateNames(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        try await fixture.register("model")
        let error = await #expect(throws: PangolinError.self) { try await fixture.register("model") }
        #expect(error?.code == .conflict)
        #expect(try await fixture.register("model", in: "ml.staging").name == "model")
    }

    @Test("the namespace must exist", arguments: Backend.allCases)
    func namespaceMustExist(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let error = await #expect(throws: PangolinError.self) { try await fixture.register("model", in: "ml.missing") }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("ml.missing") == true)
    }

    @Test("updates create the next version; a stale expected version is a conflict and changes nothing", arguments: Backend.allCases)
    func optimisticConcurrency(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        try await fixture.register("model")
        let address = fixture.namespace.asset("model")
        let updated = try await fixture.store.updateAsset(
            at: address, with: AssetUpdate(location: "s3://bucket/v2", properties: nil, expectedVersion: 1), by: tester)
        #expect(updated.version == 2)
        let error = await #expect(throws: PangolinError.self) {
            try await fixture.store.updateAsset(
                at: address, with: AssetUpdate(location: "s3://bucket/lost", properties: nil, expectedVersion: 1), by: tester)
        }
        #expect(error?.code == .conflict)
        #expect(try await fixture.store.asset(at: address)?.location == "s3://bucket/v2")
    }

    @Test("an update that changes nothing keeps the version", arguments: Backend.allCases)
    func noOpUpdate(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let asset = try await fixture.register("model", properties: ["a": "1"])
        let same = try await fixture.store.updateAsset(
            at: fixture.namespace.asset("model"), with: AssetUpdate(location: asset.location, properties: ["a": "1"], expectedVersion: nil),
            by: tester)
        #expect(same.version == 1)
    }

    @Test("listing pages through assets in name order with the total", arguments: Backend.allCases)
    func listing(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        for name in ["c", "a", "b", "d"] { try await fixture.register(name) }
        let page = try await fixture.store.assets(in: fixture.namespace, visibility: .all, limit: 2, offset: 1)
        #expect(page.items.map(\.name) == ["b", "c"])
        #expect(page.total == 4)
    }

    @Test("concurrent registrations of one name: exactly one wins", arguments: Backend.allCases)
    func concurrentDuplicates(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 { group.addTask { (try? await fixture.register("contended")) != nil } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        let page = try await fixture.store.assets(in: fixture.namespace, visibility: .all, limit: 10, offset: 0)
        #expect(page.total == 1)
    }

    @Test("deleting an asset removes it, its metadata and its search entry", arguments: Backend.allCases)
    func deletion(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let asset = try await fixture.register("doomed")
        _ = try await fixture.store.setMetadata(
            assetID: asset.id, MetadataChange(description: "gone soon", tags: ["x"], properties: [:], discoverable: false), by: tester)
        try await fixture.store.deleteAsset(at: fixture.namespace.asset("doomed"), by: tester)
        #expect(try await fixture.store.asset(id: asset.id) == nil)
        #expect(try await fixture.store.metadata(assetID: asset.id) == nil)
        let hits = try await fixture.store.searchAssets(SearchQuery(text: "doomed"), tenantID: fixture.tenant.id, visibility: .all)
        #expect(hits.total == 0)
    }

    @Test("a namespace or catalog that still holds something cannot be deleted", arguments: Backend.allCases)
    func nonEmptyContainers(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        try await fixture.register("model")
        let namespaceError = await #expect(throws: PangolinError.self) {
            try await fixture.store.deleteNamespace(
                tenantID: fixture.tenant.id, catalog: "lake", path: fixture.namespace.namespace, by: tester)
        }
        #expect(namespaceError?.code == .conflict)
        let catalogError = await #expect(throws: PangolinError.self) {
            try await fixture.store.deleteCatalog(tenantID: fixture.tenant.id, name: "lake", by: tester)
        }
        #expect(catalogError?.code == .conflict)
        #expect(try await fixture.store.asset(at: fixture.namespace.asset("model")) != nil)
    }

    @Test("tenants do not see each other's assets", arguments: Backend.allCases)
    func tenantIsolation(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        try await fixture.register("secret_model")
        let other = try await fixture.store.createTenant(name: "other", properties: [:], by: tester)
        let foreign = AssetAddress(
            tenantID: other.id, catalog: "lake", namespace: fixture.namespace.namespace, name: "secret_model")
        #expect(try await fixture.store.asset(at: foreign) == nil)
        let hits = try await fixture.store.searchAssets(SearchQuery(text: "secret"), tenantID: other.id, visibility: .all)
        #expect(hits.total == 0)
    }

    @Test("data written to a file survives reopening it")
    func persistence() async throws {
        let path = try Backend.temporaryDirectory().appendingPathComponent("catalog.sqlite").path
        let first = try SQLiteCatalogStore.open(path: path)
        let tenant = try await first.createTenant(name: "durable", properties: ["k": "v"], by: tester)
        let reopened = try SQLiteCatalogStore.open(path: path)
        #expect(try await reopened.tenant(id: tenant.id) == tenant)
    }

    @Test("a file that is not a database is reported in words, not as a crash")
    func corruptFile() throws {
        let path = try Backend.temporaryDirectory().appendingPathComponent("catalog.sqlite").path
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try SQLiteCatalogStore.open(path: path) }
        #expect(error?.description.contains("damaged or is not a SQLite database") == true)
    }
}
