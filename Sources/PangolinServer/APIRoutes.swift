/// Every route the server exposes, described once. The OpenAPI document is generated from this
/// table, and a test checks that the router and the table list exactly the same routes.
struct APIRoute: Sendable {
    var method: String
    var path: String
    var summary: String
    var tag: String
    /// Whether the route needs a token.
    var authenticated = true
    /// The schema of the JSON body, when the route takes one.
    var body: String?
    /// The success status and the schema of its body (nil: no body).
    var status = 200
    var response: String?
}

enum APIRoutes {
    static let all: [APIRoute] = [
        APIRoute(method: "POST", path: "/api/v1/users/login", summary: "Log in and receive a token", tag: "auth", authenticated: false, body: "LoginRequest", response: "LoginResponse"),
        APIRoute(method: "POST", path: "/api/v1/users", summary: "Create a user", tag: "users", body: "CreateUserRequest", status: 201, response: "User"),
        APIRoute(method: "GET", path: "/api/v1/users", summary: "List users", tag: "users", response: "UserList"),
        APIRoute(method: "GET", path: "/api/v1/users/me", summary: "The calling user", tag: "users", response: "User"),
        APIRoute(method: "GET", path: "/api/v1/users/{id}", summary: "Get a user", tag: "users", response: "User"),
        APIRoute(method: "PUT", path: "/api/v1/users/{id}", summary: "Change a user's email, password, role or whether it is active (a change of role or a deactivation revokes its tokens)", tag: "users", body: "UpdateUserRequest", response: "User"),
        APIRoute(method: "DELETE", path: "/api/v1/users/{id}", summary: "Delete a user with its tokens, grants and role assignments", tag: "users", status: 204),

        APIRoute(method: "POST", path: "/api/v1/roles", summary: "Create a custom role holding grants", tag: "roles", body: "RoleRequest", status: 201, response: "Role"),
        APIRoute(method: "GET", path: "/api/v1/roles", summary: "List the built-in roles and the tenant's own", tag: "roles", response: "RoleList"),
        APIRoute(method: "GET", path: "/api/v1/roles/{id}", summary: "Get a role by id or name", tag: "roles", response: "Role"),
        APIRoute(method: "PUT", path: "/api/v1/roles/{id}", summary: "Replace a custom role's name, description and grants", tag: "roles", body: "RoleRequest", response: "Role"),
        APIRoute(method: "DELETE", path: "/api/v1/roles/{id}", summary: "Delete a custom role, unassigning it from everyone", tag: "roles", status: 204),
        APIRoute(method: "POST", path: "/api/v1/users/{id}/roles", summary: "Assign a custom role, or grant a built-in role on a scope, to a user or service user", tag: "roles", body: "AssignRoleRequest", status: 201),
        APIRoute(method: "GET", path: "/api/v1/users/{id}/roles", summary: "The roles a user or service user holds", tag: "roles", response: "RoleList"),
        APIRoute(method: "DELETE", path: "/api/v1/users/{id}/roles/{role_id}", summary: "Take a role back from a user or service user", tag: "roles", status: 204),

        APIRoute(method: "POST", path: "/api/v1/permissions", summary: "Grant actions, or a built-in role, on a scope to a user or service user", tag: "permissions", body: "GrantPermissionRequest", status: 201, response: "Permission"),
        APIRoute(method: "GET", path: "/api/v1/permissions", summary: "List the tenant's grants (?user-id=); non-administrators see their own", tag: "permissions", response: "PermissionList"),
        APIRoute(method: "GET", path: "/api/v1/permissions/{id}", summary: "Get a grant", tag: "permissions", response: "Permission"),
        APIRoute(method: "DELETE", path: "/api/v1/permissions/{id}", summary: "Revoke a grant", tag: "permissions", status: 204),

        APIRoute(method: "POST", path: "/api/v1/assets/{id}/access-requests", summary: "Ask to read a discoverable asset", tag: "access-requests", body: "AccessRequestCreate", status: 201, response: "AccessRequest"),
        APIRoute(method: "GET", path: "/api/v1/access-requests", summary: "List access requests, pending first (non-administrators see their own)", tag: "access-requests", response: "AccessRequestList"),
        APIRoute(method: "GET", path: "/api/v1/access-requests/{id}", summary: "Get an access request", tag: "access-requests", response: "AccessRequest"),
        APIRoute(method: "PUT", path: "/api/v1/access-requests/{id}", summary: "Approve (granting read on the asset) or deny an access request", tag: "access-requests", body: "AccessRequestReview", response: "AccessRequest"),

        APIRoute(method: "POST", path: "/api/v1/service-users", summary: "Create a service user; its API key is in this response only", tag: "service-users", body: "CreateServiceUserRequest", status: 201, response: "ServiceUserWithKey"),
        APIRoute(method: "GET", path: "/api/v1/service-users", summary: "List the tenant's service users", tag: "service-users", response: "ServiceUserList"),
        APIRoute(method: "GET", path: "/api/v1/service-users/{id}", summary: "Get a service user", tag: "service-users", response: "ServiceUser"),
        APIRoute(method: "PUT", path: "/api/v1/service-users/{id}", summary: "Rename, describe, deactivate or reactivate a service user", tag: "service-users", body: "UpdateServiceUserRequest", response: "ServiceUser"),
        APIRoute(method: "POST", path: "/api/v1/service-users/{id}/rotate", summary: "Replace a service user's API key; the new key is in this response only", tag: "service-users", response: "ServiceUserWithKey"),
        APIRoute(method: "DELETE", path: "/api/v1/service-users/{id}", summary: "Delete a service user", tag: "service-users", status: 204),

        APIRoute(method: "POST", path: "/api/v1/tokens", summary: "Mint a token for yourself, or for a user you administer", tag: "tokens", body: "MintTokenRequest", status: 201, response: "MintedToken"),
        APIRoute(method: "POST", path: "/api/v1/tokens/rotate", summary: "Replace a token with a new one of the same lifetime; `{}` rotates the request's own", tag: "tokens", body: "RotateTokenRequest", status: 201, response: "MintedToken"),
        APIRoute(method: "GET", path: "/api/v1/users/me/tokens", summary: "List your tokens (never their text)", tag: "tokens", response: "TokenList"),
        APIRoute(method: "POST", path: "/api/v1/auth/revoke", summary: "Revoke the token of this request (log out)", tag: "tokens", response: "RevokedTokens"),
        APIRoute(method: "POST", path: "/api/v1/auth/revoke/{token_id}", summary: "Revoke a token", tag: "tokens", response: "RevokedTokens"),
        APIRoute(method: "DELETE", path: "/api/v1/users/{id}/tokens", summary: "Revoke every token of a user", tag: "tokens", response: "RevokedTokens"),
        APIRoute(method: "POST", path: "/api/v1/users/logout", summary: "Log out: revoke the token of this request", tag: "tokens", status: 204),
        APIRoute(method: "DELETE", path: "/api/v1/tokens/{token_id}", summary: "Revoke a token (yours, or one of a user you administer)", tag: "tokens", status: 204),
        APIRoute(method: "POST", path: "/api/v1/auth/cleanup-tokens", summary: "Drop the records of expired tokens (the tenant's; every tenant's for root without X-Pangolin-Tenant)", tag: "tokens", response: "RemovedTokens"),

        APIRoute(method: "POST", path: "/api/v1/tenants", summary: "Create a tenant (root)", tag: "tenants", body: "CreateTenantRequest", status: 201, response: "Tenant"),
        APIRoute(method: "GET", path: "/api/v1/tenants", summary: "List tenants", tag: "tenants", response: "TenantList"),
        APIRoute(method: "GET", path: "/api/v1/tenants/{id}", summary: "Get a tenant", tag: "tenants", response: "Tenant"),
        APIRoute(method: "PUT", path: "/api/v1/tenants/{id}", summary: "Replace a tenant's properties", tag: "tenants", body: "PropertiesRequest", response: "Tenant"),
        APIRoute(method: "DELETE", path: "/api/v1/tenants/{id}", summary: "Delete an empty tenant", tag: "tenants", status: 204),

        APIRoute(method: "POST", path: "/api/v1/warehouses", summary: "Create a warehouse", tag: "warehouses", body: "CreateWarehouseRequest", status: 201, response: "Warehouse"),
        APIRoute(method: "GET", path: "/api/v1/warehouses", summary: "List warehouses", tag: "warehouses", response: "WarehouseList"),
        APIRoute(method: "GET", path: "/api/v1/warehouses/{name}", summary: "Get a warehouse", tag: "warehouses", response: "Warehouse"),
        APIRoute(method: "PUT", path: "/api/v1/warehouses/{name}", summary: "Update a warehouse", tag: "warehouses", body: "UpdateWarehouseRequest", response: "Warehouse"),
        APIRoute(method: "DELETE", path: "/api/v1/warehouses/{name}", summary: "Delete an unused warehouse", tag: "warehouses", status: 204),
        APIRoute(method: "GET", path: "/api/v1/warehouses/{name}/credentials", summary: "The settings and keys of the warehouse's bucket (?catalog=, ?location=), for those who may write in a catalog on it; audited", tag: "warehouses", response: "StorageCredentials"),

        APIRoute(method: "POST", path: "/api/v1/catalogs", summary: "Create a catalog", tag: "catalogs", body: "CreateCatalogRequest", status: 201, response: "Catalog"),
        APIRoute(method: "GET", path: "/api/v1/catalogs", summary: "List catalogs", tag: "catalogs", response: "CatalogList"),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}", summary: "Get a catalog", tag: "catalogs", response: "Catalog"),
        APIRoute(method: "PUT", path: "/api/v1/catalogs/{catalog}", summary: "Replace a catalog's properties", tag: "catalogs", body: "PropertiesRequest", response: "Catalog"),
        APIRoute(method: "DELETE", path: "/api/v1/catalogs/{catalog}", summary: "Delete an empty catalog", tag: "catalogs", status: 204),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}/summary", summary: "Counts for a catalog", tag: "catalogs", response: "CatalogSummary"),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}/namespaces/tree", summary: "The catalog's namespaces you may read, as a tree with asset counts", tag: "catalogs", response: "NamespaceTree"),
        APIRoute(method: "POST", path: "/api/v1/validate/names", summary: "Whether new catalog, warehouse, namespace or asset names are valid and free (for those who may create them)", tag: "catalogs", body: "ValidateNamesRequest", response: "ValidateNamesResponse"),
        APIRoute(method: "POST", path: "/api/v1/bulk/assets/delete", summary: "Delete up to 100 assets by id, each authorized and audited on its own", tag: "assets", body: "BulkDeleteRequest", response: "BulkDeleteResponse"),

        APIRoute(method: "GET", path: "/v1/config", summary: "Iceberg REST client configuration", tag: "namespaces", response: "IcebergConfig"),
        APIRoute(method: "GET", path: "/v1/{catalog}/namespaces", summary: "List namespaces (under ?parent=)", tag: "namespaces", response: "NamespaceList"),
        APIRoute(method: "POST", path: "/v1/{catalog}/namespaces", summary: "Create a namespace", tag: "namespaces", body: "Namespace", response: "Namespace"),
        APIRoute(method: "GET", path: "/v1/{catalog}/namespaces/{namespace}", summary: "Get a namespace", tag: "namespaces", response: "Namespace"),
        APIRoute(method: "HEAD", path: "/v1/{catalog}/namespaces/{namespace}", summary: "Check that a namespace exists", tag: "namespaces", status: 204),
        APIRoute(method: "DELETE", path: "/v1/{catalog}/namespaces/{namespace}", summary: "Delete an empty namespace", tag: "namespaces", status: 204),
        APIRoute(method: "POST", path: "/v1/{catalog}/namespaces/{namespace}/properties", summary: "Update and remove namespace properties", tag: "namespaces", body: "NamespacePropertiesRequest", response: "NamespacePropertiesChange"),

        APIRoute(method: "POST", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets", summary: "Register an asset", tag: "assets", body: "RegisterAssetRequest", status: 201, response: "Asset"),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets", summary: "List a namespace's assets (X-Total-Count gives the total)", tag: "assets", response: "AssetList"),
        APIRoute(method: "GET", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", summary: "Get an asset by name", tag: "assets", response: "Asset"),
        APIRoute(method: "PUT", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", summary: "Update an asset's location or properties (If-Match or expected_version guards against lost updates)", tag: "assets", body: "UpdateAssetRequest", response: "Asset"),
        APIRoute(method: "DELETE", path: "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", summary: "Delete an asset", tag: "assets", status: 204),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}", summary: "Get an asset by id", tag: "assets", response: "Asset"),

        APIRoute(method: "GET", path: "/api/v1/assets/{id}/versions", summary: "An asset's versions, newest first (also of a deleted asset, for administrators)", tag: "versions", response: "AssetVersionList"),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/versions/{version}", summary: "One version, by number (3 or v3), id, tag or date", tag: "versions", response: "AssetVersion"),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/diff", summary: "What changed between two versions (?from=, ?to=; default the last change)", tag: "versions", response: "VersionDiff"),
        APIRoute(method: "POST", path: "/api/v1/assets/{id}/tags", summary: "Tag a version (default the latest)", tag: "versions", body: "CreateTagRequest", status: 201, response: "VersionTag"),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/tags", summary: "An asset's tags", tag: "versions", response: "VersionTagList"),
        APIRoute(method: "PUT", path: "/api/v1/assets/{id}/tags/{name}", summary: "Move a tag to another version", tag: "versions", body: "MoveTagRequest", response: "VersionTag"),
        APIRoute(method: "DELETE", path: "/api/v1/assets/{id}/tags/{name}", summary: "Delete a tag", tag: "versions", status: 204),
        APIRoute(method: "POST", path: "/api/v1/assets/{id}/lineage", summary: "Record what the asset was made from (upstream reference and relation)", tag: "lineage", body: "LineageRequest", status: 201, response: "LineageEdge"),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/lineage", summary: "The lineage graph (?direction=upstream|downstream|both, ?depth=); unreadable assets are placeholders", tag: "lineage", response: "LineageGraph"),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/impact", summary: "Everything downstream of a version (?version=, default the current one)", tag: "lineage", response: "LineageGraph"),
        APIRoute(method: "DELETE", path: "/api/v1/lineage/{id}", summary: "Delete a lineage edge", tag: "lineage", status: 204),
        APIRoute(method: "GET", path: "/api/v1/resolve", summary: "Resolve ?ref= (name, namespace.name or catalog.namespace.name, with @v3, @<tag>, @<version id>, @2025-12-01 or @<time>) to an asset and version", tag: "versions", response: "ResolvedReference"),

        APIRoute(method: "POST", path: "/api/v1/assets/{id}/metadata", summary: "Set an asset's business metadata", tag: "metadata", body: "MetadataRequest", response: "MetadataEnvelope"),
        APIRoute(method: "GET", path: "/api/v1/assets/{id}/metadata", summary: "Get an asset's business metadata", tag: "metadata", response: "MetadataEnvelope"),
        APIRoute(method: "DELETE", path: "/api/v1/assets/{id}/metadata", summary: "Delete an asset's business metadata", tag: "metadata", status: 204),
        APIRoute(method: "GET", path: "/api/v1/business-metadata/{id}", summary: "Get an asset's business metadata (Pangolin's alias)", tag: "metadata", response: "MetadataEnvelope"),
        APIRoute(method: "DELETE", path: "/api/v1/business-metadata/{id}", summary: "Delete an asset's business metadata (Pangolin's alias)", tag: "metadata", status: 204),

        APIRoute(method: "GET", path: "/api/v1/assets/search", summary: "Search assets (?query=, ?tags=a,b)", tag: "search", response: "SearchHitList"),
        APIRoute(method: "GET", path: "/api/v1/search", summary: "Search catalogs, namespaces and assets at once (?q=, ?limit=)", tag: "search", response: "UnifiedSearchResponse"),
        APIRoute(method: "GET", path: "/api/v1/search/assets", summary: "Search assets with filters (catalog, namespace, kind, tags, property.<key>, version_tag, lineage_to), ranking and a total", tag: "search", response: "SearchPage"),

        APIRoute(method: "GET", path: "/api/v1/audit", summary: "List audit events, newest first", tag: "audit", response: "AuditEventList"),
        APIRoute(method: "GET", path: "/api/v1/audit/count", summary: "Count audit events", tag: "audit", response: "Count"),
        APIRoute(method: "GET", path: "/api/v1/audit/verify", summary: "Verify the audit hash chain (root)", tag: "audit", response: "AuditChainReport"),
        APIRoute(method: "GET", path: "/api/v1/audit/{id}", summary: "Get an audit event", tag: "audit", response: "AuditEvent"),

        APIRoute(method: "GET", path: "/api/v1/dashboard/stats", summary: "Counts for the dashboard", tag: "operations", response: "Statistics"),
        APIRoute(method: "GET", path: "/api/v1/config/settings", summary: "The tenant's settings (administrators)", tag: "operations", response: "TenantSettings"),
        APIRoute(method: "PUT", path: "/api/v1/config/settings", summary: "Replace the tenant's settings (administrators); the SMTP password is write-only", tag: "operations", body: "TenantSettings", response: "TenantSettings"),
        APIRoute(method: "GET", path: "/api/v1/app-config", summary: "What a client needs before logging in", tag: "operations", authenticated: false, response: "AppConfig"),
        APIRoute(method: "GET", path: "/health", summary: "Readiness (Pangolin's path): the database answers", tag: "operations", authenticated: false, response: "Health"),
        APIRoute(method: "GET", path: "/health/live", summary: "Liveness", tag: "operations", authenticated: false, response: "Health"),
        APIRoute(method: "GET", path: "/health/ready", summary: "Readiness: the database answers", tag: "operations", authenticated: false, response: "Health"),
        APIRoute(method: "GET", path: "/metrics", summary: "Prometheus metrics (root)", tag: "operations"),
        APIRoute(method: "GET", path: "/openapi.json", summary: "This document", tag: "operations", authenticated: false),
    ]
}
