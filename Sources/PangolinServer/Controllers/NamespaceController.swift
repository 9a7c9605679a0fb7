import Hummingbird
import PangolinModel
import PangolinStore

/// Namespaces through the Iceberg REST catalog paths that pypangolin uses (`/v1/...`), with
/// Iceberg's error shape. Namespaces in paths are dotted or joined by U+001F.
struct NamespaceController {
    let services: CatalogServices

    struct CreateBody: RequestBody {
        var namespace: [String]
        var properties: [String: String]?
    }

    struct PropertiesBody: RequestBody {
        var removals: [String]?
        var updates: [String: String]?
    }

    struct ConfigResponse: Codable {
        var defaults: [String: String]
        var overrides: [String: String]
        /// The routes this server answers, as `METHOD /v1/{prefix}/…`; PyIceberg calls no other.
        var endpoints: [String]
    }

    /// Every Iceberg route a client may call, in the spelling of the configuration's `endpoints`.
    static let endpoints = [
        "GET /v1/{prefix}/namespaces", "POST /v1/{prefix}/namespaces", "GET /v1/{prefix}/namespaces/{namespace}",
        "HEAD /v1/{prefix}/namespaces/{namespace}", "DELETE /v1/{prefix}/namespaces/{namespace}",
        "POST /v1/{prefix}/namespaces/{namespace}/properties", "GET /v1/{prefix}/namespaces/{namespace}/tables",
        "POST /v1/{prefix}/namespaces/{namespace}/tables", "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
        "HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}", "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}",
        "DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}", "POST /v1/{prefix}/namespaces/{namespace}/register",
        "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics", "POST /v1/{prefix}/tables/rename",
        "POST /v1/{prefix}/transactions/commit", "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials",
    ]

    /// The namespace routes under `prefix` (`{catalog}`, or `{catalog}/v1` as pypangolin's helper
    /// addresses them), and the client configuration at `v1/config` and `v1/{catalog}/v1/config`.
    func addRoutes(to group: RouterGroup<AuthenticatedContext>, prefix: String) {
        group.get(prefix == "{catalog}" ? "config" : "\(prefix)/config", use: config)
        group.get("\(prefix)/namespaces", use: list)
        group.post("\(prefix)/namespaces", use: create)
        group.get("\(prefix)/namespaces/{namespace}", use: get)
        group.head("\(prefix)/namespaces/{namespace}", use: exists)
        group.delete("\(prefix)/namespaces/{namespace}", use: delete)
        group.post("\(prefix)/namespaces/{namespace}/properties", use: updateProperties)
    }

    /// `GET /v1/config?warehouse=<catalog>` sets the prefix to the catalog; under
    /// `/v1/{catalog}/v1/config` the catalog is in the client's URI already, so there is none.
    @Sendable func config(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<ConfigResponse> {
        var overrides: [String: String] = [:]
        if context.parameters.get("catalog") == nil, let warehouse = request.uri.queryParameters.get("warehouse") { overrides["prefix"] = warehouse }
        return JSONResponse(ConfigResponse(defaults: [:], overrides: overrides, endpoints: Self.endpoints))
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<NamespaceList> {
        let address = try await authorize(.read, request: request, context: context, path: nil)
        let parent = try request.uri.queryParameters.get("parent").map(NamespacePath.init(parsing:))
        var visible: [NamespacePath] = []
        for namespace in try await services.store.namespaces(tenantID: address.tenantID, catalog: address.catalog, parent: parent) {
            let resource = Authorizer.Resource.namespace(NamespaceAddress(tenantID: address.tenantID, catalog: address.catalog, namespace: namespace.path))
            if try await services.authorizer.allows(context.principal, .read, resource) { visible.append(namespace.path) }
        }
        return JSONResponse(NamespaceList(namespaces: visible))
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Namespace> {
        let body = try await request.decodeBody(CreateBody.self, limit: services.maxBodyBytes)
        let path = try NamespacePath(body.namespace)
        let address = try await authorize(.create, request: request, context: context, path: path)
        let namespace = try await services.store.createNamespace(
            tenantID: address.tenantID, catalog: address.catalog, path: path, properties: body.properties ?? [:],
            by: context.actor(request))
        return JSONResponse(namespace)
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Namespace> {
        JSONResponse(try await requireNamespace(request: request, context: context))
    }

    @Sendable func exists(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await requireNamespace(request: request, context: context)
        return Response(status: .noContent)
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let path = try NamespacePath(parsing: context.parameters.text("namespace"))
        let address = try await authorize(.delete, request: request, context: context, path: path)
        try await services.store.deleteNamespace(
            tenantID: address.tenantID, catalog: address.catalog, path: path, by: context.actor(request))
        await services.grantsChanged()
        return Response(status: .noContent)
    }

    @Sendable func updateProperties(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<NamespacePropertiesChange> {
        let path = try NamespacePath(parsing: context.parameters.text("namespace"))
        let address = try await authorize(.update, request: request, context: context, path: path)
        let body = try await request.decodeBody(PropertiesBody.self, limit: services.maxBodyBytes)
        let change = try await services.store.updateNamespaceProperties(
            tenantID: address.tenantID, catalog: address.catalog, path: path, removals: body.removals ?? [],
            updates: body.updates ?? [:], by: context.actor(request))
        return JSONResponse(change)
    }

    private func requireNamespace(request: Request, context: AuthenticatedContext) async throws -> Namespace {
        let path = try NamespacePath(parsing: context.parameters.text("namespace"))
        let address = try await authorize(.read, request: request, context: context, path: path)
        guard let namespace = try await services.store.namespace(tenantID: address.tenantID, catalog: address.catalog, path: path) else {
            throw PangolinError.notFound(.namespace, "namespace '\(path)' does not exist in catalog '\(address.catalog)'")
        }
        return namespace
    }

    /// The catalog of the request in the caller's tenant, once the caller may act there.
    private func authorize(
        _ action: Authorizer.Action, request: Request, context: AuthenticatedContext, path: NamespacePath?
    ) async throws -> (tenantID: String, catalog: String) {
        let catalog = try context.parameters.text("catalog")
        let tenantID = try await services.authorize(
            action,
            { tenantID in
                guard let path else { return .catalog(tenantID: tenantID, name: catalog) }
                return .namespace(NamespaceAddress(tenantID: tenantID, catalog: catalog, namespace: path))
            }, request: request, context: context)
        return (tenantID, catalog)
    }
}
