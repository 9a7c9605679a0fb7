import HTTPTypes
import Testing
import PangolinModel
@testable import PangolinServer

@Suite("Tenants and isolation")
struct TenantIsolationTests {
    /// Root's default tenant holds `lake.ml.prod.churn`; tenant `beta` has its own admin.
    static func twoTenants(_ api: API) async throws -> (root: String, betaAdmin: String, betaID: String, assetID: String) {
        let root = try await api.login()
        try await api.makeCatalog(token: root)
        let asset = try await api.register("churn", token: root)
        let beta = try await api.call(.post, "/api/v1/tenants", token: root, json: #"{"name":"beta"}"#)
        let betaID = try #require(beta.body?["id"]?.string)
        let created = try await api.call(
            .post, "/api/v1/users", token: root,
            json: #"{"username":"beta-admin","email":"a@beta.example","role":"TenantAdmin","tenant_id":"\#(betaID)","password":"beta-password"}"#)
        #expect(created.status == .created)
        return (root, try await api.login("beta-admin", "beta-password"), betaID, try #require(asset.body?["id"]?.string))
    }

    @Test("a tenant admin works in their own tenant and sees nothing of another")
    func isolation() async throws {
        try await Harness.run { api in
            let setup = try await Self.twoTenants(api)
            let catalogs = try await api.call(.get, "/api/v1/catalogs", token: setup.betaAdmin)
            #expect(catalogs.body?.array?.isEmpty == true)
            #expect(try await api.call(.get, "/api/v1/assets/\(setup.assetID)", token: setup.betaAdmin).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/catalogs/lake/namespaces/ml.prod/assets/churn", token: setup.betaAdmin).status == .notFound)
            let search = try await api.call(.get, "/api/v1/assets/search?query=churn", token: setup.betaAdmin)
            #expect(search.body?.array?.isEmpty == true)
            // In their own tenant the same names are free.
            try await api.makeCatalog(token: setup.betaAdmin)
            #expect(try await api.register("churn", token: setup.betaAdmin).status == .created)
        }
    }

    @Test("a tenant admin cannot reach another tenant through the tenant header, nor manage tenants")
    func crossingIsDenied() async throws {
        try await Harness.run { api in
            let setup = try await Self.twoTenants(api)
            let crossing = try await api.call(.get, "/api/v1/catalogs", token: setup.betaAdmin, headers: [tenantHeader: "default"])
            #expect(crossing.status == .forbidden)
            #expect(try await api.call(.post, "/api/v1/tenants", token: setup.betaAdmin, json: #"{"name":"gamma"}"#).status == .forbidden)
            let defaultTenantID = api.services.defaultTenantID
            #expect(try await api.call(.get, "/api/v1/tenants/\(defaultTenantID)", token: setup.betaAdmin).status == .forbidden)
            #expect(try await api.call(.get, "/api/v1/audit/verify", token: setup.betaAdmin).status == .forbidden)
            let denials = try await api.services.store.auditEvents(AuditQuery(action: .deny))
            #expect(denials.count == 4)
            #expect(denials.allSatisfy { $0.username == "beta-admin" && $0.result == .denied })
        }
    }

    @Test("root chooses a tenant with X-Pangolin-Tenant, by id or by name")
    func rootChoosesTenant() async throws {
        try await Harness.run { api in
            let setup = try await Self.twoTenants(api)
            try await api.makeCatalog(token: setup.root, headers: [tenantHeader: setup.betaID])
            let inBeta = try await api.call(.get, "/api/v1/catalogs", token: setup.betaAdmin)
            #expect(inBeta.body?.array?.count == 1)
            let byName = try await api.call(.get, "/api/v1/catalogs/lake", token: setup.root, headers: [tenantHeader: "beta"])
            #expect(byName.body?["tenant_id"]?.string == setup.betaID)
            let missing = try await api.call(.get, "/api/v1/catalogs", token: setup.root, headers: [tenantHeader: "nope"])
            #expect(missing.status == .notFound)
        }
    }

    @Test("a tenant audit log shows only that tenant's events")
    func auditIsScoped() async throws {
        try await Harness.run { api in
            let setup = try await Self.twoTenants(api)
            let events = try await api.call(.get, "/api/v1/audit?limit=1000", token: setup.betaAdmin)
            let tenants = Set(events.body?.array?.compactMap { $0["tenant-id"]?.string } ?? [])
            #expect(tenants == [setup.betaID])
            let rootCount = try await api.call(.get, "/api/v1/audit/count", token: setup.root).body?["count"]?.int ?? 0
            let betaCount = try await api.call(.get, "/api/v1/audit/count", token: setup.betaAdmin).body?["count"]?.int ?? 0
            #expect(rootCount > betaCount)
        }
    }

    @Test("tenants: created by root, listed, updated, and deleted only when empty")
    func tenantLifecycle() async throws {
        try await Harness.run { api in
            let setup = try await Self.twoTenants(api)
            let listed = try await api.call(.get, "/api/v1/tenants?limit=1&offset=1", token: setup.root)
            #expect(listed.body?.array?.count == 1)
            let updated = try await api.call(.put, "/api/v1/tenants/\(setup.betaID)", token: setup.root, json: #"{"properties":{"tier":"gold"}}"#)
            #expect(updated.body?["properties"]?["tier"]?.string == "gold")
            let refused = try await api.call(.delete, "/api/v1/tenants/\(setup.betaID)", token: setup.root)
            #expect(refused.status == .conflict)
            #expect(refused.errorMessage.contains("1 user"))
            let duplicate = try await api.call(.post, "/api/v1/tenants", token: setup.root, json: #"{"name":"beta"}"#)
            #expect(duplicate.status == .conflict)
            let defaultTenant = try await api.call(.delete, "/api/v1/tenants/\(api.services.defaultTenantID)", token: setup.root)
            #expect(defaultTenant.status == .conflict)
        }
    }
}
