import Hummingbird
import PangolinModel

/// `POST /api/v1/validate/names`: whether names for new catalogs, warehouses, namespaces or
/// assets follow the naming rules and are free — asked of whoever may create that kind there, so
/// that it tells nobody else which names are taken.
struct NameValidationController {
    let services: CatalogServices

    /// Pangolin's body, with the place a namespace or asset name would be created in.
    struct Body: RequestBody {
        var resourceType: String
        var names: [String]
        /// For namespace and asset names: the catalog.
        var catalog: String?
        /// For asset names: the namespace, dotted.
        var namespace: String?
        enum CodingKeys: String, CodingKey {
            case names, catalog, namespace
            case resourceType = "resource_type"
        }
    }

    struct Result: Codable {
        var name: String
        /// Whether the name follows the naming rules.
        var valid: Bool
        /// Whether it is valid and nothing holds it yet.
        var available: Bool
        /// Why it is not available.
        var reason: String?
    }

    struct Answer: Codable {
        var results: [Result]
    }

    static let maxNames = 100

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("validate/names", use: validate)
    }

    @Sendable func validate(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Answer> {
        let body = try await request.decodeBody(Body.self, limit: services.maxBodyBytes)
        guard body.names.count <= Self.maxNames else {
            throw PangolinError.invalid("'names' holds \(body.names.count) names; send at most \(Self.maxNames) at a time")
        }
        let tenantID = try await services.tenantID(for: request, context: context)
        let check = try await checker(body, tenantID: tenantID, principal: context.principal)
        var results: [Result] = []
        for name in body.names {
            do {
                let taken = try await check(name)
                results.append(Result(name: name, valid: true, available: taken == nil, reason: taken))
            } catch let error as PangolinError where error.code == .invalidInput {
                results.append(Result(name: name, valid: false, available: false, reason: error.message))
            }
        }
        return JSONResponse(Answer(results: results))
    }

    /// What checks one name of the body's kind: it throws when the name breaks a rule, and
    /// returns why it is taken, or nil when it is free. Authorizes the caller first.
    private func checker(
        _ body: Body, tenantID: String, principal: Principal
    ) async throws -> @Sendable (String) async throws -> String? {
        let store = services.store
        let authorizer = services.authorizer
        func place(_ field: String, _ value: String?) throws -> String {
            guard let value, !value.isEmpty else {
                throw PangolinError.invalid("'\(field)' is needed to validate \(body.resourceType) names: name the \(field) they would be created in")
            }
            return value
        }
        switch body.resourceType.lowercased() {
        case "catalog":
            try await authorizer.authorize(principal, .create, .catalogs(tenantID: tenantID))
            return { name in
                try Names.validate(name, as: .catalog)
                return try await store.catalog(tenantID: tenantID, name: name) == nil ? nil : "catalog '\(name)' already exists"
            }
        case "warehouse":
            try await authorizer.authorize(principal, .create, .warehouse(tenantID: tenantID))
            return { name in
                try Names.validate(name, as: .warehouse)
                return try await store.warehouse(tenantID: tenantID, name: name) == nil ? nil : "warehouse '\(name)' already exists"
            }
        case "namespace":
            let catalog = try place("catalog", body.catalog)
            guard try await store.catalog(tenantID: tenantID, name: catalog) != nil else {
                throw PangolinError.notFound(.catalog, "no catalog named '\(catalog)' in this tenant")
            }
            return { name in
                let path = try NamespacePath(parsing: name)
                let address = NamespaceAddress(tenantID: tenantID, catalog: catalog, namespace: path)
                try await authorizer.authorize(principal, .create, .namespace(address))
                return try await store.namespace(tenantID: tenantID, catalog: catalog, path: path) == nil
                    ? nil : "namespace '\(path)' already exists in catalog '\(catalog)'"
            }
        case "asset":
            let address = NamespaceAddress(
                tenantID: tenantID, catalog: try place("catalog", body.catalog),
                namespace: try NamespacePath(parsing: try place("namespace", body.namespace)))
            try await authorizer.authorize(principal, .create, .namespace(address))
            guard try await store.namespace(tenantID: tenantID, catalog: address.catalog, path: address.namespace) != nil else {
                throw PangolinError.notFound(.namespace, "namespace '\(address.namespace)' does not exist in catalog '\(address.catalog)'")
            }
            return { name in
                try Names.validate(name, as: .asset)
                return try await store.asset(at: address.asset(name)) == nil ? nil : "\(address.asset(name)) already exists"
            }
        default:
            throw PangolinError.invalid(
                "'resource_type' must be catalog, warehouse, namespace or asset, not '\(body.resourceType)'")
        }
    }
}
