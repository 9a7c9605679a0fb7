import Foundation

/// A named set of grants of a tenant, assigned to users and service users. The built-in roles
/// (`READ`, `READ_WRITE`, `ADMIN`) are listed alongside with their actions and no scope: they are
/// granted on a scope rather than assigned.
public struct Role: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var description: String?
    /// Nil for the built-in roles, which every tenant shares.
    public var tenantID: String?
    public var permissions: [PermissionGrant]
    public var builtIn: Bool

    public init(id: String, name: String, description: String?, tenantID: String?, permissions: [PermissionGrant],
                builtIn: Bool = false) {
        self.id = id
        self.name = name
        self.description = description
        self.tenantID = tenantID
        self.permissions = permissions
        self.builtIn = builtIn
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, permissions
        case tenantID = "tenant-id", builtIn = "built_in"
    }

    /// How a built-in role is listed; its id is its name.
    public init(builtIn role: BuiltInRole) {
        self.init(id: role.rawValue, name: role.rawValue, description: role.summary, tenantID: nil,
                  permissions: [PermissionGrant(scope: .tenant, actions: role.actions)], builtIn: true)
    }
}

/// What creating or replacing a custom role needs.
public struct RoleDraft: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var permissions: [PermissionGrant]

    public init(name: String, description: String?, permissions: [PermissionGrant]) {
        self.name = name
        self.description = description
        self.permissions = permissions
    }
}
