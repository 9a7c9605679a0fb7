import Foundation
import PangolinClient
import PangolinModel
import PangolinTestSupport
import Testing

@Suite("PangolinClient against a live server")
struct ClientTests {
    let production = try! NamespacePath(parsing: "production")
    let features = try! NamespacePath(parsing: "ml_features")

    @Test("the seed's model registration: properties, metrics, training data and parent become properties, metadata and lineage")
    func seedModel() async throws {
        try await LiveServer.run { url in
            let client = try await LiveServer.root(url)
            _ = try await client.createWarehouse(name: "ml_warehouse", storageConfig: ["s3.bucket": "ml-artifacts"])
            _ = try await client.createCatalog(name: "ml_models", warehouse: "ml_warehouse")
            try await client.createNamespace(production, in: "ml_models")
            try await client.createNamespace(features, in: "ml_models")
            #expect(try await client.namespaces(in: "ml_models").map(\.dotted).sorted() == ["ml_features", "production"])
            _ = try await client.register(
                AssetDraft(name: "customer_features", kind: .parquetTable, location: "s3://ml-artifacts/features"),
                in: "ml_models", namespace: features)
            _ = try await client.register(
                AssetDraft(name: "customer_churn_v1", kind: .mlModel, location: "s3://ml-artifacts/models/churn/v1"),
                in: "ml_models", namespace: production)

            let model = try await client.registerModel(
                name: "customer_churn_v2", in: "ml_models", namespace: production, location: "s3://bucket/models/churn/v2/model.pkl",
                framework: "scikit-learn", version: "2.0.1", metrics: ["accuracy": 0.92, "f1_score": 0.91],
                trainingData: ["ml_features.customer_features@v1"], parentModel: "customer_churn_v1",
                description: "Customer churn prediction model trained on Q4 2025 data")
            #expect(model.properties["framework"] == "scikit-learn" && model.properties["metrics.accuracy"] == "0.92")
            #expect(try await client.metadata(assetID: model.id).description == "Customer churn prediction model trained on Q4 2025 data")
            let graph = try await client.lineage(assetID: model.id, direction: .upstream)
            #expect(Set(graph.nodes.compactMap(\.name)) == ["customer_churn_v2", "customer_features", "customer_churn_v1"])
            #expect(Set(graph.edges.map(\.relation)) == ["trained_on", "parent_model"])
            #expect(graph.edges.first { $0.relation == "trained_on" }?.upstream.version == 1)

            let tag = try await client.createTag(assetID: model.id, name: "production-2025-12-24")
            #expect(tag.version == 1)
            let resolved = try await client.resolve("production.customer_churn_v2@production-2025-12-24", inCatalog: "ml_models")
            #expect(resolved.asset.id == model.id && resolved.version.number == 1)

            let hits = try await client.search(SearchQuery(text: "churn", kinds: [.mlModel], limit: 10))
            #expect(Set(hits.items.map(\.name)) == ["customer_churn_v1", "customer_churn_v2"] && hits.total == 2)
            let related = try await client.search(SearchQuery(lineageTo: model.id))
            #expect(Set(related.items.map(\.name)) == ["customer_features", "customer_churn_v1"])
        }
    }

    @Test("updates make versions, stale updates are conflicts, and errors keep the server's code and message")
    func versionsAndErrors() async throws {
        try await LiveServer.run { url in
            let client = try await LiveServer.root(url)
            _ = try await client.createCatalog(name: "lake")
            try await client.createNamespace(production, in: "lake")
            let asset = try await client.register(AssetDraft(name: "orders", kind: .csvTable, location: "s3://o/1"), in: "lake", namespace: production)
            let changed = try await client.updateAsset(
                "orders", in: "lake", namespace: production, AssetChange(location: "s3://o/2", expectedVersion: 1, message: "second load"))
            #expect(changed.version == 2)
            #expect(try await client.versions(assetID: asset.id).map(\.number) == [2, 1])
            #expect(try await client.version(assetID: asset.id, "v2").message == "second load")
            #expect(try await client.diff(assetID: asset.id).location?.to == "s3://o/2")

            await #expect {
                try await client.updateAsset("orders", in: "lake", namespace: production, AssetChange(location: "s3://o/3", expectedVersion: 1))
            } throws: { error in
                guard let error = error as? PangolinError else { return false }
                return error.code == .conflict && error.message.contains("is at version 2, not 1")
            }
            await #expect {
                try await client.asset("missing", in: "lake", namespace: production)
            } throws: { error in (error as? PangolinError)?.code == .notFound }
            await #expect {
                try await client.register(AssetDraft(name: "a/b", kind: .csvTable, location: "s3://x"), in: "lake", namespace: production)
            } throws: { error in (error as? PangolinError)?.code == .invalidInput }

            try await client.logout()
            #expect(client.currentCredential == nil)
            await #expect {
                try await client.catalogs()
            } throws: { error in (error as? PangolinError)?.code == .unauthenticated }
        }
    }

    @Test("tenants, and removing what was made, in reverse order")
    func tenantsAndRemovals() async throws {
        try await LiveServer.run { url in
            let client = try await LiveServer.root(url)
            let tenant = try await client.createTenant(name: "beta")
            #expect(try await client.tenants().map(\.name).contains("beta"))
            _ = try await client.createWarehouse(name: "wh")
            _ = try await client.createCatalog(name: "lake", warehouse: "wh")
            let ml = try NamespacePath(parsing: "ml")
            try await client.createNamespace(ml, in: "lake")
            let asset = try await client.register(AssetDraft(name: "a", kind: .other, location: "s3://a"), in: "lake", namespace: ml)
            _ = try await client.setMetadata(assetID: asset.id, description: "x")
            try await client.deleteMetadata(assetID: asset.id)
            await #expect(throws: PangolinError.self) { try await client.metadata(assetID: asset.id) }
            try await client.deleteAsset("a", in: "lake", namespace: ml)
            try await client.deleteNamespace(ml, in: "lake")
            try await client.deleteCatalog("lake")
            try await client.deleteWarehouse("wh")
            try await client.deleteTenant(id: tenant.id)
            #expect(try await client.catalogs().isEmpty)
            let names = try await client.tenants().map(\.name)
            #expect(!names.contains("beta"))
        }
    }

    @Test("an unreachable server is a PangolinClientError naming the URL, after the retries idempotent requests get")
    func unreachable() async throws {
        let port = try Self.closedPort()
        let client = PangolinClient(url: URL(string: "http://127.0.0.1:\(port)")!, timeout: .seconds(2), retries: 1)
        await #expect {
            try await client.catalogs()
        } throws: { error in
            guard case .unreachable(let url, _)? = error as? PangolinClientError else { return false }
            return url == "http://127.0.0.1:\(port)"
        }
    }

    /// A loopback port nothing listens on: bound, then released.
    static func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
