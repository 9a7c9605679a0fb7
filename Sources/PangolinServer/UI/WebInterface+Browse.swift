import Foundation
import Hummingbird
import PangolinModel
import PangolinStore

/// The dashboard and the catalog → namespace → asset browser.
extension WebInterface {
    struct DashboardView {
        let session: SessionView
        let assets: Int
        let kinds: [FacetView]
        let catalogs: [CatalogRow]
        /// Tenant-wide counts, for administrators.
        let statistics: [KeyValueView]
    }

    struct CatalogRow {
        let name: String
        let link: String
        let kind: String
        let warehouse: String
        let assets: Int
    }

    @Sendable func dashboard(request: Request, context: AuthenticatedContext) async throws -> Response {
        let everything = try request.forAPI(path: "/api/v1/search/facets")
        let facets = try await SearchController(services: services).facets(request: everything, context: context).value
        let byCatalog = Dictionary(uniqueKeysWithValues: facets.catalogs.map { ($0.value, $0.count) })
        let catalogs = try await CatalogController(services: services).list(request: request.forAPI(path: "/api/v1/catalogs?limit=1000"), context: context).value
        var statistics: [KeyValueView] = []
        if services.authorizer.administers(context.principal, tenantID: context.principal.tenantID) {
            let stats = try await services.statistics(request: request, context: context)
            statistics = [
                ("Catalogs", stats.catalogsCount), ("Namespaces", stats.namespacesCount), ("Assets", stats.assetsCount),
                ("Iceberg tables", stats.tablesCount), ("Users", stats.usersCount), ("Warehouses", stats.warehousesCount),
            ].map { KeyValueView(key: $0.0, value: String($0.1)) }
        }
        let view = DashboardView(
            session: session(request, context), assets: facets.kinds.reduce(0) { $0 + $1.count },
            kinds: facets.kinds.map { FacetView($0, link: "/ui/search?kind=\(WebPaths.query($0.value))", selected: false) },
            catalogs: catalogs.map {
                CatalogRow(name: $0.name, link: WebPaths.catalog($0.name), kind: $0.catalogType.rawValue,
                           warehouse: $0.warehouseName ?? "", assets: byCatalog[$0.name] ?? 0)
            },
            statistics: statistics)
        return renderer.page("dashboard", view)
    }

    struct CatalogView {
        let session: SessionView
        let catalog: String
        let namespaces: [NamespaceRow]
    }

    struct NamespaceRow {
        let name: String
        let path: String
        let link: String
        /// Indentation in the tree, in steps.
        let depth: Int
        let assets: String
    }

    @Sendable func catalogPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        let catalog = try context.parameters.text("catalog")
        let tree = try await NamespaceTreeController(services: services).tree(request: request, context: context).value
        var rows: [NamespaceRow] = []
        func walk(_ nodes: [NamespaceTreeController.Node]) {
            for node in nodes {
                let path = node.fullPath.joined(separator: ".")
                rows.append(NamespaceRow(
                    name: node.name, path: path, link: WebPaths.namespace(catalog: catalog, namespace: path),
                    depth: node.fullPath.count - 1, assets: node.assetCount.map(String.init) ?? "—"))
                walk(node.children)
            }
        }
        walk(tree.root)
        return renderer.page("catalog", CatalogView(session: session(request, context), catalog: catalog, namespaces: rows))
    }

    struct NamespaceView {
        let session: SessionView
        let catalog: String
        let catalogLink: String
        let namespace: String
        let assets: [AssetRow]
        let pager: PagerView
    }

    struct AssetRow {
        let name: String
        let link: String
        let kind: String
        let location: String
        let version: Int
    }

    static let pageSize = 25

    @Sendable func namespacePage(request: Request, context: AuthenticatedContext) async throws -> Response {
        let catalog = try context.parameters.text("catalog")
        let namespace = try context.parameters.text("namespace")
        let offset = try request.offset()
        let page = try await AssetController(services: services).list(
            request: request.forAPI(path: "\(request.uri.path)?limit=\(Self.pageSize)&offset=\(offset)"), context: context)
        let total = page.headers[totalCountHeader].flatMap { Int($0) } ?? page.value.count
        let link = WebPaths.namespace(catalog: catalog, namespace: namespace)
        let view = NamespaceView(
            session: session(request, context), catalog: catalog, catalogLink: WebPaths.catalog(catalog),
            namespace: namespace,
            assets: page.value.map {
                AssetRow(name: $0.name, link: WebPaths.asset($0.id), kind: $0.kind.rawValue, location: $0.location, version: $0.version)
            },
            pager: PagerView(total: total, limit: Self.pageSize, offset: offset, shown: page.value.count) { "\(link)?offset=\($0)" })
        return renderer.page("namespace", view)
    }
}
