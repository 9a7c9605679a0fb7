import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func grantPermission(_ draft: PermissionDraft, by actor: AuditActor) async throws -> Permission {
        if draft.actions.isEmpty { throw PangolinError.invalid("field 'actions' must name at least one action") }
        return try await write { db in
            let grantee = try Self.requirePrincipal(draft.userID, tenantID: draft.tenantID, in: db)
            let scope = try Self.normalized(draft.scope, tenantID: draft.tenantID, in: db)
            let now = StoredValues.now()
            let permission = Permission(
                id: Identifiers.make(), userID: grantee.id, tenantID: draft.tenantID, actions: Array(Set(draft.actions)).sorted(),
                scope: scope, role: draft.role, grantedBy: actor.username, grantedAt: now.date)
            try Self.insert(permission, in: db)
            try AuditChain.append(Self.auditEntry(.grantPermission, permission, granteeName: grantee.name), by: actor, in: db)
            return permission
        }
    }

    public func permissions(tenantID: String, principalID: String?, limit: Int, offset: Int) async throws -> [Permission] {
        try await read { db in
            let rows: [Row]
            if let principalID {
                rows = try Row.fetchAll(
                    db, cached: "SELECT * FROM permissions WHERE tenant_id = ? AND principal_id = ? ORDER BY granted_at, id LIMIT ? OFFSET ?",
                    arguments: [tenantID, principalID, limit, offset])
            } else {
                rows = try Row.fetchAll(
                    db, cached: "SELECT * FROM permissions WHERE tenant_id = ? ORDER BY granted_at, id LIMIT ? OFFSET ?",
                    arguments: [tenantID, limit, offset])
            }
            return try rows.map(Self.permission)
        }
    }

    public func permission(id: String) async throws -> Permission? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM permissions WHERE id = ?", arguments: [id]).map(Self.permission)
        }
    }

    public func revokePermission(id: String, by actor: AuditActor) async throws {
        try await write { db in
            guard let permission = try Row.fetchOne(db, cached: "SELECT * FROM permissions WHERE id = ?", arguments: [id]).map(Self.permission)
            else { throw PangolinError.notFound("no permission with id '\(id)'") }
            try db.execute(cached: "DELETE FROM permissions WHERE id = ?", arguments: [id])
            try AuditChain.append(Self.auditEntry(.revokePermission, permission, granteeName: nil), by: actor, in: db)
        }
    }

    public func principal(_ reference: String, tenantID: String) async throws -> (id: String, name: String) {
        try lookup { db in try Self.requirePrincipal(reference, tenantID: tenantID, in: db) }
    }

    public func resolvedGrants(principalID: String) async throws -> [ResolvedGrant] {
        try lookup { db in
            var grants: [ResolvedGrant] = []
            for row in try Row.fetchAll(db, cached: "SELECT * FROM permissions WHERE principal_id = ?", arguments: [principalID]) {
                let permission = try Self.permission(row)
                if let target = try Self.target(of: permission.scope, in: db) {
                    grants.append(ResolvedGrant(target: target, actions: permission.actions))
                }
            }
            let roleGrants = try String.fetchAll(
                db.cachedStatement(sql: """
                    SELECT r.permissions FROM role_assignments ra JOIN roles r ON r.id = ra.role_id WHERE ra.principal_id = ?
                    """),
                arguments: [principalID])
            for text in roleGrants {
                for grant in try StoredValues.decode([PermissionGrant].self, text) {
                    if let target = try Self.target(of: grant.scope, in: db) {
                        grants.append(ResolvedGrant(target: target, actions: grant.actions))
                    }
                }
            }
            return grants
        }
    }

    // MARK: Helpers shared with roles and access requests

    static func insert(_ permission: Permission, in db: Database) throws {
        var catalogID: String?, namespace: String?, assetID: String?, tagName: String?
        switch permission.scope {
        case .tenant: break
        case .catalog(let id): catalogID = id
        case .namespace(let id, let path): (catalogID, namespace) = (id, path.dotted)
        case .asset(let id): assetID = id
        case .label(let name): tagName = name
        }
        try db.execute(
            cached: """
                INSERT INTO permissions (id, tenant_id, principal_id, scope_type, catalog_id, namespace, asset_id, tag_name,
                                         actions, role, granted_by, granted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [permission.id, permission.tenantID, permission.userID, permission.scope.typeName, catalogID, namespace,
                        assetID, tagName, permission.actions.map(\.rawValue).joined(separator: ","), permission.role,
                        permission.grantedBy, StoredValues.micros(permission.grantedAt)])
    }

    static func permission(_ row: Row) throws -> Permission {
        let scope: PermissionScope
        switch row["scope_type"] as String {
        case "catalog": scope = .catalog(catalogID: row["catalog_id"])
        case "namespace": scope = .namespace(catalogID: row["catalog_id"], namespace: NamespacePath(trusted: row["namespace"]))
        case "asset": scope = .asset(assetID: row["asset_id"])
        case "tag": scope = .label(row["tag_name"])
        default: scope = .tenant
        }
        let actions = try (row["actions"] as String).split(separator: ",").map { try PermissionAction(parsing: String($0)) }
        return Permission(
            id: row["id"], userID: row["principal_id"], tenantID: row["tenant_id"], actions: actions, scope: scope,
            role: row["role"], grantedBy: row["granted_by"], grantedAt: row.date("granted_at"))
    }

    static func auditEntry(_ action: AuditAction, _ permission: Permission, granteeName: String?) -> AuditEntry {
        var metadata: [String: JSONValue] = [
            "user_id": .string(permission.userID), "scope": .string(permission.scope.typeName),
            "actions": .array(permission.actions.map { .string($0.rawValue) }),
        ]
        if let role = permission.role { metadata["role"] = .string(role) }
        if let granteeName { metadata["user"] = .string(granteeName) }
        return AuditEntry(
            action: action, resourceType: "permission", resourceID: permission.id, resourceName: granteeName,
            tenantID: permission.tenantID, metadata: metadata)
    }

    /// The user or service user of the tenant that `reference` names: by id, username or email
    /// (users), or by id or name (service users).
    static func requirePrincipal(_ reference: String, tenantID: String, in db: Database) throws -> (id: String, name: String) {
        if let row = try Row.fetchOne(
            db, cached: "SELECT id, username FROM users WHERE tenant_id = ? AND (id = ? OR username = ? OR email = ?) LIMIT 1",
            arguments: [tenantID, reference, reference, reference]) {
            return (row["id"], row["username"])
        }
        if let row = try Row.fetchOne(
            db, cached: "SELECT id, name FROM service_users WHERE tenant_id = ? AND (id = ? OR name = ?) LIMIT 1",
            arguments: [tenantID, reference, reference]) {
            return (row["id"], "service:" + (row["name"] as String))
        }
        throw PangolinError.notFound("no user or service user '\(reference)' in this tenant")
    }

    /// The scope with its catalog named by id (a name is accepted and replaced), after checking
    /// that what it names exists in the tenant.
    static func normalized(_ scope: PermissionScope, tenantID: String, in db: Database) throws -> PermissionScope {
        func catalogID(_ reference: String) throws -> String {
            if let id = try String.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM catalogs WHERE tenant_id = ? AND (id = ? OR name = ?) LIMIT 1"),
                arguments: [tenantID, reference, reference]) {
                return id
            }
            throw PangolinError.notFound("no catalog with id or name '\(reference)' in this tenant")
        }
        switch scope {
        case .tenant:
            return scope
        case .label(let name):
            _ = try MetadataChange.validateTags([name])
            return scope
        case .catalog(let reference):
            return .catalog(catalogID: try catalogID(reference))
        case .namespace(let reference, let path):
            let id = try catalogID(reference)
            guard try SQLiteTransaction(db: db).namespace(catalogID: id, path: path) != nil else {
                throw PangolinError.notFound("no namespace '\(path)' in catalog '\(reference)'")
            }
            return .namespace(catalogID: id, namespace: path)
        case .asset(let id):
            guard try Row.fetchOne(db, cached: "SELECT 1 FROM assets WHERE id = ? AND tenant_id = ?", arguments: [id, tenantID]) != nil else {
                throw PangolinError.notFound("no asset with id '\(id)' in this tenant")
            }
            return scope
        }
    }

    /// The scope resolved to names; nil when what it named no longer exists.
    static func target(of scope: PermissionScope, in db: Database) throws -> ResolvedGrant.Target? {
        func catalogName(_ id: String) throws -> String? {
            try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM catalogs WHERE id = ?"), arguments: [id])
        }
        switch scope {
        case .tenant: return .tenant
        case .label(let name): return .label(name)
        case .catalog(let id): return try catalogName(id).map { .catalog($0) }
        case .namespace(let id, let path): return try catalogName(id).map { .namespace(catalog: $0, path: path) }
        case .asset(let id):
            return try Row.fetchOne(db, cached: "SELECT catalog_name, namespace_path FROM assets WHERE id = ?", arguments: [id]).map {
                .asset(id: id, catalog: $0["catalog_name"], namespace: NamespacePath(trusted: $0["namespace_path"]))
            }
        }
    }
}
