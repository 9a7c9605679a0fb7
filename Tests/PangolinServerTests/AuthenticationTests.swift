import Foundation
import HTTPTypes
import Testing
import PangolinModel
@testable import PangolinServer

@Suite("Authentication")
struct AuthenticationTests {
    @Test("login returns a token, the user and the expiry; the token opens protected routes")
    func login() async throws {
        try await Harness.run { api in
            let reply = try await api.call(.post, "/api/v1/users/login", json: #"{"username":"admin","password":"\#(Harness.rootPassword)"}"#)
            #expect(reply.status == .ok)
            #expect(reply.body?["user"]?["role"]?.string == "Root")
            #expect(reply.body?["expires-at"]?.string.flatMap(Timestamps.parse) != nil)
            let token = try #require(reply.body?["token"]?.string)
            #expect(try await api.call(.get, "/api/v1/users/me", token: token).body?["username"]?.string == "admin")
        }
    }

    @Test("a wrong password or unknown user is a 401 and a failed-login audit event")
    func failedLogin() async throws {
        try await Harness.run { api in
            for body in [#"{"username":"admin","password":"wrong-password"}"#, #"{"username":"nobody","password":"whatever1"}"#] {
                let reply = try await api.call(.post, "/api/v1/users/login", json: body)
                #expect(reply.status == .unauthorized)
                #expect(reply.errorMessage == "invalid username or password")
            }
            let failures = try await api.services.store.auditEvents(AuditQuery(action: .login, result: .failure))
            #expect(failures.map(\.resourceName) == ["nobody", "admin"])
        }
    }

    @Test("logging in to a tenant the user does not belong to is a 401 and a failed-login audit event")
    func wrongTenant() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            let beta = try await api.call(.post, "/api/v1/tenants", token: root, json: #"{"name":"beta"}"#)
            let betaID = try #require(beta.body?["id"]?.string)
            _ = try await api.call(
                .post, "/api/v1/users", token: root,
                json: #"{"username":"bea","role":"TenantAdmin","tenant_id":"\#(betaID)","password":"bea-password"}"#)
            let reply = try await api.call(
                .post, "/api/v1/users/login",
                json: #"{"username":"bea","password":"bea-password","tenant-id":"\#(api.services.defaultTenantID)"}"#)
            #expect(reply.status == .unauthorized)
            #expect(reply.errorMessage.contains("does not belong to tenant"))
            let failures = try await api.services.store.auditEvents(AuditQuery(action: .login, result: .failure))
            #expect(failures.map(\.resourceName) == ["bea"])
        }
    }

    @Test("protected routes refuse missing, malformed, forged and expired tokens, and audit each refusal")
    func refusedTokens() async throws {
        try await Harness.run { api in
            let forged = try await TokenService(secret: String(repeating: "another-secret", count: 3), lifetime: .seconds(3600))
                .issue(for: User(id: "x", username: "admin", email: nil, role: .root, tenantID: nil, active: true, createdAt: Date())).token
            let expired = try await TokenService(secret: Harness.configuration().jwtSecret!, lifetime: .seconds(-60))
                .issue(for: User(id: "x", username: "admin", email: nil, role: .root, tenantID: nil, active: true, createdAt: Date())).token
            let cases: [(HTTPFields, String)] = [
                ([:], "needs a token"),
                ([.authorization: "Basic YWRtaW46cGFzcw=="], "must be 'Bearer <token>'"),
                ([.authorization: "Bearer not-a-jwt"], "not valid"),
                ([.authorization: "Bearer \(forged)"], "not valid"),
                ([.authorization: "Bearer \(expired)"], "expired"),
            ]
            for (headers, fragment) in cases {
                let reply = try await api.call(.get, "/api/v1/catalogs", headers: headers)
                #expect(reply.status == .unauthorized)
                #expect(reply.errorMessage.contains(fragment), "\(reply.errorMessage)")
                #expect(reply.headers[.wwwAuthenticate] == "Bearer")
            }
            let refusals = try await api.services.store.auditEventCount(AuditQuery(action: .authenticate, result: .denied))
            #expect(refusals == cases.count)
        }
    }

    @Test("login, health and the OpenAPI document need no token")
    func publicRoutes() async throws {
        try await Harness.run { api in
            let statuses = [
                try await api.call(.get, "/health/live").status, try await api.call(.get, "/health/ready").status,
                try await api.call(.get, "/openapi.json").status, try await api.call(.get, "/metrics").status,
            ]
            #expect(statuses == [.ok, .ok, .ok, .unauthorized])
        }
    }
}
