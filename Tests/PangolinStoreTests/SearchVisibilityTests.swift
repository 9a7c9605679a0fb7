import Testing
import PangolinModel
@testable import PangolinStore

@Suite("Search within granted scopes")
struct SearchVisibilityTests {
    /// More matches than `manyMatches` (past which words alone may be answered by the index for
    /// callers who see everything): assets in ml.prod, ml.staging and ml.prod.daily, one of the
    /// staging ones discoverable.
    static func crowded(_ backend: Backend) async throws -> (StoreFixture, discoverable: Asset) {
        let fixture = try await StoreFixture(backend)
        _ = try await fixture.store.createNamespace(
            tenantID: fixture.tenant.id, catalog: "lake", path: try NamespacePath(parsing: "ml.prod.daily"), properties: [:], by: tester)
        let perNamespace = SQLiteTransaction.manyMatches / 2 + 10
        for i in 0..<perNamespace {
            try await fixture.register("orders_prod_\(i)", kind: .csvTable)
            try await fixture.register("orders_staging_\(i)", kind: .csvTable, in: "ml.staging")
        }
        for i in 0..<20 { try await fixture.register("orders_daily_\(i)", kind: .csvTable, in: "ml.prod.daily") }
        let discoverable = try await fixture.register("orders_ledger", kind: .csvTable, in: "ml.staging")
        _ = try await fixture.store.setMetadata(
            assetID: discoverable.id, MetadataChange(description: "the ledger", tags: [], properties: [:], discoverable: true), by: tester)
        return (fixture, discoverable)
    }

    @Test("words alone and words with a filter find the same readable assets, and redact the same ones", arguments: Backend.allCases)
    func indexAndRowsAgree(backend: Backend) async throws {
        let (fixture, ledger) = try await Self.crowded(backend)
        var visibility = AssetVisibility(everything: false)
        visibility.namespaces = [.init(catalog: "lake", path: try NamespacePath(parsing: "ml.prod"))]
        let byIndex = try await fixture.store.searchAssets(
            SearchQuery(text: "orders", limit: 1000), tenantID: fixture.tenant.id, visibility: visibility)
        // A kind filter that every asset passes makes the store visit the rows instead.
        let byRows = try await fixture.store.searchAssets(
            SearchQuery(text: "orders", kinds: [.csvTable], limit: 1000), tenantID: fixture.tenant.id, visibility: visibility)
        let perNamespace = SQLiteTransaction.manyMatches / 2 + 10
        #expect(byIndex.total == perNamespace + 20 + 1, "ml.prod, what is nested in it, and the discoverable ledger")
        #expect(byIndex.total == byRows.total)
        #expect(Set(byIndex.items.map(\.id)) == Set(byRows.items.map(\.id)))
        let redacted = byIndex.items.filter { !$0.hasAccess }
        #expect(redacted.map(\.id) == [ledger.id] && redacted[0].namespace == "" && redacted[0].location == nil)
        #expect(!byIndex.items.contains { $0.name.hasPrefix("orders_staging") })
    }

    @Test("a grant on a namespace that no longer exists, or one that covers nothing, leaves only what is discoverable", arguments: Backend.allCases)
    func nothingReadable(backend: Backend) async throws {
        let (fixture, ledger) = try await Self.crowded(backend)
        var visibility = AssetVisibility(everything: false)
        visibility.namespaces = [.init(catalog: "lake", path: try NamespacePath(parsing: "ml.gone"))]
        for query in [SearchQuery(text: "orders"), SearchQuery(text: "orders", kinds: [.csvTable]), SearchQuery()] {
            let page = try await fixture.store.searchAssets(query, tenantID: fixture.tenant.id, visibility: visibility)
            #expect(page.items.map(\.id) == [ledger.id] && page.total == 1)
        }
        let listed = try await fixture.store.assets(in: fixture.namespace, visibility: visibility, limit: 10, offset: 0)
        #expect(listed.items.isEmpty && listed.total == 0)
    }

    @Test("a discoverable flag cleared, or metadata deleted, takes the asset out of others' search", arguments: Backend.allCases)
    func discoverabilityFollowsMetadata(backend: Backend) async throws {
        let (fixture, ledger) = try await Self.crowded(backend)
        let nobody = AssetVisibility.discoverableOnly
        #expect(try await fixture.store.searchAssets(SearchQuery(text: "orders"), tenantID: fixture.tenant.id, visibility: nobody).total == 1)
        try await fixture.store.deleteMetadata(assetID: ledger.id, by: tester)
        var scoped = AssetVisibility(everything: false)
        scoped.namespaces = [.init(catalog: "lake", path: try NamespacePath(parsing: "ml.prod.daily"))]
        let page = try await fixture.store.searchAssets(SearchQuery(text: "orders"), tenantID: fixture.tenant.id, visibility: scoped)
        #expect(page.total == 20 && page.items.allSatisfy(\.hasAccess))
        #expect(try await fixture.store.searchAssets(SearchQuery(text: "orders"), tenantID: fixture.tenant.id, visibility: nobody).total == 0)
    }
}
