import Foundation
import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func versions(assetID: String, limit: Int, offset: Int) async throws -> Page<AssetVersion> {
        try await read { db in
            let total = try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM asset_versions WHERE asset_id = ?", arguments: [assetID]) ?? 0
            let items = try Row.fetchAll(
                db, cached: "SELECT * FROM asset_versions WHERE asset_id = ? ORDER BY number DESC LIMIT ? OFFSET ?",
                arguments: [assetID, limit, offset]
            ).map(Self.version)
            return Page(items: items, total: total, limit: limit, offset: offset)
        }
    }

    public func version(assetID: String, _ selector: AssetReference.Selector) async throws -> AssetVersion {
        try lookup { db in try Self.version(assetID: assetID, selector, in: db) }
    }

    public func assets(matching reference: AssetReference, tenantID: String, catalog: String?) async throws -> [Asset] {
        try lookup { db in
            var found: [String: Asset] = [:]
            for reading in reference.readings(catalog: catalog) {
                var sql = "SELECT * FROM assets WHERE tenant_id = ? AND name = ?"
                var arguments: StatementArguments = [tenantID, reading.name]
                if let catalog = reading.catalog {
                    sql += " AND catalog_name = ?"
                    arguments += [catalog]
                }
                if let namespace = reading.namespace {
                    sql += " AND namespace_path = ?"
                    arguments += [namespace.dotted]
                }
                for row in try Row.fetchAll(db, cached: sql + " LIMIT 50", arguments: arguments) {
                    let asset = try Self.asset(row)
                    found[asset.id] = asset
                }
            }
            return found.values.sorted { ($0.catalog, $0.namespace, $0.name) < ($1.catalog, $1.namespace, $1.name) }
        }
    }

    public func deletedAsset(id: String) async throws -> DeletedAsset? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM deleted_assets WHERE asset_id = ?", arguments: [id]).map { row in
                DeletedAsset(
                    id: row["asset_id"],
                    address: AssetAddress(tenantID: row["tenant_id"], catalog: row["catalog_name"],
                                          namespace: NamespacePath(trusted: row["namespace_path"]), name: row["name"]),
                    kind: try AssetKind(parsing: row["kind"]), deletedAt: row.date("deleted_at"), deletedBy: row["deleted_by"])
            }
        }
    }

    // MARK: Tags

    public func tags(assetID: String) async throws -> [VersionTag] {
        try await read { db in
            try Row.fetchAll(
                db, cached: """
                    SELECT t.*, v.id AS version_id FROM version_tags t
                    JOIN asset_versions v ON v.asset_id = t.asset_id AND v.number = t.version
                    WHERE t.asset_id = ? ORDER BY t.name
                    """,
                arguments: [assetID]
            ).map(Self.tag)
        }
    }

    public func createTag(assetID: String, name: String, at selector: AssetReference.Selector, message: String?, by actor: AuditActor) async throws -> VersionTag {
        try AssetReference.validateTagName(name)
        return try await write { db in
            let asset = try Self.existingAsset(assetID, in: db)
            if try Row.fetchOne(db, cached: "SELECT 1 FROM version_tags WHERE asset_id = ? AND name = ?", arguments: [assetID, name]) != nil {
                throw PangolinError.conflict("\(asset.address) already has a tag '\(name)'; move it with PUT …/tags/\(name) or choose another name")
            }
            let version = try Self.version(assetID: assetID, selector, in: db)
            let now = StoredValues.now()
            try db.execute(
                cached: """
                    INSERT INTO version_tags (asset_id, name, version, message, created_at, created_by, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [assetID, name, version.number, message, now.micros, actor.username, now.micros])
            try AuditChain.append(
                Self.auditEntry(.createTag, asset, metadata: ["tag": .string(name), "version": .int(Int64(version.number))]), by: actor, in: db)
            return VersionTag(assetID: assetID, name: name, version: version.number, versionID: version.id, message: message,
                              createdAt: now.date, createdBy: actor.username, updatedAt: now.date)
        }
    }

    public func moveTag(assetID: String, name: String, to selector: AssetReference.Selector, by actor: AuditActor) async throws -> VersionTag {
        try await write { db in
            let asset = try Self.existingAsset(assetID, in: db)
            guard let row = try Row.fetchOne(db, cached: "SELECT * FROM version_tags WHERE asset_id = ? AND name = ?", arguments: [assetID, name]) else {
                throw PangolinError.notFound("\(asset.address) has no tag '\(name)'")
            }
            let version = try Self.version(assetID: assetID, selector, in: db)
            let previous: Int = row["version"]
            let now = StoredValues.now()
            try db.execute(
                cached: "UPDATE version_tags SET version = ?, updated_at = ? WHERE asset_id = ? AND name = ?",
                arguments: [version.number, now.micros, assetID, name])
            try AuditChain.append(
                Self.auditEntry(.moveTag, asset, metadata: [
                    "tag": .string(name), "from_version": .int(Int64(previous)), "version": .int(Int64(version.number)),
                ]),
                by: actor, in: db)
            return VersionTag(assetID: assetID, name: name, version: version.number, versionID: version.id, message: row["message"],
                              createdAt: row.date("created_at"), createdBy: row["created_by"], updatedAt: now.date)
        }
    }

    public func deleteTag(assetID: String, name: String, by actor: AuditActor) async throws {
        try await write { db in
            let asset = try Self.existingAsset(assetID, in: db)
            guard let version = try Int.fetchOne(
                db, cached: "SELECT version FROM version_tags WHERE asset_id = ? AND name = ?", arguments: [assetID, name])
            else { throw PangolinError.notFound("\(asset.address) has no tag '\(name)'") }
            try db.execute(cached: "DELETE FROM version_tags WHERE asset_id = ? AND name = ?", arguments: [assetID, name])
            try AuditChain.append(
                Self.auditEntry(.deleteTag, asset, metadata: ["tag": .string(name), "version": .int(Int64(version))]), by: actor, in: db)
        }
    }

    // MARK: Helpers

    static func existingAsset(_ id: String, in db: Database) throws -> Asset {
        guard let asset = try Row.fetchOne(db, cached: "SELECT * FROM assets WHERE id = ?", arguments: [id]).map(Self.asset) else {
            throw PangolinError.notFound("no asset with id '\(id)'")
        }
        return asset
    }

    /// The version a selector names, or a 404 that says what exists instead.
    static func version(assetID: String, _ selector: AssetReference.Selector, in db: Database) throws -> AssetVersion {
        let row: Row?
        switch selector {
        case .latest:
            row = try Row.fetchOne(db, cached: "SELECT * FROM asset_versions WHERE asset_id = ? ORDER BY number DESC LIMIT 1", arguments: [assetID])
        case .number(let number):
            row = try Row.fetchOne(db, cached: "SELECT * FROM asset_versions WHERE asset_id = ? AND number = ?", arguments: [assetID, number])
        case .versionID(let id):
            row = try Row.fetchOne(db, cached: "SELECT * FROM asset_versions WHERE asset_id = ? AND id = ?", arguments: [assetID, id])
        case .asOf(let before, _):
            row = try Row.fetchOne(
                db, cached: "SELECT * FROM asset_versions WHERE asset_id = ? AND created_at < ? ORDER BY created_at DESC, number DESC LIMIT 1",
                arguments: [assetID, StoredValues.micros(before)])
        case .tag(let name):
            row = try Row.fetchOne(
                db, cached: """
                    SELECT v.* FROM version_tags t JOIN asset_versions v ON v.asset_id = t.asset_id AND v.number = t.version
                    WHERE t.asset_id = ? AND t.name = ?
                    """,
                arguments: [assetID, name])
        }
        if let row { return try Self.version(row) }
        throw PangolinError.notFound(try missingVersionMessage(assetID: assetID, selector, in: db))
    }

    private static func missingVersionMessage(assetID: String, _ selector: AssetReference.Selector, in db: Database) throws -> String {
        let latest = try Int.fetchOne(db, cached: "SELECT MAX(number) FROM asset_versions WHERE asset_id = ?", arguments: [assetID]) ?? 0
        switch selector {
        case .latest: return "the asset has no versions"
        case .number(let number): return "there is no version \(number); the latest is v\(latest)"
        case .versionID(let id): return "no version of this asset has id '\(id)'"
        case .asOf(_, let written):
            let first = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MIN(created_at) FROM asset_versions WHERE asset_id = ?"), arguments: [assetID])
            let since = first.map { " (its first version is from \(ISO8601DateFormatter().string(from: StoredValues.date($0))))" } ?? ""
            return "the asset had no version on or before \(written)\(since)"
        case .tag(let name):
            let names = try String.fetchAll(
                db.cachedStatement(sql: "SELECT name FROM version_tags WHERE asset_id = ? ORDER BY name LIMIT 20"), arguments: [assetID])
            return "there is no tag '\(name)'" + (names.isEmpty ? " (the asset has no tags)" : "; its tags are \(names.joined(separator: ", "))")
        }
    }

    static func version(_ row: Row) throws -> AssetVersion {
        AssetVersion(
            assetID: row["asset_id"], number: row["number"], id: row["id"], location: row["location"],
            properties: try row.json("properties", as: [String: String].self), sizeBytes: row["size_bytes"], checksum: row["checksum"],
            message: row["message"], runID: row["run_id"], createdAt: row.date("created_at"), createdBy: row["created_by"])
    }

    static func tag(_ row: Row) throws -> VersionTag {
        VersionTag(assetID: row["asset_id"], name: row["name"], version: row["version"], versionID: row["version_id"],
                   message: row["message"], createdAt: row.date("created_at"), createdBy: row["created_by"], updatedAt: row.date("updated_at"))
    }
}
