import AsyncHTTPClient
import Foundation
import PangolinModel

/// A token just minted or rotated; its text is shown only here.
public struct MintedToken: Sendable, Decodable {
    public var token: String
    public var tokenID: String
    public var username: String
    public var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case token, username
        case tokenID = "token_id", expiresAt = "expires_at"
    }
}

/// A service user with its API key, which is shown only when made or rotated.
public struct ServiceUserKey: Sendable, Decodable {
    public var serviceUser: ServiceUser
    public var apiKey: String

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
    }

    public init(from decoder: any Decoder) throws {
        serviceUser = try ServiceUser(from: decoder)
        apiKey = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .apiKey)
    }
}

extension PangolinClient {
    // MARK: Users

    public func createUser(username: String, email: String? = nil, role: UserRole, password: String, tenantID: String? = nil) async throws -> User {
        let body = CreateUserRequest(username: username, email: email, role: role.rawValue, tenantID: tenantID, password: password)
        return try await send(.POST, "/api/v1/users", body: body)
    }

    public func users(limit: Int = 100, offset: Int = 0) async throws -> [User] {
        try await send(.GET, "/api/v1/users", query: ["limit": String(limit), "offset": String(offset)])
    }

    /// Changes a user's email, role, password or whether it is active; nil fields stay.
    public func updateUser(id: String, email: String? = nil, role: UserRole? = nil, active: Bool? = nil, password: String? = nil) async throws -> User {
        let body = UpdateUserRequest(email: email, role: role?.rawValue, active: active, password: password)
        return try await send(.PUT, "/api/v1/users/\(Self.segment(id))", body: body)
    }

    public func deleteUser(id: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/users/\(Self.segment(id))")
    }

    // MARK: Roles and grants

    public func roles() async throws -> [Role] {
        try await send(.GET, "/api/v1/roles")
    }

    public func createRole(name: String, description: String? = nil, permissions: [PermissionGrant] = []) async throws -> Role {
        try await send(.POST, "/api/v1/roles", body: RoleRequest(name: name, description: description, permissions: permissions))
    }

    public func deleteRole(id: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/roles/\(Self.segment(id))")
    }

    /// Assigns a custom role, or grants a built-in one (`READ`, …) on `scope` (default: the tenant).
    public func assignRole(_ roleID: String, to userID: String, scope: PermissionScope? = nil) async throws {
        try await sendIgnoringBody(.POST, "/api/v1/users/\(Self.segment(userID))/roles", body: AssignRoleRequest(roleID: roleID, scope: scope))
    }

    public func roles(of userID: String) async throws -> [Role] {
        try await send(.GET, "/api/v1/users/\(Self.segment(userID))/roles")
    }

    public func unassignRole(_ roleID: String, from userID: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/users/\(Self.segment(userID))/roles/\(Self.segment(roleID))")
    }

    /// Grants a built-in role on a scope to a user (by id, username or email) or service user: the
    /// seed's `grant-permission --user … --catalog … --namespace … --role READ`.
    public func grant(_ role: BuiltInRole, to user: String, on scope: PermissionScope) async throws -> Permission {
        try await send(.POST, "/api/v1/permissions", body: GrantRequest(userID: user, role: role.rawValue, scope: scope))
    }

    /// Grants actions on a scope.
    public func grant(_ actions: [PermissionAction], to user: String, on scope: PermissionScope) async throws -> Permission {
        try await send(.POST, "/api/v1/permissions", body: GrantRequest(userID: user, actions: actions, scope: scope))
    }

    /// The tenant's grants (administrators; `userID` narrows) or the caller's own.
    public func permissions(userID: String? = nil) async throws -> [Permission] {
        try await send(.GET, "/api/v1/permissions", query: ["user-id": userID])
    }

    public func revokePermission(id: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/permissions/\(Self.segment(id))")
    }

    // MARK: Service users and tokens

    public func createServiceUser(name: String, role: UserRole = .tenantUser, description: String? = nil, expiresInDays: Int? = nil) async throws -> ServiceUserKey {
        let body = CreateServiceUserRequest(name: name, role: role.rawValue, description: description, expiresInDays: expiresInDays)
        return try await send(.POST, "/api/v1/service-users", body: body)
    }

    public func serviceUsers() async throws -> [ServiceUser] {
        try await send(.GET, "/api/v1/service-users")
    }

    public func rotateServiceUserKey(id: String) async throws -> ServiceUserKey {
        try await send(.POST, "/api/v1/service-users/\(Self.segment(id))/rotate")
    }

    public func deleteServiceUser(id: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/service-users/\(Self.segment(id))")
    }

    /// Mints a token for the caller, or for `username` when the caller administers that user.
    public func mintToken(for username: String? = nil, hours: Int = 24) async throws -> MintedToken {
        try await send(.POST, "/api/v1/tokens", body: MintTokenRequest(expiresInHours: hours, username: username))
    }

    public func myTokens() async throws -> [TokenRecord] {
        try await send(.GET, "/api/v1/users/me/tokens")
    }

    public func revokeToken(id: String) async throws {
        try await sendIgnoringBody(.POST, "/api/v1/auth/revoke/\(Self.segment(id))")
    }

    public func rotateToken(id: String) async throws -> MintedToken {
        try await send(.POST, "/api/v1/tokens/rotate", body: RotateTokenRequest(tokenID: id))
    }

    // MARK: Access requests and audit

    public func requestAccess(assetID: String, reason: String? = nil) async throws -> AccessRequest {
        try await send(.POST, "/api/v1/assets/\(Self.segment(assetID))/access-requests", body: AccessRequestDraft(reason: reason))
    }

    public func accessRequests() async throws -> [AccessRequest] {
        try await send(.GET, "/api/v1/access-requests")
    }

    /// Approves (granting read) or denies a pending request.
    public func review(accessRequest id: String, approve: Bool, comment: String? = nil) async throws -> AccessRequest {
        let review = AccessRequestReview(status: approve ? "approved" : "denied", comment: comment)
        return try await send(.PUT, "/api/v1/access-requests/\(Self.segment(id))", body: review)
    }

    public func auditEvents(action: AuditAction? = nil, resourceID: String? = nil, limit: Int = 100) async throws -> [AuditEvent] {
        try await send(.GET, "/api/v1/audit", query: ["action": action?.rawValue, "resource_id": resourceID, "limit": String(limit)])
    }

    public func verifyAuditChain() async throws -> AuditChainReport {
        try await send(.GET, "/api/v1/audit/verify")
    }
}
