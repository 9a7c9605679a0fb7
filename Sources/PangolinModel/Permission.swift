import Foundation

/// What a grant allows. Some actions imply others: `all` ⊇ `write` ⊇ read, list, create, update
/// and delete; `read` ⊇ list. `manage-discovery` (marking assets discoverable and answering access
/// requests for them) is implied only by `all`.
public enum PermissionAction: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case read, list, create, update, write, delete
    case manageDiscovery = "manage-discovery"
    case all

    /// Accepts any case, and `_` for `-`.
    public init(parsing text: String) throws {
        let folded = text.lowercased().replacingOccurrences(of: "_", with: "-")
        guard let action = PermissionAction(rawValue: folded) else {
            throw PangolinError.invalid(
                "unknown action \(Names.quoted(text)); expected one of "
                    + PermissionAction.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = action
    }

    public init(from decoder: any Decoder) throws {
        self = try PermissionAction(parsing: decoder.singleValueContainer().decode(String.self))
    }

    /// The actions this one allows, itself included.
    public var implied: Set<PermissionAction> {
        switch self {
        case .all: Set(PermissionAction.allCases)
        case .write: [.write, .read, .list, .create, .update, .delete]
        case .read: [.read, .list]
        default: [self]
        }
    }

    public static func < (lhs: PermissionAction, rhs: PermissionAction) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a grant covers, in the shape pypangolin sends: `{"type": "namespace", "catalog_id": …,
/// "namespace": "ml.prod"}`. A namespace covers the namespaces nested in it; a label (`"type":
/// "tag"`, the name pypangolin uses) covers every asset carrying it.
public enum PermissionScope: Sendable, Hashable, Codable {
    case tenant
    case catalog(catalogID: String)
    case namespace(catalogID: String, namespace: NamespacePath)
    case asset(assetID: String)
    case label(String)

    enum CodingKeys: String, CodingKey {
        case type
        case catalogID = "catalog_id", namespace, assetID = "asset_id", tagName = "tag_name"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        func field(_ key: CodingKeys) throws -> String {
            guard let value = try container.decodeIfPresent(String.self, forKey: key), !value.isEmpty else {
                throw PangolinError.invalid("a '\(type)' scope needs '\(key.stringValue)'")
            }
            return value
        }
        switch type.lowercased() {
        case "tenant": self = .tenant
        case "catalog": self = .catalog(catalogID: try field(.catalogID))
        case "namespace":
            self = .namespace(catalogID: try field(.catalogID), namespace: try NamespacePath(parsing: field(.namespace)))
        case "asset": self = .asset(assetID: try field(.assetID))
        case "tag", "label": self = .label(try field(.tagName))
        default:
            throw PangolinError.invalid("unknown scope type \(Names.quoted(type)); expected one of tenant, catalog, namespace, asset, tag")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .tenant:
            try container.encode("tenant", forKey: .type)
        case .catalog(let catalogID):
            try container.encode("catalog", forKey: .type)
            try container.encode(catalogID, forKey: .catalogID)
        case .namespace(let catalogID, let namespace):
            try container.encode("namespace", forKey: .type)
            try container.encode(catalogID, forKey: .catalogID)
            try container.encode(namespace.dotted, forKey: .namespace)
        case .asset(let assetID):
            try container.encode("asset", forKey: .type)
            try container.encode(assetID, forKey: .assetID)
        case .label(let name):
            try container.encode("tag", forKey: .type)
            try container.encode(name, forKey: .tagName)
        }
    }

    /// The scope's type as stored and sent.
    public var typeName: String {
        switch self {
        case .tenant: "tenant"
        case .catalog: "catalog"
        case .namespace: "namespace"
        case .asset: "asset"
        case .label: "tag"
        }
    }
}

/// Roles every tenant has: each stands for a set of actions and is granted on a scope.
public enum BuiltInRole: String, Sendable, CaseIterable {
    case read = "READ"
    case readWrite = "READ_WRITE"
    case admin = "ADMIN"

    public init?(named name: String) {
        self.init(rawValue: name.uppercased().replacingOccurrences(of: "-", with: "_"))
    }

    public var actions: [PermissionAction] {
        switch self {
        case .read: [.read, .list]
        case .readWrite: [.read, .list, .create, .update, .write, .delete]
        case .admin: [.all]
        }
    }

    public var summary: String {
        switch self {
        case .read: "Read and list what the scope covers"
        case .readWrite: "Read, list, create, update and delete what the scope covers"
        case .admin: "Every action on what the scope covers, including discovery and access requests"
        }
    }
}

/// A scope and the actions allowed on it: what a role holds.
public struct PermissionGrant: Sendable, Hashable, Codable {
    public var scope: PermissionScope
    public var actions: [PermissionAction]

    public init(scope: PermissionScope, actions: [PermissionAction]) {
        self.scope = scope
        self.actions = actions
    }
}

/// A grant to one user or service user, as pypangolin reads it.
public struct Permission: Sendable, Hashable, Codable {
    public var id: String
    /// The user or service user the grant is for.
    public var userID: String
    public var tenantID: String
    public var actions: [PermissionAction]
    public var scope: PermissionScope
    /// The built-in role the grant was given as, if any.
    public var role: String?
    public var grantedBy: String?
    public var grantedAt: Date

    public init(id: String, userID: String, tenantID: String, actions: [PermissionAction], scope: PermissionScope,
                role: String?, grantedBy: String?, grantedAt: Date) {
        self.id = id
        self.userID = userID
        self.tenantID = tenantID
        self.actions = actions
        self.scope = scope
        self.role = role
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, actions, scope, role
        case userID = "user-id", tenantID = "tenant-id", grantedBy = "granted-by", grantedAt = "granted-at"
    }
}

/// What granting a permission needs; the store assigns id and time.
public struct PermissionDraft: Sendable, Hashable {
    public var userID: String
    public var tenantID: String
    public var actions: [PermissionAction]
    public var scope: PermissionScope
    public var role: String?

    public init(userID: String, tenantID: String, actions: [PermissionAction], scope: PermissionScope, role: String?) {
        self.userID = userID
        self.tenantID = tenantID
        self.actions = actions
        self.scope = scope
        self.role = role
    }
}
