import Foundation
import Hummingbird
import PangolinModel
import PangolinStore

/// Tokens: mint (`POST /api/v1/tokens`), list one's own, revoke one or all of a user's, log out,
/// and drop the records of expired ones. A revoked token is refused from the next request on.
struct TokenController {
    let services: CatalogServices

    struct Minted: Codable {
        var token: String
        var tokenID: String
        var username: String
        var tenantID: String?
        var expiresAt: Date
        enum CodingKeys: String, CodingKey {
            case token, username
            case tokenID = "token_id", tenantID = "tenant_id", expiresAt = "expires_at"
        }
    }

    struct Revoked: Codable {
        var revoked: Int
        var tokenIDs: [String]
        enum CodingKeys: String, CodingKey {
            case revoked
            case tokenIDs = "token_ids"
        }
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("tokens", use: mint)
        group.post("tokens/rotate", use: rotate)
        group.get("users/me/tokens", use: listMine)
        group.post("auth/revoke", use: revokeCurrent)
        group.post("auth/revoke/{token_id}", use: revoke)
        group.delete("users/{id}/tokens", use: revokeAll)
        group.post("users/logout", use: logout)
        group.delete("tokens/{token_id}", use: delete)
        group.post("auth/cleanup-tokens", use: removeExpired)
    }

    /// The answer of `POST /api/v1/auth/cleanup-tokens`, in Pangolin's shape.
    struct Removed: Codable {
        var message: String
        var count: Int
    }

    @Sendable func mint(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Minted> {
        let body = try await request.decodeBody(MintTokenRequest.self, limit: services.maxBodyBytes)
        let hours = body.expiresInHours ?? 24
        guard (1...8760).contains(hours) else {
            throw PangolinError.invalid("field 'expires_in_hours' must be from 1 to 8760 (a year), not \(hours)")
        }
        let user = try await targetUser(named: body.username, context: context, action: .create)
        guard user.active else { throw PangolinError.invalid("user '\(user.username)' is deactivated; tokens cannot be minted for it") }
        if let tenantID = body.tenantID, user.role != .root, tenantID != user.tenantID {
            throw PangolinError.invalid("user '\(user.username)' does not belong to tenant '\(tenantID)'")
        }
        if let roles = body.roles, try roles.map(UserRole.init(parsing:)) != [user.role] {
            throw PangolinError.invalid("a token carries its user's role (\(user.role.rawValue)); 'roles' may only name that role")
        }
        let issued = try await services.tokens.issue(for: user, lifetime: .seconds(hours * 3600))
        try await services.store.recordToken(
            TokenRecord(id: issued.id, userID: user.id, username: user.username, tenantID: user.tenantID,
                        issuedAt: issued.issuedAt, expiresAt: issued.expiresAt, source: .minted),
            by: context.actor(request))
        return JSONResponse(
            Minted(token: issued.token, tokenID: issued.id, username: user.username, tenantID: user.tenantID, expiresAt: issued.expiresAt),
            status: .created)
    }

    /// Revokes a token and issues its replacement, for the same user and as long a lifetime.
    @Sendable func rotate(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Minted> {
        let body = try await request.decodeBody(RotateTokenRequest.self, limit: services.maxBodyBytes)
        guard let id = body.tokenID ?? context.principal.tokenID else {
            throw PangolinError.invalid("send 'token_id', or make this request with the token to rotate")
        }
        guard let token = try await services.store.token(id: id), let owner = try await services.store.user(id: token.userID),
              try await mayManage(owner, context: context, action: .update)
        else {
            throw PangolinError.notFound(.token, "no token with id '\(id)'")
        }
        if token.revoked { throw PangolinError.conflict("token '\(id)' is revoked; mint a new one with POST /api/v1/tokens") }
        if token.expiresAt <= Date() { throw PangolinError.conflict("token '\(id)' has expired; mint a new one with POST /api/v1/tokens") }
        guard owner.active else { throw PangolinError.invalid("user '\(owner.username)' is deactivated; its tokens cannot be rotated") }
        let lifetime = Int(token.expiresAt.timeIntervalSince(token.issuedAt).rounded())
        let issued = try await services.tokens.issue(for: owner, lifetime: .seconds(max(lifetime, 60)))
        let actor = context.actor(request)
        try await services.store.recordToken(
            TokenRecord(id: issued.id, userID: owner.id, username: owner.username, tenantID: owner.tenantID,
                        issuedAt: issued.issuedAt, expiresAt: issued.expiresAt, source: .minted),
            by: actor)
        _ = try await services.store.revokeToken(id: id, by: actor)
        await services.tokensRevoked([id])
        return JSONResponse(
            Minted(token: issued.token, tokenID: issued.id, username: owner.username, tenantID: owner.tenantID, expiresAt: issued.expiresAt),
            status: .created)
    }

    @Sendable func listMine(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[TokenRecord]> {
        JSONResponse(try await services.store.tokens(userID: context.principal.userID, limit: request.limit(), offset: request.offset()))
    }

    @Sendable func revokeCurrent(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Revoked> {
        guard let id = context.principal.tokenID else {
            throw PangolinError.invalid("this request was not made with a token, so there is no token to revoke")
        }
        return try await revoke(id: id, context: context, request: request)
    }

    @Sendable func revoke(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Revoked> {
        try await revoke(id: try context.parameters.text("token_id"), context: context, request: request)
    }

    /// Pangolin's `POST /api/v1/users/logout`: revokes the token the request was made with.
    @Sendable func logout(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await revokeCurrent(request: request, context: context)
        return Response(status: .noContent)
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await revoke(request: request, context: context)
        return Response(status: .noContent)
    }

    /// Drops the records of expired tokens — of the tenant, or of every tenant for root without
    /// `X-Pangolin-Tenant` — and forgets them among the revoked ones this server checks.
    @Sendable func removeExpired(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Removed> {
        let tenantID = try await services.administeredTenantOrAll(.update, request: request, context: context)
        let ids = try await services.store.removeExpiredTokens(tenantID: tenantID, by: context.actor(request))
        services.tokens.forget(ids)
        return JSONResponse(Removed(message: "removed the records of \(ids.count) expired token(s)", count: ids.count))
    }

    @Sendable func revokeAll(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Revoked> {
        let id = try context.parameters.text("id")
        guard let user = try await services.store.user(id: id), try await mayManage(user, context: context, action: .update) else {
            throw PangolinError.notFound(.user, "no user with id '\(id)'")
        }
        let ids = try await services.store.revokeTokens(userID: user.id, by: context.actor(request))
        await services.tokensRevoked(ids)
        return JSONResponse(Revoked(revoked: ids.count, tokenIDs: ids))
    }

    private func revoke(id: String, context: AuthenticatedContext, request: Request) async throws -> JSONResponse<Revoked> {
        guard let token = try await services.store.token(id: id), let owner = try await services.store.user(id: token.userID),
              try await mayManage(owner, context: context, action: .update)
        else {
            throw PangolinError.notFound(.token, "no token with id '\(id)'")
        }
        _ = try await services.store.revokeToken(id: id, by: context.actor(request))
        await services.tokensRevoked([id])
        return JSONResponse(Revoked(revoked: 1, tokenIDs: [id]))
    }

    /// The caller, or the user named `username` when the caller may manage that user's tokens.
    private func targetUser(named username: String?, context: AuthenticatedContext, action: Authorizer.Action) async throws -> User {
        let principal = context.principal
        let name = username ?? principal.username
        guard let found = try await services.store.credentials(username: name)?.user, try await mayManage(found, context: context, action: action) else {
            if username == nil {
                throw PangolinError.notFound(.user, 
                    "'\(name)' is a service user, which authenticates with its API key and has no tokens; name a user with 'username'")
            }
            throw PangolinError.notFound(.user, "no user named '\(name)'")
        }
        return found
    }

    /// Users manage their own tokens; administrators those of the users they administer.
    private func mayManage(_ user: User, context: AuthenticatedContext, action: Authorizer.Action) async throws -> Bool {
        if user.id == context.principal.userID { return true }
        return try await services.authorizer.allows(context.principal, action, user.role == .root ? .system : .administration(tenantID: user.tenantID))
    }
}

extension MintTokenRequest: RequestBody {}
extension RotateTokenRequest: RequestBody {}
