import Foundation
import HTTPTypes
import PangolinModel
import Testing
@testable import PangolinServer

@Suite("Service users and API keys")
struct ServiceUserTests {
    private func key(_ value: String) -> HTTPFields { [apiKeyHeader: value] }

    private func create(_ api: API, token: String, name: String = "etl", role: String = "tenant-admin") async throws -> (id: String, key: String) {
        let reply = try await api.call(.post, "/api/v1/service-users", token: token, json: #"{"name":"\#(name)","role":"\#(role)"}"#)
        #expect(reply.status == .created)
        return (try #require(reply.body?["service_user_id"]?.string), try #require(reply.body?["api_key"]?.string))
    }

    @Test("the API key is shown once, stored only as a hash, and authenticates with X-API-Key in the service user's tenant and role")
    func keyAuthenticates() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.makeCatalog(token: root)
            let (id, apiKey) = try await create(api, token: root)
            let fetched = try await api.call(.get, "/api/v1/service-users/\(id)", token: root)
            #expect(fetched.body?["api_key"] == nil)
            #expect(fetched.body?["role"]?.string == "TenantAdmin")
            #expect(try await api.services.store.serviceUserCredentials(id: id)?.keyHash == APIKeys.hash(apiKey))
            let catalogs = try await api.call(.get, "/api/v1/catalogs", headers: key(apiKey))
            #expect(catalogs.status == .ok)
            #expect(catalogs.body?.array?.map { $0["name"]?.string } == ["lake"])
            #expect(try await api.call(.get, "/api/v1/service-users/\(id)", token: root).body?["last_used_at"]?.string != nil)
            let me = try await api.call(.get, "/api/v1/users/me", headers: key(apiKey))
            #expect(me.status == .notFound && me.errorMessage.contains("GET /api/v1/service-users/\(id)"))
            #expect(try await api.call(.post, "/api/v1/tenants", json: #"{"name":"x"}"#, headers: key(apiKey)).status == .forbidden)
        }
    }

    @Test("rotating a key refuses the old one and accepts the new one; both are audited")
    func rotate() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let (id, old) = try await create(api, token: root)
            let rotated = try await api.call(.post, "/api/v1/service-users/\(id)/rotate", token: root)
            let new = try #require(rotated.body?["api_key"]?.string)
            #expect(new != old)
            let refused = try await api.call(.get, "/api/v1/catalogs", headers: key(old))
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage.contains("API key is not valid"))
            #expect(try await api.call(.get, "/api/v1/catalogs", headers: key(new)).status == .ok)
            let actions = try await api.services.store.auditEvents(AuditQuery(resourceType: "service_user")).map(\.action)
            #expect(Set(actions) == ["create_service_user", "rotate_service_user_key"])
        }
    }

    @Test("a deactivated service user is refused until it is reactivated, and a deleted one for good")
    func deactivateAndDelete() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let (id, apiKey) = try await create(api, token: root)
            #expect(try await api.call(.put, "/api/v1/service-users/\(id)", token: root, json: #"{"active":false}"#).body?["active"] == .bool(false))
            let refused = try await api.call(.get, "/api/v1/catalogs", headers: key(apiKey))
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage.contains("deactivated"))
            _ = try await api.call(.put, "/api/v1/service-users/\(id)", token: root, json: #"{"active":true}"#)
            #expect(try await api.call(.get, "/api/v1/catalogs", headers: key(apiKey)).status == .ok)
            #expect(try await api.call(.delete, "/api/v1/service-users/\(id)", token: root).status == .noContent)
            #expect(try await api.call(.get, "/api/v1/catalogs", headers: key(apiKey)).status == .unauthorized)
        }
    }

    @Test("an expired key is refused with a message saying to rotate it")
    func expired() async throws {
        try await Harness.run { api in
            let generated = APIKeys.generate(for: "01900000-0000-7000-8000-000000000001")
            _ = try await api.services.store.createServiceUser(
                ServiceUserDraft(tenantID: api.services.defaultTenantID, name: "old", description: nil, role: .tenantAdmin,
                                 expiresAt: Date().addingTimeInterval(-1), keyHash: generated.hash),
                id: "01900000-0000-7000-8000-000000000001", by: .system)
            let refused = try await api.call(.get, "/api/v1/catalogs", headers: key(generated.key))
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage.contains("expired; rotate it"))
        }
    }

    @Test("service users of one tenant are invisible to another tenant's admin, and Root is not a service user role")
    func isolationAndRole() async throws {
        try await Harness.run { api in
            let setup = try await TenantIsolationTests.twoTenants(api)
            let (id, _) = try await create(api, token: setup.root)
            #expect(try await api.call(.get, "/api/v1/service-users/\(id)", token: setup.betaAdmin).status == .notFound)
            #expect(try await api.call(.post, "/api/v1/service-users/\(id)/rotate", token: setup.betaAdmin).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/service-users", token: setup.betaAdmin).body?.array?.isEmpty == true)
            let root = try await api.call(.post, "/api/v1/service-users", token: setup.root, json: #"{"name":"boss","role":"root"}"#)
            #expect(root.status == .badRequest)
        }
    }

    @Test("malformed and unknown keys are refused with 401", arguments: [
        "", "pgk_", "pgk_short_secret", "token", "pgk_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz_00", "pgk_01900000000070008000000000000001_wrong",
    ])
    func malformed(value: String) async throws {
        try await Harness.run { api in
            let reply = try await api.call(.get, "/api/v1/catalogs", headers: key(value))
            #expect(reply.status == .unauthorized)
        }
    }
}
