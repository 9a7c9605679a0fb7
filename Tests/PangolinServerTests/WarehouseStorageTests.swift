import Foundation
import PangolinModel
import PangolinStore
import Testing
@testable import PangolinServer

@Suite("Warehouse storage settings and the credentials the server hands out")
struct WarehouseStorageTests {
    static let keyed = #"{"s3.bucket":"lake-data","s3.region":"eu-west-1","s3.endpoint":"http://127.0.0.1:8333","s3.path-style-access":"true","prefix":"warehouse","s3.access-key-id":"AKIALAKE","s3.secret-access-key":"lake-secret-value"}"#

    @Test("settings no client could use are refused with a 400 that names the setting, and change nothing", arguments: [
        (#"{"s3.bucket":"B"}"#, "s3.bucket"),
        (#"{"s3.bucket":"ab"}"#, "s3.bucket"),
        (#"{"s3.bucket":"-bucket"}"#, "s3.bucket"),
        (#"{"s3.region":"eu-west-1"}"#, "needs s3.bucket"),
        (#"{"s3.bucket":"bucket","s3.region":"EU WEST"}"#, "s3.region"),
        (#"{"s3.bucket":"bucket","s3.endpoint":"127.0.0.1:8333"}"#, "s3.endpoint"),
        (#"{"s3.bucket":"bucket","s3.endpoint":"ftp://host"}"#, "s3.endpoint"),
        (#"{"s3.bucket":"bucket","s3.path-style-access":"yes"}"#, "s3.path-style-access"),
        (#"{"s3.bucket":"bucket","s3.access-key-id":"AKIA"}"#, "both"),
        (#"{"type":"s3","bucket":"bucket","secret_access_key":"s"}"#, "both"),
    ])
    func invalidSettings(config: String, named: String) async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let created = try await api.call(.post, "/api/v1/warehouses", token: root, json: #"{"name":"bad","storage_config":\#(config)}"#)
            #expect(created.status == .badRequest)
            #expect(created.errorMessage.contains(named), "\(created.errorMessage)")
            #expect(try await api.call(.get, "/api/v1/warehouses/bad", token: root).status == .notFound)

            try await api.ok(.post, "/api/v1/warehouses", token: root, json: #"{"name":"good","storage_config":{"s3.bucket":"good-bucket"}}"#)
            let updated = try await api.call(.put, "/api/v1/warehouses/good", token: root, json: #"{"storage_config":\#(config)}"#)
            #expect(updated.status == .badRequest)
            #expect(try await api.ok(.get, "/api/v1/warehouses/good", token: root).body["storage_config"]?["s3.bucket"]?.string == "good-bucket")
        }
    }

    @Test("settings of other kinds, and none, are kept as they are")
    func otherKinds() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            for (name, config) in [("empty", "{}"), ("azure", #"{"type":"azure","container":"c","account_name":"a"}"#),
                                   ("local", #"{"type":"local","path":"/data"}"#)] {
                try await api.ok(.post, "/api/v1/warehouses", token: root, json: #"{"name":"\#(name)","storage_config":\#(config)}"#)
            }
            #expect(try await api.ok(.get, "/api/v1/warehouses/local", token: root).body["storage_config"]?["path"]?.string == "/data")
        }
    }

    @Test("secrets are sealed in the database, masked in every answer, and kept when a client sends the mask back")
    func sealedAndMasked() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let created = try await api.ok(.post, "/api/v1/warehouses", token: root, json: #"{"name":"lake","storage_config":\#(Self.keyed),"vending_strategy":{"AwsStatic":{"access_key_id":"AKIALAKE","secret_access_key":"strategy-secret"}}}"#)
            #expect(created.body["storage_config"]?["s3.secret-access-key"]?.string == Secrets.mask)
            let tenantID = try #require(created.body["tenant_id"]?.string)
            let stored = try #require(try await api.services.store.warehouse(tenantID: tenantID, name: "lake"))
            let sealed = try #require(stored.storageConfig["s3.secret-access-key"])
            #expect(sealed.hasPrefix("sealed:v1:") && !sealed.contains("lake-secret-value"))
            #expect(stored.storageConfig["s3.access-key-id"] == "AKIALAKE")
            #expect(stored.vendingStrategy?["AwsStatic"]?["secret_access_key"]?.string?.hasPrefix("sealed:v1:") == true)
            for path in ["/api/v1/warehouses/lake", "/api/v1/warehouses"] {
                let text = try await api.call(.get, path, token: root).text
                #expect(!text.contains("lake-secret-value") && !text.contains("strategy-secret") && !text.contains("sealed:v1:"))
            }

            // A client that edits what it read sends the mask back: the secret stays.
            try await api.ok(.post, "/api/v1/catalogs", token: root, json: #"{"name":"sales","warehouse_name":"lake"}"#)
            let edited = Self.keyed.replacingOccurrences(of: "lake-secret-value", with: Secrets.mask).replacingOccurrences(of: "eu-west-1", with: "eu-central-1")
            try await api.ok(.put, "/api/v1/warehouses/lake", token: root, json: #"{"storage_config":\#(edited)}"#)
            let vended = try await api.ok(.get, "/api/v1/warehouses/lake/credentials", token: root).body
            #expect(vended["storage-credentials"]?[0]?["config"]?["s3.secret-access-key"]?.string == "lake-secret-value")
            #expect(vended["storage-credentials"]?[0]?["config"]?["s3.region"]?.string == "eu-central-1")

            let nothingToKeep = try await api.call(.post, "/api/v1/warehouses", token: root,
                                                   json: #"{"name":"masked","storage_config":{"s3.bucket":"bucket","s3.access-key-id":"A","s3.secret-access-key":"\#(Secrets.mask)"}}"#)
            #expect(nothingToKeep.status == .badRequest && nothingToKeep.errorMessage.contains("send the secret itself"))
        }
    }

    @Test("credentials go to those who may write in a catalog on the warehouse; others get a 403; every answer is audited")
    func vending() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.ok(.post, "/api/v1/warehouses", token: root, json: #"{"name":"lake","storage_config":\#(Self.keyed)}"#)
            try await api.ok(.post, "/api/v1/warehouses", token: root, json: #"{"name":"other","storage_config":{"s3.bucket":"other-bucket"}}"#)
            try await api.ok(.post, "/api/v1/catalogs", token: root, json: #"{"name":"sales","warehouse_name":"lake"}"#)
            try await api.ok(.post, "/api/v1/catalogs", token: root, json: #"{"name":"elsewhere"}"#)
            try await api.ok(.post, "/v1/sales/namespaces", token: root, json: #"{"namespace":["orders"]}"#)
            let scope = #"{"type":"namespace","catalog_id":"sales","namespace":"orders"}"#
            try await api.grant(try await api.createUser("writer", role: "TenantUser", token: root), role: "READ_WRITE", scope: scope, token: root)
            try await api.grant(try await api.createUser("reader", role: "TenantUser", token: root), role: "READ", scope: scope, token: root)
            let writer = try await api.login("writer", GovernanceFixture.password)
            let reader = try await api.login("reader", GovernanceFixture.password)

            let answer = try await api.ok(.get, "/api/v1/warehouses/lake/credentials?catalog=sales", token: writer).body
            let credential = try #require(answer["storage-credentials"]?[0])
            #expect(credential["prefix"]?.string == "s3://lake-data/warehouse/")
            #expect(credential["config"] == .object([
                "s3.access-key-id": "AKIALAKE", "s3.secret-access-key": "lake-secret-value", "s3.region": "eu-west-1",
                "s3.endpoint": "http://127.0.0.1:8333", "s3.path-style-access": "true",
            ]))
            #expect(try await api.call(.get, "/api/v1/warehouses/lake/credentials?location=s3://lake-data/warehouse/sales/orders.csv", token: writer).status == .ok)

            let refused = try await api.call(.get, "/api/v1/warehouses/lake/credentials", token: reader)
            #expect(refused.status == .forbidden)
            #expect(refused.errorMessage.contains("reader may not write in catalog 'sales'"), "\(refused.errorMessage)")
            #expect(!refused.text.contains("lake-secret-value"))

            let outside = try await api.call(.get, "/api/v1/warehouses/lake/credentials?location=s3://lake-data/elsewhere/x.csv", token: writer)
            #expect(outside.status == .badRequest && outside.errorMessage.contains("s3://lake-data/warehouse/"))
            let notOnIt = try await api.call(.get, "/api/v1/warehouses/lake/credentials?catalog=elsewhere", token: root)
            #expect(notOnIt.status == .badRequest && notOnIt.errorMessage.contains("does not use warehouse 'lake'"))
            let keyless = try await api.call(.get, "/api/v1/warehouses/other/credentials", token: root)
            #expect(keyless.status == .conflict && keyless.errorMessage.contains("holds no S3 access key"))
            #expect(try await api.call(.get, "/api/v1/warehouses/missing/credentials", token: root).status == .notFound)

            let events = try #require(try await api.call(.get, "/api/v1/audit?action=vend_credentials", token: root).body?.array)
            let outcomes = events.compactMap { event in event["username"]?.string.map { "\($0):\(event["result"]?.string ?? "")" } }
            #expect(outcomes.filter { $0 == "writer:success" }.count == 2)
            #expect(outcomes.contains("reader:denied"))
        }
    }

    @Test("the storage key is kept in the data directory, so secrets survive a restart, and plain secrets of an older server are sealed at start-up")
    func keyInDataDirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pangolin-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = Harness.configuration()
        configuration.dataDirectory = directory.path
        let first = try await CatalogServices.bootstrap(configuration).services
        let tenantID = first.defaultTenantID
        // As an older server stored them: in plain text.
        _ = try await first.store.createWarehouse(
            WarehouseDraft(name: "old", storageConfig: ["s3.bucket": "old-bucket", "s3.access-key-id": "AKIAOLD", "s3.secret-access-key": "old-secret"],
                           vendingStrategy: nil),
            tenantID: tenantID, by: .system)
        let keyFile = directory.appendingPathComponent("storage-key")
        let key = try String(contentsOf: keyFile, encoding: .utf8)
        #expect(Data(base64Encoded: key)?.count == 32)
        #expect((try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int) == 0o600)

        let second = try await CatalogServices.bootstrap(configuration).services
        #expect(try String(contentsOf: keyFile, encoding: .utf8) == key)
        let stored = try #require(try await second.store.warehouse(tenantID: tenantID, name: "old"))
        let sealed = try #require(stored.storageConfig["s3.secret-access-key"])
        #expect(sealed.hasPrefix("sealed:v1:"))
        #expect(try second.sealer.open(sealed) == "old-secret")

        var otherKey = configuration
        otherKey.storageKey = Data(repeating: 7, count: 32).base64EncodedString()
        let third = try await CatalogServices.bootstrap(otherKey).services
        let error = #expect(throws: PangolinError.self) { try third.sealer.open(sealed) }
        #expect(error?.code == .unavailable && error?.message.contains("storage key") == true)
    }

    @Test("a storage key that is not 32 bytes of base64 stops the server with a message saying how to make one", arguments: ["not base64!", "c2hvcnQ="])
    func badStorageKey(key: String) async throws {
        var configuration = Harness.configuration()
        configuration.storageKey = key
        let error = await #expect(throws: StartupError.self) { try await CatalogServices.bootstrap(configuration) }
        #expect(error?.description.contains("storage key") == true, "\(error?.description ?? "")")
    }
}
