import Foundation
import Hummingbird
import PangolinModel

/// Administration: users, roles, grants, service users and access requests. Each page and form
/// runs the API handler of the same route, so it refuses whom the API refuses.
extension WebInterface {
    struct UsersView {
        let session: SessionView
        let users: [UserRow]
        let roles: [OptionView]
    }

    struct UserRow {
        let username: String
        let email: String
        let role: String
        let active: Bool
        let created: String
    }

    @Sendable func usersPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdministrator(context)
        let users = try await UserController(services: services).list(request: request.forAPI(path: "/api/v1/users?limit=1000"), context: context).value
        let roles = [UserRole.tenantUser, .tenantAdmin] + (context.principal.role == .root ? [.root] : [])
        return renderer.page("users", UsersView(
            session: session(request, context),
            users: users.map { UserRow(username: $0.username, email: $0.email ?? "", role: $0.role.rawValue, active: $0.active, created: WebDates.text($0.createdAt)) },
            roles: roles.map { OptionView(value: $0.rawValue, label: $0.rawValue, selected: $0 == .tenantUser) }))
    }

    @Sendable func createUser(request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = try await form(request)
        var body: [String: JSONValue] = [
            "username": .string(try form.required("username")), "password": .string(form.fields["password"]?.first ?? ""),
            "role": .string(form.text("role") ?? UserRole.tenantUser.rawValue),
        ]
        if let email = form.text("email") { body["email"] = .string(email) }
        _ = try await UserController(services: services).create(request: request.forAPI(path: "/api/v1/users", json: body), context: context)
        return PageRenderer.redirect(to: "/ui/admin/users")
    }

    struct RolesView {
        let session: SessionView
        let roles: [RoleRow]
    }

    struct RoleRow {
        let name: String
        let description: String
        let grants: String
        let builtIn: Bool
    }

    @Sendable func rolesPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdministrator(context)
        let roles = try await RoleController(services: services).list(request: request.forAPI(path: "/api/v1/roles"), context: context).value
        return renderer.page("roles", RolesView(session: session(request, context), roles: roles.map { role in
            RoleRow(
                name: role.name, description: role.description ?? "",
                grants: role.permissions.map { "\($0.actions.map(\.rawValue).joined(separator: ", ")) on \($0.scope.typeName)" }.joined(separator: "; "),
                builtIn: role.builtIn)
        }))
    }

    struct GrantsView {
        let session: SessionView
        let grants: [GrantRow]
        let roles: [OptionView]
        let scopes: [OptionView]
    }

    struct GrantRow {
        let id: String
        let principal: String
        let grant: String
        let scope: String
        let granted: String
        let revokeLink: String
    }

    @Sendable func grantsPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdministrator(context)
        let grants = try await PermissionController(services: services).list(request: request.forAPI(path: "/api/v1/permissions?limit=1000"), context: context).value
        let tenantID = try await services.tenantID(for: request, context: context)
        var names: [String: String] = [:]
        for id in Set(grants.map(\.userID)) {
            names[id] = (try? await services.store.principal(id, tenantID: tenantID))?.name ?? id
        }
        let catalogs = Dictionary(
            try await services.store.catalogs(tenantID: tenantID, names: nil, limit: 1000, offset: 0).map { ($0.id, $0.name) },
            uniquingKeysWith: { first, _ in first })
        func place(_ scope: PermissionScope) -> String {
            switch scope {
            case .tenant: "the whole tenant"
            case .catalog(let id): "catalog \(catalogs[id] ?? id)"
            case .namespace(let id, let namespace): "namespace \(catalogs[id] ?? id).\(namespace.dotted)"
            case .asset(let id): "asset \(id)"
            case .label(let label): "assets labelled \(label)"
            }
        }
        return renderer.page("grants", GrantsView(
            session: session(request, context),
            grants: grants.map { grant in
                GrantRow(
                    id: grant.id, principal: names[grant.userID] ?? grant.userID,
                    grant: grant.role ?? grant.actions.map(\.rawValue).joined(separator: ", "), scope: place(grant.scope),
                    granted: WebDates.text(grant.grantedAt), revokeLink: "/ui/admin/grants/\(WebPaths.segment(grant.id))/revoke")
            },
            roles: BuiltInRole.allCases.map { OptionView(value: $0.rawValue, label: "\($0.rawValue) — \($0.summary)", selected: $0 == .read) },
            scopes: ["namespace", "catalog", "asset", "tag", "tenant"].map { OptionView(value: $0, label: $0, selected: $0 == "namespace") }))
    }

    /// Grants a built-in role (or the actions listed) on the scope the form names.
    @Sendable func createGrant(request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = try await form(request)
        let type = form.text("scope") ?? "namespace"
        var scope: [String: JSONValue] = ["type": .string(type)]
        if let catalog = form.text("catalog") { scope["catalog_id"] = .string(catalog) }
        if let namespace = form.text("namespace") { scope["namespace"] = .string(namespace) }
        if let asset = form.text("asset") { scope["asset_id"] = .string(asset) }
        if let tag = form.text("tag") { scope["tag_name"] = .string(tag) }
        var body: [String: JSONValue] = ["user-id": .string(try form.required("principal", label: "user or service user")), "scope": .object(scope)]
        let actions = form.list("actions")
        if actions.isEmpty {
            body["role"] = .string(form.text("role") ?? BuiltInRole.read.rawValue)
        } else {
            body["actions"] = .array(actions.map(JSONValue.string))
        }
        _ = try await PermissionController(services: services).grant(request: request.forAPI(path: "/api/v1/permissions", json: body), context: context)
        return PageRenderer.redirect(to: "/ui/admin/grants")
    }

    @Sendable func revokeGrant(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await form(request)
        _ = try await PermissionController(services: services).revoke(request: request.forAPI(), context: context)
        return PageRenderer.redirect(to: "/ui/admin/grants")
    }

    struct ServiceUsersView {
        let session: SessionView
        let serviceUsers: [ServiceUserRow]
        /// A key just made, shown this once.
        let newKey: NewKeyView?
    }

    struct ServiceUserRow {
        let name: String
        let description: String
        let role: String
        let active: Bool
        let lastUsed: String
        let expires: String
        let rotateLink: String
    }

    struct NewKeyView {
        let name: String
        let key: String
    }

    @Sendable func serviceUsersPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        try await serviceUsersPage(request: request, context: context, newKey: nil)
    }

    @Sendable func createServiceUser(request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = try await form(request)
        var body: [String: JSONValue] = ["name": .string(try form.required("name")), "role": .string(form.text("role") ?? "tenant-user")]
        if let description = form.text("description") { body["description"] = .string(description) }
        if let days = try form.integer("expires_in_days", label: "expires in days") { body["expires_in_days"] = .int(Int64(days)) }
        let made = try await ServiceUserController(services: services).create(request: request.forAPI(path: "/api/v1/service-users", json: body), context: context).value
        return try await serviceUsersPage(request: request, context: context, newKey: NewKeyView(name: made.serviceUser.name, key: made.apiKey))
    }

    @Sendable func rotateServiceUserKey(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await form(request)
        let made = try await ServiceUserController(services: services).rotate(request: request.forAPI(), context: context).value
        return try await serviceUsersPage(request: request, context: context, newKey: NewKeyView(name: made.serviceUser.name, key: made.apiKey))
    }

    private func serviceUsersPage(request: Request, context: AuthenticatedContext, newKey: NewKeyView?) async throws -> Response {
        try requireAdministrator(context)
        let users = try await ServiceUserController(services: services).list(request: request.forAPI(path: "/api/v1/service-users?limit=1000"), context: context).value
        return renderer.page("service-users", ServiceUsersView(
            session: session(request, context),
            serviceUsers: users.map {
                ServiceUserRow(
                    name: $0.name, description: $0.description ?? "", role: $0.role.rawValue, active: $0.active,
                    lastUsed: $0.lastUsedAt.map(WebDates.text) ?? "never", expires: $0.expiresAt.map(WebDates.text) ?? "never",
                    rotateLink: "/ui/admin/service-users/\(WebPaths.segment($0.id))/rotate")
            },
            newKey: newKey))
    }

    struct AccessRequestsView {
        let session: SessionView
        let requests: [AccessRequestRow]
    }

    struct AccessRequestRow {
        let username: String
        let asset: String
        let assetLink: String
        let reason: String
        let status: String
        let pending: Bool
        let requested: String
        let reviewLink: String
    }

    @Sendable func accessRequestsPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdministrator(context)
        let requests = try await AccessRequestController(services: services).list(request: request.forAPI(path: "/api/v1/access-requests?limit=1000"), context: context).value
        let names = Dictionary(
            try await services.store.assets(ids: Array(Set(requests.map(\.assetID)))).map { ($0.id, "\($0.catalog).\($0.namespace.dotted).\($0.name)") },
            uniquingKeysWith: { first, _ in first })
        return renderer.page("access-requests", AccessRequestsView(session: session(request, context), requests: requests.map {
            AccessRequestRow(
                username: $0.username, asset: names[$0.assetID] ?? $0.assetID, assetLink: WebPaths.asset($0.assetID), reason: $0.reason ?? "",
                status: $0.status.rawValue, pending: $0.status == .pending, requested: WebDates.text($0.requestedAt),
                reviewLink: "/ui/admin/access-requests/\(WebPaths.segment($0.id))")
        }))
    }

    @Sendable func reviewAccessRequest(request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = try await form(request)
        var body: [String: JSONValue] = ["status": .string(try form.required("status"))]
        if let comment = form.text("comment") { body["comment"] = .string(comment) }
        _ = try await AccessRequestController(services: services).review(request: request.forAPI(json: body), context: context)
        return PageRenderer.redirect(to: "/ui/admin/access-requests")
    }
}
