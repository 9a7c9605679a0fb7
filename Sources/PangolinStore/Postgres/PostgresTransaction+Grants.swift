import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    // MARK: Grants

    public func insertPermission(_ permission: Permission) throws {
        let stored = StoredGrant(permission)
        try execute("""
            INSERT INTO permissions (id, tenant_id, principal_id, scope_type, catalog_id, namespace, asset_id, tag_name, actions, role,
                                     granted_by, granted_at)
            VALUES (\(permission.id), \(permission.tenantID), \(permission.userID), \(stored.scopeType), \(stored.catalogID),
                    \(stored.namespace), \(stored.assetID), \(stored.tagName), \(stored.actions), \(permission.role),
                    \(permission.grantedBy), \(StoredValues.micros(permission.grantedAt)))
            """)
    }

    public func permission(id: String) throws -> Permission? {
        try row("SELECT * FROM permissions WHERE id = \(id)\(unescaped: lock)").map(Self.permission)
    }

    public func permissions(tenantID: String, principalID: String?, limit: Int, offset: Int) throws -> [Permission] {
        if let principalID {
            return try rows("""
                SELECT * FROM permissions WHERE tenant_id = \(tenantID) AND principal_id = \(principalID)
                ORDER BY granted_at, id LIMIT \(limit) OFFSET \(offset)
                """).map(Self.permission)
        }
        return try rows("SELECT * FROM permissions WHERE tenant_id = \(tenantID) ORDER BY granted_at, id LIMIT \(limit) OFFSET \(offset)")
            .map(Self.permission)
    }

    public func permissions(ofPrincipal principalID: String) throws -> [Permission] {
        try rows("SELECT * FROM permissions WHERE principal_id = \(principalID)").map(Self.permission)
    }

    public func deletePermission(id: String) throws {
        try execute("DELETE FROM permissions WHERE id = \(id)")
    }

    public func deletePermissions(on scope: PermissionScope) throws {
        switch scope {
        case .catalog(let catalogID):
            try execute("DELETE FROM permissions WHERE catalog_id = \(catalogID)")
        case .namespace(let catalogID, let path):
            try execute("DELETE FROM permissions WHERE scope_type = 'namespace' AND catalog_id = \(catalogID) AND namespace = \(path.dotted)")
        case .asset(let assetID):
            try execute("DELETE FROM permissions WHERE asset_id = \(assetID)")
        case .tenant, .label:
            preconditionFailure("grants are removed with what they are on; a tenant's or a label's are not")
        }
    }

    public func userPrincipal(_ reference: String, tenantID: String) throws -> (id: String, name: String)? {
        try row("""
            SELECT id, username FROM users WHERE tenant_id = \(tenantID) AND (id = \(reference) OR username = \(reference) OR email = \(reference))
            LIMIT 1
            """).map { (try $0("id"), try $0("username")) }
    }

    public func servicePrincipal(_ reference: String, tenantID: String) throws -> (id: String, name: String)? {
        try row("SELECT id, name FROM service_users WHERE tenant_id = \(tenantID) AND (id = \(reference) OR name = \(reference)) LIMIT 1")
            .map { (try $0("id"), try $0("name")) }
    }

    // MARK: Roles

    public func insertRole(_ role: Role) throws {
        try execute("""
            INSERT INTO roles (id, tenant_id, name, description, permissions, created_at)
            VALUES (\(role.id), \(role.tenantID), \(role.name), \(role.description), \(try StoredValues.json(role.permissions)),
                    \(StoredValues.now().micros))
            """)
    }

    public func role(id: String) throws -> Role? {
        try row("SELECT * FROM roles WHERE id = \(id)\(unescaped: lock)").map(Self.role)
    }

    public func role(tenantID: String, name: String) throws -> Role? {
        try row("SELECT * FROM roles WHERE tenant_id = \(tenantID) AND name = \(name)").map(Self.role)
    }

    public func roles(tenantID: String) throws -> [Role] {
        try rows("SELECT * FROM roles WHERE tenant_id = \(tenantID) ORDER BY name").map(Self.role)
    }

    public func updateRole(_ role: Role) throws {
        try execute("""
            UPDATE roles SET name = \(role.name), description = \(role.description), permissions = \(try StoredValues.json(role.permissions))
            WHERE id = \(role.id)
            """)
    }

    public func deleteRole(id: String) throws {
        try execute("DELETE FROM roles WHERE id = \(id)")
    }

    public func roleHolderCount(roleID: String) throws -> Int {
        try count("SELECT COUNT(*) AS count FROM role_assignments WHERE role_id = \(roleID)")
    }

    public func assignRole(roleID: String, to principalID: String, tenantID: String, by username: String?) throws -> Bool {
        try execute("""
            INSERT INTO role_assignments (principal_id, role_id, tenant_id, assigned_by, assigned_at)
            VALUES (\(principalID), \(roleID), \(tenantID), \(username), \(StoredValues.now().micros))
            ON CONFLICT (principal_id, role_id) DO NOTHING
            """) > 0
    }

    public func unassignRole(roleID: String, from principalID: String) throws -> Bool {
        try execute("DELETE FROM role_assignments WHERE principal_id = \(principalID) AND role_id = \(roleID)") > 0
    }

    public func roles(assignedTo principalID: String) throws -> [Role] {
        try rows("""
            SELECT r.* FROM role_assignments ra JOIN roles r ON r.id = ra.role_id WHERE ra.principal_id = \(principalID) ORDER BY r.name
            """).map(Self.role)
    }

    // MARK: Access requests

    public func insertAccessRequest(_ request: AccessRequest) throws {
        try execute("""
            INSERT INTO access_requests (id, tenant_id, asset_id, user_id, username, reason, status, requested_at)
            VALUES (\(request.id), \(request.tenantID), \(request.assetID), \(request.userID), \(request.username), \(request.reason),
                    \(request.status.rawValue), \(StoredValues.micros(request.requestedAt)))
            """)
    }

    public func accessRequest(id: String) throws -> AccessRequest? {
        try row("SELECT * FROM access_requests WHERE id = \(id)\(unescaped: lock)").map(Self.accessRequest)
    }

    public func pendingAccessRequestID(assetID: String, userID: String) throws -> String? {
        try row("SELECT id FROM access_requests WHERE asset_id = \(assetID) AND user_id = \(userID) AND status = 'pending'").map { try $0("id") }
    }

    public func accessRequests(tenantID: String, userID: String?, limit: Int, offset: Int) throws -> [AccessRequest] {
        let order = "ORDER BY status <> 'pending', requested_at DESC, id"
        if let userID {
            return try rows("""
                SELECT * FROM access_requests WHERE tenant_id = \(tenantID) AND user_id = \(userID) \(unescaped: order)
                LIMIT \(limit) OFFSET \(offset)
                """).map(Self.accessRequest)
        }
        return try rows("SELECT * FROM access_requests WHERE tenant_id = \(tenantID) \(unescaped: order) LIMIT \(limit) OFFSET \(offset)")
            .map(Self.accessRequest)
    }

    public func updateAccessRequest(_ request: AccessRequest) throws {
        try execute("""
            UPDATE access_requests SET status = \(request.status.rawValue), reviewed_by = \(request.reviewedBy),
                reviewed_at = \(request.reviewedAt.map(StoredValues.micros)), review_comment = \(request.reviewComment),
                permission_id = \(request.permissionID)
            WHERE id = \(request.id)
            """)
    }

    // MARK: Mapping

    private static func permission(_ row: PostgresRow) throws -> Permission {
        let stored = StoredGrant(
            scopeType: try row("scope_type"), catalogID: try row("catalog_id"), namespace: try row("namespace"),
            assetID: try row("asset_id"), tagName: try row("tag_name"), actions: try row("actions"))
        return Permission(
            id: try row("id"), userID: try row("principal_id"), tenantID: try row("tenant_id"), actions: try stored.permissionActions,
            scope: stored.scope, role: try row("role"), grantedBy: try row("granted_by"), grantedAt: try row.date("granted_at"))
    }

    private static func role(_ row: PostgresRow) throws -> Role {
        Role(id: try row("id"), name: try row("name"), description: try row("description"), tenantID: try row("tenant_id"),
             permissions: try row.json("permissions", as: [PermissionGrant].self))
    }

    private static func accessRequest(_ row: PostgresRow) throws -> AccessRequest {
        AccessRequest(
            id: try row("id"), tenantID: try row("tenant_id"), assetID: try row("asset_id"), userID: try row("user_id"),
            username: try row("username"), reason: try row("reason"), status: try AccessRequest.Status(parsing: try row("status")),
            requestedAt: try row.date("requested_at"), reviewedBy: try row("reviewed_by"), reviewedAt: try row.optionalDate("reviewed_at"),
            reviewComment: try row("review_comment"), permissionID: try row("permission_id"))
    }
}
