import Foundation

/// Whether a catalog stores its own entries or mirrors another catalog.
public enum CatalogType: String, Sendable, Codable, Hashable, CaseIterable {
    case local = "Local"
    case federated = "Federated"

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let type = CatalogType(rawValue: text) else {
            throw PangolinError.invalid("unknown catalog_type \(Names.quoted(text)); expected Local or Federated")
        }
        self = type
    }
}

/// A named collection of namespaces inside a tenant, optionally bound to a warehouse.
public struct Catalog: Sendable, Hashable, Codable {
    public var id: String
    public var tenantID: String
    public var name: String
    public var catalogType: CatalogType
    public var warehouseName: String?
    public var properties: [String: String]
    public var createdAt: Date

    public init(
        id: String, tenantID: String, name: String, catalogType: CatalogType, warehouseName: String?,
        properties: [String: String], createdAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.catalogType = catalogType
        self.warehouseName = warehouseName
        self.properties = properties
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, properties
        case tenantID = "tenant_id"
        case catalogType = "catalog_type"
        case warehouseName = "warehouse_name"
        case createdAt = "created_at"
    }
}

/// Counts that describe one catalog, in the shape of Pangolin's catalog summary.
public struct CatalogSummary: Sendable, Hashable, Codable {
    public var name: String
    public var namespaceCount: Int
    public var assetCount: Int
    public var tableCount: Int
    public var branchCount: Int
    public var storageLocation: String?

    public init(name: String, namespaceCount: Int, assetCount: Int, tableCount: Int, storageLocation: String?) {
        self.name = name
        self.namespaceCount = namespaceCount
        self.assetCount = assetCount
        self.tableCount = tableCount
        self.branchCount = 0
        self.storageLocation = storageLocation
    }

    enum CodingKeys: String, CodingKey {
        case name
        case namespaceCount = "namespace_count"
        case assetCount = "asset_count"
        case tableCount = "table_count"
        case branchCount = "branch_count"
        case storageLocation = "storage_location"
    }
}
