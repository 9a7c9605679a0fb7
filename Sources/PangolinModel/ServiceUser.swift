import Foundation

/// A non-human account of a tenant that authenticates with an API key (`X-API-Key`). The key is
/// shown once, when it is created or rotated, and stored only as a hash.
public struct ServiceUser: Sendable, Hashable, Codable {
    public var id: String
    public var tenantID: String
    public var name: String
    public var description: String?
    public var role: UserRole
    public var active: Bool
    public var createdAt: Date
    /// When the key stops working; nil: never.
    public var expiresAt: Date?
    /// When the key was last used, to the minute.
    public var lastUsedAt: Date?

    public init(id: String, tenantID: String, name: String, description: String?, role: UserRole, active: Bool,
                createdAt: Date, expiresAt: Date?, lastUsedAt: Date?) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.description = description
        self.role = role
        self.active = active
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
    }

    /// The name service users act under in the audit log.
    public var principalName: String { "service:\(name)" }

    enum CodingKeys: String, CodingKey {
        case name, description, role, active, permissions
        case id = "service_user_id", tenantID = "tenant_id", createdAt = "created_at", expiresAt = "expires_at",
             lastUsedAt = "last_used_at"
    }

    /// pypangolin reads `expires_at` as whole seconds since 1970.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(role, forKey: .role)
        try container.encode(active, forKey: .active)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt.map { Int64($0.timeIntervalSince1970) }, forKey: .expiresAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode([String](), forKey: .permissions)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        tenantID = try container.decode(String.self, forKey: .tenantID)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        role = try container.decode(UserRole.self, forKey: .role)
        active = try container.decode(Bool.self, forKey: .active)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        expiresAt = try container.decodeIfPresent(Int64.self, forKey: .expiresAt).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        lastUsedAt = try container.decodeIfPresent(Date.self, forKey: .lastUsedAt)
        // Written for Pangolin's clients, always empty: read and dropped.
        _ = try container.decodeIfPresent([String].self, forKey: .permissions)
    }
}

/// What creating a service user needs; the key hash is made by the server.
public struct ServiceUserDraft: Sendable {
    public var tenantID: String
    public var name: String
    public var description: String?
    public var role: UserRole
    public var expiresAt: Date?
    public var keyHash: String

    public init(tenantID: String, name: String, description: String?, role: UserRole, expiresAt: Date?, keyHash: String) {
        self.tenantID = tenantID
        self.name = name
        self.description = description
        self.role = role
        self.expiresAt = expiresAt
        self.keyHash = keyHash
    }
}
