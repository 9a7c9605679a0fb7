import Foundation
import HTTPTypes
import PangolinModel
import PangolinStore
import Testing
@testable import PangolinServer

@Suite("User accounts: update, delete and token rotation")
struct UserAccountTests {
    func makeUser(_ api: API, root: String, name: String = "dana") async throws -> (id: String, token: String) {
        let id = try await api.createUser(name, role: "TenantUser", token: root)
        return (id, try await api.login(name, GovernanceFixture.password))
    }

    @Test("deactivating a user or changing their role refuses their tokens on the next request, and login too while inactive")
    func deactivation() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let dana = try await makeUser(api, root: root)
            #expect(try await api.call(.get, "/api/v1/users/me", token: dana.token).status == .ok)
            let updated = try await api.ok(.put, "/api/v1/users/\(dana.id)", token: root, json: #"{"active":false}"#)
            #expect(updated.body["active"] == .bool(false))
            #expect(try await api.call(.get, "/api/v1/users/me", token: dana.token).status == .unauthorized)
            let login = try await api.call(.post, "/api/v1/users/login", json: #"{"username":"dana","password":"\#(GovernanceFixture.password)"}"#)
            #expect(login.status == .unauthorized)

            try await api.ok(.put, "/api/v1/users/\(dana.id)", token: root, json: #"{"active":true}"#)
            let second = try await api.login("dana", GovernanceFixture.password)
            let promoted = try await api.ok(.put, "/api/v1/users/\(dana.id)", token: root, json: #"{"role":"tenant-admin"}"#)
            #expect(promoted.body["role"]?.string == "TenantAdmin")
            #expect(try await api.call(.get, "/api/v1/users/me", token: second).status == .unauthorized, "the old token carries the old role")
        }
    }

    @Test("users change their own email and password, but not their role; nobody changes another tenant's users")
    func selfService() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let dana = try await makeUser(api, root: root)
            let changed = try await api.ok(.put, "/api/v1/users/\(dana.id)", token: dana.token, json: #"{"email":"dana@new.example","password":"a-new-password"}"#)
            #expect(changed.body["email"]?.string == "dana@new.example")
            #expect(try await api.login("dana", "a-new-password").isEmpty == false)
            let promote = try await api.call(.put, "/api/v1/users/\(dana.id)", token: dana.token, json: #"{"role":"TenantAdmin"}"#)
            #expect(promote.status == .forbidden)
            let short = try await api.call(.put, "/api/v1/users/\(dana.id)", token: dana.token, json: #"{"password":"short"}"#)
            #expect(short.status == .badRequest)
            let unknown = try await api.call(.put, "/api/v1/users/\(dana.id)", token: dana.token, json: #"{"nickname":"d"}"#)
            #expect(unknown.status == .badRequest)

            let setup = try await TenantIsolationTests.twoTenants(api)
            #expect(try await api.call(.put, "/api/v1/users/\(dana.id)", token: setup.betaAdmin, json: #"{"active":false}"#).status == .notFound)
            #expect(try await api.call(.delete, "/api/v1/users/\(dana.id)", token: setup.betaAdmin).status == .notFound)
        }
    }

    @Test("deleting a user removes their grants and refuses their tokens, also after a restart of the token checks")
    func deletion() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.makeCatalog(token: root)
            let dana = try await makeUser(api, root: root)
            try await api.grant(dana.id, role: "READ", scope: #"{"type":"catalog","catalog_id":"lake"}"#, token: root)
            try await api.ok(.delete, "/api/v1/users/\(dana.id)", token: root)
            #expect(try await api.call(.get, "/api/v1/users/me", token: dana.token).status == .unauthorized)
            #expect(try await api.call(.get, "/api/v1/users/\(dana.id)", token: root).status == .notFound)
            #expect(try await api.services.store.permissions(tenantID: try #require(try await api.services.store.tenants(limit: 1, offset: 0).first?.id),
                                                             principalID: dana.id, limit: 10, offset: 0).isEmpty)
            let remembered = try await api.services.store.revokedTokenIDs(notExpiredAt: Date())
            #expect(remembered.count == 1, "the deleted user's token is still listed as revoked, for the next start")
            // The name is free again, and the new account shares nothing with the old.
            let again = try await makeUser(api, root: root)
            #expect(again.id != dana.id)
            #expect(try await api.call(.get, "/api/v1/catalogs/lake", token: again.token).status == .forbidden)
        }
    }

    @Test("the last active root cannot be deleted, deactivated or demoted, and nobody deletes their own account")
    func lastRoot() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let me = try #require(try await api.call(.get, "/api/v1/users/me", token: root).body?["id"]?.string)
            let own = try await api.call(.delete, "/api/v1/users/\(me)", token: root)
            #expect(own.status == .badRequest && own.errorMessage.contains("your own account"))
            let second = try await api.ok(.post, "/api/v1/users", token: root,
                                          json: #"{"username":"root2","role":"Root","password":"\#(GovernanceFixture.password)"}"#).id
            let secondToken = try await api.login("root2", GovernanceFixture.password)
            try await api.ok(.delete, "/api/v1/users/\(me)", token: secondToken)
            let stale = try await api.call(.put, "/api/v1/users/\(second)", token: root, json: #"{"active":false}"#)
            #expect(stale.status == .unauthorized, "the deleted root's token no longer works")
            // Only the last root could try to remove itself over HTTP, which the rule above stops;
            // the store refuses it for any caller.
            let store = api.services.store
            await #expect(throws: PangolinError.conflict("this is the last active root account; create another root account first")) {
                try await store.updateUser(id: second, UserChange(active: false), by: .system)
            }
            await #expect(throws: PangolinError.self) { try await store.updateUser(id: second, UserChange(role: .tenantAdmin), by: .system) }
            await #expect(throws: PangolinError.conflict("this is the last active root account; create another root account first")) {
                try await store.deleteUser(id: second, by: .system)
            }
        }
    }

    @Test("rotating a token revokes it and returns a new one of the same lifetime")
    func rotation() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let dana = try await makeUser(api, root: root)
            let minted = try await api.ok(.post, "/api/v1/tokens", token: dana.token, json: #"{"expires_in_hours":2}"#)
            let oldToken = try #require(minted.body["token"]?.string)
            let oldID = try #require(minted.body["token_id"]?.string)
            let rotated = try await api.call(.post, "/api/v1/tokens/rotate", token: dana.token, json: #"{"token_id":"\#(oldID)"}"#)
            #expect(rotated.status == .created)
            let newToken = try #require(rotated.body?["token"]?.string)
            #expect(try await api.call(.get, "/api/v1/users/me", token: oldToken).status == .unauthorized)
            #expect(try await api.call(.get, "/api/v1/users/me", token: newToken).status == .ok)
            let listed = try await api.call(.get, "/api/v1/users/me/tokens", token: newToken)
            let record = try #require(listed.body?.array?.first { $0["id"]?.string == rotated.body?["token_id"]?.string })
            #expect(record["source"]?.string == "minted")
            let again = try await api.call(.post, "/api/v1/tokens/rotate", token: dana.token, json: #"{"token_id":"\#(oldID)"}"#)
            #expect(again.status == .conflict && again.errorMessage.contains("revoked"))
            // `{}` rotates the token of the request itself.
            let own = try await api.call(.post, "/api/v1/tokens/rotate", token: newToken, json: "{}")
            #expect(own.status == .created)
            #expect(try await api.call(.get, "/api/v1/users/me", token: newToken).status == .unauthorized)
        }
    }
}
