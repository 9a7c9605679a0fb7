import Foundation
import HTTPTypes
import PangolinModel
import Testing
@testable import PangolinServer

/// Every route × every persona, with the status each must get. The table has one row per route of
/// `APIRoutes.all`, and a test fails when a route has no row, so no route is added unjudged.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    typealias Path = @Sendable (GovernanceFixture, Int) async throws -> String

    struct Row: Sendable {
        var method: HTTPRequest.Method
        var route: String
        var expected: [Persona: Int]
        var path: Path
        var body: (@Sendable (GovernanceFixture, Int) async throws -> String)?
        /// The route uses up the token it is called with.
        var freshToken = false
    }

    // Who may do what, in sets the rows share.
    static let admins: Set<Persona> = [.root, .tenantAdmin]
    static let adminsAnywhere: Set<Persona> = [.root, .tenantAdmin, .otherAdmin]
    static let writers: Set<Persona> = [.root, .tenantAdmin, .namespaceReadWrite, .service]
    static let churnReaders: Set<Persona> = writers.union([.namespaceRead, .assetOnly, .label])
    /// Those whose grants reach into catalog `lake` and namespace `ml.prod` (a label reaches nowhere).
    static let reach: Set<Persona> = writers.union([.namespaceRead, .assetOnly])
    static let everyone = Set(Persona.allCases).subtracting(Persona.unauthenticated)
    static let ownTenant = everyone.subtracting([.otherAdmin])

    /// `ok` for `allowed`, 404 for `hidden`, `otherwise` for the rest; 401 for the refused credentials.
    static func expect(
        _ ok: Int, _ allowed: Set<Persona>, hidden: Set<Persona> = [], otherwise: Int = 403, overrides: [Persona: Int] = [:]
    ) -> [Persona: Int] {
        Dictionary(uniqueKeysWithValues: Persona.allCases.map { persona in
            if let status = overrides[persona] { return (persona, status) }
            if Persona.unauthenticated.contains(persona) { return (persona, 401) }
            if allowed.contains(persona) { return (persona, ok) }
            return (persona, hidden.contains(persona) ? 404 : otherwise)
        })
    }

    /// A public route: every persona gets `ok`, except that a refused credential is refused anywhere.
    static func publicRoute(_ ok: Int) -> [Persona: Int] {
        expect(ok, everyone, overrides: [.anonymous: ok])
    }

    static func fixed(_ path: String) -> Path { { _, _ in path } }

    static func row(
        _ method: HTTPRequest.Method, _ route: String, _ expected: [Persona: Int], path: Path? = nil,
        body: (@Sendable (Int) -> String)? = nil, freshToken: Bool = false
    ) -> Row {
        Row(method: method, route: route, expected: expected, path: path ?? fixed(route), body: body.map { make in { @Sendable _, n in make(n) } },
            freshToken: freshToken)
    }

    // Fresh resources, made by root, for routes that delete or use something up.
    static func freshAsset(_ f: GovernanceFixture, _ n: Int, namespace: String = "ml.prod", labels: String? = nil) async throws -> String {
        let id = try await f.api.ok(.post, "/api/v1/catalogs/lake/namespaces/\(namespace)/assets", token: f.root,
                                    json: #"{"name":"fresh-\#(n)","kind":"JSON_TABLE","location":"s3://bucket/fresh-\#(n).json"}"#).id
        if let labels { try await f.api.ok(.post, "/api/v1/assets/\(id)/metadata", token: f.root, json: labels) }
        return id
    }

    static func freshUser(_ f: GovernanceFixture, _ n: Int) async throws -> String {
        try await f.api.createUser("fresh-\(n)", role: "TenantUser", token: f.root)
    }

    static func freshTargetToken(_ f: GovernanceFixture) async throws -> String {
        try await f.api.ok(.post, "/api/v1/tokens", token: f.root, json: #"{"username":"target"}"#).body["token_id"]?.string ?? ""
    }

    /// Those who may read table `orders` of `ml.prod`: its namespace's readers, not the holders of
    /// a grant on another asset or a label.
    static let tableReaders: Set<Persona> = writers.union([.namespaceRead])
    static let notTableReaders: Set<Persona> = [.otherAdmin, .assetOnly, .label]

    /// A new table `fresh-<n>` in `ml.prod`, made by root.
    static func freshTable(_ f: GovernanceFixture, _ n: Int) async throws -> String {
        try await f.api.ok(.post, "/v1/lake/namespaces/ml.prod/tables", token: f.root, json: GovernanceFixture.tableBody("fresh-\(n)"))
        return "fresh-\(n)"
    }

    /// The Iceberg routes under `/v1/{catalog}`; each is judged again under `/v1/{catalog}/v1`.
    static let icebergRows: [Row] = [
        row(.get, "/v1/{catalog}/namespaces", expect(200, reach, hidden: [.otherAdmin]), path: fixed("/v1/lake/namespaces")),
        row(.post, "/v1/{catalog}/namespaces", expect(200, writers, hidden: [.otherAdmin]), path: fixed("/v1/lake/namespaces"),
            body: { n in #"{"namespace":["ml","prod","made\#(n)"]}"# }),
        row(.get, "/v1/{catalog}/namespaces/{namespace}", expect(200, reach, hidden: [.otherAdmin]), path: fixed("/v1/lake/namespaces/ml.prod")),
        row(.head, "/v1/{catalog}/namespaces/{namespace}", expect(204, reach, hidden: [.otherAdmin]), path: fixed("/v1/lake/namespaces/ml.prod")),
        row(.delete, "/v1/{catalog}/namespaces/{namespace}", expect(204, writers, hidden: [.otherAdmin]), path: { f, n in
            try await f.api.ok(.post, "/v1/lake/namespaces", token: f.root, json: #"{"namespace":["ml","prod","doomed\#(n)"]}"#)
            return "/v1/lake/namespaces/ml.prod.doomed\(n)"
        }),
        row(.post, "/v1/{catalog}/namespaces/{namespace}/properties", expect(200, writers, hidden: [.otherAdmin]),
            path: fixed("/v1/lake/namespaces/ml.prod/properties"), body: { _ in #"{"updates":{"owner":"ml"}}"# }),
        row(.get, "/v1/{catalog}/namespaces/{namespace}/tables", expect(200, churnReaders, hidden: [.otherAdmin]),
            path: fixed("/v1/lake/namespaces/ml.prod/tables")),
        row(.post, "/v1/{catalog}/namespaces/{namespace}/tables", expect(200, writers, hidden: [.otherAdmin]),
            path: fixed("/v1/lake/namespaces/ml.prod/tables"), body: { n in GovernanceFixture.tableBody("made-\(n)") }),
        Row(method: .post, route: "/v1/{catalog}/namespaces/{namespace}/register", expected: expect(200, writers, hidden: [.otherAdmin]),
            path: fixed("/v1/lake/namespaces/ml.prod/register"), body: { f, n in
                let loaded = try await f.api.ok(.get, "/v1/lake/namespaces/ml.prod/tables/orders", token: f.root)
                return #"{"name":"registered-\#(n)","metadata-location":"\#(loaded.body["metadata-location"]?.string ?? "")"}"#
            }),
        row(.get, "/v1/{catalog}/namespaces/{namespace}/tables/{table}", expect(200, tableReaders, hidden: notTableReaders),
            path: fixed("/v1/lake/namespaces/ml.prod/tables/orders")),
        row(.head, "/v1/{catalog}/namespaces/{namespace}/tables/{table}", expect(204, tableReaders, hidden: notTableReaders),
            path: fixed("/v1/lake/namespaces/ml.prod/tables/orders")),
        row(.post, "/v1/{catalog}/namespaces/{namespace}/tables/{table}", expect(200, writers, hidden: notTableReaders),
            path: fixed("/v1/lake/namespaces/ml.prod/tables/orders"),
            body: { n in #"{"requirements":[],"updates":[{"action":"set-properties","updates":{"run":"\#(n)"}}]}"# }),
        row(.delete, "/v1/{catalog}/namespaces/{namespace}/tables/{table}", expect(204, writers, hidden: notTableReaders),
            path: { f, n in "/v1/lake/namespaces/ml.prod/tables/\(try await freshTable(f, n))" }),
        row(.post, "/v1/{catalog}/namespaces/{namespace}/tables/{table}/metrics", expect(204, tableReaders, hidden: notTableReaders),
            path: fixed("/v1/lake/namespaces/ml.prod/tables/orders/metrics"), body: { _ in #"{"report-type":"scan-report"}"# }),
        row(.get, "/v1/{catalog}/namespaces/{namespace}/tables/{table}/credentials", expect(200, tableReaders, hidden: notTableReaders),
            path: fixed("/v1/lake/namespaces/ml.prod/tables/orders/credentials")),
        row(.post, "/v1/{catalog}/transactions/commit", expect(204, writers, hidden: notTableReaders), path: fixed("/v1/lake/transactions/commit"),
            body: { n in #"{"table-changes":[{"identifier":{"namespace":["ml","prod"],"name":"orders"},"requirements":[],"updates":[{"action":"set-properties","updates":{"tx":"\#(n)"}}]}]}"# }),
        Row(method: .post, route: "/v1/{catalog}/tables/rename", expected: expect(204, writers, hidden: notTableReaders),
            path: fixed("/v1/lake/tables/rename"), body: { f, n in
                let table = try await freshTable(f, n)
                return #"{"source":{"namespace":["ml","prod"],"name":"\#(table)"},"destination":{"namespace":["ml","prod"],"name":"renamed-\#(n)"}}"#
            }),
    ]

    /// A row judged under `/v1/{catalog}/v1/…`, the prefix pypangolin's helper gives PyIceberg.
    static func underCatalogPrefix(_ row: Row) -> Row {
        var moved = row
        moved.route = row.route.replacingOccurrences(of: "/v1/{catalog}/", with: "/v1/{catalog}/v1/")
        let path = row.path
        moved.path = { f, n in try await path(f, n).replacingOccurrences(of: "/v1/lake/", with: "/v1/lake/v1/") }
        return moved
    }

    static let rows: [Row] = icebergRows + icebergRows.map(underCatalogPrefix) + [
        row(.post, "/api/v1/users/login", publicRoute(200), body: { _ in #"{"username":"target","password":"\#(GovernanceFixture.password)"}"# }),
        row(.post, "/api/v1/users", expect(201, adminsAnywhere),
            body: { n in #"{"username":"made-\#(n)","role":"TenantUser","password":"\#(GovernanceFixture.password)"}"# }),
        row(.get, "/api/v1/users", expect(200, adminsAnywhere)),
        row(.get, "/api/v1/users/me", expect(200, everyone, overrides: [.service: 404])),
        row(.get, "/api/v1/users/{id}", expect(200, admins, hidden: everyone), path: { f, _ in "/api/v1/users/\(f.targetUserID)" }),
        row(.put, "/api/v1/users/{id}", expect(200, admins, hidden: everyone), path: { f, _ in "/api/v1/users/\(f.targetUserID)" },
            body: { _ in #"{"email":"target@example.org"}"# }),
        row(.delete, "/api/v1/users/{id}", expect(204, admins, hidden: everyone), path: { f, n in "/api/v1/users/\(try await freshUser(f, n))" }),

        row(.post, "/api/v1/roles", expect(201, adminsAnywhere), body: { n in #"{"name":"role-\#(n)"}"# }),
        row(.get, "/api/v1/roles", expect(200, everyone)),
        row(.get, "/api/v1/roles/{id}", expect(200, ownTenant, hidden: everyone), path: { f, _ in "/api/v1/roles/\(f.roleID)" }),
        row(.put, "/api/v1/roles/{id}", expect(200, admins, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/roles/\(f.roleID)" },
            body: { _ in #"{"name":"analyst","description":"reads staging"}"# }),
        row(.delete, "/api/v1/roles/{id}", expect(204, admins, hidden: [.otherAdmin]), path: { f, n in
            "/api/v1/roles/\(try await f.api.ok(.post, "/api/v1/roles", token: f.root, json: #"{"name":"doomed-\#(n)"}"#).id)"
        }),
        row(.post, "/api/v1/users/{id}/roles", expect(201, admins, hidden: [.otherAdmin]),
            path: { f, _ in "/api/v1/users/\(f.targetUserID)/roles" }, body: { _ in #"{"role-id":"analyst"}"# }),
        row(.get, "/api/v1/users/{id}/roles", expect(200, admins, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/users/\(f.targetUserID)/roles" }),
        row(.delete, "/api/v1/users/{id}/roles/{role_id}", expect(204, admins, hidden: [.otherAdmin]), path: { f, n in
            let user = try await freshUser(f, n)
            try await f.api.ok(.post, "/api/v1/users/\(user)/roles", token: f.root, json: #"{"role-id":"\#(f.roleID)"}"#)
            return "/api/v1/users/\(user)/roles/\(f.roleID)"
        }),

        row(.post, "/api/v1/permissions", expect(201, admins, hidden: [.otherAdmin]), path: fixed("/api/v1/permissions"), body: { _ in
            #"{"user-id":"target","role":"READ","scope":{"type":"namespace","catalog_id":"lake","namespace":"ml.staging"}}"#
        }),
        row(.get, "/api/v1/permissions", expect(200, everyone)),
        row(.get, "/api/v1/permissions/{id}", expect(200, admins.union([.namespaceRead]), hidden: everyone),
            path: { f, _ in "/api/v1/permissions/\(f.namespaceReadGrantID)" }),
        row(.delete, "/api/v1/permissions/{id}", expect(204, admins, hidden: everyone), path: { f, _ in
            let id = try await f.api.grant(f.targetUserID, actions: ["read"], scope: #"{"type":"catalog","catalog_id":"lake"}"#, token: f.root)
            return "/api/v1/permissions/\(id)"
        }),

        row(.post, "/api/v1/assets/{id}/access-requests",
            expect(201, ownTenant, hidden: [.otherAdmin], overrides: [.root: 409, .tenantAdmin: 409]),
            path: { f, n in
                "/api/v1/assets/\(try await freshAsset(f, n, namespace: "ml.staging", labels: #"{"discoverable":true}"#))/access-requests"
            }, body: { _ in #"{"reason":"for the audit"}"# }),
        row(.get, "/api/v1/access-requests", expect(200, everyone)),
        row(.get, "/api/v1/access-requests/{id}", expect(200, admins.union([.namespaceRead]), hidden: everyone),
            path: { f, _ in "/api/v1/access-requests/\(f.accessRequestID)" }),
        row(.put, "/api/v1/access-requests/{id}", expect(200, admins, hidden: everyone), path: { f, n in
            let user = try await f.api.createUser("asker-\(n)", role: "TenantUser", token: f.root)
            _ = user
            let token = try await f.api.login("asker-\(n)", GovernanceFixture.password)
            let id = try await f.api.ok(.post, "/api/v1/assets/\(f.secretID)/access-requests", token: token, json: "{}").id
            return "/api/v1/access-requests/\(id)"
        }, body: { _ in #"{"status":"denied","comment":"not needed"}"# }),

        row(.post, "/api/v1/service-users", expect(201, adminsAnywhere), body: { n in #"{"name":"bot-\#(n)"}"# }),
        row(.get, "/api/v1/service-users", expect(200, adminsAnywhere)),
        row(.get, "/api/v1/service-users/{id}", expect(200, admins, hidden: everyone), path: { f, _ in "/api/v1/service-users/\(f.targetServiceUserID)" }),
        row(.put, "/api/v1/service-users/{id}", expect(200, admins, hidden: everyone), path: { f, _ in "/api/v1/service-users/\(f.targetServiceUserID)" },
            body: { _ in #"{"description":"nightly loads"}"# }),
        row(.post, "/api/v1/service-users/{id}/rotate", expect(200, admins, hidden: everyone),
            path: { f, _ in "/api/v1/service-users/\(f.targetServiceUserID)/rotate" }),
        row(.delete, "/api/v1/service-users/{id}", expect(204, admins, hidden: everyone), path: { f, n in
            "/api/v1/service-users/\(try await f.api.ok(.post, "/api/v1/service-users", token: f.root, json: #"{"name":"doomed-\#(n)"}"#).body["service_user_id"]?.string ?? "")"
        }),

        // A service user is not an account: it has no /users/me, mints no tokens and has no token to revoke.
        row(.post, "/api/v1/tokens", expect(201, everyone, overrides: [.service: 404]), body: { _ in "{}" }),
        Row(method: .post, route: "/api/v1/tokens/rotate", expected: expect(201, admins, hidden: everyone), path: fixed("/api/v1/tokens/rotate"),
            body: { f, _ in #"{"token_id":"\#(try await freshTargetToken(f))"}"# }),
        row(.get, "/api/v1/users/me/tokens", expect(200, everyone)),
        row(.post, "/api/v1/auth/revoke", expect(200, everyone, overrides: [.service: 400]), freshToken: true),
        row(.post, "/api/v1/auth/revoke/{token_id}", expect(200, admins, hidden: everyone),
            path: { f, _ in "/api/v1/auth/revoke/\(try await freshTargetToken(f))" }),
        row(.delete, "/api/v1/users/{id}/tokens", expect(200, admins, hidden: everyone), path: { f, _ in "/api/v1/users/\(f.targetUserID)/tokens" }),
        row(.post, "/api/v1/users/logout", expect(204, everyone, overrides: [.service: 400]), freshToken: true),
        row(.delete, "/api/v1/tokens/{token_id}", expect(204, admins, hidden: everyone),
            path: { f, _ in "/api/v1/tokens/\(try await freshTargetToken(f))" }),
        row(.post, "/api/v1/auth/cleanup-tokens", expect(200, adminsAnywhere)),

        row(.post, "/api/v1/tenants", expect(201, [.root]), body: { n in #"{"name":"tenant-\#(n)"}"# }),
        row(.get, "/api/v1/tenants", expect(200, everyone)),
        row(.get, "/api/v1/tenants/{id}", expect(200, ownTenant), path: { f, _ in "/api/v1/tenants/\(f.tenantID)" }),
        row(.put, "/api/v1/tenants/{id}", expect(200, [.root]), path: { f, _ in "/api/v1/tenants/\(f.tenantID)" },
            body: { _ in #"{"properties":{"team":"data"}}"# }),
        row(.delete, "/api/v1/tenants/{id}", expect(204, [.root]), path: { f, n in
            "/api/v1/tenants/\(try await f.api.ok(.post, "/api/v1/tenants", token: f.root, json: #"{"name":"doomed-\#(n)"}"#).id)"
        }),

        row(.post, "/api/v1/warehouses", expect(201, adminsAnywhere), body: { n in #"{"name":"wh-\#(n)","storage_config":{"s3.bucket":"bucket"}}"# }),
        row(.get, "/api/v1/warehouses", expect(200, adminsAnywhere)),
        row(.get, "/api/v1/warehouses/{name}", expect(200, admins, hidden: [.otherAdmin]), path: fixed("/api/v1/warehouses/wh")),
        row(.put, "/api/v1/warehouses/{name}", expect(200, admins, hidden: [.otherAdmin]), path: fixed("/api/v1/warehouses/wh"),
            body: { _ in #"{"storage_config":{"s3.bucket":"bucket","s3.access-key-id":"AKIAWH","s3.secret-access-key":"wh-secret"}}"# }),
        row(.delete, "/api/v1/warehouses/{name}", expect(204, admins, hidden: [.otherAdmin]), path: { f, n in
            try await f.api.ok(.post, "/api/v1/warehouses", token: f.root, json: #"{"name":"doomed-\#(n)","storage_config":{}}"#)
            return "/api/v1/warehouses/doomed-\(n)"
        }),
        row(.get, "/api/v1/warehouses/{name}/credentials", expect(200, writers, hidden: [.otherAdmin]), path: fixed("/api/v1/warehouses/wh/credentials")),

        row(.post, "/api/v1/catalogs", expect(201, adminsAnywhere), body: { n in #"{"name":"catalog-\#(n)"}"# }),
        row(.get, "/api/v1/catalogs", expect(200, everyone)),
        row(.get, "/api/v1/catalogs/{catalog}", expect(200, reach, hidden: [.otherAdmin]), path: fixed("/api/v1/catalogs/lake")),
        row(.put, "/api/v1/catalogs/{catalog}", expect(200, admins, hidden: [.otherAdmin]), path: fixed("/api/v1/catalogs/lake"),
            body: { _ in #"{"properties":{"owner":"data"}}"# }),
        row(.delete, "/api/v1/catalogs/{catalog}", expect(204, admins, hidden: [.otherAdmin]), path: { f, n in
            try await f.api.ok(.post, "/api/v1/catalogs", token: f.root, json: #"{"name":"doomed-\#(n)"}"#)
            return "/api/v1/catalogs/doomed-\(n)"
        }),
        row(.get, "/api/v1/catalogs/{catalog}/summary", expect(200, reach, hidden: [.otherAdmin]), path: fixed("/api/v1/catalogs/lake/summary")),
        row(.get, "/api/v1/catalogs/{catalog}/namespaces/tree", expect(200, reach, hidden: [.otherAdmin]),
            path: fixed("/api/v1/catalogs/lake/namespaces/tree")),
        // Whether a name is free is told to those who may create there.
        row(.post, "/api/v1/validate/names", expect(200, writers, hidden: [.otherAdmin]),
            body: { _ in #"{"resource_type":"asset","catalog":"lake","namespace":"ml.prod","names":["churn","fresh"]}"# }),
        // Each asset is authorized on its own: the answer lists the refused ones.
        Row(method: .post, route: "/api/v1/bulk/assets/delete", expected: expect(200, everyone), path: fixed("/api/v1/bulk/assets/delete"),
            body: { f, n in #"{"asset_ids":["\#(try await freshAsset(f, n))"]}"# }),

        row(.get, "/v1/config", expect(200, everyone)),
        row(.get, "/v1/{catalog}/v1/config", expect(200, everyone), path: fixed("/v1/lake/v1/config")),

        row(.post, "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets", expect(201, writers, hidden: [.otherAdmin]),
            path: fixed("/api/v1/catalogs/lake/namespaces/ml.prod/assets"),
            body: { n in #"{"name":"made-\#(n)","kind":"CSV_TABLE","location":"s3://bucket/made-\#(n).csv"}"# }),
        row(.get, "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets", expect(200, churnReaders, hidden: [.otherAdmin]),
            path: fixed("/api/v1/catalogs/lake/namespaces/ml.prod/assets")),
        row(.get, "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", expect(200, churnReaders, hidden: [.otherAdmin]),
            path: fixed("/api/v1/catalogs/lake/namespaces/ml.prod/assets/churn")),
        row(.put, "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", expect(200, writers, hidden: [.otherAdmin]),
            path: fixed("/api/v1/catalogs/lake/namespaces/ml.prod/assets/churn"), body: { n in #"{"properties":{"run":"\#(n)"}}"# }),
        row(.delete, "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}",
            expect(204, writers, hidden: [.otherAdmin, .assetOnly, .label]),
            path: { f, n in _ = try await freshAsset(f, n); return "/api/v1/catalogs/lake/namespaces/ml.prod/assets/fresh-\(n)" }),
        row(.get, "/api/v1/assets/{id}", expect(200, churnReaders, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/assets/\(f.churnID)" }),

        row(.get, "/api/v1/assets/{id}/versions", expect(200, churnReaders, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/assets/\(f.churnID)/versions" }),
        row(.get, "/api/v1/assets/{id}/versions/{version}", expect(200, churnReaders, hidden: [.otherAdmin]),
            path: { f, _ in "/api/v1/assets/\(f.churnID)/versions/1" }),
        row(.get, "/api/v1/assets/{id}/diff", expect(200, churnReaders, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/assets/\(f.churnID)/diff?from=1&to=1" }),
        row(.post, "/api/v1/assets/{id}/tags", expect(201, writers, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/assets/\(f.churnID)/tags" },
            body: { n in #"{"name":"release-\#(n)","version":"1"}"# }),
        row(.get, "/api/v1/assets/{id}/tags", expect(200, churnReaders, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/assets/\(f.churnID)/tags" }),
        row(.put, "/api/v1/assets/{id}/tags/{name}", expect(200, writers, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/assets/\(f.churnID)/tags/stable" },
            body: { _ in #"{"version":"v1"}"# }),
        row(.delete, "/api/v1/assets/{id}/tags/{name}", expect(204, writers, hidden: [.otherAdmin]), path: { f, n in
            try await f.api.ok(.post, "/api/v1/assets/\(f.churnID)/tags", token: f.root, json: #"{"name":"doomed-\#(n)"}"#)
            return "/api/v1/assets/\(f.churnID)/tags/doomed-\(n)"
        }),
        row(.post, "/api/v1/assets/{id}/lineage", expect(201, writers, hidden: [.otherAdmin, .assetOnly, .label]),
            path: { f, n in "/api/v1/assets/\(try await freshAsset(f, n))/lineage" }, body: { _ in #"{"upstream":"ml.prod.churn","relation":"derived_from"}"# }),
        row(.get, "/api/v1/assets/{id}/lineage", expect(200, churnReaders, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/assets/\(f.churnID)/lineage" }),
        row(.get, "/api/v1/assets/{id}/impact", expect(200, churnReaders, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/assets/\(f.churnID)/impact" }),
        row(.delete, "/api/v1/lineage/{id}", expect(204, writers, hidden: [.otherAdmin, .assetOnly, .label]), path: { f, n in
            let downstream = try await freshAsset(f, n)
            let edge = try await f.api.ok(.post, "/api/v1/assets/\(downstream)/lineage", token: f.root,
                                          json: #"{"upstream":"ml.prod.churn","relation":"derived_from"}"#)
            return "/api/v1/lineage/\(edge.id)"
        }),
        // Root resolves in the default tenant, where churn lives; the other tenant's admin finds nothing.
        row(.get, "/api/v1/resolve", expect(200, churnReaders, hidden: [.otherAdmin]), path: fixed("/api/v1/resolve?ref=lake.ml.prod.churn@v1")),

        row(.post, "/api/v1/assets/{id}/metadata", expect(200, writers, hidden: [.otherAdmin]), path: { f, _ in "/api/v1/assets/\(f.churnID)/metadata" },
            body: { _ in #"{"tags":["gold"],"description":"churn model"}"# }),
        row(.get, "/api/v1/assets/{id}/metadata", expect(200, churnReaders, hidden: [.otherAdmin]),
            path: { f, _ in "/api/v1/assets/\(f.churnID)/metadata" }),
        row(.delete, "/api/v1/assets/{id}/metadata", expect(204, writers, hidden: [.otherAdmin, .assetOnly]), path: { f, n in
            "/api/v1/assets/\(try await freshAsset(f, n, labels: #"{"tags":["gold"]}"#))/metadata"
        }),

        row(.get, "/api/v1/business-metadata/{id}", expect(200, churnReaders, hidden: [.otherAdmin]),
            path: { f, _ in "/api/v1/business-metadata/\(f.churnID)" }),
        row(.delete, "/api/v1/business-metadata/{id}", expect(204, writers, hidden: [.otherAdmin, .assetOnly]), path: { f, n in
            "/api/v1/business-metadata/\(try await freshAsset(f, n, labels: #"{"tags":["gold"]}"#))"
        }),

        row(.get, "/api/v1/assets/search", expect(200, everyone), path: fixed("/api/v1/assets/search?query=churn")),
        row(.get, "/api/v1/search", expect(200, everyone), path: fixed("/api/v1/search?q=churn")),
        row(.get, "/api/v1/search/assets", expect(200, everyone), path: fixed("/api/v1/search/assets?query=churn")),
        row(.get, "/api/v1/search/facets", expect(200, everyone), path: fixed("/api/v1/search/facets?query=churn")),

        row(.get, "/api/v1/audit", expect(200, adminsAnywhere)),
        row(.get, "/api/v1/audit/count", expect(200, adminsAnywhere)),
        row(.get, "/api/v1/audit/verify", expect(200, [.root])),
        row(.get, "/api/v1/audit/{id}", expect(200, admins, hidden: everyone), path: { f, _ in "/api/v1/audit/\(f.auditEventID)" }),

        row(.get, "/api/v1/dashboard/stats", expect(200, adminsAnywhere)),
        row(.get, "/api/v1/config/settings", expect(200, adminsAnywhere)),
        row(.put, "/api/v1/config/settings", expect(200, adminsAnywhere), body: { _ in #"{"default_retention_days":30}"# }),
        row(.get, "/api/v1/app-config", publicRoute(200)),
        row(.get, "/health", publicRoute(200)),
        row(.get, "/health/live", publicRoute(200)),
        row(.get, "/health/ready", publicRoute(200)),
        row(.get, "/metrics", expect(200, [.root])),
        row(.get, "/openapi.json", publicRoute(200)),
    ]

    @Test("every route has exactly one row in the matrix")
    func everyRouteHasARow() {
        let routes = APIRoutes.all.map { "\($0.method) \($0.path)" }
        let covered = Self.rows.map { "\($0.method) \($0.route)" }
        #expect(Set(routes).subtracting(covered).sorted() == [], "routes without a row")
        #expect(Set(covered).subtracting(routes).sorted() == [], "rows for routes that do not exist")
        #expect(covered.count == Set(covered).count, "a route has two rows")
    }

    @Test("each persona gets the status its row expects on every route")
    func matrix() async throws {
        try await Harness.run { api in
            let fixture = try await GovernanceFixture.make(api)
            try await fixture.addTable()
            var failures: [String] = []
            var n = 0
            for row in Self.rows {
                for persona in Persona.allCases {
                    n += 1
                    let path = try await row.path(fixture, n)
                    let headers = row.freshToken ? try await fixture.freshCredential(persona) : fixture.credentials[persona]!
                    let body = try await row.body?(fixture, n)
                    let reply = try await api.call(row.method, path, json: body ?? (row.method == .post || row.method == .put ? "{}" : nil),
                                                   headers: headers)
                    let expected = row.expected[persona]!
                    if Int(reply.status.code) != expected {
                        failures.append("\(row.method) \(row.route) as \(persona): \(reply.status.code), expected \(expected) — \(reply.text.prefix(160))")
                    }
                }
            }
            #expect(failures == [], "\(failures.count) of \(n) calls got another status:\n\(failures.joined(separator: "\n"))")
        }
    }
}
