import Foundation
import HTTPTypes
import PangolinModel
import Testing
@testable import PangolinServer

/// Iceberg tables through the REST routes, on every backend: commits as versions, requirements as
/// the guard against lost commits, and the errors a client's mistakes get. PyIceberg's own
/// exchanges are in the compatibility suite.
@Suite("Iceberg tables")
struct IcebergTableTests {
    static let table = "/v1/lake/namespaces/ml.prod/tables/orders"

    /// Root's token, with catalog `lake` keeping its tables in a directory of this run.
    static func lake(_ api: API) async throws -> String {
        let root = try await api.login()
        try await api.makeCatalog(token: root)
        let tables = FileManager.default.temporaryDirectory.appendingPathComponent("iceberg-tests-\(UUID().uuidString)").path
        try await api.ok(.put, "/api/v1/catalogs/lake", token: root, json: #"{"properties":{"location":"file://\#(tables)"}}"#)
        try await api.ok(.post, "/v1/lake/namespaces/ml.prod/tables", token: root, json: GovernanceFixture.tableBody("orders"))
        return root
    }

    static func append(_ snapshot: Int64, after parent: Int64?) -> String {
        let expected = parent.map(String.init) ?? "null"
        let parentField = parent.map { #","parent-snapshot-id":\#($0)"# } ?? ""
        return #"""
            {"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":\#(expected)}],
             "updates":[{"action":"add-snapshot","snapshot":{"snapshot-id":\#(snapshot)\#(parentField),"sequence-number":\#(parent == nil ? 1 : 2),
                         "timestamp-ms":1764000000000,"manifest-list":"file:///nowhere/snap-\#(snapshot).avro","summary":{"operation":"append"}}},
                        {"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":\#(snapshot)}]}
            """#
    }

    @Test("each commit is the table's next version, found by @snapshot-<id>, and audited with its snapshot and operation")
    func commitsAreVersions() async throws {
        try await Harness.run { api in
            let root = try await Self.lake(api)
            let first = try await api.ok(.post, Self.table, token: root, json: Self.append(41, after: nil))
            #expect(first.body["metadata"]?["current-snapshot-id"]?.int == 41)
            let second = try await api.ok(.post, Self.table, token: root, json: Self.append(42, after: 41))
            #expect(second.body["metadata"]?["metadata-log"]?.array?.count == 2)

            let resolved = try await api.ok(.get, "/api/v1/resolve?ref=lake.ml.prod.orders@snapshot-41", token: root)
            #expect(resolved.body["version"]?["number"]?.int == 2)
            #expect(resolved.body["asset"]?["kind"]?.string == "ICEBERG_TABLE")
            let missing = try await api.call(.get, "/api/v1/resolve?ref=lake.ml.prod.orders@snapshot-7", token: root)
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage.contains("snapshot 7"))

            let commits = try await api.services.store.auditEvents(AuditQuery(action: .commitTable))
            #expect(commits.compactMap { $0.metadata?["snapshot_id"] }.sorted { "\($0)" < "\($1)" } == [.int(41), .int(42)])
            #expect(commits.allSatisfy { $0.metadata?["operation"] == .string("append") })
            #expect(try await api.services.store.auditEventCount(AuditQuery(action: .createTable)) == 1)
        }
    }

    @Test("registering over an existing table needs overwrite: then the file is the table's next version, and its history stays")
    func registerOverwrite() async throws {
        try await Harness.run { api in
            let root = try await Self.lake(api)
            let committed = try await api.ok(.post, Self.table, token: root, json: Self.append(41, after: nil))
            let location = try #require(committed.body["metadata-location"]?.string)
            try await api.ok(.post, Self.table, token: root, json: Self.append(42, after: 41))
            let register = "/v1/lake/namespaces/ml.prod/register"
            let refused = try await api.call(.post, register, token: root, json: #"{"name":"orders","metadata-location":"\#(location)"}"#)
            #expect(refused.status == .conflict && refused.body?["error"]?["type"]?.string == "AlreadyExistsException")
            let back = try await api.ok(.post, register, token: root, json: #"{"name":"orders","metadata-location":"\#(location)","overwrite":true}"#)
            #expect(back.body["metadata"]?["current-snapshot-id"]?.int == 41)
            let asset = try await api.ok(.get, "/api/v1/catalogs/lake/namespaces/ml.prod/assets/orders", token: root)
            #expect(asset.body["version"]?.int == 4)
            #expect(asset.body["properties"]?["current-snapshot-id"]?.string == "41")
            let resolved = try await api.ok(.get, "/api/v1/resolve?ref=lake.ml.prod.orders@snapshot-42", token: root)
            #expect(resolved.body["version"]?["number"]?.int == 3, "the replaced version stays in the history")
        }
    }

    @Test("a commit whose requirement fails is 409 CommitFailedException and changes nothing")
    func staleCommit() async throws {
        try await Harness.run { api in
            let root = try await Self.lake(api)
            try await api.ok(.post, Self.table, token: root, json: Self.append(41, after: nil))
            let before = try await api.ok(.get, Self.table, token: root).body["metadata-location"]
            let stale = try await api.call(.post, Self.table, token: root, json: Self.append(50, after: nil))
            #expect(stale.status == .conflict)
            #expect(stale.body?["error"]?["type"]?.string == "CommitFailedException")
            #expect(stale.errorMessage.contains("snapshot 41"))
            let after = try await api.ok(.get, Self.table, token: root)
            #expect(after.body["metadata-location"] == before)
            #expect(after.body["metadata"]?["snapshots"]?.array?.count == 1)
        }
    }

    @Test("a transaction commits to every table or to none: one failed requirement leaves all as they were")
    func transactions() async throws {
        try await Harness.run { api in
            let root = try await Self.lake(api)
            try await api.ok(.post, "/v1/lake/namespaces/ml.prod/tables", token: root, json: GovernanceFixture.tableBody("returns"))
            func change(_ table: String, _ requirement: String) -> String {
                #"{"identifier":{"namespace":["ml","prod"],"name":"\#(table)"},"requirements":[\#(requirement)],"updates":[{"action":"set-properties","updates":{"batch":"1"}}]}"#
            }
            let failing = #"{"type":"assert-current-schema-id","current-schema-id":5}"#
            let refused = try await api.call(.post, "/v1/lake/transactions/commit", token: root,
                                             json: #"{"table-changes":[\#(change("orders", "")),\#(change("returns", failing))]}"#)
            #expect(refused.status == .conflict)
            #expect(refused.body?["error"]?["type"]?.string == "CommitFailedException")
            for table in ["orders", "returns"] {
                let loaded = try await api.ok(.get, "/v1/lake/namespaces/ml.prod/tables/\(table)", token: root)
                #expect(loaded.body["metadata"]?["properties"]?["batch"] == nil)
            }
            let accepted = try await api.call(.post, "/v1/lake/transactions/commit", token: root,
                                              json: #"{"table-changes":[\#(change("orders", "")),\#(change("returns", ""))]}"#)
            #expect(accepted.status == .noContent)
            for table in ["orders", "returns"] {
                let loaded = try await api.ok(.get, "/v1/lake/namespaces/ml.prod/tables/\(table)", token: root)
                #expect(loaded.body["metadata"]?["properties"]?["batch"]?.string == "1")
            }
        }
    }

    @Test("updates a client gets wrong are 400s that name the problem; a missing table is NoSuchTableException")
    func badCommits() async throws {
        try await Harness.run { api in
            let root = try await Self.lake(api)
            for (body, words) in [
                (#"{"requirements":[],"updates":[{"action":"rename-everything"}]}"#, "rename-everything"),
                (#"{"requirements":[],"updates":[{"action":"set-current-schema","schema-id":7}]}"#, "schema 7"),
                (#"{"requirements":[],"updates":[{"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":9}]}"#, "snapshot 9"),
                (#"{"requirements":[{"type":"assert-nothing"}],"updates":[]}"#, "assert-nothing"),
            ] {
                let reply = try await api.call(.post, Self.table, token: root, json: body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.body?["error"]?["type"]?.string == "BadRequestException")
                #expect(reply.errorMessage.contains(words), "\(reply.errorMessage)")
            }
            let missing = try await api.call(.get, "/v1/lake/namespaces/ml.prod/tables/nothing", token: root)
            #expect(missing.status == .notFound)
            #expect(missing.body?["error"]?["type"]?.string == "NoSuchTableException")
            let duplicate = try await api.call(.post, "/v1/lake/namespaces/ml.prod/tables", token: root, json: GovernanceFixture.tableBody("orders"))
            #expect(duplicate.status == .conflict)
            #expect(duplicate.body?["error"]?["type"]?.string == "AlreadyExistsException")
        }
    }
}
