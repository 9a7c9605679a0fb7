import Foundation
import HTTPTypes
import PangolinModel
import Testing
@testable import PangolinServer

@Suite("Tokens: mint, list, revoke")
struct TokenTests {
    @Test("a minted token works, and tokens from login and minting are listed without their text")
    func mintAndList() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let minted = try await api.call(.post, "/api/v1/tokens", token: root, json: #"{"expires_in_hours": 2}"#)
            #expect(minted.status == .created)
            let token = try #require(minted.body?["token"]?.string)
            let tokenID = try #require(minted.body?["token_id"]?.string)
            #expect(try await api.call(.get, "/api/v1/users/me", token: token).status == .ok)
            let list = try await api.call(.get, "/api/v1/users/me/tokens", token: token)
            let items = try #require(list.body?.array)
            #expect(items.map { $0["source"]?.string } == ["minted", "login"])
            #expect(items.first?["id"]?.string == tokenID)
            #expect(!list.text.contains(token), "a token's text is never listed")
            let events = try await api.services.store.auditEvents(AuditQuery(action: .mintToken))
            #expect(events.map(\.resourceID) == [tokenID])
        }
    }

    @Test("a revoked token is refused on the very next request, and other tokens keep working")
    func revokeOne() async throws {
        try await Harness.run { api in
            let first = try await api.login()
            let second = try await api.login()
            #expect(try await api.call(.get, "/api/v1/users/me", token: first).status == .ok)
            let id = try #require(try await api.call(.get, "/api/v1/users/me/tokens", token: second).body?.array?.last?["id"]?.string)
            let revoked = try await api.call(.post, "/api/v1/auth/revoke/\(id)", token: second)
            #expect(revoked.status == .ok)
            let refused = try await api.call(.get, "/api/v1/users/me", token: first)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage.contains("revoked"))
            #expect(try await api.call(.get, "/api/v1/users/me", token: second).status == .ok)
            #expect(try await api.services.store.auditEvents(AuditQuery(action: .revokeToken)).map(\.resourceID) == [id])
        }
    }

    @Test("revoking the current token logs out")
    func logout() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            #expect(try await api.call(.post, "/api/v1/auth/revoke", token: token).status == .ok)
            #expect(try await api.call(.get, "/api/v1/users/me", token: token).status == .unauthorized)
        }
    }

    @Test("an administrator revokes every token of a user in their tenant, but cannot see users of another tenant")
    func revokeAllOfAUser() async throws {
        try await Harness.run { api in
            let setup = try await TenantIsolationTests.twoTenants(api)
            let created = try await api.call(
                .post, "/api/v1/users", token: setup.betaAdmin,
                json: #"{"username":"bob","role":"TenantUser","password":"bob-password"}"#)
            let bobID = try #require(created.body?["id"]?.string)
            let bobTokens = [try await api.login("bob", "bob-password"), try await api.login("bob", "bob-password")]
            let reply = try await api.call(.delete, "/api/v1/users/\(bobID)/tokens", token: setup.betaAdmin)
            #expect(reply.body?["revoked"]?.int == 2)
            for token in bobTokens {
                #expect(try await api.call(.get, "/api/v1/users/me", token: token).status == .unauthorized)
            }
            let rootID = try #require(try await api.call(.get, "/api/v1/users/me", token: setup.root).body?["id"]?.string)
            #expect(try await api.call(.delete, "/api/v1/users/\(rootID)/tokens", token: setup.betaAdmin).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/users/me", token: setup.root).status == .ok)
        }
    }

    @Test("a user cannot mint or revoke tokens of another user", arguments: ["mint", "revoke"])
    func othersTokens(operation: String) async throws {
        try await Harness.run { api in
            let setup = try await TenantIsolationTests.twoTenants(api)
            _ = try await api.call(.post, "/api/v1/users", token: setup.betaAdmin,
                                   json: #"{"username":"carol","role":"TenantUser","password":"carol-password"}"#)
            let carol = try await api.login("carol", "carol-password")
            let reply: API.Reply
            if operation == "mint" {
                reply = try await api.call(.post, "/api/v1/tokens", token: carol, json: #"{"username":"beta-admin"}"#)
            } else {
                let id = try #require(try await api.call(.get, "/api/v1/users/me/tokens", token: setup.betaAdmin).body?.array?.first?["id"]?.string)
                reply = try await api.call(.post, "/api/v1/auth/revoke/\(id)", token: carol)
            }
            #expect(reply.status == .notFound)
            #expect(try await api.call(.get, "/api/v1/users/me", token: setup.betaAdmin).status == .ok)
        }
    }

    @Test("mint bodies are checked", arguments: [
        (#"{"expires_in_hours": 0}"#, "expires_in_hours"),
        (#"{"expires_in_days": 30}"#, "expires_in_days"),
        (#"{"roles": ["TenantUser"]}"#, "'roles' may only name"),
        (#"{"username": "nobody-at-all"}"#, "no user named"),
    ])
    func badMint(body: String, fragment: String) async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let reply = try await api.call(.post, "/api/v1/tokens", token: root, json: body)
            #expect(reply.status == .badRequest || reply.status == .notFound)
            #expect(reply.errorMessage.contains(fragment))
        }
    }

    @Test("revocations survive a restart")
    func revocationsPersist() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = Harness.configuration()
        configuration.dataDirectory = directory.path
        let first = try await CatalogServices.bootstrap(configuration).services
        let user = try #require(try await first.store.credentials(username: "admin")?.user)
        let issued = try await first.tokens.issue(for: user)
        try await first.store.recordToken(
            TokenRecord(id: issued.id, userID: user.id, username: user.username, tenantID: nil,
                        issuedAt: issued.issuedAt, expiresAt: issued.expiresAt, source: .login),
            by: AuditActor(userID: user.id, username: user.username, ipAddress: nil, userAgent: nil))
        _ = try await first.store.revokeToken(id: issued.id, by: AuditActor(userID: user.id, username: user.username, ipAddress: nil, userAgent: nil))
        let restarted = try await CatalogServices.bootstrap(configuration).services
        let error = await #expect(throws: PangolinError.self) { try await restarted.tokens.verify(issued.token) }
        #expect(error?.message.contains("revoked") == true)
    }
}
