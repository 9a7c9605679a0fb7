import Hummingbird
import PangolinModel

/// `GET /api/v1/search?q=&limit=`: Pangolin's search over catalogs, namespaces and assets at once,
/// showing each only to those who may read it — catalogs and namespaces as their routes do,
/// assets as asset search does (discoverable ones included, marked by `has_access`).
struct UnifiedSearchController {
    let services: CatalogServices

    enum Kind: String, Codable, CaseIterable, WireLeaf {
        case catalog = "Catalog", namespace = "Namespace", asset = "Asset"
    }

    struct Result: Codable {
        var id: String?
        var name: String
        var kind: Kind
        var description: String?
        /// Where the result lives: `Catalog: <name>` for a namespace, `<catalog>.<namespace>` for an asset.
        var context: String?
        /// For an asset: whether the caller may read it (or only discover it).
        var hasAccess: Bool?
        enum CodingKeys: String, CodingKey {
            case id, name, kind, description, context
            case hasAccess = "has_access"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(kind, forKey: .kind)
            try container.encode(description, forKey: .description)
            try container.encode(context, forKey: .context)
            try container.encodeIfPresent(hasAccess, forKey: .hasAccess)
        }
    }

    struct Answer: Codable {
        var results: [Result]
        /// Matches of every kind, before `limit`.
        var total: Int
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("search", use: search)
    }

    @Sendable func search(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Answer> {
        guard let text = request.uri.queryParameters.get("q") ?? request.uri.queryParameters.get("query"),
              !text.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw PangolinError.invalid("give the text to search for as ?q=")
        }
        if text.count > 1000 { throw PangolinError.invalid("the search text is \(text.count) characters long; the limit is 1000") }
        let limit = try request.limit(default: 20, maximum: 100)
        let principal = context.principal
        let tenantID = try await services.tenantID(for: request, context: context)
        let readable = try await services.authorizer.readableCatalogs(for: principal, tenantID: tenantID)
        let needle = text.lowercased()

        let catalogs = try await services.store.catalogs(tenantID: tenantID, names: readable, limit: 10_000, offset: 0)
            .filter { $0.name.lowercased().contains(needle) }
            .map { Result(id: $0.id, name: $0.name, kind: .catalog, description: $0.properties["description"]) }
        var namespaces: [Result] = []
        for match in try await services.store.namespaces(tenantID: tenantID, containing: text, catalogs: readable) {
            let address = NamespaceAddress(tenantID: tenantID, catalog: match.catalog, namespace: match.namespace.path)
            if try await services.authorizer.allows(principal, .read, .namespace(address)) {
                namespaces.append(Result(
                    name: match.namespace.path.dotted, kind: .namespace, description: match.namespace.properties["description"],
                    context: "Catalog: \(match.catalog)"))
            }
        }
        let visibility = try await services.authorizer.visibility(for: principal, tenantID: tenantID)
        let assets = try await services.store.searchAssets(SearchQuery(text: text, limit: limit), tenantID: tenantID, visibility: visibility)
        let results = catalogs + namespaces + assets.items.map {
            Result(id: $0.id, name: $0.name, kind: .asset, description: $0.description, context: "\($0.catalog).\($0.namespace)",
                   hasAccess: $0.hasAccess)
        }
        return JSONResponse(Answer(results: Array(results.prefix(limit)), total: catalogs.count + namespaces.count + assets.total))
    }
}
