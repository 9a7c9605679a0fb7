import Foundation
import GRDB
import Testing
import PangolinModel
@testable import PangolinStore

@Suite("Versions, tags and time references")
struct VersionStoreTests {
    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// An asset with four versions made at the given times.
    func history(_ times: [String], on backend: Backend) async throws -> (StoreFixture, Asset) {
        let fixture = try await StoreFixture(backend)
        var asset = try await fixture.register("customer_features", kind: .parquetTable)
        for i in 2...times.count {
            asset = try await fixture.store.updateAsset(
                at: asset.address, with: AssetUpdate(location: "s3://bucket/features/\(i)", properties: nil, expectedVersion: nil), by: tester)
        }
        let id = asset.id
        let stamps = times.map { StoredValues.micros(utc($0)) }
        for (index, stamp) in stamps.enumerated() {
            try await fixture.execute("UPDATE asset_versions SET created_at = \(stamp) WHERE asset_id = '\(id)' AND number = \(index + 1)")
        }
        return (fixture, asset)
    }

    func number(_ fixture: StoreFixture, _ asset: Asset, _ reference: String) async throws -> Int {
        try await fixture.store.version(assetID: asset.id, AssetReference(parsing: "x@\(reference)").selector).number
    }

    @Test("a day reference takes the last version made before the next UTC midnight; an instant includes itself", arguments: Backend.allCases)
    func acrossMidnight(backend: Backend) async throws {
        let (fixture, asset) = try await history([
            "2025-11-30T23:59:59Z", "2025-12-01T00:00:00Z", "2025-12-01T23:59:59Z", "2025-12-02T00:00:00Z",
        ], on: backend)
        #expect(try await number(fixture, asset, "2025-11-30") == 1)
        #expect(try await number(fixture, asset, "2025-12-01") == 3, "the last version of the day, not the one at the next midnight")
        #expect(try await number(fixture, asset, "2025-12-02") == 4)
        #expect(try await number(fixture, asset, "2025-12-01T00:00:00Z") == 2, "an instant includes a version made at that instant")
        #expect(try await number(fixture, asset, "2025-12-01T01:59:59+02:00") == 1, "offsets are converted to UTC")
        await #expect {
            try await number(fixture, asset, "2025-11-29")
        } throws: { error in
            (error as? PangolinError)?.message == "the asset had no version on or before 2025-11-29 (its first version is from 2025-11-30T23:59:59Z)"
        }
    }

    @Test("a tag moved to a newer version resolves to it, and the move is audited with both versions", arguments: Backend.allCases)
    func movedTag(backend: Backend) async throws {
        let (fixture, asset) = try await history(["2025-12-01T00:00:00Z", "2025-12-02T00:00:00Z", "2025-12-03T00:00:00Z"], on: backend)
        let tag = try await fixture.store.createTag(assetID: asset.id, name: "production", at: .number(1), message: "first", by: tester)
        #expect(tag.version == 1)
        #expect(try await number(fixture, asset, "production") == 1)
        _ = try await fixture.store.moveTag(assetID: asset.id, name: "production", to: .latest, by: tester)
        #expect(try await number(fixture, asset, "production") == 3)
        let events = try await fixture.store.auditEvents(AuditQuery(action: .moveTag, limit: 10))
        #expect(events.first?.metadata?["from_version"] == .int(1) && events.first?.metadata?["version"] == .int(3))
        await #expect(throws: PangolinError.conflict("asset 'customer_features' in namespace 'ml.prod' of catalog 'lake' already has a tag 'production'; move it with PUT …/tags/production or choose another name")) {
            try await fixture.store.createTag(assetID: asset.id, name: "production", at: .latest, message: nil, by: tester)
        }
        await #expect {
            try await number(fixture, asset, "staging")
        } throws: { error in (error as? PangolinError)?.message == "there is no tag 'staging'; its tags are production" }
        await #expect {
            try await number(fixture, asset, "v9")
        } throws: { error in (error as? PangolinError)?.message == "there is no version 9; the latest is v3" }
    }

    @Test("resolving a date on 10,000 versions finds the right one through SQLite's index", arguments: Backend.sqlite)
    func manyVersions(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let asset = try await fixture.register("events", kind: .parquetTable)
        let start = StoredValues.micros(utc("2024-01-01T00:00:00Z"))
        try await fixture.sqlite.database.write { db in
            for number in 2...10_000 {
                try db.execute(
                    sql: "INSERT INTO asset_versions (asset_id, number, id, location, properties, created_at) VALUES (?, ?, ?, 's3://x', '{}', ?)",
                    arguments: [asset.id, number, Identifiers.make(), start + Int64(number) * 3_600_000_000])
            }
            try db.execute(sql: "UPDATE asset_versions SET created_at = ? WHERE asset_id = ? AND number = 1", arguments: [start, asset.id])
        }
        // Version n is made n hours after the start; the last one of 2024-01-02 is hour 47.
        #expect(try await number(fixture, asset, "2024-01-02") == 47)
        let plan = try await fixture.sqlite.database.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT * FROM asset_versions WHERE asset_id = ? AND created_at < ? ORDER BY created_at DESC, number DESC LIMIT 1
                """, arguments: [asset.id, 0]).map { $0["detail"] as String }.joined(separator: " ")
        }
        #expect(plan.contains("asset_versions_time"), "\(plan)")
    }
}
