import Hummingbird
import PangolinModel

/// `/api/v1/tenants`: root manages tenants; a tenant admin sees their own.
struct TenantController {
    let services: CatalogServices

    struct UpdateBody: RequestBody {
        var properties: [String: String]
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("tenants", use: create)
        group.get("tenants", use: list)
        group.get("tenants/{id}", use: get)
        group.put("tenants/{id}", use: update)
        group.delete("tenants/{id}", use: delete)
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Tenant> {
        try await services.authorizer.authorize(context.principal, .create, .system)
        let body = try await request.decodeBody(CreateTenantRequest.self, limit: services.maxBodyBytes)
        let tenant = try await services.store.createTenant(name: body.name, properties: body.properties ?? [:], by: context.actor(request))
        return JSONResponse(tenant, status: .created)
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[Tenant]> {
        let principal = context.principal
        if services.authorizer.crossesTenants(principal) {
            return JSONResponse(try await services.store.tenants(limit: request.limit(), offset: request.offset()))
        }
        guard let own = principal.tenantID, let tenant = try await services.store.tenant(id: own) else { return JSONResponse([]) }
        return JSONResponse(try request.offset() == 0 ? [tenant] : [])
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Tenant> {
        let id = try context.parameters.text("id")
        try await services.authorizer.authorize(context.principal, .read, .tenant(id: id))
        return JSONResponse(try await requireTenant(id))
    }

    @Sendable func update(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Tenant> {
        let id = try context.parameters.text("id")
        try await services.authorizer.authorize(context.principal, .update, .tenant(id: id))
        let body = try await request.decodeBody(UpdateBody.self, limit: services.maxBodyBytes)
        return JSONResponse(try await services.store.updateTenant(id: id, properties: body.properties, by: context.actor(request)))
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.text("id")
        try await services.authorizer.authorize(context.principal, .delete, .tenant(id: id))
        if id == services.defaultTenantID {
            throw PangolinError.conflict("the default tenant cannot be deleted: root works in it when a request names no tenant")
        }
        try await services.store.deleteTenant(id: id, by: context.actor(request))
        return Response(status: .noContent)
    }

    private func requireTenant(_ id: String) async throws -> Tenant {
        guard let tenant = try await services.store.tenant(id: id) else {
            throw PangolinError.notFound(.tenant, "no tenant with id '\(id)'")
        }
        return tenant
    }
}

extension CreateTenantRequest: RequestBody {}
