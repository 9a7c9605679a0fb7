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
        struct Body: Encodable, Sendable {
            var username: String
            var email: String?
            var role: UserRole
            var password: String
            var tenant_id: String?
        }
        return try await send(.POST, "/api/v1/users", body: Body(username: username, email: email, role: role, password: password, tenant_id: tenantID))
    }

    public func users(limit: Int = 100, offset: Int = 0) async throws -> [User] {
        try await send(.GET, "/api/v1/users", query: ["limit": String(limit), "offset": String(offset)])
    }

    /// Changes a user's email, role, password or whether it is active; nil fields stay.
    public func updateUser(id: String, email: String? = nil, role: UserRole? = nil, active: Bool? = nil, password: String? = nil) async throws -> User {
        struct Body: Encodable, Sendable {
            var email: String?
            var role: UserRole?
            var active: Bool?
            var password: String?
        }
        return try await send(.PUT, "/api/v1/users/\(Self.segment(id))", body: Body(email: email, role: role, active: active, password: password))
    }

    public func deleteUser(id: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/users/\(Self.segment(id))")
    }

    // MARK: Roles and grants

    public func roles() async throws -> [Role] {
        try await send(.GET, "/api/v1/roles")
    }

    public func createRole(name: String, description: String? = nil, permissions: [PermissionGrant] = []) async throws -> Role {
        struct Body: Encodable, Sendable {
            var name: String
            var description: String?
            var permissions: [PermissionGrant]
        }
        return try await send(.POST, "/api/v1/roles", body: Body(name: name, description: description, permissions: permissions))
    }

    public func deleteRole(id: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/roles/\(Self.segment(id))")
    }

    /// Assigns a custom role, or grants a built-in one (`READ`, …) on `scope` (default: the tenant).
    public func assignRole(_ roleID: String, to userID: String, scope: PermissionScope? = nil) async throws {
        struct Body: Encodable, Sendable {
            var roleID: String
            var scope: PermissionScope?
            enum CodingKeys: String, CodingKey {
                case roleID = "role-id", scope
            }
        }
        try await sendIgnoringBody(.POST, "/api/v1/users/\(Self.segment(userID))/roles", body: Body(roleID: roleID, scope: scope))
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
        try await grant(GrantBody(userID: user, actions: nil, role: role.rawValue, scope: scope))
    }

    /// Grants actions on a scope.
    public func grant(_ actions: [PermissionAction], to user: String, on scope: PermissionScope) async throws -> Permission {
        try await grant(GrantBody(userID: user, actions: actions, role: nil, scope: scope))
    }

    private struct GrantBody: Encodable, Sendable {
        var userID: String
        var actions: [PermissionAction]?
        var role: String?
        var scope: PermissionScope
        enum CodingKeys: String, CodingKey {
            case userID = "user-id", actions, role, scope
        }
    }

    private func grant(_ body: GrantBody) async throws -> Permission {
        try await send(.POST, "/api/v1/permissions", body: body)
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
        struct Body: Encodable, Sendable {
            var name: String
            var role: UserRole
            var description: String?
            var expires_in_days: Int?
        }
        return try await send(.POST, "/api/v1/service-users", body: Body(name: name, role: role, description: description, expires_in_days: expiresInDays))
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
        struct Body: Encodable, Sendable {
            var username: String?
            var expires_in_hours: Int
        }
        return try await send(.POST, "/api/v1/tokens", body: Body(username: username, expires_in_hours: hours))
    }

    public func myTokens() async throws -> [TokenRecord] {
        try await send(.GET, "/api/v1/users/me/tokens")
    }

    public func revokeToken(id: String) async throws {
        try await sendIgnoringBody(.POST, "/api/v1/auth/revoke/\(Self.segment(id))")
    }

    public func rotateToken(id: String) async throws -> MintedToken {
        struct Body: Encodable, Sendable {
            var token_id: String
        }
        return try await send(.POST, "/api/v1/tokens/rotate", body: Body(token_id: id))
    }

    // MARK: Access requests and audit

    public func requestAccess(assetID: String, reason: String? = nil) async throws -> AccessRequest {
        struct Body: Encodable, Sendable {
            var reason: String?
        }
        return try await send(.POST, "/api/v1/assets/\(Self.segment(assetID))/access-requests", body: Body(reason: reason))
    }

    public func accessRequests() async throws -> [AccessRequest] {
        try await send(.GET, "/api/v1/access-requests")
    }

    /// Approves (granting read) or denies a pending request.
    public func review(accessRequest id: String, approve: Bool, comment: String? = nil) async throws -> AccessRequest {
        struct Body: Encodable, Sendable {
            var status: String
            var comment: String?
        }
        return try await send(.PUT, "/api/v1/access-requests/\(Self.segment(id))", body: Body(status: approve ? "approved" : "denied", comment: comment))
    }

    public func auditEvents(action: AuditAction? = nil, resourceID: String? = nil, limit: Int = 100) async throws -> [AuditEvent] {
        try await send(.GET, "/api/v1/audit", query: ["action": action?.rawValue, "resource_id": resourceID, "limit": String(limit)])
    }

    public func verifyAuditChain() async throws -> AuditChainReport {
        try await send(.GET, "/api/v1/audit/verify")
    }
}
