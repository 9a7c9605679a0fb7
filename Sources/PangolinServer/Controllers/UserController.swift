import Hummingbird
import PangolinModel
import PangolinStore

/// `/api/v1/users`: accounts. Root creates tenant admins; tenant admins create users of their tenant.
struct UserController {
    let services: CatalogServices

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("users", use: create)
        group.get("users", use: list)
        group.get("users/me", use: me)
        group.get("users/{id}", use: get)
        group.put("users/{id}", use: update)
        group.delete("users/{id}", use: delete)
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<User> {
        let body = try await request.decodeBody(CreateUserRequest.self, limit: services.maxBodyBytes)
        let role = try UserRole(parsing: body.role)
        guard let password = body.password, password.count >= PasswordHasher.minimumLength else {
            throw PangolinError.invalid("field 'password' is required and must be at least \(PasswordHasher.minimumLength) characters")
        }
        var tenantID: String?
        if role != .root {
            tenantID = body.tenantID
            if tenantID == nil { tenantID = try await services.tenantID(for: request, context: context) }
        }
        let resource: Authorizer.Resource = role == .root ? .system : .administration(tenantID: tenantID)
        try await services.authorizer.authorize(context.principal, .create, resource)
        let hash = try await services.passwords.hash(password)
        let user = try await services.store.createUser(
            UserDraft(username: body.username, email: body.email, role: role, tenantID: tenantID, passwordHash: hash),
            by: context.actor(request))
        return JSONResponse(user, status: .created)
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[User]> {
        let principal = context.principal
        let tenantID = services.authorizer.crossesTenants(principal) ? nil : principal.tenantID
        try await services.authorizer.authorize(principal, .list, tenantID == nil ? .system : .administration(tenantID: tenantID))
        let users = try await services.store.users(tenantID: tenantID, limit: request.limit(), offset: request.offset())
        return JSONResponse(users)
    }

    @Sendable func me(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<User> {
        guard let user = try await services.store.user(id: context.principal.userID) else {
            if let service = try await services.store.serviceUser(id: context.principal.userID) {
                throw PangolinError.notFound(.user, 
                    "this request used the API key of service user '\(service.name)', which is not a user account; "
                        + "read it with GET /api/v1/service-users/\(service.id)")
            }
            throw PangolinError.notFound(.user, "your account no longer exists; log in again with an existing account")
        }
        return JSONResponse(user)
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<User> {
        JSONResponse(try await visibleUser(.read, context: context))
    }

    /// Administrators change a user's email, role, password or whether it is active; users change
    /// their own email and password. A change of role or a deactivation revokes the user's tokens,
    /// which carry the role.
    @Sendable func update(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<User> {
        let user = try await visibleUser(.update, context: context)
        let body = try await request.decodeBody(UpdateUserRequest.self, limit: services.maxBodyBytes)
        let role = try body.role.map(UserRole.init(parsing:))
        let administers = try await services.authorizer.allows(context.principal, .update, Self.resource(of: user))
        if !administers && (role != nil || body.active != nil) {
            throw PangolinError.forbidden("\(context.principal.username) may change only their own email and password, not role or active")
        }
        if user.id == context.principal.userID && (body.active == false || (role != nil && role != user.role)) {
            throw PangolinError.invalid("you may not deactivate your own account or change your own role; ask another administrator")
        }
        if let password = body.password, password.count < PasswordHasher.minimumLength {
            throw PangolinError.invalid("field 'password' must be at least \(PasswordHasher.minimumLength) characters")
        }
        let actor = context.actor(request)
        var updated = user
        if body.email != nil || role != nil || body.active != nil {
            updated = try await services.store.updateUser(id: user.id, UserChange(email: body.email, role: role, active: body.active), by: actor)
        }
        if let password = body.password {
            try await services.store.setPasswordHash(userID: user.id, hash: try await services.passwords.hash(password), by: actor)
        }
        if updated.role != user.role || (user.active && !updated.active) {
            await services.tokensRevoked(try await services.store.revokeTokens(userID: user.id, by: actor))
        }
        return JSONResponse(updated)
    }

    /// Deletes a user with their grants and role assignments; their tokens stop working at once.
    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let user = try await visibleUser(.delete, context: context)
        if user.id == context.principal.userID {
            throw PangolinError.invalid("you may not delete your own account; ask another administrator")
        }
        try await services.authorizer.authorize(context.principal, .delete, Self.resource(of: user))
        await services.tokensRevoked(try await services.store.deleteUser(id: user.id, by: context.actor(request)))
        await services.grantsChanged()
        return Response(status: .noContent)
    }

    /// The user named by the path, when the caller is that user or administers them; otherwise a
    /// 404, so ids of other tenants reveal nothing.
    private func visibleUser(_ action: Authorizer.Action, context: AuthenticatedContext) async throws -> User {
        let id = try context.parameters.text("id")
        guard let user = try await services.store.user(id: id) else { throw PangolinError.notFound(.user, "no user with id '\(id)'") }
        if user.id == context.principal.userID { return user }
        guard try await services.authorizer.allows(context.principal, .read, Self.resource(of: user)) else {
            throw PangolinError.notFound(.user, "no user with id '\(id)'")
        }
        if action != .read { try await services.authorizer.authorize(context.principal, action, Self.resource(of: user)) }
        return user
    }

    static func resource(of user: User) -> Authorizer.Resource {
        user.role == .root ? .system : .administration(tenantID: user.tenantID)
    }
}

extension CreateUserRequest: RequestBody {}
extension UpdateUserRequest: RequestBody {}
