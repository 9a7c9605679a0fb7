import GRDB
import PangolinModel

extension SQLiteTransaction: GrantRepository, AccessRequestRepository {
    // MARK: Grants

    public func insertPermission(_ permission: Permission) throws {
        let stored = StoredGrant(permission)
        try db.execute(
            cached: """
                INSERT INTO permissions (id, tenant_id, principal_id, scope_type, catalog_id, namespace, asset_id, tag_name,
                                         actions, role, granted_by, granted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [permission.id, permission.tenantID, permission.userID, stored.scopeType, stored.catalogID, stored.namespace,
                        stored.assetID, stored.tagName, stored.actions, permission.role, permission.grantedBy,
                        StoredValues.micros(permission.grantedAt)])
    }

    public func permission(id: String) throws -> Permission? {
        try Row.fetchOne(db, cached: "SELECT * FROM permissions WHERE id = ?", arguments: [id]).map(Self.permission)
    }

    public func permissions(tenantID: String, principalID: String?, limit: Int, offset: Int) throws -> [Permission] {
        if let principalID {
            return try Row.fetchAll(
                db, cached: "SELECT * FROM permissions WHERE tenant_id = ? AND principal_id = ? ORDER BY granted_at, id LIMIT ? OFFSET ?",
                arguments: [tenantID, principalID, limit, offset]
            ).map(Self.permission)
        }
        return try Row.fetchAll(
            db, cached: "SELECT * FROM permissions WHERE tenant_id = ? ORDER BY granted_at, id LIMIT ? OFFSET ?",
            arguments: [tenantID, limit, offset]
        ).map(Self.permission)
    }

    public func permissions(ofPrincipal principalID: String) throws -> [Permission] {
        try Row.fetchAll(db, cached: "SELECT * FROM permissions WHERE principal_id = ?", arguments: [principalID]).map(Self.permission)
    }

    public func deletePermission(id: String) throws {
        try db.execute(cached: "DELETE FROM permissions WHERE id = ?", arguments: [id])
    }

    public func deletePermissions(on scope: PermissionScope) throws {
        switch scope {
        case .catalog(let catalogID):
            try db.execute(cached: "DELETE FROM permissions WHERE catalog_id = ?", arguments: [catalogID])
        case .namespace(let catalogID, let path):
            try db.execute(
                cached: "DELETE FROM permissions WHERE scope_type = 'namespace' AND catalog_id = ? AND namespace = ?",
                arguments: [catalogID, path.dotted])
        case .asset(let assetID):
            try db.execute(cached: "DELETE FROM permissions WHERE asset_id = ?", arguments: [assetID])
        case .tenant, .label:
            preconditionFailure("grants are removed with what they are on; a tenant's or a label's are not")
        }
    }

    public func userPrincipal(_ reference: String, tenantID: String) throws -> (id: String, name: String)? {
        try Row.fetchOne(
            db, cached: "SELECT id, username FROM users WHERE tenant_id = ? AND (id = ? OR username = ? OR email = ?) LIMIT 1",
            arguments: [tenantID, reference, reference, reference]
        ).map { ($0["id"], $0["username"]) }
    }

    public func servicePrincipal(_ reference: String, tenantID: String) throws -> (id: String, name: String)? {
        try Row.fetchOne(
            db, cached: "SELECT id, name FROM service_users WHERE tenant_id = ? AND (id = ? OR name = ?) LIMIT 1",
            arguments: [tenantID, reference, reference]
        ).map { ($0["id"], $0["name"]) }
    }

    // MARK: Roles

    public func insertRole(_ role: Role) throws {
        try db.execute(
            cached: "INSERT INTO roles (id, tenant_id, name, description, permissions, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [role.id, role.tenantID, role.name, role.description, try StoredValues.json(role.permissions), StoredValues.now().micros])
    }

    public func role(id: String) throws -> Role? {
        try Row.fetchOne(db, cached: "SELECT * FROM roles WHERE id = ?", arguments: [id]).map(Self.role)
    }

    public func role(tenantID: String, name: String) throws -> Role? {
        try Row.fetchOne(db, cached: "SELECT * FROM roles WHERE tenant_id = ? AND name = ?", arguments: [tenantID, name]).map(Self.role)
    }

    public func roles(tenantID: String) throws -> [Role] {
        try Row.fetchAll(db, cached: "SELECT * FROM roles WHERE tenant_id = ? ORDER BY name", arguments: [tenantID]).map(Self.role)
    }

    public func updateRole(_ role: Role) throws {
        try db.execute(
            cached: "UPDATE roles SET name = ?, description = ?, permissions = ? WHERE id = ?",
            arguments: [role.name, role.description, try StoredValues.json(role.permissions), role.id])
    }

    public func deleteRole(id: String) throws {
        try db.execute(cached: "DELETE FROM roles WHERE id = ?", arguments: [id])
    }

    public func roleHolderCount(roleID: String) throws -> Int {
        try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM role_assignments WHERE role_id = ?", arguments: [roleID]) ?? 0
    }

    public func assignRole(roleID: String, to principalID: String, tenantID: String, by username: String?) throws -> Bool {
        try db.execute(
            cached: """
                INSERT INTO role_assignments (principal_id, role_id, tenant_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (principal_id, role_id) DO NOTHING
                """,
            arguments: [principalID, roleID, tenantID, username, StoredValues.now().micros])
        return db.changesCount > 0
    }

    public func unassignRole(roleID: String, from principalID: String) throws -> Bool {
        try db.execute(cached: "DELETE FROM role_assignments WHERE principal_id = ? AND role_id = ?", arguments: [principalID, roleID])
        return db.changesCount > 0
    }

    public func roles(assignedTo principalID: String) throws -> [Role] {
        try Row.fetchAll(
            db, cached: "SELECT r.* FROM role_assignments ra JOIN roles r ON r.id = ra.role_id WHERE ra.principal_id = ? ORDER BY r.name",
            arguments: [principalID]
        ).map(Self.role)
    }

    // MARK: Access requests

    public func insertAccessRequest(_ request: AccessRequest) throws {
        try db.execute(
            cached: """
                INSERT INTO access_requests (id, tenant_id, asset_id, user_id, username, reason, status, requested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [request.id, request.tenantID, request.assetID, request.userID, request.username, request.reason,
                        request.status.rawValue, StoredValues.micros(request.requestedAt)])
    }

    public func accessRequest(id: String) throws -> AccessRequest? {
        try Row.fetchOne(db, cached: "SELECT * FROM access_requests WHERE id = ?", arguments: [id]).map(Self.accessRequest)
    }

    public func pendingAccessRequestID(assetID: String, userID: String) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM access_requests WHERE asset_id = ? AND user_id = ? AND status = 'pending'"),
            arguments: [assetID, userID])
    }

    public func accessRequests(tenantID: String, userID: String?, limit: Int, offset: Int) throws -> [AccessRequest] {
        let order = "ORDER BY status != 'pending', requested_at DESC, id LIMIT ? OFFSET ?"
        let rows = if let userID {
            try Row.fetchAll(db, cached: "SELECT * FROM access_requests WHERE tenant_id = ? AND user_id = ? \(order)",
                             arguments: [tenantID, userID, limit, offset])
        } else {
            try Row.fetchAll(db, cached: "SELECT * FROM access_requests WHERE tenant_id = ? \(order)", arguments: [tenantID, limit, offset])
        }
        return try rows.map(Self.accessRequest)
    }

    public func updateAccessRequest(_ request: AccessRequest) throws {
        try db.execute(
            cached: "UPDATE access_requests SET status = ?, reviewed_by = ?, reviewed_at = ?, review_comment = ?, permission_id = ? WHERE id = ?",
            arguments: [request.status.rawValue, request.reviewedBy, request.reviewedAt.map(StoredValues.micros), request.reviewComment,
                        request.permissionID, request.id])
    }

    // MARK: Mapping

    private static func permission(_ row: Row) throws -> Permission {
        let stored = StoredGrant(
            scopeType: row["scope_type"], catalogID: row["catalog_id"], namespace: row["namespace"], assetID: row["asset_id"],
            tagName: row["tag_name"], actions: row["actions"])
        return Permission(
            id: row["id"], userID: row["principal_id"], tenantID: row["tenant_id"], actions: try stored.permissionActions,
            scope: stored.scope, role: row["role"], grantedBy: row["granted_by"], grantedAt: row.date("granted_at"))
    }

    private static func role(_ row: Row) throws -> Role {
        Role(id: row["id"], name: row["name"], description: row["description"], tenantID: row["tenant_id"],
             permissions: try row.json("permissions", as: [PermissionGrant].self))
    }

    private static func accessRequest(_ row: Row) throws -> AccessRequest {
        AccessRequest(
            id: row["id"], tenantID: row["tenant_id"], assetID: row["asset_id"], userID: row["user_id"], username: row["username"],
            reason: row["reason"], status: try AccessRequest.Status(parsing: row["status"]), requestedAt: row.date("requested_at"),
            reviewedBy: row["reviewed_by"], reviewedAt: (row["reviewed_at"] as Int64?).map(StoredValues.date),
            reviewComment: row["review_comment"], permissionID: row["permission_id"])
    }
}
