import Hummingbird
import PangolinModel
import PangolinStore

/// `/api/v1/users`: accounts. Root creates tenant admins; tenant admins create users of their tenant.
struct UserController {
    let services: CatalogServices

    struct CreateBody: RequestBody {
        var username: String
        var email: String?
        var role: String
        var tenantID: String?
        var tenantIDDashed: String?
        var password: String?
        static let fields: Set<String> = ["username", "email", "role", "tenant_id", "tenant-id", "password"]
        enum CodingKeys: String, CodingKey {
            case username, email, role, password
            case tenantID = "tenant_id"
            case tenantIDDashed = "tenant-id"
        }
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("users", use: create)
        group.get("users", use: list)
        group.get("users/me", use: me)
        group.get("users/{id}", use: get)
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<User> {
        let body = try await request.decodeBody(CreateBody.self, limit: services.maxBodyBytes)
        let role = try UserRole(parsing: body.role)
        guard let password = body.password, password.count >= PasswordHasher.minimumLength else {
            throw PangolinError.invalid("field 'password' is required and must be at least \(PasswordHasher.minimumLength) characters")
        }
        var tenantID: String?
        if role != .root {
            tenantID = body.tenantID ?? body.tenantIDDashed
            if tenantID == nil { tenantID = try await services.tenantID(for: request, context: context) }
        }
        let resource: Authorizer.Resource = role == .root ? .system : .users(tenantID: tenantID)
        try services.authorizer.authorize(context.principal, .create, resource)
        let hash = try await services.passwords.hash(password)
        let user = try await services.store.createUser(
            UserDraft(username: body.username, email: body.email, role: role, tenantID: tenantID, passwordHash: hash),
            by: context.actor(request))
        return JSONResponse(user, status: .created)
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[User]> {
        let principal = context.principal
        let tenantID = services.authorizer.crossesTenants(principal) ? nil : principal.tenantID
        try services.authorizer.authorize(principal, .list, tenantID == nil ? .system : .users(tenantID: tenantID))
        let users = try await services.store.users(tenantID: tenantID, limit: request.limit(), offset: request.offset())
        return JSONResponse(users)
    }

    @Sendable func me(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<User> {
        guard let user = try await services.store.user(id: context.principal.userID) else {
            if let service = try await services.store.serviceUser(id: context.principal.userID) {
                throw PangolinError.notFound(
                    "this request used the API key of service user '\(service.name)', which is not a user account; "
                        + "read it with GET /api/v1/service-users/\(service.id)")
            }
            throw PangolinError.notFound("your account no longer exists; log in again with an existing account")
        }
        return JSONResponse(user)
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<User> {
        let id = try context.parameters.text("id")
        guard let user = try await services.store.user(id: id),
            services.authorizer.allows(context.principal, .read, user.role == .root ? .system : .users(tenantID: user.tenantID))
        else {
            throw PangolinError.notFound("no user with id '\(id)'")
        }
        return JSONResponse(user)
    }
}
