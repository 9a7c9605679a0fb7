import PangolinModel
import PangolinStore

/// Every route the server exposes, described once with the types its handler decodes and encodes.
/// The OpenAPI document is generated from this table and those types, and tests check that the
/// router and the table list exactly the same routes and that answers match their schemas.
struct APIRoute: @unchecked Sendable {
    var method: String
    var path: String
    var summary: String
    var tag: String
    /// Whether the route needs a token.
    var authenticated = true
    /// The JSON body the handler decodes, when the route takes one.
    var body: (any RequestBody.Type)?
    /// The success status and the type of its body (nil: no body), which the handler encodes.
    var status = 200
    var response: (any Decodable.Type)?
}

enum APIRoutes {
    static let all: [APIRoute] = [
        APIRoute(method: "POST", path: "/api/v1/users/login", summary: "Log in and receive a token", tag: "auth", authenticated: false, body: LoginRequest.self, response: LoginResult.self),
        APIRoute(method: "POST", path: "/api/v1/users", summary: "Create a user", tag: "users", body: CreateUserRequest.self, status: 201, response: User.self),
        APIRoute(method: "GET", path: "/api/v1/users", summary: "List users", tag: "users", response: [User].self),
        APIRoute(method: "GET", path: "/api/v1/users/me", summary: "The calling user", tag: "users", response: User.self),
        APIRoute(method: "GET", path: "/api/v1/users/{id}", summary: "Get a user", tag: "users", response: User.self),
        APIRoute(method: "PUT", path: "/api/v1/users/{id}", summary: "Change a user's email, password, role or whether it is active (a change of role or a deactivation revokes its tokens)", tag: "users", body: UpdateUserRequest.self, response: User.self),
        APIRoute(method: "DELETE", path: "/api/v1/users/{id}", summary: "Delete a user with its tokens, grants and role assignments", tag: "users", status: 204),

        APIRoute(method: "POST", path: "/api/v1/roles", summary: "Create a custom role holding grants", tag: "roles", body: RoleRequest.self, status: 201, response: Role.self),
        APIRoute(method: "GET", path: "/api/v1/roles", summary: "List the built-in roles and the tenant's own", tag: "roles", response: [Role].self),
        APIRoute(method: "GET", path: "/api/v1/roles/{id}", summary: "Get a role by id or name", tag: "roles", response: Role.self),
        APIRoute(method: "PUT", path: "/api/v1/roles/{id}", summary: "Replace a custom role's name, description and grants", tag: "roles", body: RoleRequest.self, response: Role.self),
        APIRoute(method: "DELETE", path: "/api/v1/roles/{id}", summary: "Delete a custom role, unassigning it from everyone", tag: "roles", status: 204),
        APIRoute(method: "POST", path: "/api/v1/users/{id}/roles", summary: "Assign a custom role, or grant a built-in role on a scope, to a user or service user", tag: "roles", body: AssignRoleRequest.self, status: 201),
        APIRoute(method: "GET", path: "/api/v1/users/{id}/roles", summary: "The roles a user or service user holds", tag: "roles", response: [Role].self),
        APIRoute(method: "DELETE", path: "/api/v1/users/{id}/roles/{role_id}", summary: "Take a role back from a user or service user", tag: "roles", status: 204),

        APIRoute(method: "POST", path: "/api/v1/permissions", summary: "Grant actions, or a built-in role, on a scope to a user or service user", tag: "permissions", body: GrantRequest.self, status: 201, response: Permission.self),
        APIRoute(method: "GET", path: "/api/v1/permissions", summary: "List the tenant's grants (?user-id=); non-administrators see their own", tag: "permissions", response: [Permission].self),
        APIRoute(method: "GET", path: "/api/v1/permissions/{id}", summary: "Get a grant", tag: "permissions", response: Permission.self),
        APIRoute(method: "DELETE", path: "/api/v1/permissions/{id}", summary: "Revoke a grant", tag: "permissions", status: 204),

        APIRoute(method: "POST", path: "/api/v1/assets/{id}/access-requests", summary: "Ask to read a discoverable asset", tag: "access-requests", body: AccessRequestDraft.self, status: 201, response: AccessRequest.self),
        APIRoute(method: "GET", path: "/api/v1/access-requests", summary: "List access requests, pending first (non-administrators see their own)", tag: "access-requests", response: [AccessRequest].self),
        APIRoute(method: "GET", path: "/api/v1/access-requests/{id}", summary: "Get an access request", tag: "access-requests", response: AccessRequest.self),
        APIRoute(method: "PUT", path: "/api/v1/access-requests/{id}", summary: "Approve (granting read on the asset) or deny an access request", tag: "access-requests", body: AccessRequestReview.self, response: AccessRequest.self),

        APIRoute(method: "POST", path: "/api/v1/service-users", summary: "Create a service user; its API key is in this response only", tag: "service-users", body: CreateServiceUserRequest.self, status: 201, response: ServiceUserController.WithKey.self),
        APIRoute(method: "GET", path: "/api/v1/service-users", summary: "List the tenant's service users", tag: "service-users", response: [ServiceUser].self),
        APIRoute(method: "GET", path: "/api/v1/service-users/{id}", summary: "Get a service user", tag: "service-users", response: ServiceUser.self),
        APIRoute(method: "PUT", path: "/api/v1/service-users/{id}", summary: "Rename, describe, deactivate or reactivate a service user", tag: "service-users", body: UpdateServiceUserRequest.self, response: ServiceUser.self),
        APIRoute(method: "POST", path: "/api/v1/service-users/{id}/rotate", summary: "Replace a service user's API key; the new key is in this response only", tag: "service-users", response: ServiceUserController.WithKey.self),
        APIRoute(method: "DELETE", path: "/api/v1/service-users/{id}", summary: "Delete a service user", tag: "service-users", status: 204),

        APIRoute(method: "POST", path: "/api/v1/tokens", summary: "Mint a token for yourself, or for a user you administer", tag: "tokens", body: MintTokenRequest.self, status: 201, response: TokenController.Minted.self),
        APIRoute(method: "POST", path: "/api/v1/tokens/rotate", summary: "Replace a token with a new one of the same lifetime; `{}` rotates the request's own", tag: "tokens", body: RotateTokenRequest.self, status: 201, response: TokenController.Minted.self),
        APIRoute(method: "GET", path: "/api/v1/users/me/tokens", summary: "List your tokens (never their text)", tag: "tokens", response: [TokenRecord].self),
        APIRoute(method: "POST", path: "/api/v1/auth/revoke", summary: "Revoke the token of this request (log out)", tag: "tokens", response: TokenController.Revoked.self),
        APIRoute(method: "POST", path: "/api/v1/auth/revoke/{token_id}", summary: "Revoke a token", tag: "tokens", response: TokenController.Revoked.self),
        APIRoute(method: "DELETE", path: "/api/v1/users/{id}/tokens", summary: "Revoke every token of a user", tag: "tokens", response: TokenController.Revoked.self),
        APIRoute(method: "POST", path: "/api/v1/users/logout", summary: "Log out: revoke the token of this request", tag: "tokens", status: 204),
        APIRoute(method: "DELETE", path: "/api/v1/tokens/{token_id}", summary: "Revoke a token (yours, or one of a user you administer)", tag: "tokens", status: 204),
        APIRoute(method: "POST", path: "/api/v1/auth/cleanup-tokens", summary: "Drop the records of expired tokens (the tenant's; every tenant's for root without X-Pangolin-Tenant)", tag: "tokens", response: TokenController.Removed.self),

        APIRoute(method: "POST", path: "/api/v1/tenants", summary: "Create a tenant (root)", tag: "tenants", body: CreateTenantRequest.self, status: 201, response: Tenant.self),
        APIRoute(method: "GET", path: "/api/v1/tenants", summary: "List tenants", tag: "tenants", response: [Tenant].self),
        APIRoute(method: "GET", path: "/api/v1/tenants/{id}", summary: "Get a tenant", tag: "tenants", response: Tenant.self),
        APIRoute(method: "PUT", path: "/api/v1/tenants/{id}", summary: "Replace a tenant's properties", tag: "tenants", body: TenantController.UpdateBody.self, response: Tenant.self),
        APIRoute(method: "DELETE", path: "/api/v1/tenants/{id}", summary: "Delete an empty tenant", tag: "tenants", status: 204),

        APIRoute(method: "POST", path: "/api/v1/warehouses", summary: "Create a warehouse", tag: "warehouses", body: CreateWarehouseRequest.self, status: 201, response: Warehouse.self),
        APIRoute(method: "GET", path: "/api/v1/warehouses", summary: "List warehouses", tag: "warehouses", response: [Warehouse].self),
        APIRoute(method: "GET", path: "/api/v1/warehouses/{name}", summary: "Get a warehouse", tag: "warehouses", response: Warehouse.self),
        APIRoute(method: "PUT", path: "/api/v1/warehouses/{name}", summary: "Update a warehouse", tag: "warehouses", body: WarehouseController.UpdateBody.self, response: Warehouse.self),
        APIRoute(method: "DELETE", path: "/api/v1/warehouses/{name}", summary: "Delete an unused warehouse", tag: "warehouses", status: 204),
        APIRoute(method: "GET", path: "/api/v1/warehouses/{name}/credentials", summary: "The settings and keys of the warehouse's bucket (?catalog=, ?location=), for those who may write in a catalog on it; audited", tag: "warehouses", response: StorageCredentials.self),

        APIRoute(method: "POST", path: "/api/v1/catalogs", summary: "Create a catalog", tag: "catalogs", body: CreateCatalogRequest.self, status: 201, response: Catalog.self),
        APIRoute(method: "GET", path: "/api/v1/catalogs", summary: "List catalogs", tag: "catalogs", response: [Catalog].self),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}", summary: "Get a catalog", tag: "catalogs", response: Catalog.self),
        APIRoute(method: "PUT", path: "/api/v1/catalogs/{catalog}", summary: "Replace a catalog's properties", tag: "catalogs", body: CatalogController.UpdateBody.self, response: Catalog.self),
        APIRoute(method: "DELETE", path: "/api/v1/catalogs/{catalog}", summary: "Delete an empty catalog", tag: "catalogs", status: 204),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}/summary", summary: "Counts for a catalog", tag: "catalogs", response: CatalogSummary.self),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}/namespaces/tree", summary: "The catalog's namespaces you may read, as a tree with asset counts", tag: "catalogs", response: NamespaceTreeController.Tree.self),
        APIRoute(method: "POST", path: "/api/v1/validate/names", summary: "Whether new catalog, warehouse, namespace or asset names are valid and free (for those who may create them)", tag: "catalogs", body: NameValidationController.Body.self, response: NameValidationController.Answer.self),
        APIRoute(method: "POST", path: "/api/v1/bulk/assets/delete", summary: "Delete up to 100 assets by id, each authorized and audited on its own", tag: "assets", body: BulkDeleteController.Body.self, response: BulkDeleteController.Answer.self),

        APIRoute(method: "GET", path: "/v1/config", summary: "Iceberg REST client configuration (?warehouse=<catalog> sets the prefix)", tag: "namespaces", response: NamespaceController.ConfigResponse.self),
        APIRoute(method: "GET", path: "/v1/{catalog}/v1/config", summary: "Iceberg REST client configuration, for a client whose URI names the catalog", tag: "namespaces", response: NamespaceController.ConfigResponse.self),

        APIRoute(method: "POST", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets", summary: "Register an asset", tag: "assets", body: AssetDraft.self, status: 201, response: Asset.self),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets", summary: "List a namespace's assets (X-Total-Count gives the total)", tag: "assets", response: [Asset].self),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", summary: "Get an asset by name", tag: "assets", response: Asset.self),
        APIRoute(method: "PUT", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", summary: "Update an asset's location or properties (If-Match or expected_version guards against lost updates)", tag: "assets", body: AssetChange.self, response: Asset.self),
        APIRoute(method: "DELETE", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", summary: "Delete an asset", tag: "assets", status: 204),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}", summary: "Get an asset by id", tag: "assets", response: Asset.self),

        APIRoute(method: "GET", path: "/api/v1/assets/{id}/versions", summary: "An asset's versions, newest first (also of a deleted asset, for administrators)", tag: "versions", response: [AssetVersion].self),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/versions/{version}", summary: "One version, by number (3 or v3), id, tag or date", tag: "versions", response: AssetVersion.self),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/diff", summary: "What changed between two versions (?from=, ?to=; default the last change)", tag: "versions", response: VersionDiff.self),
        APIRoute(method: "POST", path: "/api/v1/assets/{id}/tags", summary: "Tag a version (default the latest)", tag: "versions", body: CreateTagRequest.self, status: 201, response: VersionTag.self),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/tags", summary: "An asset's tags", tag: "versions", response: [VersionTag].self),
        APIRoute(method: "PUT", path: "/api/v1/assets/{id}/tags/{name}", summary: "Move a tag to another version", tag: "versions", body: MoveTagRequest.self, response: VersionTag.self),
        APIRoute(method: "DELETE", path: "/api/v1/assets/{id}/tags/{name}", summary: "Delete a tag", tag: "versions", status: 204),
        APIRoute(method: "POST", path: "/api/v1/assets/{id}/lineage", summary: "Record what the asset was made from (upstream reference and relation)", tag: "lineage", body: LineageRequest.self, status: 201, response: LineageEdge.self),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/lineage", summary: "The lineage graph (?direction=upstream|downstream|both, ?depth=); unreadable assets are placeholders", tag: "lineage", response: LineageGraph.self),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/impact", summary: "Everything downstream of a version (?version=, default the current one)", tag: "lineage", response: LineageGraph.self),
        APIRoute(method: "DELETE", path: "/api/v1/lineage/{id}", summary: "Delete a lineage edge", tag: "lineage", status: 204),
        APIRoute(method: "GET", path: "/api/v1/resolve", summary: "Resolve ?ref= (name, namespace.name or catalog.namespace.name, with @v3, @<tag>, @<version id>, @2025-12-01 or @<time>) to an asset and version", tag: "versions", response: ResolvedReference.self),

        APIRoute(method: "POST", path: "/api/v1/assets/{id}/metadata", summary: "Set an asset's business metadata", tag: "metadata", body: MetadataDraft.self, response: MetadataEnvelope.self),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/metadata", summary: "Get an asset's business metadata", tag: "metadata", response: MetadataEnvelope.self),
        APIRoute(method: "DELETE", path: "/api/v1/assets/{id}/metadata", summary: "Delete an asset's business metadata", tag: "metadata", status: 204),
        APIRoute(method: "GET", path: "/api/v1/business-metadata/{id}", summary: "Get an asset's business metadata (Pangolin's alias)", tag: "metadata", response: MetadataEnvelope.self),
        APIRoute(method: "DELETE", path: "/api/v1/business-metadata/{id}", summary: "Delete an asset's business metadata (Pangolin's alias)", tag: "metadata", status: 204),

        APIRoute(method: "GET", path: "/api/v1/assets/search", summary: "Search assets (?query=, ?tags=a,b)", tag: "search", response: [SearchHit].self),
        APIRoute(method: "GET", path: "/api/v1/search", summary: "Search catalogs, namespaces and assets at once (?q=, ?limit=)", tag: "search", response: UnifiedSearchController.Answer.self),
        APIRoute(method: "GET", path: "/api/v1/search/assets", summary: "Search assets with filters (catalog, namespace, kind, tags, property.<key>, version_tag, lineage_to), ranking and a total", tag: "search", response: Page<SearchHit>.self),
        APIRoute(method: "GET", path: "/api/v1/search/facets", summary: "Count what a search (same parameters) matches by kind, and what you may read of it by catalog, namespace and label", tag: "search", response: SearchFacets.self),

        APIRoute(method: "GET", path: "/api/v1/audit", summary: "List audit events, newest first", tag: "audit", response: [AuditEvent].self),
        APIRoute(method: "GET", path: "/api/v1/audit/count", summary: "Count audit events", tag: "audit", response: AuditController.Count.self),
        APIRoute(method: "GET", path: "/api/v1/audit/verify", summary: "Verify the audit hash chain (root)", tag: "audit", response: AuditChainReport.self),
        APIRoute(method: "GET", path: "/api/v1/audit/{id}", summary: "Get an audit event", tag: "audit", response: AuditEvent.self),

        APIRoute(method: "GET", path: "/api/v1/dashboard/stats", summary: "Counts for the dashboard", tag: "operations", response: CatalogStatistics.self),
        APIRoute(method: "GET", path: "/api/v1/config/settings", summary: "The tenant's settings (administrators)", tag: "operations", response: TenantSettings.self),
        APIRoute(method: "PUT", path: "/api/v1/config/settings", summary: "Replace the tenant's settings (administrators); the SMTP password is write-only", tag: "operations", body: TenantSettings.self, response: TenantSettings.self),
        APIRoute(method: "GET", path: "/api/v1/app-config", summary: "What a client needs before logging in", tag: "operations", authenticated: false, response: OperationsController.AppConfig.self),
        APIRoute(method: "GET", path: "/health", summary: "Readiness (Pangolin's path): the database answers", tag: "operations", authenticated: false, response: OperationsController.Health.self),
        APIRoute(method: "GET", path: "/health/live", summary: "Liveness", tag: "operations", authenticated: false, response: OperationsController.Health.self),
        APIRoute(method: "GET", path: "/health/ready", summary: "Readiness: the database answers", tag: "operations", authenticated: false, response: OperationsController.Health.self),
        APIRoute(method: "GET", path: "/metrics", summary: "Prometheus metrics (root)", tag: "operations"),
        APIRoute(method: "GET", path: "/openapi.json", summary: "This document", tag: "operations", authenticated: false),
    ] + iceberg + iceberg.map(\.underCatalogPrefix)

    /// The Iceberg REST routes under `/v1/{catalog}`; each is also served under `/v1/{catalog}/v1`,
    /// where pypangolin's `get_iceberg_catalog` points PyIceberg. Their bodies are Iceberg's and
    /// may carry fields for other servers, so they are not closed objects.
    static let iceberg: [APIRoute] = [
        APIRoute(method: "GET", path: "/v1/{catalog}/namespaces", summary: "List namespaces (under ?parent=)", tag: "namespaces", response: NamespaceList.self),
        APIRoute(method: "POST", path: "/v1/{catalog}/namespaces", summary: "Create a namespace", tag: "namespaces", body: NamespaceController.CreateBody.self, response: Namespace.self),
        APIRoute(method: "GET", path: "/v1/{catalog}/namespaces/{namespace}", summary: "Get a namespace", tag: "namespaces", response: Namespace.self),
        APIRoute(method: "HEAD", path: "/v1/{catalog}/namespaces/{namespace}", summary: "Check that a namespace exists", tag: "namespaces", status: 204),
        APIRoute(method: "DELETE", path: "/v1/{catalog}/namespaces/{namespace}", summary: "Delete an empty namespace", tag: "namespaces", status: 204),
        APIRoute(method: "POST", path: "/v1/{catalog}/namespaces/{namespace}/properties", summary: "Update and remove namespace properties", tag: "namespaces", body: NamespaceController.PropertiesBody.self, response: NamespacePropertiesChange.self),
        APIRoute(method: "GET", path: "/v1/{catalog}/namespaces/{namespace}/tables", summary: "List the namespace's Iceberg tables you may see", tag: "tables", response: TableList.self),
        APIRoute(method: "POST", path: "/v1/{catalog}/namespaces/{namespace}/tables", summary: "Create an Iceberg table (stage-create: describe it without creating it); it is an ICEBERG_TABLE asset", tag: "tables", response: LoadTableResult.self),
        APIRoute(method: "POST", path: "/v1/{catalog}/namespaces/{namespace}/register", summary: "Register an Iceberg table from an existing metadata file (overwrite: true makes it the next version of an existing table)", tag: "tables", response: LoadTableResult.self),
        APIRoute(method: "GET", path: "/v1/{catalog}/namespaces/{namespace}/tables/{table}", summary: "Load a table (?snapshots=all|refs); with X-Iceberg-Access-Delegation: vended-credentials, config carries the warehouse's keys", tag: "tables", response: LoadTableResult.self),
        APIRoute(method: "HEAD", path: "/v1/{catalog}/namespaces/{namespace}/tables/{table}", summary: "Check that a table exists", tag: "tables", status: 204),
        APIRoute(method: "POST", path: "/v1/{catalog}/namespaces/{namespace}/tables/{table}", summary: "Commit requirements and updates to a table (409 CommitFailedException when a requirement fails); each commit is a version of its asset", tag: "tables", response: LoadTableResult.self),
        APIRoute(method: "DELETE", path: "/v1/{catalog}/namespaces/{namespace}/tables/{table}", summary: "Drop a table (?purgeRequested=true also deletes its files)", tag: "tables", status: 204),
        APIRoute(method: "POST", path: "/v1/{catalog}/namespaces/{namespace}/tables/{table}/metrics", summary: "Accept a client's scan or commit report", tag: "tables", status: 204),
        APIRoute(method: "GET", path: "/v1/{catalog}/namespaces/{namespace}/tables/{table}/credentials", summary: "The storage keys that reach the table's files (Iceberg's loadCredentials), for those who may read it; audited", tag: "tables", response: StorageCredentials.self),
        APIRoute(method: "POST", path: "/v1/{catalog}/transactions/commit", summary: "Commit to several tables at once: all land, or none (409 CommitFailedException)", tag: "tables", status: 204),
        APIRoute(method: "POST", path: "/v1/{catalog}/tables/rename", summary: "Rename a table or move it to another namespace of the catalog (its versions, grants and lineage stay)", tag: "tables", status: 204),
    ]
}

extension APIRoute {
    /// The same route under `/v1/{catalog}/v1/…`.
    var underCatalogPrefix: APIRoute {
        var route = self
        route.path = path.replacingOccurrences(of: "/v1/{catalog}/", with: "/v1/{catalog}/v1/")
        return route
    }
}
