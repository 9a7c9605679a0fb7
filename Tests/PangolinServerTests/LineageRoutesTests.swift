import Foundation
import HTTPTypes
import PangolinModel
@_spi(Tests) @testable import PangolinStore
import Testing
@testable import PangolinServer

@Suite("Lineage over HTTP")
struct LineageRoutesTests {
    /// Catalog `ml_models` with namespaces `production` and `ml_features`, and
    /// `ml_features.customer_features` whose version 1 dates from 2025-11-30 and version 2 from now.
    static func seedCatalog(_ api: API, root: String) async throws -> (features: String, parent: String) {
        try await api.ok(.post, "/api/v1/catalogs", token: root, json: #"{"name":"ml_models"}"#)
        for namespace in ["production", "ml_features"] {
            try await api.ok(.post, "/v1/ml_models/namespaces", token: root, json: #"{"namespace":["\#(namespace)"]}"#)
        }
        let features = try await api.ok(.post, "/api/v1/catalogs/ml_models/namespaces/ml_features/assets", token: root,
                                        json: #"{"name":"customer_features","kind":"PARQUET_TABLE","location":"s3://f/2025-11-30"}"#).id
        let november = StoredValues.micros(ISO8601DateFormatter().date(from: "2025-11-30T12:00:00Z")!)
        try await api.executeUnsafeSQL("UPDATE asset_versions SET created_at = \(november) WHERE asset_id = '\(features)'")
        try await api.ok(.put, "/api/v1/catalogs/ml_models/namespaces/ml_features/assets/customer_features", token: root,
                         json: #"{"location":"s3://f/latest"}"#)
        let parent = try await api.ok(.post, "/api/v1/catalogs/ml_models/namespaces/production/assets", token: root,
                                      json: #"{"name":"customer_churn_v1","kind":"ML_MODEL","location":"s3://m/churn/v1"}"#).id
        return (features, parent)
    }

    @Test("the seed's model: registered with training data at a date and a parent, tagged, and its lineage read both ways")
    func seedModel() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let seed = try await Self.seedCatalog(api, root: root)
            let model = try await api.ok(.post, "/api/v1/catalogs/ml_models/namespaces/production/assets", token: root, json: """
                {"name":"customer_churn_v2","kind":"ML_MODEL","location":"s3://bucket/models/churn/v2/model.pkl",
                 "properties":{"framework":"scikit-learn","version":"2.0.1","metrics.accuracy":"0.92","metrics.f1_score":"0.91"},
                 "message":"Customer churn prediction model trained on Q4 2025 data",
                 "lineage":[{"upstream":"ml_features.customer_features@2025-12-01","relation":"trained_on"},
                            {"upstream":"customer_churn_v1","relation":"parent_model"}]}
                """)
            let tag = try await api.ok(.post, "/api/v1/assets/\(model.id)/tags", token: root, json: #"{"name":"production-2025-12-24"}"#)
            #expect(tag.body["version"]?.int == 1)

            let upstream = try await api.ok(.get, "/api/v1/assets/\(model.id)/lineage?direction=upstream", token: root).body
            let names = Set(upstream["nodes"]?.array?.compactMap { $0["name"]?.string } ?? [])
            #expect(names == ["customer_churn_v2", "customer_features", "customer_churn_v1"])
            let edges = upstream["edges"]?.array ?? []
            let trainedOn = try #require(edges.first { $0["relation"]?.string == "trained_on" })
            #expect(trainedOn["upstream"]?["asset_id"]?.string == seed.features)
            #expect(trainedOn["upstream"]?["version"]?.int == 1, "the date reference is pinned to the version it named")
            #expect(trainedOn["downstream"]?["version"]?.int == 1)
            let parent = try #require(edges.first { $0["relation"]?.string == "parent_model" })
            #expect(parent["upstream"]?["asset_id"]?.string == seed.parent && parent["upstream"]?["version"] == nil)

            let downstream = try await api.ok(.get, "/api/v1/assets/\(seed.features)/lineage?direction=downstream", token: root).body
            #expect(downstream["nodes"]?.array?.compactMap { $0["name"]?.string } == ["customer_features", "customer_churn_v2"])
            let impactOfV1 = try await api.ok(.get, "/api/v1/assets/\(seed.features)/impact?version=1", token: root).body
            #expect(impactOfV1["nodes"]?.array?.compactMap { $0["name"]?.string } == ["customer_features", "customer_churn_v2"])
            let impactOfV2 = try await api.ok(.get, "/api/v1/assets/\(seed.features)/impact?version=2", token: root).body
            #expect(impactOfV2["nodes"]?.array?.count == 1, "the model was trained on version 1, not 2")
            let events = try await api.call(.get, "/api/v1/audit?action=add_lineage", token: root)
            #expect(events.body?.array?.count == 2)

            // Search by version tag and by lineage.
            let tagged = try await api.ok(.get, "/api/v1/search/assets?version_tag=production-2025-12-24", token: root).body
            #expect(tagged["items"]?.array?.compactMap { $0["name"]?.string } == ["customer_churn_v2"])
            let related = try await api.ok(.get, "/api/v1/search/assets?lineage_to=production.customer_churn_v2", token: root).body
            #expect(Set(related["items"]?.array?.compactMap { $0["name"]?.string } ?? []) == ["customer_features", "customer_churn_v1"])
            let fromFeatures = try await api.ok(.get, "/api/v1/search/assets?lineage_to=ml_features.customer_features&query=churn", token: root).body
            #expect(fromFeatures["items"]?.array?.compactMap { $0["name"]?.string } == ["customer_churn_v2"])
        }
    }

    @Test("a cycle ends the walk, depth limits it, and unreadable assets are placeholders without names")
    func cyclesDepthAndRedaction() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let seed = try await Self.seedCatalog(api, root: root)
            let model = try await api.ok(.post, "/api/v1/catalogs/ml_models/namespaces/production/assets", token: root, json: """
                {"name":"churn","kind":"ML_MODEL","location":"s3://m","lineage":[{"upstream":"ml_features.customer_features","relation":"trained_on"}]}
                """).id
            // customer_features derived from the model that was trained on it: a cycle.
            try await api.ok(.post, "/api/v1/assets/\(seed.features)/lineage", token: root, json: #"{"upstream":"production.churn","relation":"derived_from"}"#)
            let both = try await api.ok(.get, "/api/v1/assets/\(model)/lineage?depth=50", token: root).body
            #expect(both["nodes"]?.array?.count == 2 && both["edges"]?.array?.count == 2)
            try await api.ok(.post, "/api/v1/assets/\(seed.parent)/lineage", token: root, json: #"{"upstream":"production.churn","relation":"input"}"#)
            let shallow = try await api.ok(.get, "/api/v1/assets/\(seed.features)/lineage?direction=downstream&depth=1", token: root).body
            #expect(shallow["nodes"]?.array?.compactMap { $0["name"]?.string } == ["customer_features", "churn"])

            let reader = try await api.createUser("reader", role: "TenantUser", token: root)
            try await api.grant(reader, role: "READ", scope: #"{"type":"namespace","catalog_id":"ml_models","namespace":"production"}"#, token: root)
            let token = try await api.login("reader", GovernanceFixture.password)
            let seen = try await api.call(.get, "/api/v1/assets/\(model)/lineage", token: token)
            let nodes = seen.body?["nodes"]?.array ?? []
            let hidden = try #require(nodes.first { $0["redacted"] == .bool(true) })
            #expect(hidden["id"]?.string == "hidden-1" && hidden["name"] == nil)
            #expect(!seen.text.contains("customer_features") && !seen.text.contains(seed.features), "nothing names the hidden asset")
            #expect(seen.body?["edges"]?.array?.allSatisfy { $0["upstream"]?["asset_id"]?.string != seed.features } == true)
        }
    }

    @Test("bad lineage is refused and a registration carrying it leaves nothing behind")
    func badLineage() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let seed = try await Self.seedCatalog(api, root: root)
            let registration = try await api.call(.post, "/api/v1/catalogs/ml_models/namespaces/production/assets", token: root, json: """
                {"name":"orphan","kind":"ML_MODEL","location":"s3://o","lineage":[{"upstream":"ml_features.nowhere","relation":"trained_on"}]}
                """)
            #expect(registration.status == .notFound && registration.errorMessage.contains("no asset named by 'ml_features.nowhere'"))
            #expect(try await api.call(.get, "/api/v1/catalogs/ml_models/namespaces/production/assets/orphan", token: root).status == .notFound)
            let cases: [(String, String, Int, String)] = [
                (seed.parent, #"{"upstream":"ml_features.customer_features","relation":"Trained-On"}"#, 400, "lower_snake"),
                (seed.parent, #"{"upstream":"production.customer_churn_v1","relation":"input"}"#, 400, "cannot be its own"),
                (seed.parent, #"{"upstream":"ml_features.customer_features@v9","relation":"input"}"#, 404, "there is no version 9"),
            ]
            for (id, body, status, message) in cases {
                let reply = try await api.call(.post, "/api/v1/assets/\(id)/lineage", token: root, json: body)
                #expect(Int(reply.status.code) == status && reply.errorMessage.contains(message), "\(body): \(reply.text)")
            }
            for query in ["depth=0", "depth=51", "depth=x", "direction=sideways"] {
                #expect(try await api.call(.get, "/api/v1/assets/\(seed.parent)/lineage?\(query)", token: root).status == .badRequest, "\(query)")
            }
        }
    }
}
