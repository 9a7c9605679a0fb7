import Foundation
import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    public func insertVersion(_ version: AssetVersion) throws {
        try execute("""
            INSERT INTO asset_versions (asset_id, number, id, location, properties, created_at, created_by, size_bytes, checksum, message, run_id)
            VALUES (\(version.assetID), \(version.number), \(version.id), \(version.location), \(try StoredValues.json(version.properties)),
                    \(StoredValues.micros(version.createdAt)), \(version.createdBy), \(version.sizeBytes), \(version.checksum),
                    \(version.message), \(version.runID))
            """)
    }

    public func versions(assetID: String, limit: Int, offset: Int) throws -> Page<AssetVersion> {
        let total = try count("SELECT COUNT(*) AS count FROM asset_versions WHERE asset_id = \(assetID)")
        let items = try rows("SELECT * FROM asset_versions WHERE asset_id = \(assetID) ORDER BY number DESC LIMIT \(limit) OFFSET \(offset)")
            .map(Self.version)
        return Page(items: items, total: total, limit: limit, offset: offset)
    }

    public func version(assetID: String, _ selector: AssetReference.Selector) throws -> AssetVersion? {
        let found: PostgresRow?
        switch selector {
        case .latest:
            found = try row("SELECT * FROM asset_versions WHERE asset_id = \(assetID) ORDER BY number DESC LIMIT 1")
        case .number(let number):
            found = try row("SELECT * FROM asset_versions WHERE asset_id = \(assetID) AND number = \(number)")
        case .versionID(let id):
            found = try row("SELECT * FROM asset_versions WHERE asset_id = \(assetID) AND id = \(id)")
        case .asOf(let before, _):
            found = try row("""
                SELECT * FROM asset_versions WHERE asset_id = \(assetID) AND created_at < \(StoredValues.micros(before))
                ORDER BY created_at DESC, number DESC LIMIT 1
                """)
        case .tag(let name):
            found = try row("""
                SELECT v.* FROM version_tags t JOIN asset_versions v ON v.asset_id = t.asset_id AND v.number = t.version
                WHERE t.asset_id = \(assetID) AND t.name = \(name)
                """)
        case .snapshot(let id):
            found = try row("""
                SELECT * FROM asset_versions WHERE asset_id = \(assetID)
                AND properties::jsonb ->> \(AssetReference.snapshotProperty) = \(String(id)) ORDER BY number LIMIT 1
                """)
        }
        return try found.map(Self.version)
    }

    public func latestVersionNumber(assetID: String) throws -> Int? {
        try row("SELECT MAX(number) AS number FROM asset_versions WHERE asset_id = \(assetID)")?("number", as: Int?.self)
    }

    public func firstVersionDate(assetID: String) throws -> Date? {
        try row("SELECT MIN(created_at) AS first FROM asset_versions WHERE asset_id = \(assetID)")?("first", as: Int64?.self)
            .map(StoredValues.date)
    }

    private static let tagSelect = """
        SELECT t.*, v.id AS version_id FROM version_tags t JOIN asset_versions v ON v.asset_id = t.asset_id AND v.number = t.version
        """

    public func tag(assetID: String, name: String) throws -> VersionTag? {
        try row("\(unescaped: Self.tagSelect) WHERE t.asset_id = \(assetID) AND t.name = \(name)\(unescaped: locking ? " FOR UPDATE OF t" : "")")
            .map(Self.tag)
    }

    public func tags(assetID: String) throws -> [VersionTag] {
        try rows("\(unescaped: Self.tagSelect) WHERE t.asset_id = \(assetID) ORDER BY t.name").map(Self.tag)
    }

    public func tagNames(assetID: String, limit: Int) throws -> [String] {
        try rows("SELECT name FROM version_tags WHERE asset_id = \(assetID) ORDER BY name LIMIT \(limit)").map { try $0("name") }
    }

    public func insertTag(_ tag: VersionTag) throws {
        try execute("""
            INSERT INTO version_tags (asset_id, name, version, message, created_at, created_by, updated_at)
            VALUES (\(tag.assetID), \(tag.name), \(tag.version), \(tag.message), \(StoredValues.micros(tag.createdAt)), \(tag.createdBy),
                    \(StoredValues.micros(tag.updatedAt)))
            """)
    }

    public func updateTag(_ tag: VersionTag) throws {
        try execute("""
            UPDATE version_tags SET version = \(tag.version), updated_at = \(StoredValues.micros(tag.updatedAt))
            WHERE asset_id = \(tag.assetID) AND name = \(tag.name)
            """)
    }

    public func deleteTag(assetID: String, name: String) throws {
        try execute("DELETE FROM version_tags WHERE asset_id = \(assetID) AND name = \(name)")
    }

    private static func version(_ row: PostgresRow) throws -> AssetVersion {
        AssetVersion(
            assetID: try row("asset_id"), number: try row("number"), id: try row("id"), location: try row("location"),
            properties: try row.json("properties", as: [String: String].self), sizeBytes: try row("size_bytes"), checksum: try row("checksum"),
            message: try row("message"), runID: try row("run_id"), createdAt: try row.date("created_at"), createdBy: try row("created_by"))
    }

    private static func tag(_ row: PostgresRow) throws -> VersionTag {
        VersionTag(assetID: try row("asset_id"), name: try row("name"), version: try row("version"), versionID: try row("version_id"),
                   message: try row("message"), createdAt: try row.date("created_at"), createdBy: try row("created_by"),
                   updatedAt: try row.date("updated_at"))
    }
}
