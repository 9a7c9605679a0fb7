import PangolinModel

/// Statements on grants and roles.
public protocol GrantRepository {
    func insertPermission(_ permission: Permission) throws
    func permission(id: String) throws -> Permission?
    /// The tenant's grants (or one principal's), oldest first.
    func permissions(tenantID: String, principalID: String?, limit: Int, offset: Int) throws -> [Permission]
    /// Every grant made to the principal directly.
    func permissions(ofPrincipal principalID: String) throws -> [Permission]
    func deletePermission(id: String) throws
    /// Removes the grants on what `scope` names and on everything inside it: a catalog's grants
    /// include those on its namespaces.
    func deletePermissions(on scope: PermissionScope) throws

    /// The tenant's user whose id, username or email is `reference`: its id and username.
    func userPrincipal(_ reference: String, tenantID: String) throws -> (id: String, name: String)?
    /// The tenant's service user whose id or name is `reference`: its id and name.
    func servicePrincipal(_ reference: String, tenantID: String) throws -> (id: String, name: String)?

    func insertRole(_ role: Role) throws
    func role(id: String) throws -> Role?
    func role(tenantID: String, name: String) throws -> Role?
    /// By name.
    func roles(tenantID: String) throws -> [Role]
    /// Stores the role's name, description and grants.
    func updateRole(_ role: Role) throws
    func deleteRole(id: String) throws
    func roleHolderCount(roleID: String) throws -> Int
    /// Whether the principal did not hold the role already.
    func assignRole(roleID: String, to principalID: String, tenantID: String, by username: String?) throws -> Bool
    /// Whether the principal held the role.
    func unassignRole(roleID: String, from principalID: String) throws -> Bool
    /// By name.
    func roles(assignedTo principalID: String) throws -> [Role]
}

extension CatalogDatabase: GrantStore {
    // MARK: Grants

    public func grantPermission(_ draft: PermissionDraft, by actor: AuditActor) async throws -> Permission {
        if draft.actions.isEmpty { throw PangolinError.invalid("field 'actions' must name at least one action") }
        return try await write { tx in
            let grantee = try Self.requirePrincipal(draft.userID, tenantID: draft.tenantID, in: tx)
            let permission = Permission(
                id: Identifiers.make(), userID: grantee.id, tenantID: draft.tenantID, actions: Array(Set(draft.actions)).sorted(),
                scope: try Self.normalized(draft.scope, tenantID: draft.tenantID, in: tx), role: draft.role,
                grantedBy: actor.username, grantedAt: StoredValues.now().date)
            try tx.insertPermission(permission)
            try AuditChain.append(Self.auditEntry(.grantPermission, permission, granteeName: grantee.name), by: actor, in: tx)
            return permission
        }
    }

    public func permissions(tenantID: String, principalID: String?, limit: Int, offset: Int) async throws -> [Permission] {
        try await backend.read { tx in try tx.permissions(tenantID: tenantID, principalID: principalID, limit: limit, offset: offset) }
    }

    public func permission(id: String) async throws -> Permission? {
        try await backend.lookup { tx in try tx.permission(id: id) }
    }

    public func revokePermission(id: String, by actor: AuditActor) async throws {
        try await write { tx in
            guard let permission = try tx.permission(id: id) else { throw PangolinError.notFound(.permission, "no permission with id '\(id)'") }
            try tx.deletePermission(id: id)
            try AuditChain.append(Self.auditEntry(.revokePermission, permission, granteeName: nil), by: actor, in: tx)
        }
    }

    public func principal(_ reference: String, tenantID: String) async throws -> (id: String, name: String) {
        try await backend.lookup { tx in try Self.requirePrincipal(reference, tenantID: tenantID, in: tx) }
    }

    public func resolvedGrants(principalID: String) async throws -> [ResolvedGrant] {
        try await backend.lookup { tx in
            let direct = try tx.permissions(ofPrincipal: principalID).map { PermissionGrant(scope: $0.scope, actions: $0.actions) }
            let throughRoles = try tx.roles(assignedTo: principalID).flatMap(\.permissions)
            return try (direct + throughRoles).compactMap { grant in
                try Self.target(of: grant.scope, in: tx).map { ResolvedGrant(target: $0, actions: grant.actions) }
            }
        }
    }

    // MARK: Roles

    public func createRole(_ draft: RoleDraft, tenantID: String, by actor: AuditActor) async throws -> Role {
        try Self.validateRoleName(draft.name)
        return try await write { tx in
            if try tx.role(tenantID: tenantID, name: draft.name) != nil {
                throw PangolinError.exists(.role, "a role named '\(draft.name)' already exists in this tenant")
            }
            let role = Role(
                id: Identifiers.make(), name: draft.name, description: draft.description, tenantID: tenantID,
                permissions: try Self.normalized(draft.permissions, tenantID: tenantID, in: tx))
            try tx.insertRole(role)
            try AuditChain.append(Self.auditEntry(.createRole, role), by: actor, in: tx)
            return role
        }
    }

    public func roles(tenantID: String) async throws -> [Role] {
        try await backend.read { tx in try tx.roles(tenantID: tenantID) }
    }

    public func role(id: String) async throws -> Role? {
        try await backend.lookup { tx in try tx.role(id: id) }
    }

    public func updateRole(id: String, _ draft: RoleDraft, by actor: AuditActor) async throws -> Role {
        try Self.validateRoleName(draft.name)
        return try await write { tx in
            var role = try Self.requireRole(id: id, in: tx)
            let tenantID = role.tenantID ?? ""
            if draft.name != role.name, try tx.role(tenantID: tenantID, name: draft.name) != nil {
                throw PangolinError.exists(.role, "a role named '\(draft.name)' already exists in this tenant")
            }
            role.name = draft.name
            role.description = draft.description
            role.permissions = try Self.normalized(draft.permissions, tenantID: tenantID, in: tx)
            try tx.updateRole(role)
            try AuditChain.append(Self.auditEntry(.updateRole, role), by: actor, in: tx)
            return role
        }
    }

    public func deleteRole(id: String, by actor: AuditActor) async throws {
        try await write { tx in
            let role = try Self.requireRole(id: id, in: tx)
            let holders = try tx.roleHolderCount(roleID: id)
            try tx.deleteRole(id: id)
            try AuditChain.append(Self.auditEntry(.deleteRole, role, extra: ["unassigned_from": .int(Int64(holders))]), by: actor, in: tx)
        }
    }

    public func assignRole(roleID: String, to principalID: String, by actor: AuditActor) async throws {
        try await write { tx in
            let role = try Self.requireRole(id: roleID, in: tx)
            let tenantID = role.tenantID ?? ""
            let holder = try Self.requirePrincipal(principalID, tenantID: tenantID, in: tx)
            guard try tx.assignRole(roleID: roleID, to: holder.id, tenantID: tenantID, by: actor.username) else { return }
            try AuditChain.append(
                Self.auditEntry(.assignRole, role, extra: ["user_id": .string(holder.id), "user": .string(holder.name)]), by: actor, in: tx)
        }
    }

    public func unassignRole(roleID: String, from principalID: String, by actor: AuditActor) async throws {
        try await write { tx in
            let role = try Self.requireRole(id: roleID, in: tx)
            guard try tx.unassignRole(roleID: roleID, from: principalID) else {
                throw PangolinError.notFound(.role, "role '\(role.name)' is not assigned to '\(principalID)'")
            }
            try AuditChain.append(Self.auditEntry(.unassignRole, role, extra: ["user_id": .string(principalID)]), by: actor, in: tx)
        }
    }

    public func roles(assignedTo principalID: String) async throws -> [Role] {
        try await backend.read { tx in try tx.roles(assignedTo: principalID) }
    }

    // MARK: The rules of grants

    /// The user or service user of the tenant that `reference` names, as grants name them: by
    /// id, username or email (users), or by id or name (service users, named `service:<name>`).
    static func requirePrincipal(_ reference: String, tenantID: String, in tx: Backend.Transaction) throws -> (id: String, name: String) {
        if let user = try tx.userPrincipal(reference, tenantID: tenantID) { return user }
        if let service = try tx.servicePrincipal(reference, tenantID: tenantID) { return (service.id, "service:" + service.name) }
        throw PangolinError.notFound(.user, "no user or service user '\(reference)' in this tenant")
    }

    /// The scope with its catalog named by id (a name is accepted and replaced), after checking
    /// that what it names exists in the tenant.
    static func normalized(_ scope: PermissionScope, tenantID: String, in tx: Backend.Transaction) throws -> PermissionScope {
        func catalogID(_ reference: String) throws -> String {
            if let id = try tx.catalogID(tenantID: tenantID, reference: reference) { return id }
            throw PangolinError.notFound(.catalog, "no catalog with id or name '\(reference)' in this tenant")
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
            guard try tx.namespace(catalogID: id, path: path) != nil else {
                throw PangolinError.notFound(.namespace, "no namespace '\(path)' in catalog '\(reference)'")
            }
            return .namespace(catalogID: id, namespace: path)
        case .asset(let id):
            guard let asset = try tx.asset(id: id), asset.tenantID == tenantID else {
                throw PangolinError.notFound(.asset, "no asset with id '\(id)' in this tenant")
            }
            return scope
        }
    }

    static func normalized(_ grants: [PermissionGrant], tenantID: String, in tx: Backend.Transaction) throws -> [PermissionGrant] {
        try grants.map { grant in
            if grant.actions.isEmpty { throw PangolinError.invalid("every grant of a role must name at least one action") }
            return PermissionGrant(scope: try normalized(grant.scope, tenantID: tenantID, in: tx), actions: Array(Set(grant.actions)).sorted())
        }
    }

    /// The scope resolved to names; nil when what it named no longer exists.
    static func target(of scope: PermissionScope, in tx: Backend.Transaction) throws -> ResolvedGrant.Target? {
        switch scope {
        case .tenant: return .tenant
        case .label(let name): return .label(name)
        case .catalog(let id): return try tx.catalogName(id: id).map { .catalog($0) }
        case .namespace(let id, let path): return try tx.catalogName(id: id).map { .namespace(catalog: $0, path: path) }
        case .asset(let id): return try tx.asset(id: id).map { .asset(id: id, catalog: $0.catalog, namespace: $0.namespace) }
        }
    }

    static func validateRoleName(_ name: String) throws {
        try Names.validate(name, as: .username)
        if BuiltInRole(named: name) != nil {
            throw PangolinError.conflict("'\(name)' is a built-in role; choose another name")
        }
    }

    private static func requireRole(id: String, in tx: Backend.Transaction) throws -> Role {
        guard let role = try tx.role(id: id) else { throw PangolinError.notFound(.role, "no role with id '\(id)'") }
        return role
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

    private static func auditEntry(_ action: AuditAction, _ role: Role, extra: [String: JSONValue] = [:]) -> AuditEntry {
        var metadata = extra
        metadata["grants"] = .int(Int64(role.permissions.count))
        return AuditEntry(action: action, resourceType: "role", resourceID: role.id, resourceName: role.name, tenantID: role.tenantID,
                          metadata: metadata)
    }
}

/// A grant as both backends store it: its scope as a type and the column naming what it is on,
/// and its actions as one comma-separated text.
struct StoredGrant {
    var scopeType: String
    var catalogID: String?
    var namespace: String?
    var assetID: String?
    var tagName: String?
    var actions: String

    init(_ permission: Permission) {
        scopeType = permission.scope.typeName
        switch permission.scope {
        case .tenant: break
        case .catalog(let id): catalogID = id
        case .namespace(let id, let path): (catalogID, namespace) = (id, path.dotted)
        case .asset(let id): assetID = id
        case .label(let name): tagName = name
        }
        actions = permission.actions.map(\.rawValue).joined(separator: ",")
    }

    init(scopeType: String, catalogID: String?, namespace: String?, assetID: String?, tagName: String?, actions: String) {
        (self.scopeType, self.catalogID, self.namespace, self.assetID, self.tagName, self.actions) =
            (scopeType, catalogID, namespace, assetID, tagName, actions)
    }

    var scope: PermissionScope {
        switch scopeType {
        case "catalog": .catalog(catalogID: catalogID ?? "")
        case "namespace": .namespace(catalogID: catalogID ?? "", namespace: NamespacePath(trusted: namespace ?? ""))
        case "asset": .asset(assetID: assetID ?? "")
        case "tag": .label(tagName ?? "")
        default: .tenant
        }
    }

    var permissionActions: [PermissionAction] {
        get throws { try actions.split(separator: ",").map { try PermissionAction(parsing: String($0)) } }
    }
}
