/// The bodies that create a tenant, a warehouse and a catalog, as the server decodes them and the
/// client sends them.

/// `POST /api/v1/tenants`.
public struct CreateTenantRequest: Sendable, Hashable, Codable {
    public var name: String
    public var properties: [String: String]?

    public init(name: String, properties: [String: String]? = nil) {
        self.name = name
        self.properties = properties
    }
}

/// `POST /api/v1/warehouses`: its bucket's settings (`s3.bucket`, `s3.endpoint`, keys, …) and,
/// optionally, how credentials for it are handed out.
public struct CreateWarehouseRequest: Sendable, Hashable, Codable {
    public var name: String
    public var storageConfig: [String: String]?
    public var vendingStrategy: JSONValue?

    public init(name: String, storageConfig: [String: String]? = nil, vendingStrategy: JSONValue? = nil) {
        self.name = name
        self.storageConfig = storageConfig
        self.vendingStrategy = vendingStrategy
    }

    public enum CodingKeys: String, CodingKey {
        case name
        case storageConfig = "storage_config"
        case vendingStrategy = "vending_strategy"
    }
}

/// `POST /api/v1/catalogs`.
public struct CreateCatalogRequest: Sendable, Hashable, Codable {
    public var name: String
    public var warehouseName: String?
    public var catalogType: CatalogType?
    public var properties: [String: String]?

    public init(name: String, warehouseName: String? = nil, catalogType: CatalogType? = nil, properties: [String: String]? = nil) {
        self.name = name
        self.warehouseName = warehouseName
        self.catalogType = catalogType
        self.properties = properties
    }

    public enum CodingKeys: String, CodingKey {
        case name, properties
        case warehouseName = "warehouse_name"
        case catalogType = "catalog_type"
    }
}

/// `GET /v1/{catalog}/namespaces`: Iceberg's list of namespaces, each as its segments.
public struct NamespaceList: Sendable, Hashable, Codable {
    public var namespaces: [NamespacePath]

    public init(namespaces: [NamespacePath]) {
        self.namespaces = namespaces
    }
}
