import HTTPTypes
import Testing
import PangolinModel
@testable import PangolinServer

@Suite("Asset routes")
struct AssetRoutesTests {
    @Test("every one of the seventeen kinds registers and reads back", arguments: AssetKind.allCases)
    func everyKind(kind: AssetKind) async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            let created = try await api.register("asset_\(kind.rawValue.lowercased())", kind: kind.rawValue, token: token)
            #expect(created.status == .created)
            let read = try await api.call(.get, "/api/v1/catalogs/lake/namespaces/ml.prod/assets/asset_\(kind.rawValue.lowercased())", token: token)
            #expect(read.body?["kind"]?.string == kind.rawValue)
            #expect(read.body?["namespace"]?.string == "ml.prod")
        }
    }

    @Test("register, read by name and id, list, update with If-Match, delete")
    func lifecycle() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            let created = try await api.register("customer_churn_v1.0.0", token: token)
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")
            let id = try #require(created.body?["id"]?.string)
            let path = "/api/v1/catalogs/lake/namespaces/ml.prod/assets/customer_churn_v1.0.0"
            #expect(try await api.call(.get, "/api/v1/assets/\(id)", token: token).body?["name"]?.string == "customer_churn_v1.0.0")

            try await api.register("another", token: token)
            let list = try await api.call(.get, "/api/v1/catalogs/lake/namespaces/ml.prod/assets?limit=1", token: token)
            #expect(list.body?.array?.count == 1)
            #expect(list.headers[totalCountHeader] == "2")

            let updated = try await api.call(
                .put, path, token: token, json: #"{"properties":{"framework":"pytorch"}}"#, headers: [.ifMatch: "\"1\""])
            #expect(updated.status == .ok)
            #expect(updated.body?["version"]?.int == 2)
            let stale = try await api.call(
                .put, path, token: token, json: #"{"location":"s3://bucket/lost"}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .conflict)
            #expect(stale.errorMessage.contains("version 2, not 1"))
            #expect(try await api.call(.get, path, token: token).body?["location"]?.string == "s3://bucket/customer_churn_v1.0.0")

            #expect(try await api.call(.delete, path, token: token).status == .noContent)
            #expect(try await api.call(.get, path, token: token).status == .notFound)
            #expect(try await api.call(.delete, path, token: token).status == .notFound)
        }
    }

    @Test("names with spaces and unicode travel percent-encoded in paths")
    func encodedNames() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            #expect(try await api.register("Q4 modèle", token: token).status == .created)
            let read = try await api.call(.get, "/api/v1/catalogs/lake/namespaces/ml.prod/assets/Q4%20mod%C3%A8le", token: token)
            #expect(read.body?["name"]?.string == "Q4 modèle")
        }
    }

    @Test("business metadata is set, read, found by search and deleted")
    func metadata() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            let id = try #require(try await api.register("customer_churn_v2", token: token).body?["id"]?.string)
            let set = try await api.call(
                .post, "/api/v1/assets/\(id)/metadata", token: token,
                json: #"{"description":"Churn model","tags":["ml","production"],"properties":{"metrics":{"accuracy":0.92}},"discoverable":true}"#)
            #expect(set.status == .ok)
            #expect(set.body?["metadata"]?["tags"] == .array(["ml", "production"]))
            let read = try await api.call(.get, "/api/v1/assets/\(id)/metadata", token: token)
            #expect(read.body?["metadata"]?["properties"]?["metrics"]?["accuracy"] == .double(0.92))
            let simple = try await api.call(.get, "/api/v1/assets/search?query=churn&tags=ml,production", token: token)
            #expect(simple.body?[0]?["id"]?.string == id)
            let none = try await api.call(.get, "/api/v1/assets/search?query=churn&tags=ml,staging", token: token)
            #expect(none.body?.array?.isEmpty == true)
            #expect(try await api.call(.delete, "/api/v1/assets/\(id)/metadata", token: token).status == .noContent)
            #expect(try await api.call(.get, "/api/v1/assets/\(id)/metadata", token: token).status == .notFound)
        }
    }

    @Test("the rich search filters, ranks and counts")
    func richSearch() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            try await api.register("churn_model", token: token)
            try await api.register("churn_extract", kind: "CSV_TABLE", token: token)
            try await api.register("fraud_model", token: token)
            let reply = try await api.call(.get, "/api/v1/search/assets?query=churn&kind=ML_MODEL,CSV_TABLE&limit=1", token: token)
            #expect(reply.body?["total"]?.int == 2)
            #expect(reply.body?["items"]?.array?.count == 1)
            let byProperty = try await api.call(
                .get, "/api/v1/search/assets?namespace=ml&property.framework=scikit-learn", token: token)
            #expect(byProperty.body?["total"]?.int == 3)
            let badKind = try await api.call(.get, "/api/v1/search/assets?kind=SPREADSHEET", token: token)
            #expect(badKind.status == .badRequest)
        }
    }
}
