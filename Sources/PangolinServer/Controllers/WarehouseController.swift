import Hummingbird
import PangolinModel
import PangolinStore

/// `/api/v1/warehouses`: storage settings of the caller's tenant, checked when they are set.
/// Secrets are sealed before they are stored and never returned; `…/credentials` hands the
/// storage's settings, keys included, to those who may write in a catalog on the warehouse.
struct WarehouseController {
    let services: CatalogServices

    struct UpdateBody: RequestBody {
        var storageConfig: [String: String]?
        var vendingStrategy: JSONValue?
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
        group.get("warehouses/{name}/credentials", use: credentials)
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Warehouse> {
        let tenantID = try await services.authorize(.create, { .warehouse(tenantID: $0) }, request: request, context: context)
        let body = try await request.decodeBody(CreateWarehouseRequest.self, limit: services.maxBodyBytes)
        let config = try services.sealer.seal(body.storageConfig ?? [:])
        let strategy = try body.vendingStrategy.map { try services.sealer.seal($0) }
        _ = try storage(config, strategy)
        let warehouse = try await services.store.createWarehouse(
            WarehouseDraft(name: body.name, storageConfig: config, vendingStrategy: strategy),
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
            throw PangolinError.notFound(.warehouse, "no warehouse named '\(name)' in this tenant")
        }
        return JSONResponse(warehouse.redacted)
    }

    @Sendable func update(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Warehouse> {
        let tenantID = try await services.authorize(.update, { .warehouse(tenantID: $0) }, request: request, context: context)
        let body = try await request.decodeBody(UpdateBody.self, limit: services.maxBodyBytes)
        let name = try context.parameters.text("name")
        guard let existing = try await services.store.warehouse(tenantID: tenantID, name: name) else {
            throw PangolinError.notFound(.warehouse, "no warehouse named '\(name)' in this tenant")
        }
        let config = try body.storageConfig.map { try services.sealer.seal($0, previous: existing.storageConfig) }
        let strategy = try body.vendingStrategy.map { try services.sealer.seal($0, previous: existing.vendingStrategy) }
        _ = try storage(config ?? existing.storageConfig, strategy ?? existing.vendingStrategy)
        let warehouse = try await services.store.updateWarehouse(
            tenantID: tenantID, name: name, storageConfig: config, vendingStrategy: strategy, by: context.actor(request))
        return JSONResponse(warehouse.redacted)
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let tenantID = try await services.authorize(.delete, { .warehouse(tenantID: $0) }, request: request, context: context)
        try await services.store.deleteWarehouse(tenantID: tenantID, name: context.parameters.text("name"), by: context.actor(request))
        return Response(status: .noContent)
    }

    /// `GET /api/v1/warehouses/{name}/credentials[?catalog=…][&location=s3://…]`: the settings and
    /// keys of the warehouse's bucket, for a principal who may write in a catalog on it (the one
    /// `catalog` names, when given); `location`, when given, must lie in the bucket under the
    /// warehouse's prefix. Every answer, given or refused, is audited.
    @Sendable func credentials(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<StorageCredentials> {
        let tenantID = try await services.tenantID(for: request, context: context)
        let name = try context.parameters.text("name")
        let actor = context.actor(request)
        func audit(_ result: AuditResult, _ message: String? = nil, warehouseID: String? = nil) async throws {
            var metadata: [String: JSONValue] = [:]
            for parameter in ["catalog", "location"] {
                if let value = request.uri.queryParameters.get(parameter) { metadata[parameter] = .string(value) }
            }
            try await services.store.recordAudit(
                AuditEntry(action: .vendCredentials, resourceType: "warehouse", resourceID: warehouseID, resourceName: name, tenantID: tenantID,
                           result: result, errorMessage: message, metadata: metadata.isEmpty ? nil : metadata),
                by: actor)
        }
        guard let warehouse = try await services.store.warehouse(tenantID: tenantID, name: name) else {
            throw PangolinError.notFound(.warehouse, "no warehouse named '\(name)' in this tenant")
        }
        var catalogs = try await catalogs(on: warehouse)
        if let named = request.uri.queryParameters.get("catalog").map { String($0) } {
            guard catalogs.contains(named) else {
                throw PangolinError.invalid("catalog '\(named)' does not use warehouse '\(name)'; name a catalog on it, or leave out ?catalog")
            }
            catalogs = [named]
        }
        let resource = Authorizer.Resource.storage(tenantID: tenantID, warehouse: name, catalogs: catalogs)
        guard try await services.authorizer.allows(context.principal, .write, resource) else {
            let reason = catalogs.isEmpty
                ? "no catalog uses warehouse '\(name)', so only an admin may have its credentials"
                : "\(context.principal.username) may not write in \(catalogs.count == 1 ? "catalog '\(catalogs[0])'" : "any catalog on warehouse '\(name)'"), "
                    + "so may not have the warehouse's storage credentials; ask an admin for a write grant, or use storage keys of your own"
            try await audit(.denied, reason, warehouseID: warehouse.id)
            throw PangolinError.forbidden(reason)
        }
        let opened = try services.sealer.open(warehouse.storageConfig)
        guard case .s3(let storage) = try WarehouseStorage(config: opened, vendingStrategy: try warehouse.vendingStrategy.map { try services.sealer.open($0) }),
              storage.accessKeyID != nil else {
            throw PangolinError.conflict(
                "warehouse '\(name)' holds no S3 access key to hand out; set s3.access-key-id and s3.secret-access-key on it, or use storage keys of your own")
        }
        if let location = request.uri.queryParameters.get("location").map { String($0) }, !storage.contains(location) {
            throw PangolinError.invalid("location '\(location)' is not in warehouse '\(name)', whose storage is \(storage.root)")
        }
        try await audit(.success, warehouseID: warehouse.id)
        return JSONResponse(StorageCredentials(storage))
    }

    /// The storage that settings describe, or a 400 naming the setting at fault.
    private func storage(_ config: [String: String], _ strategy: JSONValue?) throws -> WarehouseStorage {
        try WarehouseStorage(config: try services.sealer.open(config), vendingStrategy: try strategy.map { try services.sealer.open($0) })
    }

    /// The names of the tenant's catalogs that use the warehouse.
    private func catalogs(on warehouse: Warehouse) async throws -> [String] {
        var names: [String] = []
        var offset = 0
        while true {
            let page = try await services.store.catalogs(tenantID: warehouse.tenantID, names: nil, limit: 1000, offset: offset)
            names += page.filter { $0.warehouseName == warehouse.name }.map(\.name)
            if page.count < 1000 { return names }
            offset += 1000
        }
    }
}

extension CreateWarehouseRequest: RequestBody {}
