import Hummingbird
import PangolinModel
import PangolinStore

/// `GET /api/v1/catalogs/{catalog}/namespaces/tree`: a catalog's namespaces as a tree, in
/// Pangolin's shape, with the number of assets in each — only the namespaces the caller may read.
struct NamespaceTreeController {
    let services: CatalogServices

    struct Node: Codable {
        var name: String
        var fullPath: [String]
        /// Assets directly in this namespace; null on a namespace shown only because the caller
        /// may read one below it.
        var assetCount: Int?
        var children: [Node]
        enum CodingKeys: String, CodingKey {
            case name, children
            case fullPath = "full_path"
            case assetCount = "asset_count"
        }
    }

    struct Tree: Codable {
        var root: [Node]
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("catalogs/{catalog}/namespaces/tree", use: tree)
    }

    @Sendable func tree(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Tree> {
        let catalog = try context.parameters.text("catalog")
        let tenantID = try await services.authorize(.read, { .catalog(tenantID: $0, name: catalog) }, request: request, context: context)
        var counts: [[String]: Int] = [:]
        for entry in try await services.store.namespaceTree(tenantID: tenantID, catalog: catalog) {
            let address = NamespaceAddress(tenantID: tenantID, catalog: catalog, namespace: entry.namespace.path)
            if try await services.authorizer.allows(context.principal, .read, .namespace(address)) {
                counts[entry.namespace.path.segments] = entry.assetCount
            }
        }
        return JSONResponse(Tree(root: Self.tree(counts)))
    }

    /// The forest of the readable namespaces in `counts`, each under the namespaces above it.
    static func tree(_ counts: [[String]: Int]) -> [Node] {
        var children: [[String]: Set<String>] = [:]
        for path in counts.keys {
            for depth in 0..<path.count { children[Array(path.prefix(depth)), default: []].insert(path[depth]) }
        }
        func nodes(under parent: [String]) -> [Node] {
            (children[parent] ?? []).sorted().map { name in
                let path = parent + [name]
                return Node(name: name, fullPath: path, assetCount: counts[path], children: nodes(under: path))
            }
        }
        return nodes(under: [])
    }
}
