import Hummingbird
import PangolinModel
import PangolinStore

/// `/api/v1/warehouses`: storage settings of the caller's tenant. Secrets are never returned.
struct WarehouseController {
    let services: CatalogServices

    struct CreateBody: RequestBody {
        var name: String
        var storageConfig: [String: String]?
        var vendingStrategy: JSONValue?
        static let fields: Set<String> = ["name", "storage_config", "vending_strategy"]
        enum CodingKeys: String, CodingKey {
            case name
            case storageConfig = "storage_config"
            case vendingStrategy = "vending_strategy"
        }
    }

    struct UpdateBody: RequestBody {
        var storageConfig: [String: String]?
        var vendingStrategy: JSONValue?
        static let fields: Set<String> = ["storage_config", "vending_strategy"]
        enum CodingKeys: String, CodingKey {
            case storageConfig = "storage_config"
            case vendingStrategy = "vending_strategy"
        }
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("warehouses", use: create)
        group.get("warehouses", use: list)
        group.get("warehouses/{name}", use: get)
        group.put("warehouses/{name}", use: update)
        group.delete("warehouses/{name}", use: delete)
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Warehouse> {
        let tenantID = try await services.authorize(.create, { .warehouse(tenantID: $0) }, request: request, context: context)
        let body = try await request.decodeBody(CreateBody.self, limit: services.maxBodyBytes)
        let warehouse = try await services.store.createWarehouse(
            WarehouseDraft(name: body.name, storageConfig: body.storageConfig ?? [:], vendingStrategy: body.vendingStrategy),
            tenantID: tenantID, by: context.actor(request))
        return JSONResponse(warehouse.redacted, status: .created)
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[Warehouse]> {
        let tenantID = try await services.authorize(.list, { .warehouse(tenantID: $0) }, request: request, context: context)
        let warehouses = try await services.store.warehouses(tenantID: tenantID, limit: request.limit(), offset: request.offset())
        return JSONResponse(warehouses.map(\.redacted))
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Warehouse> {
        let tenantID = try await services.authorize(.read, { .warehouse(tenantID: $0) }, request: request, context: context)
        let name = try context.parameters.text("name")
        guard let warehouse = try await services.store.warehouse(tenantID: tenantID, name: name) else {
            throw PangolinError.notFound("no warehouse named '\(name)' in this tenant")
        }
        return JSONResponse(warehouse.redacted)
    }

    @Sendable func update(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Warehouse> {
        let tenantID = try await services.authorize(.update, { .warehouse(tenantID: $0) }, request: request, context: context)
        let body = try await request.decodeBody(UpdateBody.self, limit: services.maxBodyBytes)
        let warehouse = try await services.store.updateWarehouse(
            tenantID: tenantID, name: context.parameters.text("name"), storageConfig: body.storageConfig,
            vendingStrategy: body.vendingStrategy, by: context.actor(request))
        return JSONResponse(warehouse.redacted)
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let tenantID = try await services.authorize(.delete, { .warehouse(tenantID: $0) }, request: request, context: context)
        try await services.store.deleteWarehouse(tenantID: tenantID, name: context.parameters.text("name"), by: context.actor(request))
        return Response(status: .noContent)
    }
}
