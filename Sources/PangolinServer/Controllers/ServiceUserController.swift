import Foundation
import Hummingbird
import PangolinModel
import PangolinStore

/// `/api/v1/service-users`: accounts for programs, authenticated by an API key that is shown only
/// when it is created or rotated. Administered like the tenant's users.
struct ServiceUserController {
    let services: CatalogServices

    /// A service user with its new key, returned once.
    struct WithKey: Codable {
        let serviceUser: ServiceUser
        let apiKey: String
        enum CodingKeys: String, CodingKey { case apiKey = "api_key" }

        init(serviceUser: ServiceUser, apiKey: String) {
            self.serviceUser = serviceUser
            self.apiKey = apiKey
        }

        /// The service user's fields and `api_key`, side by side in one object.
        init(from decoder: any Decoder) throws {
            serviceUser = try ServiceUser(from: decoder)
            apiKey = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .apiKey)
        }

        func encode(to encoder: any Encoder) throws {
            try serviceUser.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(apiKey, forKey: .apiKey)
        }
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("service-users", use: create)
        group.get("service-users", use: list)
        group.get("service-users/{id}", use: get)
        group.put("service-users/{id}", use: update)
        group.post("service-users/{id}/rotate", use: rotate)
        group.delete("service-users/{id}", use: delete)
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<WithKey> {
        let body = try await request.decodeBody(CreateServiceUserRequest.self, limit: services.maxBodyBytes)
        let role = try UserRole(parsing: body.role ?? "tenant-user")
        guard role != .root else { throw PangolinError.invalid("a service user cannot have the Root role; use TenantAdmin or TenantUser") }
        if let days = body.expiresInDays, !(1...3650).contains(days) {
            throw PangolinError.invalid("field 'expires_in_days' must be from 1 to 3650, not \(days)")
        }
        let tenantID = try await services.authorize(.create, { .administration(tenantID: $0) }, request: request, context: context)
        let id = Identifiers.make()
        let key = APIKeys.generate(for: id)
        let created = try await services.store.createServiceUser(
            ServiceUserDraft(tenantID: tenantID, name: body.name, description: body.description, role: role,
                             expiresAt: body.expiresInDays.map { Date().addingTimeInterval(Double($0) * 86_400) }, keyHash: key.hash),
            id: id, by: context.actor(request))
        return JSONResponse(WithKey(serviceUser: created, apiKey: key.key), status: .created)
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[ServiceUser]> {
        let tenantID = try await services.authorize(.list, { .administration(tenantID: $0) }, request: request, context: context)
        return JSONResponse(try await services.store.serviceUsers(tenantID: tenantID, limit: request.limit(), offset: request.offset()))
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<ServiceUser> {
        JSONResponse(try await visible(.read, request: request, context: context))
    }

    @Sendable func update(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<ServiceUser> {
        let body = try await request.decodeBody(UpdateServiceUserRequest.self, limit: services.maxBodyBytes)
        let user = try await visible(.update, request: request, context: context)
        return JSONResponse(try await services.store.updateServiceUser(
            id: user.id, name: body.name, description: body.description, active: body.active, by: context.actor(request)))
    }

    @Sendable func rotate(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<WithKey> {
        let user = try await visible(.update, request: request, context: context)
        let key = APIKeys.generate(for: user.id)
        let rotated = try await services.store.rotateServiceUserKey(id: user.id, keyHash: key.hash, by: context.actor(request))
        return JSONResponse(WithKey(serviceUser: rotated, apiKey: key.key))
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let user = try await visible(.delete, request: request, context: context)
        try await services.store.deleteServiceUser(id: user.id, by: context.actor(request))
        await services.grantsChanged()
        return Response(status: .noContent)
    }

    /// The service user named by the path, when the caller may act on it; otherwise a 404, so ids
    /// of other tenants reveal nothing.
    private func visible(_ action: Authorizer.Action, request: Request, context: AuthenticatedContext) async throws -> ServiceUser {
        let id = try context.parameters.text("id")
        guard let user = try await services.store.serviceUser(id: id),
              try await services.authorizer.allows(context.principal, action, .administration(tenantID: user.tenantID))
        else {
            throw PangolinError.notFound(.serviceUser, "no service user with id '\(id)'")
        }
        return user
    }
}

extension CreateServiceUserRequest: RequestBody {}
extension UpdateServiceUserRequest: RequestBody {}
