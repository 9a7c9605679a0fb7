import Hummingbird
import PangolinModel
import PangolinStore

/// `/api/v1/permissions`: grants of actions on a scope to a user or service user, in pypangolin's
/// shape. A grant names its actions, or a built-in role (`"role": "READ"`) that stands for them.
struct PermissionController {
    let services: CatalogServices

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("permissions", use: grant)
        group.get("permissions", use: list)
        group.get("permissions/{id}", use: get)
        group.delete("permissions/{id}", use: revoke)
    }

    @Sendable func grant(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Permission> {
        let body = try await request.decodeBody(GrantRequest.self, limit: services.maxBodyBytes)
        let tenantID = try await services.administeredTenant(request: request, context: context, named: nil)
        let actions: [PermissionAction]
        var roleName: String?
        switch (body.actions, body.role) {
        case (let named?, nil):
            actions = named
        case (nil, let name?):
            guard let role = BuiltInRole(named: name) else {
                throw PangolinError.invalid("unknown role \(Names.quoted(name)); a grant names READ, READ_WRITE or ADMIN (assign custom roles with POST /api/v1/users/{id}/roles)")
            }
            (actions, roleName) = (role.actions, role.rawValue)
        default:
            throw PangolinError.invalid("send either 'actions' or 'role' (READ, READ_WRITE or ADMIN)")
        }
        let permission = try await services.store.grantPermission(
            PermissionDraft(userID: body.userID, tenantID: tenantID, actions: actions, scope: body.scope, role: roleName),
            by: context.actor(request))
        await services.grantsChanged()
        return JSONResponse(permission, status: .created)
    }

    /// Administrators list the tenant's grants (`?user-id=` narrows to one principal); anybody else
    /// lists their own.
    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[Permission]> {
        let tenantID = try await services.tenantID(for: request, context: context)
        let asked = request.uri.queryParameters.get("user-id") ?? request.uri.queryParameters.get("user_id")
        var principalID = asked
        if !services.authorizer.administers(context.principal, tenantID: tenantID) {
            if let asked, asked != context.principal.userID {
                throw PangolinError.forbidden("\(context.principal.username) may list only their own permissions")
            }
            principalID = context.principal.userID
        }
        return JSONResponse(try await services.store.permissions(
            tenantID: tenantID, principalID: principalID, limit: request.limit(), offset: request.offset()))
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Permission> {
        JSONResponse(try await visible(request: request, context: context, administering: false))
    }

    @Sendable func revoke(request: Request, context: AuthenticatedContext) async throws -> Response {
        let permission = try await visible(request: request, context: context, administering: true)
        try await services.store.revokePermission(id: permission.id, by: context.actor(request))
        await services.grantsChanged()
        return Response(status: .noContent)
    }

    /// The permission named by the path: visible to its holder and the tenant's administrators,
    /// missing for everybody else.
    private func visible(request: Request, context: AuthenticatedContext, administering: Bool) async throws -> Permission {
        let id = try context.parameters.text("id")
        let principal = context.principal
        guard let permission = try await services.store.permission(id: id),
              services.authorizer.administers(principal, tenantID: permission.tenantID) || permission.userID == principal.userID
        else { throw PangolinError.notFound(.permission, "no permission with id '\(id)'") }
        if administering && !services.authorizer.administers(principal, tenantID: permission.tenantID) {
            throw PangolinError.forbidden("\(principal.username) may not revoke permissions; ask an administrator of the tenant")
        }
        return permission
    }
}

extension GrantRequest: RequestBody {}
