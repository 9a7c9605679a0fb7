import Foundation
import PangolinModel
import Testing

@Suite("Asset references")
struct AssetReferenceTests {
    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("the part after @ names a version number, a version id, a day, an instant or a tag")
    func selectors() throws {
        #expect(try AssetReference(parsing: "churn").selector == .latest)
        #expect(try AssetReference(parsing: "churn@v3").selector == .number(3))
        #expect(try AssetReference(parsing: "churn@V12").selector == .number(12))
        #expect(try AssetReference(parsing: "churn@0190F3A2-1C2D-7E4F-8A9B-0C1D2E3F4A5B").selector
            == .versionID("0190f3a2-1c2d-7e4f-8a9b-0c1d2e3f4a5b"))
        #expect(try AssetReference(parsing: "churn@production-2025-12-24").selector == .tag("production-2025-12-24"))
        #expect(try AssetReference(parsing: "churn@snapshot-abc123").selector == .tag("snapshot-abc123"))
        #expect(try AssetReference(parsing: "churn@vNext").selector == .tag("vNext"))
    }

    @Test("a day means up to the end of that UTC day; an instant means up to and including it")
    func times() throws {
        guard case .asOf(let day, _) = try AssetReference(parsing: "f@2025-12-01").selector else { Issue.record("not a day"); return }
        #expect(day == utc("2025-12-02T00:00:00Z"))
        guard case .asOf(let instant, _) = try AssetReference(parsing: "f@2025-12-01T10:00:00+02:00").selector else {
            Issue.record("not an instant"); return
        }
        #expect(instant > utc("2025-12-01T08:00:00Z") && instant < utc("2025-12-01T08:00:01Z"))
        guard case .asOf(let leap, _) = try AssetReference(parsing: "f@2024-02-29").selector else { Issue.record("not a day"); return }
        #expect(leap == utc("2024-03-01T00:00:00Z"))
        guard case .asOf(let fraction, _) = try AssetReference(parsing: "f@2025-12-01T23:59:59.5Z").selector else {
            Issue.record("not an instant"); return
        }
        #expect(fraction > utc("2025-12-01T23:59:59Z"))
    }

    @Test("malformed references are refused with a message saying what is wrong", arguments: [
        ("", "needs an asset name"), ("@v1", "needs an asset name"), ("churn@", "ends with '@'"),
        ("churn@v0", "numbered from 1"), ("churn@2025-02-30", "not a time"), ("churn@2025-12-01T10:00", "not a time"),
        ("ml..churn", "empty part"), ("churn@2025-13-01", "not a time"),
    ])
    func malformed(text: String, message: String) {
        #expect {
            try AssetReference(parsing: text)
        } throws: { error in
            (error as? PangolinError)?.code == .invalidInput && (error as? PangolinError)?.message.contains(message) == true
        }
    }

    @Test("the path is read every way its dots allow, since asset names may hold dots")
    func readings() throws {
        let reference = try AssetReference(parsing: "ml_models.production.churn_v1.0")
        let readings = reference.readings().map { [$0.catalog ?? "-", $0.namespace?.dotted ?? "-", $0.name] }
        #expect(readings == [
            ["-", "-", "ml_models.production.churn_v1.0"],
            ["-", "ml_models", "production.churn_v1.0"],
            ["-", "ml_models.production", "churn_v1.0"],
            ["ml_models", "production", "churn_v1.0"],
            ["-", "ml_models.production.churn_v1", "0"],
            ["ml_models", "production.churn_v1", "0"],
        ])
        let inCatalog = try AssetReference(parsing: "production.churn").readings(catalog: "ml_models")
        #expect(inCatalog.map { [$0.catalog ?? "-", $0.namespace?.dotted ?? "-", $0.name] }
            == [["ml_models", "-", "production.churn"], ["ml_models", "production", "churn"]])
    }

    @Test("tag names that would read as something else are refused", arguments: ["v3", "2025-12-01", "0190f3a2-1c2d-7e4f-8a9b-0c1d2e3f4a5b", "a@b", ""])
    func tagNames(name: String) {
        #expect(throws: PangolinError.self) { try AssetReference.validateTagName(name) }
    }

    @Test("ordinary tag names are accepted", arguments: ["production-2025-12-24", "snapshot-abc123", "release.1.2", "vNext"])
    func goodTagNames(name: String) throws {
        try AssetReference.validateTagName(name)
    }
}
