import Foundation
import HTTPTypes
import PangolinModel
import Testing
@testable import PangolinServer

@Suite("Versions, tags and references over HTTP")
struct VersionRoutesTests {
    @Test("registering makes version 1, each change of location or properties the next, metadata none; versions list, get and diff")
    func versions() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.makeCatalog(token: root)
            let asset = try await api.ok(.post, "/api/v1/catalogs/lake/namespaces/ml.prod/assets", token: root, json: """
                {"name":"customer_churn_v2","kind":"ML_MODEL","location":"s3://m/churn/v2/model.pkl",
                 "properties":{"framework":"scikit-learn","accuracy":"0.90"},"message":"first training","size_bytes":1024,"checksum":"sha256:ab"}
                """)
            let path = "/api/v1/catalogs/lake/namespaces/ml.prod/assets/customer_churn_v2"
            try await api.ok(.put, path, token: root, json: #"{"properties":{"framework":"scikit-learn","accuracy":"0.92","f1":"0.91"},"message":"retrained","run_id":"run-7"}"#)
            try await api.ok(.post, "/api/v1/assets/\(asset.id)/metadata", token: root, json: #"{"description":"churn"}"#)
            try await api.ok(.put, path, token: root, json: #"{"location":"s3://m/churn/v2/model-3.pkl"}"#)

            let listed = try await api.call(.get, "/api/v1/assets/\(asset.id)/versions", token: root)
            #expect(listed.body?.array?.compactMap { $0["number"]?.int } == [3, 2, 1], "newest first; metadata made no version")
            #expect(listed.headers[totalCountHeader] == "3")
            let first = try await api.ok(.get, "/api/v1/assets/\(asset.id)/versions/1", token: root).body
            #expect(first["message"]?.string == "first training" && first["size_bytes"]?.int == 1024 && first["checksum"]?.string == "sha256:ab")
            #expect(first["created_by"]?.string == "admin")
            let firstID = first["id"]?.string ?? ""
            #expect(first["short_id"]?.string == String(firstID.replacingOccurrences(of: "-", with: "").suffix(12)))
            let second = try await api.ok(.get, "/api/v1/assets/\(asset.id)/versions/v2", token: root).body
            #expect(second["run_id"]?.string == "run-7")
            let byID = try await api.ok(.get, "/api/v1/assets/\(asset.id)/versions/\(second["id"]?.string ?? "")", token: root).body
            #expect(byID["number"]?.int == 2)

            let diff = try await api.ok(.get, "/api/v1/assets/\(asset.id)/diff?from=1&to=3", token: root).body
            #expect(diff["location"]?["from"]?.string == "s3://m/churn/v2/model.pkl")
            #expect(diff["added"] == .object(["f1": .string("0.91")]))
            #expect(diff["changed"]?["accuracy"] == .object(["from": .string("0.90"), "to": .string("0.92")]))
            #expect(diff["removed"] == .object([:]))
            let last = try await api.ok(.get, "/api/v1/assets/\(asset.id)/diff", token: root).body
            #expect(last["from"]?.int == 2 && last["to"]?.int == 3 && last["added"] == .object([:]))

            let missing = try await api.call(.get, "/api/v1/assets/\(asset.id)/versions/9", token: root)
            #expect(missing.status == .notFound && missing.errorMessage == "there is no version 9; the latest is v3")
            let bad = try await api.call(.put, path, token: root, json: #"{"location":"s3://x","size_bytes":-1}"#)
            #expect(bad.status == .badRequest && bad.errorMessage.contains("size_bytes"))
        }
    }

    @Test("the seed's create-tag: a tag names one version, moves explicitly, and resolves in references")
    func tags() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.makeCatalog(token: root)
            let id = try await api.register("customer_churn_v2", token: root).body?["id"]?.string ?? ""
            let tag = try await api.ok(.post, "/api/v1/assets/\(id)/tags", token: root, json: #"{"name":"production-2025-12-24","message":"go live"}"#)
            #expect(tag.body["version"]?.int == 1)
            try await api.ok(.put, "/api/v1/catalogs/lake/namespaces/ml.prod/assets/customer_churn_v2", token: root, json: #"{"location":"s3://v2"}"#)
            let resolved = try await api.ok(.get, "/api/v1/resolve?ref=ml.prod.customer_churn_v2@production-2025-12-24", token: root).body
            #expect(resolved["version"]?["number"]?.int == 1 && resolved["asset"]?["id"]?.string == id)
            let moved = try await api.ok(.put, "/api/v1/assets/\(id)/tags/production-2025-12-24", token: root, json: #"{"version":"v2"}"#)
            #expect(moved.body["version"]?.int == 2)
            let now = try await api.ok(.get, "/api/v1/resolve?ref=customer_churn_v2@production-2025-12-24", token: root).body
            #expect(now["version"]?["location"]?.string == "s3://v2")
            let listed = try await api.call(.get, "/api/v1/assets/\(id)/tags", token: root)
            #expect(listed.body?.array?.compactMap { $0["name"]?.string } == ["production-2025-12-24"])

            for (body, status, message) in [
                (#"{"name":"v3"}"#, 400, "would read as a version"),
                (#"{"name":"production-2025-12-24"}"#, 409, "already has a tag"),
                (#"{"name":"later","version":"7"}"#, 404, "there is no version 7"),
            ] {
                let reply = try await api.call(.post, "/api/v1/assets/\(id)/tags", token: root, json: body)
                #expect(Int(reply.status.code) == status && reply.errorMessage.contains(message), "\(body): \(reply.text)")
            }
            try await api.ok(.delete, "/api/v1/assets/\(id)/tags/production-2025-12-24", token: root)
            let gone = try await api.call(.get, "/api/v1/resolve?ref=customer_churn_v2@production-2025-12-24", token: root)
            #expect(gone.status == .notFound && gone.errorMessage == "there is no tag 'production-2025-12-24' (the asset has no tags)")
        }
    }

    @Test("a reference matching several readable assets is a 400 naming them; one matching none says so; unreadable ones do not count")
    func resolution() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            try await api.ok(.post, "/api/v1/catalogs/lake/namespaces/ml.staging/assets", token: f.root,
                             json: #"{"name":"churn","kind":"CSV_TABLE","location":"s3://bucket/staging-churn"}"#)
            let ambiguous = try await api.call(.get, "/api/v1/resolve?ref=churn", token: f.root)
            #expect(ambiguous.status == .badRequest)
            #expect(ambiguous.errorMessage == "'churn' is ambiguous: it names lake.ml.prod.churn, lake.ml.staging.churn; write catalog.namespace.name")
            #expect(try await api.ok(.get, "/api/v1/resolve?ref=ml.staging.churn", token: f.root).body["asset"]?["namespace"]?.string == "ml.staging")
            // The namespace reader cannot read the staging one, so for them the name is not ambiguous.
            let reader = try await api.call(.get, "/api/v1/resolve?ref=churn@v1", headers: f.credentials[.namespaceRead]!)
            #expect(reader.status == .ok && reader.body?["asset"]?["id"]?.string == f.churnID)
            let none = try await api.call(.get, "/api/v1/resolve?ref=lake.ml.nowhere.churn", token: f.root)
            #expect(none.status == .notFound && none.errorMessage.contains("no asset named by 'lake.ml.nowhere.churn'"))
            let malformed = try await api.call(.get, "/api/v1/resolve?ref=churn@", token: f.root)
            #expect(malformed.status == .badRequest)
            #expect(try await api.call(.get, "/api/v1/resolve", token: f.root).status == .badRequest)
        }
    }

    @Test("a deleted asset's history stays readable to administrators, and a new asset of the same name starts its own")
    func deletionKeepsHistory() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            let path = "/api/v1/catalogs/lake/namespaces/ml.prod/assets/churn"
            try await api.ok(.put, path, token: f.root, json: #"{"location":"s3://bucket/churn-2"}"#)
            try await api.ok(.delete, path, token: f.root)
            let history = try await api.call(.get, "/api/v1/assets/\(f.churnID)/versions", headers: f.credentials[.tenantAdmin]!)
            #expect(history.body?.array?.compactMap { $0["number"]?.int } == [2, 1])
            #expect(try await api.call(.get, "/api/v1/assets/\(f.churnID)/versions", headers: f.credentials[.namespaceRead]!).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/assets/\(f.churnID)/versions", headers: f.credentials[.otherAdmin]!).status == .notFound)

            let again = try await api.register("churn", token: f.root)
            let newID = try #require(again.body?["id"]?.string)
            #expect(newID != f.churnID && again.body?["version"]?.int == 1)
            let fresh = try await api.call(.get, "/api/v1/assets/\(newID)/versions", token: f.root)
            #expect(fresh.body?.array?.count == 1, "the new asset's history does not include the old one's")
            let events = try await api.call(.get, "/api/v1/audit?action=delete_asset", token: f.root)
            #expect(events.body?.array?.first?["resource_id"]?.string == f.churnID)
        }
    }
}
