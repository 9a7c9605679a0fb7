/// The bodies of the user, role, grant, service-user, token and access-request routes, as the
/// server decodes them and the client sends them. Fields that Pangolin's clients spell both dashed
/// and in snake_case (`tenant-id`, `tenant_id`) are read either way and written one way.

extension KeyedDecodingContainer {
    /// The value of the first of `keys` present.
    public func decodeFirst<T: Decodable>(_ type: T.Type, _ keys: Key...) throws -> T? {
        for key in keys {
            if let value = try decodeIfPresent(type, forKey: key) { return value }
        }
        return nil
    }
}

/// `POST /api/v1/users`. `role` is a role's name in any of Pangolin's spellings (`TenantUser`,
/// `tenant-user`).
public struct CreateUserRequest: Sendable, Hashable, Codable {
    public var username: String
    public var email: String?
    public var role: String
    public var tenantID: String?
    public var password: String?

    public init(username: String, email: String? = nil, role: String, tenantID: String? = nil, password: String? = nil) {
        self.username = username
        self.email = email
        self.role = role
        self.tenantID = tenantID
        self.password = password
    }

    public enum CodingKeys: String, CodingKey {
        case username, email, role, password
        case tenantID = "tenant_id", tenantIDDashed = "tenant-id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        username = try container.decode(String.self, forKey: .username)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        role = try container.decode(String.self, forKey: .role)
        tenantID = try container.decodeFirst(String.self, .tenantID, .tenantIDDashed)
        password = try container.decodeIfPresent(String.self, forKey: .password)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(username, forKey: .username)
        try container.encodeIfPresent(email, forKey: .email)
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(tenantID, forKey: .tenantID)
        try container.encodeIfPresent(password, forKey: .password)
    }
}

/// `PUT /api/v1/users/{id}`: what to change; a change of role or a deactivation revokes the
/// user's tokens.
public struct UpdateUserRequest: Sendable, Hashable, Codable {
    public var email: String?
    public var role: String?
    public var active: Bool?
    public var password: String?

    public init(email: String? = nil, role: String? = nil, active: Bool? = nil, password: String? = nil) {
        self.email = email
        self.role = role
        self.active = active
        self.password = password
    }
}

/// `POST /api/v1/roles` and `PUT /api/v1/roles/{id}`: a custom role and its grants.
public struct RoleRequest: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var tenantID: String?
    public var permissions: [PermissionGrant]?

    public init(name: String, description: String? = nil, tenantID: String? = nil, permissions: [PermissionGrant]? = nil) {
        self.name = name
        self.description = description
        self.tenantID = tenantID
        self.permissions = permissions
    }

    public enum CodingKeys: String, CodingKey {
        case name, description, permissions
        case tenantID = "tenant-id", tenantIDSnake = "tenant_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        tenantID = try container.decodeFirst(String.self, .tenantID, .tenantIDSnake)
        permissions = try container.decodeIfPresent([PermissionGrant].self, forKey: .permissions)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(tenantID, forKey: .tenantID)
        try container.encodeIfPresent(permissions, forKey: .permissions)
    }
}

/// `POST /api/v1/users/{id}/roles`: a custom role by id or name, or a built-in role on `scope`.
public struct AssignRoleRequest: Sendable, Hashable, Codable {
    public var roleID: String
    public var scope: PermissionScope?

    public init(roleID: String, scope: PermissionScope? = nil) {
        self.roleID = roleID
        self.scope = scope
    }

    public enum CodingKeys: String, CodingKey {
        case roleID = "role-id", roleIDSnake = "role_id", scope
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = try container.decodeFirst(String.self, .roleID, .roleIDSnake) else {
            throw PangolinError.invalid("field 'role-id' is required")
        }
        roleID = id
        scope = try container.decodeIfPresent(PermissionScope.self, forKey: .scope)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(roleID, forKey: .roleID)
        try container.encodeIfPresent(scope, forKey: .scope)
    }
}

/// `POST /api/v1/permissions`: actions, or a built-in role, on a scope, for a user or service user
/// named by id, username or email.
public struct GrantRequest: Sendable, Hashable, Codable {
    public var userID: String
    public var actions: [PermissionAction]?
    public var role: String?
    public var scope: PermissionScope

    public init(userID: String, actions: [PermissionAction]? = nil, role: String? = nil, scope: PermissionScope) {
        self.userID = userID
        self.actions = actions
        self.role = role
        self.scope = scope
    }

    public enum CodingKeys: String, CodingKey {
        case userID = "user-id", userIDSnake = "user_id", actions, role, scope
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = try container.decodeFirst(String.self, .userID, .userIDSnake) else {
            throw PangolinError.invalid("field 'user-id' is required: the id, username or email of the user, or a service user")
        }
        userID = id
        actions = try container.decodeIfPresent([PermissionAction].self, forKey: .actions)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        guard container.contains(.scope) else {
            throw PangolinError.invalid("field 'scope' is required, e.g. {\"type\": \"namespace\", \"catalog_id\": \"…\", \"namespace\": \"ml.prod\"}")
        }
        scope = try container.decode(PermissionScope.self, forKey: .scope)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(userID, forKey: .userID)
        try container.encodeIfPresent(actions, forKey: .actions)
        try container.encodeIfPresent(role, forKey: .role)
        try container.encode(scope, forKey: .scope)
    }
}

/// `POST /api/v1/service-users`.
public struct CreateServiceUserRequest: Sendable, Hashable, Codable {
    public var name: String
    public var role: String?
    public var description: String?
    public var expiresInDays: Int?

    public init(name: String, role: String? = nil, description: String? = nil, expiresInDays: Int? = nil) {
        self.name = name
        self.role = role
        self.description = description
        self.expiresInDays = expiresInDays
    }

    public enum CodingKeys: String, CodingKey {
        case name, role, description
        case expiresInDays = "expires_in_days"
    }
}

/// `PUT /api/v1/service-users/{id}`.
public struct UpdateServiceUserRequest: Sendable, Hashable, Codable {
    public var name: String?
    public var description: String?
    public var active: Bool?

    public init(name: String? = nil, description: String? = nil, active: Bool? = nil) {
        self.name = name
        self.description = description
        self.active = active
    }
}

/// `POST /api/v1/tokens`, the body pypangolin's `tokens.generate` sends.
public struct MintTokenRequest: Sendable, Hashable, Codable {
    public var tenantID: String?
    public var expiresInHours: Int?
    public var username: String?
    public var roles: [String]?

    public init(tenantID: String? = nil, expiresInHours: Int? = nil, username: String? = nil, roles: [String]? = nil) {
        self.tenantID = tenantID
        self.expiresInHours = expiresInHours
        self.username = username
        self.roles = roles
    }

    public enum CodingKeys: String, CodingKey {
        case username, roles
        case tenantID = "tenant_id"
        case expiresInHours = "expires_in_hours"
    }
}

/// `POST /api/v1/tokens/rotate`; `{}` rotates the request's own token.
public struct RotateTokenRequest: Sendable, Hashable, Codable {
    public var tokenID: String?

    public init(tokenID: String? = nil) {
        self.tokenID = tokenID
    }

    public enum CodingKeys: String, CodingKey {
        case tokenID = "token_id"
    }
}

/// `POST /api/v1/assets/{id}/access-requests`.
public struct AccessRequestDraft: Sendable, Hashable, Codable {
    public var reason: String?

    public init(reason: String? = nil) {
        self.reason = reason
    }
}

/// `PUT /api/v1/access-requests/{id}`: `approved` or `denied` (Pangolin's `Rejected` too).
public struct AccessRequestReview: Sendable, Hashable, Codable {
    public var status: String
    public var comment: String?

    public init(status: String, comment: String? = nil) {
        self.status = status
        self.comment = comment
    }
}
