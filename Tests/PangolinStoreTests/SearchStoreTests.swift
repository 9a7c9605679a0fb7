import Testing
import PangolinModel
@testable import PangolinStore

@Suite("Search and metadata")
struct SearchStoreTests {
    /// Three models and a dataset, with metadata on two of them.
    static func populated(_ backend: Backend) async throws -> StoreFixture {
        let fixture = try await StoreFixture(backend)
        let churn = try await fixture.register("customer_churn_v2", properties: ["framework": "scikit-learn"])
        try await fixture.register("fraud_detector", properties: ["framework": "pytorch"])
        try await fixture.register("churn_features", kind: .parquetTable, in: "ml.staging")
        let photos = try await fixture.register("catalog_photos", kind: .imageFile, in: "ml")
        _ = try await fixture.store.setMetadata(
            assetID: churn.id,
            MetadataChange(
                description: "Predicts which customers will leave", tags: ["ml", "classification"],
                properties: ["deployment": .object(["environment": .string("production")])], discoverable: true),
            by: tester)
        _ = try await fixture.store.setMetadata(
            assetID: photos.id,
            MetadataChange(description: "Product photos", tags: ["media"], properties: [:], discoverable: false), by: tester)
        return fixture
    }

    func names(_ fixture: StoreFixture, _ query: SearchQuery, visibility: AssetVisibility = .all) async throws -> [String] {
        try await fixture.store.searchAssets(query, tenantID: fixture.tenant.id, visibility: visibility).items.map(\.name)
    }

    @Test("words match names, descriptions, tags and property values as prefixes", arguments: Backend.allCases)
    func fullText(backend: Backend) async throws {
        let fixture = try await Self.populated(backend)
        #expect(Set(try await names(fixture, SearchQuery(text: "churn"))) == ["customer_churn_v2", "churn_features"])
        #expect(try await names(fixture, SearchQuery(text: "customers leave")) == ["customer_churn_v2"])
        #expect(try await names(fixture, SearchQuery(text: "classif")) == ["customer_churn_v2"])
        #expect(try await names(fixture, SearchQuery(text: "pytorch")) == ["fraud_detector"])
        #expect(try await names(fixture, SearchQuery(text: "production")) == ["customer_churn_v2"])
    }

    @Test("text that looks like query syntax is searched for, not executed", arguments: Backend.allCases)
    func hostileText(backend: Backend) async throws {
        let fixture = try await Self.populated(backend)
        #expect(try await names(fixture, SearchQuery(text: "\"churn\"* -(")).count == 2)
        #expect(try await names(fixture, SearchQuery(text: "'; DROP TABLE assets; --")).isEmpty)
        let tenantTerm = SQLiteTransaction.tenantTerm(fixture.tenant.id)
        #expect(try await names(fixture, SearchQuery(text: String(tenantTerm.prefix(6)))).isEmpty, "the tenant column is not searchable")
    }

    @Test("filters narrow by catalog, namespace subtree, kind, tags and properties", arguments: Backend.allCases)
    func filters(backend: Backend) async throws {
        let fixture = try await Self.populated(backend)
        let ml = try NamespacePath(parsing: "ml")
        #expect(try await names(fixture, SearchQuery(namespace: ml)).count == 4)
        #expect(try await names(fixture, SearchQuery(namespace: try NamespacePath(parsing: "ml.staging"))) == ["churn_features"])
        #expect(try await names(fixture, SearchQuery(kinds: [.imageFile, .parquetTable])) == ["catalog_photos", "churn_features"])
        #expect(try await names(fixture, SearchQuery(tags: ["ml", "classification"])) == ["customer_churn_v2"])
        #expect(try await names(fixture, SearchQuery(tags: ["ml", "media"])).isEmpty)
        #expect(try await names(fixture, SearchQuery(properties: ["framework": "pytorch"])) == ["fraud_detector"])
        #expect(try await names(fixture, SearchQuery(catalog: "elsewhere")).isEmpty)
    }

    @Test("the index follows changes: replaced tags, properties and descriptions are no longer found, new ones are", arguments: Backend.allCases)
    func indexFollowsChanges(backend: Backend) async throws {
        let fixture = try await Self.populated(backend)
        let churn = try #require(try await fixture.store.asset(at: fixture.namespace.asset("customer_churn_v2")))
        _ = try await fixture.store.setMetadata(
            assetID: churn.id,
            MetadataChange(description: "Scores accounts at risk", tags: ["classification", "tabular", "tabular"], properties: [:], discoverable: true),
            by: tester)
        #expect(try await names(fixture, SearchQuery(tags: ["ml"])).isEmpty)
        #expect(try await names(fixture, SearchQuery(tags: ["classification", "tabular"])) == ["customer_churn_v2"])
        #expect(try await names(fixture, SearchQuery(text: "customers leave")).isEmpty)
        #expect(try await names(fixture, SearchQuery(text: "accounts risk")) == ["customer_churn_v2"])
        #expect(try await names(fixture, SearchQuery(text: "production")).isEmpty, "the replaced metadata properties are gone")

        _ = try await fixture.store.updateAsset(
            at: churn.address, with: AssetUpdate(location: nil, properties: ["framework": "xgboost", "owner": "risk"], expectedVersion: nil),
            by: tester)
        #expect(try await names(fixture, SearchQuery(properties: ["framework": "scikit-learn"])).isEmpty)
        #expect(try await names(fixture, SearchQuery(properties: ["framework": "xgboost", "owner": "risk"])) == ["customer_churn_v2"])
        #expect(try await names(fixture, SearchQuery(text: "xgboost")) == ["customer_churn_v2"])
        #expect(try await names(fixture, SearchQuery(tags: ["tabular"])) == ["customer_churn_v2"], "an update keeps the tags")

        _ = try await fixture.store.updateAsset(
            at: churn.address, with: AssetUpdate(location: nil, properties: [:], expectedVersion: nil), by: tester)
        #expect(try await names(fixture, SearchQuery(properties: ["owner": "risk"])).isEmpty)
    }

    @Test("pages carry the total of all matches", arguments: Backend.allCases)
    func pagination(backend: Backend) async throws {
        let fixture = try await Self.populated(backend)
        let page = try await fixture.store.searchAssets(
            SearchQuery(limit: 2, offset: 2), tenantID: fixture.tenant.id, visibility: .all)
        #expect(page.total == 4)
        #expect(page.items.map(\.name) == ["customer_churn_v2", "fraud_detector"])
    }

    @Test("callers without read access find only discoverable assets, without location or tags", arguments: Backend.allCases)
    func discoverableOnly(backend: Backend) async throws {
        let fixture = try await Self.populated(backend)
        let hits = try await fixture.store.searchAssets(SearchQuery(), tenantID: fixture.tenant.id, visibility: .discoverableOnly)
        #expect(hits.items.map(\.name) == ["customer_churn_v2"])
        let hit = try #require(hits.items.first)
        #expect(hit.hasAccess == false)
        #expect(hit.location == nil)
        #expect(hit.tags.isEmpty)
        #expect(hit.description == "Predicts which customers will leave")
    }

    @Test("facets count every match by kind, catalog, namespace and label, under the filters", arguments: Backend.allCases)
    func facets(backend: Backend) async throws {
        let fixture = try await Self.populated(backend)
        let all = try await fixture.store.searchFacets(SearchQuery(), tenantID: fixture.tenant.id, visibility: .all)
        #expect(all.kinds == [FacetCount(value: "ML_MODEL", count: 2), FacetCount(value: "IMAGE_FILE", count: 1), FacetCount(value: "PARQUET_TABLE", count: 1)])
        #expect(all.catalogs == [FacetCount(value: "lake", count: 4)])
        #expect(all.namespaces == [FacetCount(value: "ml.prod", count: 2), FacetCount(value: "ml", count: 1), FacetCount(value: "ml.staging", count: 1)])
        #expect(all.tags == [FacetCount(value: "classification", count: 1), FacetCount(value: "media", count: 1), FacetCount(value: "ml", count: 1)])
        let churn = try await fixture.store.searchFacets(SearchQuery(text: "churn", kinds: [.mlModel]), tenantID: fixture.tenant.id, visibility: .all)
        #expect(churn.kinds == [FacetCount(value: "ML_MODEL", count: 1)])
        #expect(churn.namespaces == [FacetCount(value: "ml.prod", count: 1)])
    }

    @Test("facets show of unreadable, discoverable assets only their kind", arguments: Backend.allCases)
    func facetVisibility(backend: Backend) async throws {
        let fixture = try await Self.populated(backend)
        let nobody = try await fixture.store.searchFacets(SearchQuery(), tenantID: fixture.tenant.id, visibility: .discoverableOnly)
        #expect(nobody.kinds == [FacetCount(value: "ML_MODEL", count: 1)])
        #expect(nobody.catalogs.isEmpty && nobody.namespaces.isEmpty && nobody.tags.isEmpty)
        var staging = AssetVisibility(everything: false)
        staging.namespaces = [.init(catalog: "lake", path: try NamespacePath(parsing: "ml.staging"))]
        let reader = try await fixture.store.searchFacets(SearchQuery(), tenantID: fixture.tenant.id, visibility: staging)
        #expect(reader.kinds == [FacetCount(value: "ML_MODEL", count: 1), FacetCount(value: "PARQUET_TABLE", count: 1)])
        #expect(reader.namespaces == [FacetCount(value: "ml.staging", count: 1)])
        #expect(reader.tags.isEmpty, "the discoverable model's labels stay hidden")
    }

    @Test("metadata replaces what was there and keeps any JSON", arguments: Backend.allCases)
    func metadataRoundTrip(backend: Backend) async throws {
        let fixture = try await Self.populated(backend)
        let asset = try #require(try await fixture.store.asset(at: fixture.namespace.asset("fraud_detector")))
        let properties: [String: JSONValue] = ["n": .double(2.5), "list": .array([.int(1), .null]), "nested": .object(["a": .bool(true)])]
        _ = try await fixture.store.setMetadata(
            assetID: asset.id, MetadataChange(description: nil, tags: ["a", "b", "a"], properties: properties, discoverable: false),
            by: tester)
        let stored = try #require(try await fixture.store.metadata(assetID: asset.id))
        #expect(stored.tags == ["a", "b"])
        #expect(stored.properties == properties)
        #expect(stored.updatedBy == "tester")
        #expect(try await fixture.store.asset(id: asset.id)?.version == 1, "metadata does not create versions")
    }

    @Test("words matching more assets than the index-only plan's threshold give the same answers, within the tenant", arguments: Backend.allCases)
    func manyMatches(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let other = try await fixture.store.createTenant(name: "other", properties: [:], by: tester)
        _ = try await fixture.store.createCatalog(
            CatalogDraft(name: "lake", catalogType: .local, warehouseName: nil, properties: [:]), tenantID: other.id, by: tester)
        _ = try await fixture.store.createNamespace(
            tenantID: other.id, catalog: "lake", path: try NamespacePath(parsing: "ml"), properties: [:], by: tester)
        let count = SQLiteTransaction.manyMatches + 10
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask { _ = try? await fixture.register("churn_\(index)", in: index.isMultiple(of: 2) ? "ml" : "ml.prod") }
            }
            // The other tenant's assets match too; they must not be counted or shown.
            for index in 0..<20 {
                group.addTask {
                    _ = try? await fixture.store.registerAsset(
                        AssetRegistration(name: "churn_\(index)", kind: .other, location: "x", properties: [:]),
                        at: NamespaceAddress(tenantID: other.id, catalog: "lake", namespace: try! NamespacePath(parsing: "ml")),
                        by: tester)
                }
            }
        }
        try await fixture.register("customer_churn_exact", properties: ["note": "churn churn"])
        let page = try await fixture.store.searchAssets(
            SearchQuery(text: "churn", limit: 5), tenantID: fixture.tenant.id, visibility: .all)
        #expect(page.total == count + 1)
        #expect(page.items.count == 5)
        #expect(page.items.allSatisfy { $0.catalog == "lake" && $0.name.contains("churn") })
        let second = try await fixture.store.searchAssets(
            SearchQuery(text: "churn", limit: 5, offset: 5), tenantID: fixture.tenant.id, visibility: .all)
        #expect(Set(page.items.map(\.id)).isDisjoint(with: second.items.map(\.id)), "pages do not overlap")
        let ids = Set(try await fixture.store.assets(in: fixture.namespace, visibility: .all, limit: 1000, offset: 0).items.map(\.id))
            .union(try await fixture.store.assets(
                in: NamespaceAddress(tenantID: fixture.tenant.id, catalog: "lake", namespace: try NamespacePath(parsing: "ml")),
                visibility: .all, limit: 1000, offset: 0).items.map(\.id))
        #expect(page.items.allSatisfy { ids.contains($0.id) }, "only this tenant's assets")
    }

    @Test("tags with commas or control characters are refused", arguments: Backend.allCases)
    func badTags(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let asset = try await fixture.register("model")
        for tag in ["a,b", "", "bell\u{7}"] {
            let error = await #expect(throws: PangolinError.self) {
                try await fixture.store.setMetadata(
                    assetID: asset.id, MetadataChange(description: nil, tags: [tag], properties: [:], discoverable: false), by: tester)
            }
            #expect(error?.code == .invalidInput)
        }
    }
}
