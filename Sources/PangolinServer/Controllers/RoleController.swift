import Hummingbird
import PangolinModel
import PangolinStore

/// `/api/v1/roles` and `/api/v1/users/{id}/roles`: custom roles of a tenant, the built-in roles
/// beside them, and who holds which. A built-in role is given on a scope, as a grant; a custom
/// role carries its own scopes and is assigned.
struct RoleController {
    let services: CatalogServices

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("roles", use: create)
        group.get("roles", use: list)
        group.get("roles/{id}", use: get)
        group.put("roles/{id}", use: update)
        group.delete("roles/{id}", use: delete)
        group.post("users/{id}/roles", use: assign)
        group.get("users/{id}/roles", use: assigned)
        group.delete("users/{id}/roles/{role_id}", use: unassign)
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Role> {
        let body = try await request.decodeBody(RoleRequest.self, limit: services.maxBodyBytes)
        let tenantID = try await services.administeredTenant(request: request, context: context, named: body.tenantID)
        let role = try await services.store.createRole(
            RoleDraft(name: body.name, description: body.description, permissions: body.permissions ?? []),
            tenantID: tenantID, by: context.actor(request))
        return JSONResponse(role, status: .created)
    }

    /// The built-in roles, then the tenant's own. Anybody in the tenant may read them.
    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[Role]> {
        let tenantID = try await services.tenantID(for: request, context: context)
        return JSONResponse(BuiltInRole.allCases.map(Role.init(builtIn:)) + (try await services.store.roles(tenantID: tenantID)))
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Role> {
        JSONResponse(try await role(context.parameters.text("id"), request: request, context: context))
    }

    @Sendable func update(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Role> {
        let existing = try await customRole(request: request, context: context)
        let body = try await request.decodeBody(RoleRequest.self, limit: services.maxBodyBytes)
        let role = try await services.store.updateRole(
            id: existing.id, RoleDraft(name: body.name, description: body.description, permissions: body.permissions ?? []),
            by: context.actor(request))
        await services.grantsChanged()
        return JSONResponse(role)
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let role = try await customRole(request: request, context: context)
        try await services.store.deleteRole(id: role.id, by: context.actor(request))
        await services.grantsChanged()
        return Response(status: .noContent)
    }

    @Sendable func assign(request: Request, context: AuthenticatedContext) async throws -> Response {
        let holder = try await services.grantee(context.parameters.text("id"), request: request, context: context)
        let body = try await request.decodeBody(AssignRoleRequest.self, limit: services.maxBodyBytes)
        if let builtIn = BuiltInRole(named: body.roleID) {
            _ = try await services.store.grantPermission(
                PermissionDraft(userID: holder.id, tenantID: holder.tenantID, actions: builtIn.actions, scope: body.scope ?? .tenant,
                                role: builtIn.rawValue),
                by: context.actor(request))
        } else {
            if body.scope != nil {
                throw PangolinError.invalid("'scope' applies only to the built-in roles READ, READ_WRITE and ADMIN; a custom role carries its own")
            }
            let role = try await role(body.roleID, request: request, context: context)
            try await services.store.assignRole(roleID: role.id, to: holder.id, by: context.actor(request))
        }
        await services.grantsChanged()
        return Response(status: .created)
    }

    /// The custom roles assigned to a principal, and each built-in role it was granted, with the
    /// scopes it was granted on.
    @Sendable func assigned(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[Role]> {
        let holder = try await services.grantee(context.parameters.text("id"), request: request, context: context, reading: true)
        var roles = try await services.store.roles(assignedTo: holder.id)
        let granted = try await services.store.permissions(tenantID: holder.tenantID, principalID: holder.id, limit: 10_000, offset: 0)
        for builtIn in BuiltInRole.allCases {
            let scopes = granted.filter { $0.role == builtIn.rawValue }.map(\.scope)
            guard !scopes.isEmpty else { continue }
            var role = Role(builtIn: builtIn)
            role.permissions = scopes.map { PermissionGrant(scope: $0, actions: builtIn.actions) }
            roles.append(role)
        }
        return JSONResponse(roles)
    }

    @Sendable func unassign(request: Request, context: AuthenticatedContext) async throws -> Response {
        let holder = try await services.grantee(context.parameters.text("id"), request: request, context: context)
        let roleID = try context.parameters.text("role_id")
        let actor = context.actor(request)
        if let builtIn = BuiltInRole(named: roleID) {
            let grants = try await services.store.permissions(tenantID: holder.tenantID, principalID: holder.id, limit: 10_000, offset: 0)
                .filter { $0.role == builtIn.rawValue }
            if grants.isEmpty { throw PangolinError.notFound(.role, "role '\(builtIn.rawValue)' is not granted to '\(holder.name)'") }
            for grant in grants { try await services.store.revokePermission(id: grant.id, by: actor) }
        } else {
            try await services.store.unassignRole(roleID: try await role(roleID, request: request, context: context).id, from: holder.id, by: actor)
        }
        await services.grantsChanged()
        return Response(status: .noContent)
    }

    /// A role of the caller's tenant, built-in or custom, by id (or by name).
    private func role(_ reference: String, request: Request, context: AuthenticatedContext) async throws -> Role {
        if let builtIn = BuiltInRole(named: reference) { return Role(builtIn: builtIn) }
        let tenantID = try await services.tenantID(for: request, context: context)
        if let role = try await services.store.role(id: reference), role.tenantID == tenantID { return role }
        if let role = try await services.store.roles(tenantID: tenantID).first(where: { $0.name == reference }) { return role }
        throw PangolinError.notFound(.role, "no role '\(reference)' in this tenant")
    }

    /// A custom role the caller administers, for changing it.
    private func customRole(request: Request, context: AuthenticatedContext) async throws -> Role {
        let role = try await role(context.parameters.text("id"), request: request, context: context)
        if role.builtIn { throw PangolinError.invalid("'\(role.name)' is a built-in role and cannot be changed or deleted") }
        _ = try await services.administeredTenant(request: request, context: context, named: nil)
        return role
    }
}

extension CatalogServices {
    /// The tenant of the request, when the caller administers it; `named` (a tenant id a body
    /// carries) must agree with it.
    func administeredTenant(request: Request, context: AuthenticatedContext, named: String?) async throws -> String {
        let tenantID = try await authorize(.all, { .administration(tenantID: $0) }, request: request, context: context)
        if let named, !named.isEmpty, named != tenantID {
            if authorizer.crossesTenants(context.principal) {
                guard try await store.tenant(id: named) != nil else { throw PangolinError.notFound(.tenant, "no tenant with id '\(named)'") }
                return named
            }
            throw PangolinError.forbidden("\(context.principal.username) may not act in tenant '\(named)'")
        }
        return tenantID
    }

    /// The user or service user a grant or role is for, named as grants name them (id, username,
    /// email or service-user name), in a tenant the caller administers. With `reading`, callers
    /// may also name themselves.
    func grantee(_ reference: String, request: Request, context: AuthenticatedContext, reading: Bool = false)
        async throws -> (id: String, name: String, tenantID: String)
    {
        let principal = context.principal
        if reading, reference == principal.userID || reference == "me", let tenantID = principal.tenantID {
            return (principal.userID, principal.username, tenantID)
        }
        let tenantID = try await administeredTenant(request: request, context: context, named: nil)
        let found = try await store.principal(reference, tenantID: tenantID)
        return (found.id, found.name, tenantID)
    }
}

extension RoleRequest: RequestBody {}
extension AssignRoleRequest: RequestBody {}
