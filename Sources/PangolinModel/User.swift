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
}

/// Who is making a request, once their credentials have been checked.
public struct Principal: Sendable, Hashable {
    public var userID: String
    public var username: String
    public var role: UserRole
    /// The tenant the principal belongs to; nil for root.
    public var tenantID: String?

    public init(userID: String, username: String, role: UserRole, tenantID: String?) {
        self.userID = userID
        self.username = username
        self.role = role
        self.tenantID = tenantID
    }
}
