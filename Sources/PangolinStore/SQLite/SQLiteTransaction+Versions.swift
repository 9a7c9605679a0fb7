import Foundation
import GRDB
import PangolinModel

extension SQLiteTransaction: VersionRepository {
    public func insertVersion(_ version: AssetVersion) throws {
        try db.execute(
            cached: """
                INSERT INTO asset_versions (asset_id, number, id, location, properties, created_at, created_by,
                                            size_bytes, checksum, message, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [version.assetID, version.number, version.id, version.location, try StoredValues.json(version.properties),
                        StoredValues.micros(version.createdAt), version.createdBy, version.sizeBytes, version.checksum, version.message,
                        version.runID])
    }

    public func versions(assetID: String, limit: Int, offset: Int) throws -> Page<AssetVersion> {
        let total = try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM asset_versions WHERE asset_id = ?", arguments: [assetID]) ?? 0
        let items = try Row.fetchAll(
            db, cached: "SELECT * FROM asset_versions WHERE asset_id = ? ORDER BY number DESC LIMIT ? OFFSET ?",
            arguments: [assetID, limit, offset]
        ).map(Self.version)
        return Page(items: items, total: total, limit: limit, offset: offset)
    }

    public func version(assetID: String, _ selector: AssetReference.Selector) throws -> AssetVersion? {
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
        case .snapshot(let id):
            row = try Row.fetchOne(
                db, cached: "SELECT * FROM asset_versions WHERE asset_id = ? AND json_extract(properties, ?) = ? ORDER BY number LIMIT 1",
                arguments: [assetID, "$.\"\(AssetReference.snapshotProperty)\"", String(id)])
        }
        return try row.map(Self.version)
    }

    public func latestVersionNumber(assetID: String) throws -> Int? {
        try Int.fetchOne(db, cached: "SELECT MAX(number) FROM asset_versions WHERE asset_id = ?", arguments: [assetID])
    }

    public func firstVersionDate(assetID: String) throws -> Date? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MIN(created_at) FROM asset_versions WHERE asset_id = ?"), arguments: [assetID])
            .map(StoredValues.date)
    }

    private static let tagSelect = """
        SELECT t.*, v.id AS version_id FROM version_tags t JOIN asset_versions v ON v.asset_id = t.asset_id AND v.number = t.version
        """

    public func tag(assetID: String, name: String) throws -> VersionTag? {
        try Row.fetchOne(db, cached: "\(Self.tagSelect) WHERE t.asset_id = ? AND t.name = ?", arguments: [assetID, name]).map(Self.tag)
    }

    public func tags(assetID: String) throws -> [VersionTag] {
        try Row.fetchAll(db, cached: "\(Self.tagSelect) WHERE t.asset_id = ? ORDER BY t.name", arguments: [assetID]).map(Self.tag)
    }

    public func tagNames(assetID: String, limit: Int) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT name FROM version_tags WHERE asset_id = ? ORDER BY name LIMIT ?"), arguments: [assetID, limit])
    }

    public func insertTag(_ tag: VersionTag) throws {
        try db.execute(
            cached: """
                INSERT INTO version_tags (asset_id, name, version, message, created_at, created_by, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [tag.assetID, tag.name, tag.version, tag.message, StoredValues.micros(tag.createdAt), tag.createdBy,
                        StoredValues.micros(tag.updatedAt)])
    }

    public func updateTag(_ tag: VersionTag) throws {
        try db.execute(
            cached: "UPDATE version_tags SET version = ?, updated_at = ? WHERE asset_id = ? AND name = ?",
            arguments: [tag.version, StoredValues.micros(tag.updatedAt), tag.assetID, tag.name])
    }

    public func deleteTag(assetID: String, name: String) throws {
        try db.execute(cached: "DELETE FROM version_tags WHERE asset_id = ? AND name = ?", arguments: [assetID, name])
    }

    static func version(_ row: Row) throws -> AssetVersion {
        AssetVersion(
            assetID: row["asset_id"], number: row["number"], id: row["id"], location: row["location"],
            properties: try row.json("properties", as: [String: String].self), sizeBytes: row["size_bytes"], checksum: row["checksum"],
            message: row["message"], runID: row["run_id"], createdAt: row.date("created_at"), createdBy: row["created_by"])
    }

    private static func tag(_ row: Row) throws -> VersionTag {
        VersionTag(assetID: row["asset_id"], name: row["name"], version: row["version"], versionID: row["version_id"],
                   message: row["message"], createdAt: row.date("created_at"), createdBy: row["created_by"], updatedAt: row.date("updated_at"))
    }
}
