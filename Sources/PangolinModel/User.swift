import Foundation

/// The system role of an account, as Pangolin names them on the wire.
public enum UserRole: String, Sendable, Codable, Hashable, CaseIterable {
    /// Operates the whole server and may act in any tenant.
    case root = "Root"
    /// Administers one tenant.
    case tenantAdmin = "TenantAdmin"
    /// Works inside one tenant with the access their grants give.
    case tenantUser = "TenantUser"

    /// Accepts Pangolin's spellings: `TenantAdmin`, `tenant-admin`, `tenant_admin`.
    public init(parsing text: String) throws {
        let folded = text.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        guard let role = UserRole.allCases.first(where: { $0.rawValue.lowercased() == folded }) else {
            throw PangolinError.invalid(
                "unknown role \(Names.quoted(text)); expected one of Root, TenantAdmin, TenantUser")
        }
        self = role
    }
}

/// A person's account.
public struct User: Sendable, Hashable, Codable {
    public var id: String
    public var username: String
    public var email: String?
    public var role: UserRole
    /// Nil only for root, who belongs to no tenant.
    public var tenantID: String?
    public var active: Bool
    public var createdAt: Date

    public init(
        id: String, username: String, email: String?, role: UserRole, tenantID: String?, active: Bool,
        createdAt: Date
    ) {
        self.id = id
        self.username = username
        self.email = email
        self.role = role
        self.tenantID = tenantID
        self.active = active
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, username, email, role, active
        case tenantID = "tenant-id"
        case createdAt = "created-at"
    }

    // pypangolin's User model requires `email` to be a string, so an account without one is
    // written with "" rather than null or nothing.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(username, forKey: .username)
        try container.encode(email ?? "", forKey: .email)
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(tenantID, forKey: .tenantID)
        try container.encode(active, forKey: .active)
        try container.encode(createdAt, forKey: .createdAt)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        username = try container.decode(String.self, forKey: .username)
        email = try container.decodeIfPresent(String.self, forKey: .email).flatMap { $0.isEmpty ? nil : $0 }
        role = try container.decode(UserRole.self, forKey: .role)
        tenantID = try container.decodeIfPresent(String.self, forKey: .tenantID)
        active = try container.decode(Bool.self, forKey: .active)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
    }
}

/// Who is making a request, once their credentials have been checked.
public struct Principal: Sendable, Hashable {
    public var userID: String
    public var username: String
    public var role: UserRole
    /// The tenant the principal belongs to; nil for root.
    public var tenantID: String?
    /// The id of the token the principal presented, when it presented one.
    public var tokenID: String?

    public init(userID: String, username: String, role: UserRole, tenantID: String?, tokenID: String? = nil) {
        self.userID = userID
        self.username = username
        self.role = role
        self.tenantID = tenantID
        self.tokenID = tokenID
    }
}
