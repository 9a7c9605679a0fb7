import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func createNamespace(
        tenantID: String, catalog: String, path: NamespacePath, properties: [String: String], by actor: AuditActor
    ) async throws -> Namespace {
        try await write { db in
            let catalogRecord = try Self.requireCatalog(tenantID: tenantID, name: catalog, in: db)
            if try Self.namespaceRow(catalogID: catalogRecord.id, path: path, in: db) != nil {
                throw PangolinError.conflict("namespace '\(path)' already exists in catalog '\(catalog)'")
            }
            if let parent = path.parent, try Self.namespaceRow(catalogID: catalogRecord.id, path: parent, in: db) == nil {
                throw PangolinError.notFound(
                    "parent namespace '\(parent)' does not exist in catalog '\(catalog)'; create it before '\(path)'")
            }
            let id = Identifiers.make()
            try db.execute(
                cached: """
                    INSERT INTO namespaces (id, catalog_id, path, parent_path, properties, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, catalogRecord.id, path.dotted, path.parent?.dotted, try StoredValues.json(properties),
                    StoredValues.now().micros,
                ])
            try AuditChain.append(
                AuditEntry(
                    action: .createNamespace, resourceType: "namespace", resourceID: id,
                    resourceName: "\(catalog).\(path)", tenantID: tenantID),
                by: actor, in: db)
            return Namespace(path: path, properties: properties)
        }
    }

    public func namespaces(tenantID: String, catalog: String, parent: NamespacePath?) async throws -> [Namespace] {
        try await read { db in
            let catalogRecord = try Self.requireCatalog(tenantID: tenantID, name: catalog, in: db)
            if let parent, try Self.namespaceRow(catalogID: catalogRecord.id, path: parent, in: db) == nil {
                throw PangolinError.notFound("namespace '\(parent)' does not exist in catalog '\(catalog)'")
            }
            return try Row.fetchAll(
                db, cached: "SELECT * FROM namespaces WHERE catalog_id = ? AND parent_path IS ? ORDER BY path",
                arguments: [catalogRecord.id, parent?.dotted]
            ).map(Self.namespace)
        }
    }

    public func namespace(tenantID: String, catalog: String, path: NamespacePath) async throws -> Namespace? {
        try lookup { db in
            let catalogRecord = try Self.requireCatalog(tenantID: tenantID, name: catalog, in: db)
            return try Self.namespaceRow(catalogID: catalogRecord.id, path: path, in: db).map(Self.namespace)
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
        return try await write { db in
            let row = try Self.requireNamespaceRow(tenantID: tenantID, catalog: catalog, path: path, in: db)
            var properties = try row.json("properties", as: [String: String].self)
            let missing = removals.filter { properties[$0] == nil }
            let removed = removals.filter { properties.removeValue(forKey: $0) != nil }
            properties.merge(updates) { _, new in new }
            try db.execute(
                cached: "UPDATE namespaces SET properties = ? WHERE id = ?",
                arguments: [try StoredValues.json(properties), row["id"] as String])
            try AuditChain.append(
                AuditEntry(
                    action: .updateNamespace, resourceType: "namespace", resourceID: row["id"],
                    resourceName: "\(catalog).\(path)", tenantID: tenantID),
                by: actor, in: db)
            return NamespacePropertiesChange(updated: updates.keys.sorted(), removed: removed.sorted(), missing: missing.sorted())
        }
    }

    public func deleteNamespace(tenantID: String, catalog: String, path: NamespacePath, by actor: AuditActor) async throws {
        try await write { db in
            let row = try Self.requireNamespaceRow(tenantID: tenantID, catalog: catalog, path: path, in: db)
            let id: String = row["id"]
            let children = try Int.fetchOne(
                db, cached: "SELECT COUNT(*) FROM namespaces WHERE catalog_id = ? AND parent_path = ?",
                arguments: [row["catalog_id"] as String, path.dotted]) ?? 0
            let assets = try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM assets WHERE namespace_id = ?", arguments: [id]) ?? 0
            if children + assets > 0 {
                throw PangolinError.conflict(
                    "namespace '\(path)' is not empty: it holds \(assets) asset(s) and \(children) namespace(s); delete them first")
            }
            try db.execute(cached: "DELETE FROM namespaces WHERE id = ?", arguments: [id])
            // Grants on the namespace go with it, so that one created later under the same name
            // does not inherit them.
            try db.execute(
                cached: "DELETE FROM permissions WHERE scope_type = 'namespace' AND catalog_id = ? AND namespace = ?",
                arguments: [row["catalog_id"] as String, path.dotted])
            try AuditChain.append(
                AuditEntry(
                    action: .deleteNamespace, resourceType: "namespace", resourceID: id,
                    resourceName: "\(catalog).\(path)", tenantID: tenantID),
                by: actor, in: db)
        }
    }

    static func namespaceRow(catalogID: String, path: NamespacePath, in db: Database) throws -> Row? {
        try Row.fetchOne(db, cached: "SELECT * FROM namespaces WHERE catalog_id = ? AND path = ?", arguments: [catalogID, path.dotted])
    }

    /// The namespace's row, found in one indexed join; only when it is missing is the catalog
    /// looked at, to say which of the two does not exist.
    static func requireNamespaceRow(tenantID: String, catalog: String, path: NamespacePath, in db: Database) throws -> Row {
        let row = try Row.fetchOne(
            db,
            cached: """
                SELECT n.* FROM namespaces n JOIN catalogs c ON c.id = n.catalog_id
                WHERE c.tenant_id = ? AND c.name = ? AND n.path = ?
                """,
            arguments: [tenantID, catalog, path.dotted])
        guard let row else {
            _ = try requireCatalog(tenantID: tenantID, name: catalog, in: db)
            throw PangolinError.notFound("namespace '\(path)' does not exist in catalog '\(catalog)'")
        }
        return row
    }

    static func namespace(_ row: Row) throws -> Namespace {
        Namespace(
            path: NamespacePath(trusted: row["path"]),
            properties: try row.json("properties", as: [String: String].self))
    }
}
