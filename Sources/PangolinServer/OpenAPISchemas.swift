import PangolinModel

/// The JSON shapes of requests and responses, for the OpenAPI document.
enum OpenAPISchemas {
    private static let string: JSONValue = .object(["type": "string"])
    private static let integer: JSONValue = .object(["type": "integer"])
    private static let number: JSONValue = .object(["type": "number"])
    private static let boolean: JSONValue = .object(["type": "boolean"])
    private static let timestamp: JSONValue = .object(["type": "string", "format": "date-time"])
    private static let stringMap: JSONValue = .object(["type": "object", "additionalProperties": string])
    private static let anyMap: JSONValue = .object(["type": "object", "additionalProperties": true])
    private static let anyValue: JSONValue = .object([:])
    private static let strings: JSONValue = .object(["type": "array", "items": string])
    private static let actions: JSONValue = .object([
        "type": "array", "items": .object(["type": "string", "enum": .array(PermissionAction.allCases.map { .string($0.rawValue) })]),
    ])
    private static let lineageItems: JSONValue = .object([
        "type": "array", "items": object(["upstream": string, "relation": string], required: ["upstream", "relation"]),
    ])
    private static let kind: JSONValue = .object(["type": "string", "enum": .array(AssetKind.allCases.map { .string($0.rawValue) })])

    private static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return .object(schema)
    }

    private static func list(of name: String) -> JSONValue {
        .object(["type": "array", "items": OpenAPIDocument.reference(name)])
    }

    static let all: [String: JSONValue] = [
        "Error": object(
            ["error": object(
                ["code": string, "message": string,
                 "resource": .object(["type": "string", "enum": .array(ResourceKind.allCases.map { .string($0.rawValue) })]),
                 "conflict": .object(["type": "string", "enum": .array(["exists", "not_empty"])])],
                required: ["code", "message"])],
            required: ["error"]),
        "IcebergError": object(
            ["error": object(["message": string, "type": string, "code": integer], required: ["message", "type", "code"])],
            required: ["error"]),
        "LoginRequest": object(["username": string, "password": string, "tenant-id": string], required: ["username", "password"]),
        "LoginResponse": object(["token": string, "user": OpenAPIDocument.reference("User"), "expires-at": timestamp]),
        "User": object(["id": string, "username": string, "email": string, "role": string, "tenant-id": string, "active": boolean, "created-at": timestamp]),
        "UserList": list(of: "User"),
        "UpdateUserRequest": object(["email": string, "role": string, "active": boolean, "password": string]),
        "RotateTokenRequest": object(["token_id": string]),
        "PermissionScope": object(
            ["type": .object(["type": "string", "enum": .array(["tenant", "catalog", "namespace", "asset", "tag"])]),
             "catalog_id": string, "namespace": string, "asset_id": string, "tag_name": string],
            required: ["type"]),
        "PermissionGrant": object(["scope": OpenAPIDocument.reference("PermissionScope"), "actions": actions], required: ["scope", "actions"]),
        "GrantPermissionRequest": object(
            ["user-id": string, "actions": actions, "role": .object(["type": "string", "enum": .array(BuiltInRole.allCases.map { .string($0.rawValue) })]),
             "scope": OpenAPIDocument.reference("PermissionScope")],
            required: ["user-id", "scope"]),
        "Permission": object([
            "id": string, "user-id": string, "tenant-id": string, "actions": actions, "scope": OpenAPIDocument.reference("PermissionScope"),
            "role": string, "granted-by": string, "granted-at": timestamp,
        ]),
        "PermissionList": list(of: "Permission"),
        "RoleRequest": object(
            ["name": string, "description": string, "tenant-id": string, "permissions": list(of: "PermissionGrant")], required: ["name"]),
        "Role": object([
            "id": string, "name": string, "description": string, "tenant-id": string, "permissions": list(of: "PermissionGrant"),
            "built_in": boolean,
        ]),
        "RoleList": list(of: "Role"),
        "AssignRoleRequest": object(["role-id": string, "scope": OpenAPIDocument.reference("PermissionScope")], required: ["role-id"]),
        "AccessRequestCreate": object(["reason": string]),
        "AccessRequestReview": object(
            ["status": .object(["type": "string", "enum": .array(["approved", "denied"])]), "comment": string], required: ["status"]),
        "AccessRequest": object([
            "id": string, "tenant-id": string, "asset-id": string, "user-id": string, "username": string, "reason": string,
            "status": .object(["type": "string", "enum": .array(["pending", "approved", "denied"])]), "requested-at": timestamp,
            "reviewed-by": string, "reviewed-at": timestamp, "review-comment": string, "permission-id": string,
        ]),
        "AccessRequestList": list(of: "AccessRequest"),
        "CreateServiceUserRequest": object(["name": string, "role": string, "description": string, "expires_in_days": integer]),
        "UpdateServiceUserRequest": object(["name": string, "description": string, "active": boolean]),
        "ServiceUser": object(["service_user_id": string, "tenant_id": string, "name": string, "description": string, "role": string,
                               "active": boolean, "created_at": timestamp, "expires_at": integer, "last_used_at": timestamp, "permissions": strings]),
        "ServiceUserWithKey": object(["service_user_id": string, "tenant_id": string, "name": string, "description": string, "role": string,
                                      "active": boolean, "created_at": timestamp, "expires_at": integer, "last_used_at": timestamp,
                                      "permissions": strings, "api_key": string]),
        "ServiceUserList": list(of: "ServiceUser"),
        "MintTokenRequest": object(["tenant_id": string, "expires_in_hours": integer, "username": string, "roles": strings]),
        "MintedToken": object(["token": string, "token_id": string, "username": string, "tenant_id": string, "expires_at": timestamp]),
        "Token": object(["id": string, "user_id": string, "username": string, "tenant_id": string, "issued_at": timestamp,
                         "expires_at": timestamp, "revoked": boolean, "revoked_at": timestamp, "source": string]),
        "TokenList": list(of: "Token"),
        "RevokedTokens": object(["revoked": integer, "token_ids": strings]),
        "CreateUserRequest": object(
            ["username": string, "email": string, "role": string, "tenant_id": string, "password": string],
            required: ["username", "role", "password"]),
        "Tenant": object(["id": string, "name": string, "properties": stringMap, "created_at": timestamp]),
        "TenantList": list(of: "Tenant"),
        "CreateTenantRequest": object(["name": string, "properties": stringMap], required: ["name"]),
        "PropertiesRequest": object(["properties": stringMap], required: ["properties"]),
        "Warehouse": object([
            "id": string, "tenant_id": string, "name": string, "storage_config": stringMap, "vending_strategy": anyValue,
            "created_at": timestamp,
        ]),
        "WarehouseList": list(of: "Warehouse"),
        "CreateWarehouseRequest": object(["name": string, "storage_config": stringMap, "vending_strategy": anyValue], required: ["name"]),
        "UpdateWarehouseRequest": object(["storage_config": stringMap, "vending_strategy": anyValue]),
        "StorageCredentials": object([
            "storage-credentials": .object(["type": .string("array"), "items": object(["prefix": string, "config": stringMap], required: ["prefix", "config"])]),
        ], required: ["storage-credentials"]),
        "Catalog": object([
            "id": string, "tenant_id": string, "name": string, "catalog_type": string, "warehouse_name": string,
            "properties": stringMap, "created_at": timestamp,
        ]),
        "CatalogList": list(of: "Catalog"),
        "CreateCatalogRequest": object(
            ["name": string, "warehouse_name": string, "catalog_type": string, "properties": stringMap], required: ["name"]),
        "CatalogSummary": object([
            "name": string, "namespace_count": integer, "asset_count": integer, "table_count": integer,
            "branch_count": integer, "storage_location": string,
        ]),
        "IcebergConfig": object(["defaults": stringMap, "overrides": stringMap]),
        "Namespace": object(["namespace": strings, "properties": stringMap], required: ["namespace"]),
        "NamespaceList": object(["namespaces": .object(["type": "array", "items": strings])]),
        "NamespacePropertiesRequest": object(["removals": strings, "updates": stringMap]),
        "NamespacePropertiesChange": object(["updated": strings, "removed": strings, "missing": strings]),
        "Asset": object([
            "id": string, "tenant_id": string, "catalog": string, "namespace": string, "name": string, "kind": kind,
            "location": string, "properties": stringMap, "version": integer, "created_at": timestamp, "updated_at": timestamp,
        ]),
        "AssetList": list(of: "Asset"),
        "RegisterAssetRequest": object(
            ["name": string, "kind": kind, "location": string, "properties": stringMap, "message": string, "size_bytes": integer,
             "checksum": string, "run_id": string, "lineage": lineageItems],
            required: ["name", "kind", "location"]),
        "UpdateAssetRequest": object([
            "location": string, "properties": stringMap, "expected_version": integer, "message": string, "size_bytes": integer,
            "checksum": string, "run_id": string, "lineage": lineageItems,
        ]),
        "LineageRequest": object(["upstream": string, "relation": string, "version": integer], required: ["upstream", "relation"]),
        "LineageEnd": object(["asset_id": string, "version": integer]),
        "LineageEdge": object([
            "id": string, "upstream": OpenAPIDocument.reference("LineageEnd"), "downstream": OpenAPIDocument.reference("LineageEnd"),
            "relation": string, "created_at": timestamp, "created_by": string,
        ]),
        "LineageGraph": object([
            "root": string, "truncated": boolean, "edges": list(of: "LineageEdge"),
            "nodes": .object(["type": "array", "items": object([
                "id": string, "name": string, "kind": kind, "catalog": string, "namespace": string, "redacted": boolean,
            ])]),
        ]),
        "AssetVersion": object([
            "asset_id": string, "number": integer, "id": string, "short_id": string, "location": string, "properties": stringMap,
            "size_bytes": integer,
            "checksum": string, "message": string, "run_id": string, "created_at": timestamp, "created_by": string,
        ]),
        "AssetVersionList": list(of: "AssetVersion"),
        "VersionDiff": object([
            "from": integer, "to": integer, "location": object(["from": string, "to": string]), "added": stringMap,
            "removed": stringMap, "changed": .object(["type": "object", "additionalProperties": object(["from": string, "to": string])]),
        ]),
        "CreateTagRequest": object(["name": string, "version": string, "message": string], required: ["name"]),
        "MoveTagRequest": object(["version": string], required: ["version"]),
        "VersionTag": object([
            "asset_id": string, "name": string, "version": integer, "version_id": string, "message": string,
            "created_at": timestamp, "created_by": string, "updated_at": timestamp,
        ]),
        "VersionTagList": list(of: "VersionTag"),
        "ResolvedReference": object(["asset": OpenAPIDocument.reference("Asset"), "version": OpenAPIDocument.reference("AssetVersion")]),
        "MetadataRequest": object(["description": string, "tags": strings, "properties": anyMap, "discoverable": boolean]),
        "Metadata": object([
            "asset_id": string, "description": string, "tags": strings, "properties": anyMap, "discoverable": boolean,
            "updated_at": timestamp, "updated_by": string,
        ]),
        "MetadataEnvelope": object(["metadata": OpenAPIDocument.reference("Metadata")]),
        "SearchHit": object([
            "id": string, "name": string, "kind": kind, "catalog": string, "namespace": string, "location": string,
            "description": string, "tags": strings, "has_access": boolean, "discoverable": boolean, "score": number,
        ]),
        "SearchHitList": list(of: "SearchHit"),
        "SearchPage": object(["items": list(of: "SearchHit"), "total": integer, "limit": integer, "offset": integer]),
        "AuditEvent": object([
            "id": string, "sequence": integer, "tenant-id": string, "user_id": string, "username": string, "action": string,
            "resource_type": string, "resource_id": string, "resource_name": string, "result": string,
            "error_message": string, "ip_address": string, "user_agent": string, "metadata": anyMap,
            "timestamp": timestamp, "previous_hash": string, "hash": string,
        ]),
        "AuditEventList": list(of: "AuditEvent"),
        "Count": object(["count": integer]),
        "AuditChainReport": object([
            "valid": boolean, "events_checked": integer, "first_invalid_event_id": string,
            "first_invalid_sequence": integer, "reason": string,
        ]),
        "Statistics": object([
            "tenants_count": integer, "warehouses_count": integer, "catalogs_count": integer, "namespaces_count": integer,
            "assets_count": integer, "tables_count": integer, "users_count": integer, "branches_count": integer, "scope": string,
        ]),
        "Health": object(["status": string, "detail": string]),
        "AppConfig": object(["auth_enabled": boolean], required: ["auth_enabled"]),
        "TenantSettings": object([
            "allow_public_signup": boolean, "default_warehouse_bucket": string, "default_retention_days": integer,
            "smtp_host": string, "smtp_port": integer, "smtp_user": string, "smtp_password": string, "smtp_password_set": boolean,
        ]),
        "RemovedTokens": object(["message": string, "count": integer], required: ["message", "count"]),
        "NamespaceTreeNode": object(
            ["name": string, "full_path": strings, "asset_count": integer, "children": list(of: "NamespaceTreeNode")],
            required: ["name", "full_path", "children"]),
        "NamespaceTree": object(["root": list(of: "NamespaceTreeNode")], required: ["root"]),
        "ValidateNamesRequest": object(
            ["resource_type": .object(["type": "string", "enum": .array(["catalog", "warehouse", "namespace", "asset"])]),
             "names": strings, "catalog": string, "namespace": string],
            required: ["resource_type", "names"]),
        "ValidateNamesResponse": object([
            "results": .object(["type": "array", "items": object(
                ["name": string, "valid": boolean, "available": boolean, "reason": string], required: ["name", "valid", "available"])]),
        ], required: ["results"]),
        "BulkDeleteRequest": object(["asset_ids": strings], required: ["asset_ids"]),
        "BulkDeleteResponse": object([
            "succeeded": integer, "failed": integer, "errors": strings, "deleted": strings,
            "refused": .object(["type": "array", "items": object(
                ["asset_id": string, "status": integer, "error": string], required: ["asset_id", "status", "error"])]),
        ], required: ["succeeded", "failed", "errors", "deleted", "refused"]),
        "UnifiedSearchResponse": object([
            "results": .object(["type": "array", "items": object(
                ["id": string, "name": string, "kind": .object(["type": "string", "enum": .array(["Catalog", "Namespace", "Asset"])]),
                 "description": string, "context": string, "has_access": boolean],
                required: ["name", "kind"])]),
            "total": integer,
        ], required: ["results", "total"]),
    ]
}
