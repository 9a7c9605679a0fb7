import Foundation
import Hummingbird
import PangolinModel

/// Asset search: pypangolin's `GET /api/v1/assets/search` (a list) and the richer
/// `GET /api/v1/search/assets` (a page with filters and a total), with `GET /api/v1/search/facets`
/// counting the same matches by kind, catalog, namespace and label.
struct SearchController {
    let services: CatalogServices

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("assets/search", use: simple)
        group.get("search/assets", use: search)
        group.get("search/facets", use: facets)
    }

    @Sendable func simple(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[SearchHit]> {
        JSONResponse(try await run(request: request, context: context).items)
    }

    @Sendable func search(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Page<SearchHit>> {
        JSONResponse(try await run(request: request, context: context))
    }

    @Sendable func facets(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<SearchFacets> {
        let (query, tenantID, visibility) = try await scope(request: request, context: context)
        return JSONResponse(try await services.store.searchFacets(query, tenantID: tenantID, visibility: visibility))
    }

    private func run(request: Request, context: AuthenticatedContext) async throws -> Page<SearchHit> {
        let (query, tenantID, visibility) = try await scope(request: request, context: context)
        return try await services.store.searchAssets(query, tenantID: tenantID, visibility: visibility)
    }

    /// The query of the request, the tenant it searches and what the caller may see there.
    private func scope(request: Request, context: AuthenticatedContext) async throws -> (SearchQuery, String, AssetVisibility) {
        var query = try Self.query(from: request)
        // `lineage_to` names an asset by id or by reference.
        if let other = request.uri.queryParameters.get("lineage_to") {
            if let asset = try await services.store.asset(id: other), try await services.authorizer.allows(context.principal, .read, .asset(asset)) {
                query.lineageTo = asset.id
            } else {
                query.lineageTo = try await services.resolveAsset(
                    AssetReference(parsing: other), catalog: nil, request: request, context: context).id
            }
        }
        let tenantID = try await services.tenantID(for: request, context: context)
        let visibility = try await services.authorizer.visibility(for: context.principal, tenantID: tenantID)
        return (query, tenantID, visibility)
    }

    /// Reads `query` (or `q`), `catalog`, `namespace`, `kind` (comma-separated), `tags`
    /// (comma-separated, all required), `property.<key>=<value>`, `version_tag`, `limit` and
    /// `offset`; `lineage_to` (a reference) is resolved by the caller.
    static func query(from request: Request) throws -> SearchQuery {
        let parameters = request.uri.queryParameters
        func list(_ name: String) -> [String] {
            (parameters.get(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        var properties: [String: String] = [:]
        for (key, value) in parameters where key.hasPrefix("property.") {
            let name = String(key.dropFirst("property.".count))
            if name.isEmpty { throw PangolinError.invalid("a property filter needs a key: property.<key>=<value>") }
            properties[String(name)] = String(value)
        }
        let text = parameters.get("query") ?? parameters.get("q")
        if let text, text.count > 1000 {
            throw PangolinError.invalid("the search text is \(text.count) characters long; the limit is 1000")
        }
        return SearchQuery(
            text: text, catalog: parameters.get("catalog"),
            namespace: try parameters.get("namespace").map(NamespacePath.init(parsing:)),
            kinds: try list("kind").map(AssetKind.init(parsing:)), tags: list("tags"), properties: properties,
            versionTag: parameters.get("version_tag"),
            limit: try request.limit(default: 50, maximum: SearchQuery.maxLimit), offset: try request.offset())
    }
}
