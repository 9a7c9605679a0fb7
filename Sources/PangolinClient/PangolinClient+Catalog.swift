import AsyncHTTPClient
import Foundation
import PangolinModel

extension PangolinClient {
    /// A path segment with everything but unreserved characters percent-encoded.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? text
    }

    // MARK: Authentication

    /// Logs in and uses the token for the requests that follow.
    @discardableResult
    public func login(username: String, password: String, tenantID: String? = nil) async throws -> LoginResult {
        let result = try await send(
            .POST, "/api/v1/users/login", body: LoginRequest(username: username, password: password, tenantID: tenantID), as: LoginResult.self)
        use(.token(result.token))
        return result
    }

    /// Revokes the token in use and forgets it.
    public func logout() async throws {
        try await sendIgnoringBody(.POST, "/api/v1/auth/revoke")
        use(nil)
    }

    /// The account of the credential in use.
    public func me() async throws -> User {
        try await send(.GET, "/api/v1/users/me")
    }

    // MARK: Warehouses, catalogs, namespaces

    public func createWarehouse(name: String, storageConfig: [String: String] = [:]) async throws -> Warehouse {
        try await send(.POST, "/api/v1/warehouses", body: CreateWarehouseRequest(name: name, storageConfig: storageConfig))
    }

    public func warehouses() async throws -> [Warehouse] {
        try await send(.GET, "/api/v1/warehouses")
    }

    public func warehouse(_ name: String) async throws -> Warehouse {
        try await send(.GET, "/api/v1/warehouses/\(Self.segment(name))")
    }

    /// The settings and keys of a warehouse's bucket, which the server gives to those who may
    /// write in a catalog on it (`catalog`, when named); `location`, when given, must lie in it.
    public func storageCredentials(warehouse: String, catalog: String? = nil, location: String? = nil) async throws -> StorageCredentials {
        try await send(.GET, "/api/v1/warehouses/\(Self.segment(warehouse))/credentials", query: ["catalog": catalog, "location": location])
    }

    public func createCatalog(name: String, warehouse: String? = nil, properties: [String: String] = [:]) async throws -> Catalog {
        try await send(.POST, "/api/v1/catalogs", body: CreateCatalogRequest(name: name, warehouseName: warehouse, properties: properties))
    }

    public func catalogs() async throws -> [Catalog] {
        try await send(.GET, "/api/v1/catalogs")
    }

    public func catalog(_ name: String) async throws -> Catalog {
        try await send(.GET, "/api/v1/catalogs/\(Self.segment(name))")
    }

    @discardableResult
    public func createNamespace(_ namespace: NamespacePath, in catalog: String, properties: [String: String] = [:]) async throws -> Namespace {
        try await send(.POST, "/v1/\(Self.segment(catalog))/namespaces", body: Namespace(path: namespace, properties: properties))
    }

    /// The namespaces directly under `parent` (or the top-level ones).
    public func namespaces(in catalog: String, parent: NamespacePath? = nil) async throws -> [NamespacePath] {
        try await send(.GET, "/v1/\(Self.segment(catalog))/namespaces", query: ["parent": parent?.dotted], as: NamespaceList.self).namespaces
    }
}

extension PangolinClient {
    // MARK: Tenants (root) and removals

    public func createTenant(name: String, properties: [String: String] = [:]) async throws -> Tenant {
        try await send(.POST, "/api/v1/tenants", body: CreateTenantRequest(name: name, properties: properties))
    }

    public func tenants() async throws -> [Tenant] {
        try await send(.GET, "/api/v1/tenants")
    }

    public func deleteTenant(id: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/tenants/\(Self.segment(id))")
    }

    public func deleteWarehouse(_ name: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/warehouses/\(Self.segment(name))")
    }

    public func deleteCatalog(_ name: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/catalogs/\(Self.segment(name))")
    }

    public func deleteNamespace(_ namespace: NamespacePath, in catalog: String) async throws {
        try await sendIgnoringBody(.DELETE, "/v1/\(Self.segment(catalog))/namespaces/\(Self.segment(namespace.dotted))")
    }

    public func deleteMetadata(assetID: String) async throws {
        try await sendIgnoringBody(.DELETE, "/api/v1/assets/\(Self.segment(assetID))/metadata")
    }
}
