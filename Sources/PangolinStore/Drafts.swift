import Foundation
import PangolinModel

/// A warehouse to be created.
public struct WarehouseDraft: Sendable, Hashable {
    public var name: String
    public var storageConfig: [String: String]
    public var vendingStrategy: JSONValue?

    public init(name: String, storageConfig: [String: String], vendingStrategy: JSONValue?) {
        self.name = name
        self.storageConfig = storageConfig
        self.vendingStrategy = vendingStrategy
    }
}

/// A catalog to be created.
public struct CatalogDraft: Sendable, Hashable {
    public var name: String
    public var catalogType: CatalogType
    public var warehouseName: String?
    public var properties: [String: String]

    public init(name: String, catalogType: CatalogType, warehouseName: String?, properties: [String: String]) {
        self.name = name
        self.catalogType = catalogType
        self.warehouseName = warehouseName
        self.properties = properties
    }
}

/// A user to be created; the password is already hashed.
public struct UserDraft: Sendable, Hashable {
    public var username: String
    public var email: String?
    public var role: UserRole
    public var tenantID: String?
    public var passwordHash: String

    public init(username: String, email: String?, role: UserRole, tenantID: String?, passwordHash: String) {
        self.username = username
        self.email = email
        self.role = role
        self.tenantID = tenantID
        self.passwordHash = passwordHash
    }
}

/// A change to a user's account; nil fields stay as they are.
public struct UserChange: Sendable, Hashable {
    public var email: String?
    public var role: UserRole?
    public var active: Bool?

    public init(email: String? = nil, role: UserRole? = nil, active: Bool? = nil) {
        self.email = email
        self.role = role
        self.active = active
    }
}

/// What remains of a deleted asset besides its versions: where it lived.
public struct DeletedAsset: Sendable, Hashable {
    public var id: String
    public var address: AssetAddress
    public var kind: AssetKind
    public var deletedAt: Date
    public var deletedBy: String?
}

/// The result of walking the lineage graph: the assets reached (the start first) and the edges.
public struct LineageWalk: Sendable, Hashable {
    public var nodeIDs: [String]
    public var edges: [LineageEdge]
    /// Whether the walk stopped at the node limit.
    public var truncated: Bool
}

/// Counts for the dashboard, in the shape pypangolin reads.
public struct CatalogStatistics: Sendable, Hashable, Codable {
    public var tenantsCount: Int
    public var warehousesCount: Int
    public var catalogsCount: Int
    public var namespacesCount: Int
    public var assetsCount: Int
    public var tablesCount: Int
    public var usersCount: Int
    public var branchesCount: Int
    /// "system" for root's view of every tenant, "tenant" otherwise.
    public var scope: String

    public init(
        tenantsCount: Int, warehousesCount: Int, catalogsCount: Int, namespacesCount: Int, assetsCount: Int,
        tablesCount: Int, usersCount: Int, scope: String
    ) {
        self.tenantsCount = tenantsCount
        self.warehousesCount = warehousesCount
        self.catalogsCount = catalogsCount
        self.namespacesCount = namespacesCount
        self.assetsCount = assetsCount
        self.tablesCount = tablesCount
        self.usersCount = usersCount
        self.branchesCount = 0
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
        case tenantsCount = "tenants_count"
        case warehousesCount = "warehouses_count"
        case catalogsCount = "catalogs_count"
        case namespacesCount = "namespaces_count"
        case assetsCount = "assets_count"
        case tablesCount = "tables_count"
        case usersCount = "users_count"
        case branchesCount = "branches_count"
        case scope
    }
}
