import PangolinModel

/// A stored namespace with the keys other rows refer to it by.
public struct NamespaceRecord: Sendable, Hashable {
    public var id: String
    public var catalogID: String
    public var namespace: Namespace
}

/// A namespace and the number of assets directly in it.
public struct NamespaceAssetCount: Sendable, Hashable {
    public var namespace: Namespace
    public var assetCount: Int
}

/// A namespace with the name of its catalog.
public struct CatalogNamespace: Sendable, Hashable {
    public var catalog: String
    public var namespace: Namespace
}

/// Statements on catalogs and their namespaces.
public protocol CatalogTreeRepository {
    func catalog(tenantID: String, name: String) throws -> Catalog?
    /// The id of the tenant's catalog whose id or name is `reference`.
    func catalogID(tenantID: String, reference: String) throws -> String?
    func catalogName(id: String) throws -> String?
    /// By name; only those named in `names` unless it is nil.
    func catalogs(tenantID: String, names: Set<String>?, limit: Int, offset: Int) throws -> [Catalog]
    func insertCatalog(_ catalog: Catalog, warehouseID: String?) throws
    func updateCatalogProperties(id: String, _ properties: [String: String]) throws
    func deleteCatalog(id: String) throws
    func namespaceCount(catalogID: String) throws -> Int
    /// The catalog's assets, or those of one kind.
    func assetCount(catalogID: String, kind: AssetKind?) throws -> Int

    func namespace(catalogID: String, path: NamespacePath) throws -> NamespaceRecord?
    /// The namespace at `path` in the tenant's catalog named `catalog`, in one lookup, held in a
    /// write as `use` needs.
    func namespace(tenantID: String, catalog: String, path: NamespacePath, use: RowUse) throws -> NamespaceRecord?
    /// The namespaces directly under `parent` (top-level ones for nil), by path.
    func namespaces(catalogID: String, parent: NamespacePath?) throws -> [Namespace]
    func insertNamespace(_ record: NamespaceRecord) throws
    func updateNamespaceProperties(id: String, _ properties: [String: String]) throws
    func deleteNamespace(id: String) throws
    func childNamespaceCount(catalogID: String, parent: NamespacePath) throws -> Int
    /// Every namespace of the catalog, by path, with the number of assets directly in it.
    func namespacesWithAssetCounts(catalogID: String) throws -> [NamespaceAssetCount]
    /// The tenant's namespaces whose path contains `text` (any case), in the catalogs named in
    /// `catalogs` unless it is nil, by catalog and path.
    func namespaces(tenantID: String, containing text: String, catalogs: Set<String>?) throws -> [CatalogNamespace]
    func assetCount(namespaceID: String) throws -> Int
}

extension CatalogDatabase: CatalogTreeStore {
    // MARK: Catalogs

    public func createCatalog(_ draft: CatalogDraft, tenantID: String, by actor: AuditActor) async throws -> Catalog {
        try Names.validate(draft.name, as: .catalog)
        return try await write { tx in
            if try tx.catalog(tenantID: tenantID, name: draft.name) != nil {
                throw PangolinError.exists(.catalog, "a catalog named '\(draft.name)' already exists in this tenant")
            }
            let warehouse = try draft.warehouseName.map { name in
                try Self.requireWarehouse(tenantID: tenantID, name: name, in: tx, hint: "; create it first")
            }
            let catalog = Catalog(
                id: Identifiers.make(), tenantID: tenantID, name: draft.name, catalogType: draft.catalogType,
                warehouseName: draft.warehouseName, properties: draft.properties, createdAt: StoredValues.now().date)
            try tx.insertCatalog(catalog, warehouseID: warehouse?.id)
            try AuditChain.append(Self.auditEntry(.createCatalog, catalog), by: actor, in: tx)
            return catalog
        }
    }

    public func catalogs(tenantID: String, names: Set<String>?, limit: Int, offset: Int) async throws -> [Catalog] {
        if names?.isEmpty == true { return [] }
        return try await backend.read { tx in try tx.catalogs(tenantID: tenantID, names: names, limit: limit, offset: offset) }
    }

    public func catalog(tenantID: String, name: String) async throws -> Catalog? {
        try await backend.lookup { tx in try tx.catalog(tenantID: tenantID, name: name) }
    }

    public func updateCatalog(tenantID: String, name: String, properties: [String: String], by actor: AuditActor) async throws -> Catalog {
        try await write { tx in
            var catalog = try Self.requireCatalog(tenantID: tenantID, name: name, in: tx)
            catalog.properties = properties
            try tx.updateCatalogProperties(id: catalog.id, properties)
            try AuditChain.append(Self.auditEntry(.updateCatalog, catalog), by: actor, in: tx)
            return catalog
        }
    }

    public func deleteCatalog(tenantID: String, name: String, by actor: AuditActor) async throws {
        try await write { tx in
            let catalog = try Self.requireCatalog(tenantID: tenantID, name: name, in: tx)
            let contents = StoreMessages.listing([.init("namespaces", try tx.namespaceCount(catalogID: catalog.id))])
            if !contents.isEmpty {
                throw PangolinError.notEmpty(.catalog, "catalog '\(name)' still has \(contents); delete them first")
            }
            try tx.deleteCatalog(id: catalog.id)
            // Grants on the catalog go with it, so that one created later under the same name
            // does not inherit them.
            try tx.deletePermissions(on: .catalog(catalogID: catalog.id))
            try AuditChain.append(Self.auditEntry(.deleteCatalog, catalog), by: actor, in: tx)
        }
    }

    public func catalogSummary(tenantID: String, name: String) async throws -> CatalogSummary {
        try await backend.read { tx in
            let catalog = try Self.requireCatalog(tenantID: tenantID, name: name, in: tx)
            let location = try catalog.warehouseName
                .flatMap { try tx.warehouse(tenantID: tenantID, name: $0) }
                .flatMap { $0.storageConfig["s3.bucket"].map { "s3://\($0)" } ?? $0.storageConfig["location"] }
            return CatalogSummary(
                name: name, namespaceCount: try tx.namespaceCount(catalogID: catalog.id),
                assetCount: try tx.assetCount(catalogID: catalog.id, kind: nil),
                tableCount: try tx.assetCount(catalogID: catalog.id, kind: .icebergTable), storageLocation: location)
        }
    }

    static func requireCatalog(tenantID: String, name: String, in tx: Backend.Transaction) throws -> Catalog {
        guard let catalog = try tx.catalog(tenantID: tenantID, name: name) else {
            throw PangolinError.notFound(.catalog, "no catalog named '\(name)' in this tenant")
        }
        return catalog
    }

    private static func auditEntry(_ action: AuditAction, _ catalog: Catalog) -> AuditEntry {
        AuditEntry(action: action, resourceType: "catalog", resourceID: catalog.id, resourceName: catalog.name, tenantID: catalog.tenantID)
    }

    // MARK: Namespaces

    public func createNamespace(
        tenantID: String, catalog: String, path: NamespacePath, properties: [String: String], by actor: AuditActor
    ) async throws -> Namespace {
        try await write { tx in
            let catalogRecord = try Self.requireCatalog(tenantID: tenantID, name: catalog, in: tx)
            if try tx.namespace(catalogID: catalogRecord.id, path: path) != nil {
                throw PangolinError.exists(.namespace, "namespace '\(path)' already exists in catalog '\(catalog)'")
            }
            if let parent = path.parent, try tx.namespace(catalogID: catalogRecord.id, path: parent) == nil {
                throw PangolinError.notFound(.namespace, 
                    "parent namespace '\(parent)' does not exist in catalog '\(catalog)'; create it before '\(path)'")
            }
            let record = NamespaceRecord(
                id: Identifiers.make(), catalogID: catalogRecord.id, namespace: Namespace(path: path, properties: properties))
            try tx.insertNamespace(record)
            try AuditChain.append(Self.auditEntry(.createNamespace, record, tenantID: tenantID, catalog: catalog), by: actor, in: tx)
            return record.namespace
        }
    }

    public func namespaces(tenantID: String, catalog: String, parent: NamespacePath?) async throws -> [Namespace] {
        try await backend.read { tx in
            let catalogRecord = try Self.requireCatalog(tenantID: tenantID, name: catalog, in: tx)
            if let parent, try tx.namespace(catalogID: catalogRecord.id, path: parent) == nil {
                throw PangolinError.notFound(.namespace, "namespace '\(parent)' does not exist in catalog '\(catalog)'")
            }
            return try tx.namespaces(catalogID: catalogRecord.id, parent: parent)
        }
    }

    public func namespaceTree(tenantID: String, catalog: String) async throws -> [NamespaceAssetCount] {
        try await backend.read { tx in
            try tx.namespacesWithAssetCounts(catalogID: try Self.requireCatalog(tenantID: tenantID, name: catalog, in: tx).id)
        }
    }

    public func namespaces(tenantID: String, containing text: String, catalogs: Set<String>?) async throws -> [CatalogNamespace] {
        if catalogs?.isEmpty == true { return [] }
        return try await backend.read { tx in try tx.namespaces(tenantID: tenantID, containing: text, catalogs: catalogs) }
    }

    public func namespace(tenantID: String, catalog: String, path: NamespacePath) async throws -> Namespace? {
        try await backend.lookup { tx in
            let catalogRecord = try Self.requireCatalog(tenantID: tenantID, name: catalog, in: tx)
            return try tx.namespace(catalogID: catalogRecord.id, path: path)?.namespace
        }
    }

    public func updateNamespaceProperties(
        tenantID: String, catalog: String, path: NamespacePath, removals: [String], updates: [String: String],
        by actor: AuditActor
    ) async throws -> NamespacePropertiesChange {
        let overlap = Set(removals).intersection(updates.keys)
        if !overlap.isEmpty {
            throw PangolinError.invalid(
                "properties \(overlap.sorted().joined(separator: ", ")) are both updated and removed; send each key once")
        }
        return try await write { tx in
            let record = try Self.requireNamespace(tenantID: tenantID, catalog: catalog, path: path, use: .change, in: tx)
            var properties = record.namespace.properties
            let missing = removals.filter { properties[$0] == nil }
            let removed = removals.filter { properties.removeValue(forKey: $0) != nil }
            properties.merge(updates) { _, new in new }
            try tx.updateNamespaceProperties(id: record.id, properties)
            try AuditChain.append(Self.auditEntry(.updateNamespace, record, tenantID: tenantID, catalog: catalog), by: actor, in: tx)
            return NamespacePropertiesChange(updated: updates.keys.sorted(), removed: removed.sorted(), missing: missing.sorted())
        }
    }

    public func deleteNamespace(tenantID: String, catalog: String, path: NamespacePath, by actor: AuditActor) async throws {
        try await write { tx in
            let record = try Self.requireNamespace(tenantID: tenantID, catalog: catalog, path: path, use: .change, in: tx)
            let children = try tx.childNamespaceCount(catalogID: record.catalogID, parent: path)
            let assets = try tx.assetCount(namespaceID: record.id)
            if children + assets > 0 {
                throw PangolinError.notEmpty(
                    .namespace, "namespace '\(path)' is not empty: it holds \(assets) asset(s) and \(children) namespace(s); delete them first")
            }
            try tx.deleteNamespace(id: record.id)
            // Grants on the namespace go with it, so that one created later under the same name
            // does not inherit them.
            try tx.deletePermissions(on: .namespace(catalogID: record.catalogID, namespace: path))
            try AuditChain.append(Self.auditEntry(.deleteNamespace, record, tenantID: tenantID, catalog: catalog), by: actor, in: tx)
        }
    }

    /// The namespace, found in one lookup; only when it is missing is the catalog looked at, to
    /// say which of the two does not exist.
    static func requireNamespace(
        tenantID: String, catalog: String, path: NamespacePath, use: RowUse, in tx: Backend.Transaction
    ) throws -> NamespaceRecord {
        guard let record = try tx.namespace(tenantID: tenantID, catalog: catalog, path: path, use: use) else {
            _ = try requireCatalog(tenantID: tenantID, name: catalog, in: tx)
            throw PangolinError.notFound(.namespace, "namespace '\(path)' does not exist in catalog '\(catalog)'")
        }
        return record
    }

    private static func auditEntry(_ action: AuditAction, _ record: NamespaceRecord, tenantID: String, catalog: String) -> AuditEntry {
        AuditEntry(action: action, resourceType: "namespace", resourceID: record.id, resourceName: "\(catalog).\(record.namespace.path)", tenantID: tenantID)
    }
}
