import Foundation
import HTTPTypes
import PangolinModel
import Testing
@testable import PangolinServer

/// Pangolin's small everyday routes: logout, health, client configuration, tenant settings, name
/// validation, bulk deletion, the metadata alias, the namespace tree, unified search and token
/// housekeeping. Who may call each is in the authorization matrix; these check what they do.
@Suite("Pangolin's everyday routes")
struct EverydayRoutesTests {
    @Test("logout revokes the token it is called with; DELETE /tokens/{id} revokes another; both answer 204")
    func logoutAndDelete() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            let other = try await api.login()
            #expect(try await api.call(.post, "/api/v1/users/logout", token: token).status == .noContent)
            #expect(try await api.call(.get, "/api/v1/users/me", token: token).status == .unauthorized)
            let minted = try #require(try await api.call(.post, "/api/v1/tokens", token: other, json: "{}").body)
            let id = try #require(minted["token_id"]?.string)
            let mintedToken = try #require(minted["token"]?.string)
            #expect(try await api.call(.delete, "/api/v1/tokens/\(id)", token: other).status == .noContent)
            #expect(try await api.call(.get, "/api/v1/users/me", token: mintedToken).status == .unauthorized)
            #expect(try await api.call(.get, "/api/v1/users/me", token: other).status == .ok)
            let missing = try await api.call(.delete, "/api/v1/tokens/no-such-token", token: other)
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage.contains("no-such-token"))
            #expect(try await api.services.store.auditEventCount(AuditQuery(action: .revokeToken)) == 2)
        }
    }

    @Test("cleanup drops expired token records — the tenant's for its admin, all for root — and keeps valid ones")
    func cleanupTokens() async throws {
        try await Harness.run { api in
            let setup = try await TenantIsolationTests.twoTenants(api)
            let root = try await api.login()
            let rootUser = try #require(try await api.services.store.credentials(username: "admin")?.user)
            let past = Date().addingTimeInterval(-3600)
            for (id, tenantID) in [("expired-default", rootUser.tenantID), ("expired-beta", setup.betaID)] {
                try await api.services.store.recordToken(
                    TokenRecord(id: id, userID: rootUser.id, username: "admin", tenantID: tenantID,
                                issuedAt: past.addingTimeInterval(-60), expiresAt: past, source: .minted),
                    by: .system)
            }
            let beta = try #require(try await api.call(.post, "/api/v1/auth/cleanup-tokens", token: setup.betaAdmin).body)
            #expect(beta["count"]?.int == 1)
            #expect(try await api.services.store.token(id: "expired-beta") == nil)
            #expect(try await api.services.store.token(id: "expired-default") != nil)
            let all = try #require(try await api.call(.post, "/api/v1/auth/cleanup-tokens", token: root).body)
            #expect(all["count"]?.int == 1)
            #expect(all["message"]?.string?.contains("1 expired") == true)
            #expect(try await api.services.store.token(id: "expired-default") == nil)
            #expect(try await api.call(.get, "/api/v1/users/me", token: root).status == .ok)
            #expect(try await api.services.store.auditEventCount(AuditQuery(action: .removeExpiredTokens)) == 2)
        }
    }

    @Test("settings are replaced whole, checked, and the SMTP password is stored sealed and never answered")
    func settings() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let empty = try #require(try await api.call(.get, "/api/v1/config/settings", token: root).body)
            #expect(empty["default_retention_days"] == .null)
            #expect(empty["smtp_password_set"] == .bool(false))
            let put = try await api.call(.put, "/api/v1/config/settings", token: root, json: """
                {"allow_public_signup":false,"default_retention_days":90,"smtp_host":"mail.example.org","smtp_port":587,
                 "smtp_password":"hunter2"}
                """)
            #expect(put.status == .ok)
            #expect(put.body?["smtp_password"] == .null)
            #expect(put.body?["smtp_password_set"] == .bool(true))
            #expect(!put.text.contains("hunter2"))
            let tenantID = try #require(try await api.services.store.tenant(named: "default")?.id)
            let stored = try await api.services.store.settings(tenantID: tenantID)
            #expect(stored.smtpPassword?.hasPrefix(SecretSealer.marker) == true)
            // A PUT without the password keeps it, and replaces everything else.
            let kept = try #require(try await api.call(.put, "/api/v1/config/settings", token: root, json: #"{"smtp_port":2525}"#).body)
            #expect(kept["smtp_password_set"] == .bool(true))
            #expect(kept["smtp_port"]?.int == 2525)
            #expect(kept["default_retention_days"] == .null)
            let cleared = try #require(try await api.call(.put, "/api/v1/config/settings", token: root, json: #"{"smtp_password":""}"#).body)
            #expect(cleared["smtp_password_set"] == .bool(false))
            let bad = try await api.call(.put, "/api/v1/config/settings", token: root, json: #"{"default_retention_days":0}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.errorMessage.contains("default_retention_days"))
            let misspelt = try await api.call(.put, "/api/v1/config/settings", token: root, json: #"{"smtp_hots":"x"}"#)
            #expect(misspelt.status == .badRequest)
            #expect(try await api.call(.get, "/api/v1/config/settings", token: root).body?["smtp_port"]?.int == nil)
        }
    }

    @Test("name validation says which names break a rule, which are taken and which are free")
    func validateNames() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.makeCatalog(token: root)
            try await api.register("churn", token: root)
            let catalogs = try await api.call(.post, "/api/v1/validate/names", token: root,
                                              json: #"{"resource_type":"catalog","names":["lake","fresh","bad.name"]}"#)
            let results = try #require(catalogs.body?["results"]?.array)
            #expect(results.map { $0["available"] } == [.bool(false), .bool(true), .bool(false)])
            #expect(results.map { $0["valid"] } == [.bool(true), .bool(true), .bool(false)])
            #expect(results[0]["reason"]?.string?.contains("already exists") == true)
            #expect(results[2]["reason"]?.string?.contains("'.'") == true)
            let assets = try await api.call(
                .post, "/api/v1/validate/names", token: root,
                json: #"{"resource_type":"asset","catalog":"lake","namespace":"ml.prod","names":["churn","other"]}"#)
            #expect(assets.body?["results"]?.array?.map { $0["available"] } == [.bool(false), .bool(true)])
            let namespaces = try await api.call(
                .post, "/api/v1/validate/names", token: root, json: #"{"resource_type":"namespace","catalog":"lake","names":["ml.prod","ml.dev"]}"#)
            #expect(namespaces.body?["results"]?.array?.map { $0["available"] } == [.bool(false), .bool(true)])
            let unknown = try await api.call(.post, "/api/v1/validate/names", token: root, json: #"{"resource_type":"table","names":["x"]}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorMessage.contains("catalog, warehouse, namespace or asset"))
            let placeless = try await api.call(.post, "/api/v1/validate/names", token: root, json: #"{"resource_type":"asset","names":["x"]}"#)
            #expect(placeless.status == .badRequest)
            #expect(placeless.errorMessage.contains("'catalog'"))
        }
    }

    @Test("bulk deletion authorizes and audits each asset on its own and says which were refused")
    func bulkDelete() async throws {
        try await Harness.run { api in
            let fixture = try await GovernanceFixture.make(api)
            let fresh = try await AuthorizationMatrixTests.freshAsset(fixture, 1)
            let writer = fixture.credentials[.namespaceReadWrite]!
            let before = try await api.services.store.auditEventCount(AuditQuery(action: .deleteAsset))
            let reply = try await api.call(.post, "/api/v1/bulk/assets/delete", json: """
                {"asset_ids":["\(fresh)","\(fixture.secretID)","missing","\(fresh)"]}
                """, headers: writer)
            #expect(reply.status == .ok)
            let body = try #require(reply.body)
            #expect(body["deleted"]?.array == [.string(fresh)])
            #expect(body["succeeded"]?.int == 1)
            #expect(body["failed"]?.int == 2)
            #expect(body["refused"]?.array?.map { $0["asset_id"]?.string } == [fixture.secretID, "missing"])
            #expect(body["refused"]?.array?.map { $0["status"]?.int } == [404, 404])
            #expect(try await api.services.store.asset(id: fixture.secretID) != nil)
            #expect(try await api.services.store.auditEventCount(AuditQuery(action: .deleteAsset)) == before + 1)
            let tooMany = (0...100).map { "\"a\($0)\"" }.joined(separator: ",")
            let refused = try await api.call(.post, "/api/v1/bulk/assets/delete", json: #"{"asset_ids":[\#(tooMany)]}"#, headers: writer)
            #expect(refused.status == .badRequest)
        }
    }

    @Test("the namespace tree holds what the caller may read, with asset counts, and the metadata alias answers as the metadata route")
    func treeAndAlias() async throws {
        try await Harness.run { api in
            let fixture = try await GovernanceFixture.make(api)
            let all = try #require(try await api.call(.get, "/api/v1/catalogs/lake/namespaces/tree", token: fixture.root).body?["root"]?.array)
            #expect(all.map { $0["name"]?.string } == ["ml"])
            let children = try #require(all.first?["children"]?.array)
            #expect(children.map { $0["full_path"] } == [.array([.string("ml"), .string("prod")]), .array([.string("ml"), .string("staging")])])
            #expect(children.map { $0["asset_count"]?.int } == [1, 1])
            let reader = try await api.call(.get, "/api/v1/catalogs/lake/namespaces/tree", headers: fixture.credentials[.namespaceRead]!)
            let top = try #require(reader.body?["root"]?.array?.first)
            // `ml` is readable as the way to `ml.prod`, as GET /v1/lake/namespaces/ml answers; its sibling is not.
            #expect(top["asset_count"]?.int == 0)
            #expect(top["children"]?.array?.map { $0["name"]?.string } == ["prod"])

            let alias = try await api.call(.get, "/api/v1/business-metadata/\(fixture.churnID)", token: fixture.root)
            let route = try await api.call(.get, "/api/v1/assets/\(fixture.churnID)/metadata", token: fixture.root)
            #expect(alias.status == .ok)
            #expect(alias.body == route.body)
        }
    }

    @Test("unified search finds catalogs, namespaces and assets, each only for those who may read it")
    func unifiedSearch() async throws {
        try await Harness.run { api in
            let fixture = try await GovernanceFixture.make(api)
            let root = try #require(try await api.call(.get, "/api/v1/search?q=ml", token: fixture.root).body)
            let names = root["results"]?.array?.map { "\($0["kind"]?.string ?? ""):\($0["name"]?.string ?? "")" } ?? []
            #expect(names == ["Namespace:ml", "Namespace:ml.prod", "Namespace:ml.staging"])
            #expect(root["total"]?.int == 3)
            let reader = try #require(try await api.call(.get, "/api/v1/search?q=prod", headers: fixture.credentials[.namespaceRead]!).body)
            #expect(reader["results"]?.array?.map { $0["name"]?.string } == ["ml.prod"])
            let hidden = try #require(try await api.call(.get, "/api/v1/search?q=staging", headers: fixture.credentials[.namespaceRead]!).body)
            #expect(hidden["results"]?.array == [])
            let lake = try #require(try await api.call(.get, "/api/v1/search?q=LAK", token: fixture.root).body?["results"]?.array)
            #expect(lake.map { $0["kind"]?.string } == ["Catalog"])
            let churn = try #require(try await api.call(.get, "/api/v1/search?q=churn", headers: fixture.credentials[.assetOnly]!).body)
            #expect(churn["results"]?.array?.map { $0["context"]?.string } == ["lake.ml.prod"])
            #expect(try await api.call(.get, "/api/v1/search", token: fixture.root).status == .badRequest)
        }
    }

    @Test("/health is readiness and /api/v1/app-config needs no credential")
    func healthAndAppConfig() async throws {
        try await Harness.run { api in
            let health = try await api.call(.get, "/health")
            #expect(health.status == .ok)
            #expect(health.body?["status"]?.string == "ok")
            let config = try await api.call(.get, "/api/v1/app-config")
            #expect(config.status == .ok)
            #expect(config.body?["auth_enabled"] == .bool(true))
        }
    }
}
