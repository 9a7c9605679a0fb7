import Hummingbird
import PangolinModel
import PangolinStore

/// `/api/v1/catalogs`: the caller's tenant's catalogs.
struct CatalogController {
    let services: CatalogServices

    struct UpdateBody: RequestBody {
        var properties: [String: String]
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("catalogs", use: create)
        group.get("catalogs", use: list)
        group.get("catalogs/{catalog}", use: get)
        group.put("catalogs/{catalog}", use: update)
        group.delete("catalogs/{catalog}", use: delete)
        group.get("catalogs/{catalog}/summary", use: summary)
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Catalog> {
        let body = try await request.decodeBody(CreateCatalogRequest.self, limit: services.maxBodyBytes)
        let tenantID = try await services.authorize(
            .create, { .catalogs(tenantID: $0) }, request: request, context: context)
        let catalog = try await services.store.createCatalog(
            CatalogDraft(
                name: body.name, catalogType: body.catalogType ?? .local, warehouseName: body.warehouseName,
                properties: body.properties ?? [:]),
            tenantID: tenantID, by: context.actor(request))
        return JSONResponse(catalog, status: .created)
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[Catalog]> {
        let tenantID = try await services.authorize(.list, { .catalogs(tenantID: $0) }, request: request, context: context)
        // Filtered in the query, so that a page holds `limit` catalogs the caller may read.
        let readable = try await services.authorizer.readableCatalogs(for: context.principal, tenantID: tenantID)
        return JSONResponse(try await services.store.catalogs(tenantID: tenantID, names: readable, limit: request.limit(), offset: request.offset()))
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Catalog> {
        let name = try context.parameters.text("catalog")
        let tenantID = try await services.authorize(.read, { .catalog(tenantID: $0, name: name) }, request: request, context: context)
        guard let catalog = try await services.store.catalog(tenantID: tenantID, name: name) else {
            throw PangolinError.notFound(.catalog, "no catalog named '\(name)' in this tenant")
        }
        return JSONResponse(catalog)
    }

    @Sendable func update(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Catalog> {
        let name = try context.parameters.text("catalog")
        let tenantID = try await services.authorize(.update, { .catalog(tenantID: $0, name: name) }, request: request, context: context)
        let body = try await request.decodeBody(UpdateBody.self, limit: services.maxBodyBytes)
        return JSONResponse(
            try await services.store.updateCatalog(tenantID: tenantID, name: name, properties: body.properties, by: context.actor(request)))
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let name = try context.parameters.text("catalog")
        let tenantID = try await services.authorize(.delete, { .catalog(tenantID: $0, name: name) }, request: request, context: context)
        try await services.store.deleteCatalog(tenantID: tenantID, name: name, by: context.actor(request))
        await services.grantsChanged()
        return Response(status: .noContent)
    }

    @Sendable func summary(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<CatalogSummary> {
        let name = try context.parameters.text("catalog")
        let tenantID = try await services.authorize(.read, { .catalog(tenantID: $0, name: name) }, request: request, context: context)
        return JSONResponse(try await services.store.catalogSummary(tenantID: tenantID, name: name))
    }
}

extension CreateCatalogRequest: RequestBody {}
