import Foundation
import HTTPTypes
import PangolinModel
import Testing
@testable import PangolinServer

/// Who makes a request in the authorization tests.
enum Persona: String, CaseIterable, Sendable, CustomStringConvertible {
    case anonymous, root
    /// The admin of the tenant that holds everything below.
    case tenantAdmin
    /// The admin of another tenant.
    case otherAdmin
    /// A user with READ on namespace `lake.ml.prod`.
    case namespaceRead
    /// A user with READ_WRITE on namespace `lake.ml.prod`.
    case namespaceReadWrite
    /// A user with read on the asset `churn` alone.
    case assetOnly
    /// A user with READ on the label `gold`, which `churn` carries.
    case label
    /// A service user (API key) with READ_WRITE on namespace `lake.ml.prod`.
    case service
    /// A user's token after it was revoked.
    case revoked
    /// A user's token after it expired.
    case expired

    var description: String { rawValue }

    /// Personas whose credentials are refused before any route runs.
    static let unauthenticated: Set<Persona> = [.anonymous, .revoked, .expired]
}

/// A tenant `default` with catalog `lake`, namespaces `ml`, `ml.prod` and `ml.staging`, asset
/// `ml.prod.churn` labelled `gold`, a discoverable asset `ml.staging.secret`, a custom role, and a
/// user of every persona; and a tenant `beta` with its admin.
struct GovernanceFixture: Sendable {
    /// Gives `lake` an Iceberg table `orders` in `ml.prod`; tables of `lake` live in a local
    /// directory rather than in its warehouse's bucket.
    func addTable() async throws {
        let tables = FileManager.default.temporaryDirectory.appendingPathComponent("lake-tables-\(UUID().uuidString)").path
        try await api.ok(.put, "/api/v1/catalogs/lake", token: root, json: #"{"properties":{"location":"file://\#(tables)"}}"#)
        try await api.ok(.post, "/v1/lake/namespaces/ml.prod/tables", token: root, json: GovernanceFixture.tableBody("orders"))
    }

    /// The body that creates an Iceberg table of one column.
    static func tableBody(_ name: String) -> String {
        #"{"name":"\#(name)","schema":{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","type":"long","required":false}]}}"#
    }

    let api: API
    let root: String
    let credentials: [Persona: HTTPFields]
    let passwords: [Persona: String]
    let userIDs: [Persona: String]
    let churnID: String
    let secretID: String
    /// A user of the default tenant with no grants, whose records the routes read and change.
    let targetUserID: String
    let targetServiceUserID: String
    let roleID: String
    let namespaceReadGrantID: String
    let accessRequestID: String
    let auditEventID: String
    let tenantID: String

    static let password = "persona-password"

    static func make(_ api: API) async throws -> GovernanceFixture {
        let root = try await api.login()
        try await api.makeCatalog(token: root)
        try await api.ok(.post, "/v1/lake/namespaces", token: root, json: #"{"namespace":["ml","staging"]}"#)
        let churnID = try await api.ok(.post, "/api/v1/catalogs/lake/namespaces/ml.prod/assets", token: root,
                                       json: #"{"name":"churn","kind":"ML_MODEL","location":"s3://bucket/churn"}"#).id
        try await api.ok(.post, "/api/v1/assets/\(churnID)/metadata", token: root, json: #"{"tags":["gold"],"description":"churn model"}"#)
        try await api.ok(.post, "/api/v1/assets/\(churnID)/tags", token: root, json: #"{"name":"stable"}"#)
        let secretID = try await api.ok(.post, "/api/v1/catalogs/lake/namespaces/ml.staging/assets", token: root,
                                        json: #"{"name":"secret","kind":"CSV_TABLE","location":"s3://bucket/secret.csv"}"#).id
        try await api.ok(.post, "/api/v1/assets/\(secretID)/metadata", token: root,
                         json: #"{"description":"payroll extract","discoverable":true}"#)
        let tenantID = try #require(try await api.call(.get, "/api/v1/tenants", token: root).body?[0]?["id"]?.string)

        var userIDs: [Persona: String] = [:]
        var credentials: [Persona: HTTPFields] = [.anonymous: [:], .root: [.authorization: "Bearer \(root)"]]
        var passwords: [Persona: String] = [:]
        for persona in [Persona.tenantAdmin, .namespaceRead, .namespaceReadWrite, .assetOnly, .label, .revoked, .expired] {
            let role = persona == .tenantAdmin ? "TenantAdmin" : "TenantUser"
            userIDs[persona] = try await api.createUser(persona.rawValue, role: role, token: root)
            passwords[persona] = password
        }
        let beta = try await api.ok(.post, "/api/v1/tenants", token: root, json: #"{"name":"beta"}"#).id
        userIDs[.otherAdmin] = try await api.createUser("otherAdmin", role: "TenantAdmin", tenantID: beta, token: root)
        passwords[.otherAdmin] = password
        let targetUserID = try await api.createUser("target", role: "TenantUser", token: root)

        let namespaceScope = #"{"type":"namespace","catalog_id":"lake","namespace":"ml.prod"}"#
        let namespaceReadGrantID = try await api.grant(userIDs[.namespaceRead]!, role: "READ", scope: namespaceScope, token: root)
        try await api.grant(userIDs[.namespaceReadWrite]!, role: "READ_WRITE", scope: namespaceScope, token: root)
        try await api.grant(userIDs[.revoked]!, role: "READ", scope: namespaceScope, token: root)
        try await api.grant(userIDs[.expired]!, role: "READ", scope: namespaceScope, token: root)
        try await api.grant(userIDs[.assetOnly]!, actions: ["read"], scope: #"{"type":"asset","asset_id":"\#(churnID)"}"#, token: root)
        try await api.grant(userIDs[.label]!, role: "READ", scope: #"{"type":"tag","tag_name":"gold"}"#, token: root)

        let service = try await api.ok(.post, "/api/v1/service-users", token: root, json: #"{"name":"pipeline","role":"tenant-user"}"#)
        userIDs[.service] = try #require(service.body["service_user_id"]?.string)
        try await api.grant(userIDs[.service]!, role: "READ_WRITE", scope: namespaceScope, token: root)
        credentials[.service] = [apiKeyHeader: try #require(service.body["api_key"]?.string)]
        let targetServiceUserID = try #require(
            try await api.ok(.post, "/api/v1/service-users", token: root, json: #"{"name":"target-bot"}"#).body["service_user_id"]?.string)

        for persona in [Persona.tenantAdmin, .otherAdmin, .namespaceRead, .namespaceReadWrite, .assetOnly, .label, .revoked] {
            credentials[persona] = [.authorization: "Bearer \(try await api.login(persona.rawValue, password))"]
        }
        try await api.ok(.post, "/api/v1/auth/revoke", headers: credentials[.revoked]!)
        let expiredUser = try #require(try await api.services.store.user(id: userIDs[.expired]!))
        let expired = try await api.services.tokens.issue(for: expiredUser, lifetime: .seconds(-60))
        credentials[.expired] = [.authorization: "Bearer \(expired.token)"]

        let roleID = try await api.ok(.post, "/api/v1/roles", token: root, json: #"{"name":"analyst","description":"reads staging"}"#).id
        let accessRequestID = try await api.ok(
            .post, "/api/v1/assets/\(secretID)/access-requests", headers: credentials[.namespaceRead]!, json: #"{"reason":"quarterly report"}"#
        ).id
        let auditEventID = try #require(try await api.call(.get, "/api/v1/audit?limit=1", token: root).body?[0]?["id"]?.string)
        return GovernanceFixture(
            api: api, root: root, credentials: credentials, passwords: passwords, userIDs: userIDs, churnID: churnID, secretID: secretID,
            targetUserID: targetUserID, targetServiceUserID: targetServiceUserID, roleID: roleID,
            namespaceReadGrantID: namespaceReadGrantID, accessRequestID: accessRequestID, auditEventID: auditEventID, tenantID: tenantID)
    }

    /// A token of `persona` made just now, for routes that use up the token they are called with.
    func freshCredential(_ persona: Persona) async throws -> HTTPFields {
        if persona == .root { return [.authorization: "Bearer \(try await api.login())"] }
        guard let password = passwords[persona], persona != .revoked, persona != .expired else { return credentials[persona]! }
        return [.authorization: "Bearer \(try await api.login(persona.rawValue, password))"]
    }
}

extension API {
    struct Created {
        let body: JSONValue
        var id: String { body["id"]?.string ?? "" }
    }

    /// Makes a request that must succeed, and returns its body.
    @discardableResult
    func ok(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, headers: HTTPFields = [:], json: String? = nil) async throws -> Created {
        let reply = try await call(method, path, token: token, json: json, headers: headers)
        guard reply.status.code < 300 else { throw HarnessError("\(method) \(path) answered \(reply.status.code): \(reply.text)") }
        return Created(body: reply.body ?? .null)
    }

    func createUser(_ name: String, role: String, tenantID: String? = nil, token: String) async throws -> String {
        let tenant = tenantID.map { #","tenant_id":"\#($0)""# } ?? ""
        return try await ok(
            .post, "/api/v1/users", token: token,
            json: #"{"username":"\#(name)","email":"\#(name)@example.com","role":"\#(role)","password":"\#(GovernanceFixture.password)"\#(tenant)}"#
        ).id
    }

    @discardableResult
    func grant(_ userID: String, role: String? = nil, actions: [String]? = nil, scope: String, token: String) async throws -> String {
        let what = role.map { #""role":"\#($0)""# } ?? #""actions":[\#(actions!.map { "\"\($0)\"" }.joined(separator: ","))]"#
        return try await ok(.post, "/api/v1/permissions", token: token, json: #"{"user-id":"\#(userID)",\#(what),"scope":\#(scope)}"#).id
    }
}
