import Foundation
import Testing
import PangolinModel
@testable import PangolinServer

@Suite("Operations")
struct OperationsTests {
    @Test("metrics count requests per route in Prometheus's format, for root only")
    func metrics() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            _ = try await api.call(.get, "/api/v1/catalogs", token: token)
            let reply = try await api.call(.get, "/metrics", token: token)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(reply.text.contains(#"pangolin_http_requests_total{method="GET",route="/api/v1/catalogs",status="200"} 1"#))
            #expect(reply.text.contains("pangolin_http_request_duration_seconds_bucket"))
        }
    }

    @Test("dashboard counts cover every tenant for root and one tenant otherwise")
    func dashboard() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            try await api.register("a", token: token)
            let stats = try await api.call(.get, "/api/v1/dashboard/stats", token: token)
            #expect(stats.body?["scope"]?.string == "system")
            #expect(stats.body?["assets_count"]?.int == 1)
            #expect(stats.body?["namespaces_count"]?.int == 2)
            #expect(stats.body?["catalogs_count"]?.int == 1)
            let summary = try await api.call(.get, "/api/v1/catalogs/lake/summary", token: token)
            #expect(summary.body?["asset_count"]?.int == 1)
            #expect(summary.body?["storage_location"]?.string == "s3://bucket")
        }
    }

    @Test("the audit chain verifies over HTTP and events read back by id")
    func auditOverHTTP() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            let verify = try await api.call(.get, "/api/v1/audit/verify", token: token)
            #expect(verify.body?["valid"] == .bool(true))
            let events = try await api.call(.get, "/api/v1/audit?resource_type=catalog", token: token)
            let id = try #require(events.body?[0]?["id"]?.string)
            #expect(events.body?.array?.count == 1)
            #expect(try await api.call(.get, "/api/v1/audit/\(id)", token: token).body?["action"]?.string == "create_catalog")
        }
    }
}

@Suite("Iceberg namespaces")
struct IcebergNamespaceTests {
    @Test("errors on /v1 paths take Iceberg's shape")
    func icebergErrors() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            let missing = try await api.call(.get, "/v1/lake/namespaces/ml.nope", token: token)
            #expect(missing.status == .notFound)
            #expect(missing.body?["error"]?["type"]?.string == "NoSuchNamespaceException")
            #expect(missing.body?["error"]?["code"]?.int == 404)
            let orphan = try await api.call(.post, "/v1/lake/namespaces", token: token, json: #"{"namespace":["x","y"]}"#)
            #expect(orphan.status == .notFound)
            #expect(orphan.body?["error"]?["message"]?.string?.contains("parent namespace 'x'") == true)
            // The type follows the kind of resource the error is about, not its wording.
            let noCatalog = try await api.call(.get, "/v1/namespace-of-nothing/namespaces", token: token)
            #expect(noCatalog.body?["error"]?["type"]?.string == "NoSuchCatalogException")
            let taken = try await api.call(.post, "/v1/lake/namespaces", token: token, json: #"{"namespace":["ml"]}"#)
            #expect(taken.body?["error"]?["type"]?.string == "AlreadyExistsException")
        }
    }

    @Test("errors on Pangolin's paths name the kind of resource they are about, and the client reads it")
    func resourceKinds() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            let missing = try await api.call(.get, "/api/v1/catalogs/lake/namespaces/ml.prod/assets/nothing", token: token)
            #expect(missing.body?["error"]?["resource"]?.string == "asset")
            let envelope = try JSONDecoder().decode(ErrorEnvelope.self, from: Data(missing.text.utf8))
            let error = envelope.pangolinError(status: 404)
            #expect(error.code == .notFound && error.resource == .asset)
            let taken = try await api.call(.post, "/api/v1/catalogs", token: token, json: #"{"name":"lake"}"#)
            #expect(taken.body?["error"]?["resource"]?.string == "catalog")
            #expect(taken.body?["error"]?["conflict"]?.string == "exists")
        }
    }

    @Test("nested namespaces list under their parent, take property changes, and delete only when empty")
    func namespaceLifecycle() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            #expect(try await api.call(.get, "/v1/lake/namespaces", token: token).body?["namespaces"] == .array([.array(["ml"])]))
            #expect(try await api.call(.get, "/v1/lake/namespaces?parent=ml", token: token).body?["namespaces"] == .array([.array(["ml", "prod"])]))
            let change = try await api.call(
                .post, "/v1/lake/namespaces/ml%1Fprod/properties", token: token,
                json: #"{"updates":{"owner":"ml-team"},"removals":["absent"]}"#)
            #expect(change.body?["updated"] == .array(["owner"]))
            #expect(change.body?["missing"] == .array(["absent"]))
            #expect(try await api.call(.get, "/v1/lake/namespaces/ml.prod", token: token).body?["properties"]?["owner"]?.string == "ml-team")
            #expect(try await api.call(.head, "/v1/lake/namespaces/ml.prod", token: token).status == .noContent)
            let notEmpty = try await api.call(.delete, "/v1/lake/namespaces/ml", token: token)
            #expect(notEmpty.status == .conflict)
            #expect(notEmpty.body?["error"]?["type"]?.string == "NamespaceNotEmptyException")
            #expect(try await api.call(.delete, "/v1/lake/namespaces/ml.prod", token: token).status == .noContent)
            #expect(try await api.call(.delete, "/v1/lake/namespaces/ml", token: token).status == .noContent)
            #expect(try await api.call(.get, "/v1/config", token: token).body?["defaults"] == .object([:]))
        }
    }
}
