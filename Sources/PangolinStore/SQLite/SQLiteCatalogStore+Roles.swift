import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func createRole(_ draft: RoleDraft, tenantID: String, by actor: AuditActor) async throws -> Role {
        try Self.validateRoleName(draft.name)
        return try await write { db in
            if try Row.fetchOne(db, cached: "SELECT 1 FROM roles WHERE tenant_id = ? AND name = ?", arguments: [tenantID, draft.name]) != nil {
                throw PangolinError.conflict("a role named '\(draft.name)' already exists in this tenant")
            }
            let role = Role(
                id: Identifiers.make(), name: draft.name, description: draft.description, tenantID: tenantID,
                permissions: try Self.normalized(draft.permissions, tenantID: tenantID, in: db))
            try db.execute(
                cached: "INSERT INTO roles (id, tenant_id, name, description, permissions, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [role.id, tenantID, role.name, role.description, try StoredValues.json(role.permissions), StoredValues.now().micros])
            try AuditChain.append(Self.auditEntry(.createRole, role), by: actor, in: db)
            return role
        }
    }

    public func roles(tenantID: String) async throws -> [Role] {
        try await read { db in
            try Row.fetchAll(db, cached: "SELECT * FROM roles WHERE tenant_id = ? ORDER BY name", arguments: [tenantID]).map(Self.role)
        }
    }

    public func role(id: String) async throws -> Role? {
        try lookup { db in try Row.fetchOne(db, cached: "SELECT * FROM roles WHERE id = ?", arguments: [id]).map(Self.role) }
    }

    public func updateRole(id: String, _ draft: RoleDraft, by actor: AuditActor) async throws -> Role {
        try Self.validateRoleName(draft.name)
        return try await write { db in
            var role = try Self.existingRole(id, in: db)
            let tenantID = role.tenantID ?? ""
            if draft.name != role.name,
               try Row.fetchOne(db, cached: "SELECT 1 FROM roles WHERE tenant_id = ? AND name = ?", arguments: [tenantID, draft.name]) != nil {
                throw PangolinError.conflict("a role named '\(draft.name)' already exists in this tenant")
            }
            role.name = draft.name
            role.description = draft.description
            role.permissions = try Self.normalized(draft.permissions, tenantID: tenantID, in: db)
            try db.execute(
                cached: "UPDATE roles SET name = ?, description = ?, permissions = ? WHERE id = ?",
                arguments: [role.name, role.description, try StoredValues.json(role.permissions), id])
            try AuditChain.append(Self.auditEntry(.updateRole, role), by: actor, in: db)
            return role
        }
    }

    public func deleteRole(id: String, by actor: AuditActor) async throws {
        try await write { db in
            let role = try Self.existingRole(id, in: db)
            let holders = try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM role_assignments WHERE role_id = ?", arguments: [id]) ?? 0
            try db.execute(cached: "DELETE FROM roles WHERE id = ?", arguments: [id])
            try AuditChain.append(
                Self.auditEntry(.deleteRole, role, extra: ["unassigned_from": .int(Int64(holders))]), by: actor, in: db)
        }
    }

    public func assignRole(roleID: String, to principalID: String, by actor: AuditActor) async throws {
        try await write { db in
            let role = try Self.existingRole(roleID, in: db)
            let tenantID = role.tenantID ?? ""
            let holder = try Self.requirePrincipal(principalID, tenantID: tenantID, in: db)
            try db.execute(
                cached: """
                    INSERT INTO role_assignments (principal_id, role_id, tenant_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (principal_id, role_id) DO NOTHING
                    """,
                arguments: [holder.id, roleID, tenantID, actor.username, StoredValues.now().micros])
            guard db.changesCount > 0 else { return }
            try AuditChain.append(
                Self.auditEntry(.assignRole, role, extra: ["user_id": .string(holder.id), "user": .string(holder.name)]), by: actor, in: db)
        }
    }

    public func unassignRole(roleID: String, from principalID: String, by actor: AuditActor) async throws {
        try await write { db in
            let role = try Self.existingRole(roleID, in: db)
            try db.execute(cached: "DELETE FROM role_assignments WHERE principal_id = ? AND role_id = ?", arguments: [principalID, roleID])
            guard db.changesCount > 0 else {
                throw PangolinError.notFound("role '\(role.name)' is not assigned to '\(principalID)'")
            }
            try AuditChain.append(Self.auditEntry(.unassignRole, role, extra: ["user_id": .string(principalID)]), by: actor, in: db)
        }
    }

    public func roles(assignedTo principalID: String) async throws -> [Role] {
        try await read { db in
            try Row.fetchAll(
                db, cached: "SELECT r.* FROM role_assignments ra JOIN roles r ON r.id = ra.role_id WHERE ra.principal_id = ? ORDER BY r.name",
                arguments: [principalID]
            ).map(Self.role)
        }
    }

    /// A stored (custom) role; stored roles always belong to a tenant.
    private static func existingRole(_ id: String, in db: Database) throws -> Role {
        guard let role = try Row.fetchOne(db, cached: "SELECT * FROM roles WHERE id = ?", arguments: [id]).map(Self.role) else {
            throw PangolinError.notFound("no role with id '\(id)'")
        }
        return role
    }

    static func role(_ row: Row) throws -> Role {
        Role(id: row["id"], name: row["name"], description: row["description"], tenantID: row["tenant_id"],
             permissions: try row.json("permissions", as: [PermissionGrant].self))
    }

    static func normalized(_ grants: [PermissionGrant], tenantID: String, in db: Database) throws -> [PermissionGrant] {
        try grants.map { grant in
            if grant.actions.isEmpty { throw PangolinError.invalid("every grant of a role must name at least one action") }
            return PermissionGrant(scope: try normalized(grant.scope, tenantID: tenantID, in: db), actions: Array(Set(grant.actions)).sorted())
        }
    }

    static func validateRoleName(_ name: String) throws {
        try Names.validate(name, as: .username)
        if BuiltInRole(named: name) != nil {
            throw PangolinError.conflict("'\(name)' is a built-in role; choose another name")
        }
    }

    static func auditEntry(_ action: AuditAction, _ role: Role, extra: [String: JSONValue] = [:]) -> AuditEntry {
        var metadata = extra
        metadata["grants"] = .int(Int64(role.permissions.count))
        return AuditEntry(action: action, resourceType: "role", resourceID: role.id, resourceName: role.name, tenantID: role.tenantID,
                          metadata: metadata)
    }
}
