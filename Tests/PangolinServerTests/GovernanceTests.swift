import Foundation
import HTTPTypes
import PangolinModel
import Testing
@testable import PangolinServer

@Suite("Roles, grants and access requests")
struct GovernanceTests {
    func headers(_ f: GovernanceFixture, _ persona: Persona) -> HTTPFields { f.credentials[persona]! }

    @Test("a grant on ml.prod reads ml.prod and what is nested in it, but not ml.staging; read does not let it update")
    func containmentOverHTTP() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            try await api.ok(.post, "/v1/lake/namespaces", token: f.root, json: #"{"namespace":["ml","prod","daily"]}"#)
            try await api.ok(.post, "/api/v1/catalogs/lake/namespaces/ml.prod.daily/assets", token: f.root,
                             json: #"{"name":"scores","kind":"PARQUET_TABLE","location":"s3://bucket/scores"}"#)
            let reader = headers(f, .namespaceRead)
            #expect(try await api.call(.get, "/api/v1/catalogs/lake/namespaces/ml.prod.daily/assets/scores", headers: reader).status == .ok)
            let staging = try await api.call(.get, "/api/v1/assets/\(f.secretID)", headers: reader)
            #expect(staging.status == .notFound, "an unreadable asset looks missing")
            #expect(staging.errorMessage == "no asset with id '\(f.secretID)'")
            let update = try await api.call(.put, "/api/v1/catalogs/lake/namespaces/ml.prod/assets/churn", json: #"{"location":"s3://x"}"#,
                                            headers: reader)
            #expect(update.status == .forbidden)
            #expect(update.errorMessage.contains("may not update asset 'churn'"))
            #expect(try await api.call(.get, "/api/v1/catalogs/lake/namespaces/ml.staging/assets", headers: reader).status == .forbidden)
        }
    }

    @Test("a page of catalogs holds `limit` catalogs the caller may read, however many others sort before them")
    func catalogPagesAreFull() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            for name in ["a1", "a2", "a3", "b1", "c1", "c2"] {
                try await api.ok(.post, "/api/v1/catalogs", token: f.root, json: #"{"name":"\#(name)"}"#)
            }
            let user = f.userIDs[.namespaceRead]!
            try await api.grant(user, role: "READ", scope: #"{"type":"catalog","catalog_id":"b1"}"#, token: f.root)
            try await api.grant(user, role: "READ", scope: #"{"type":"catalog","catalog_id":"c2"}"#, token: f.root)
            let reader = try await f.freshCredential(.namespaceRead)
            func names(_ query: String) async throws -> [String]? {
                try await api.call(.get, "/api/v1/catalogs\(query)", headers: reader).body?.array?.compactMap { $0["name"]?.string }
            }
            #expect(try await names("?limit=2") == ["b1", "c2"], "the first page skips the unreadable a1…a3 instead of coming back short")
            #expect(try await names("?limit=2&offset=1") == ["c2", "lake"])
            #expect(try await names("") == ["b1", "c2", "lake"], "lake is reached through the grant on ml.prod")
            let admin = f.credentials[.tenantAdmin]!
            #expect(try await api.call(.get, "/api/v1/catalogs?limit=3", headers: admin).body?.array?.count == 3)
        }
    }

    @Test("lists and search show what GET shows; discoverable assets appear in search with name, kind and description only")
    func searchAndListFollowTheSameRule() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            try await api.ok(.post, "/api/v1/catalogs/lake/namespaces/ml.staging/assets", token: f.root,
                             json: #"{"name":"hidden_churn","kind":"CSV_TABLE","location":"s3://bucket/hidden"}"#)
            // The asset-only user lists one asset of ml.prod, and the total says so.
            try await api.ok(.post, "/api/v1/catalogs/lake/namespaces/ml.prod/assets", token: f.root,
                             json: #"{"name":"other","kind":"CSV_TABLE","location":"s3://bucket/other"}"#)
            let listed = try await api.call(.get, "/api/v1/catalogs/lake/namespaces/ml.prod/assets", headers: headers(f, .assetOnly))
            #expect(listed.body?.array?.compactMap { $0["name"]?.string } == ["churn"])
            #expect(listed.headers[totalCountHeader] == "1")

            let search = try await api.call(.get, "/api/v1/search/assets", headers: headers(f, .namespaceRead))
            let hits = try #require(search.body?["items"]?.array)
            let names = hits.compactMap { $0["name"]?.string }
            #expect(Set(names) == ["churn", "other", "secret"], "ml.prod in full, and the discoverable asset")
            #expect(search.body?["total"]?.int == 3)
            let secret = try #require(hits.first { $0["name"]?.string == "secret" })
            #expect(secret["has_access"] == .bool(false))
            #expect(secret["description"]?.string == "payroll extract")
            #expect(secret["catalog"]?.string == "" && secret["namespace"]?.string == "" && secret["location"] == nil,
                    "where an unreadable asset lives is not shown")
            let churn = try #require(hits.first { $0["name"]?.string == "churn" })
            #expect(churn["has_access"] == .bool(true) && churn["tags"]?.array == [.string("gold")])

            let byLabel = try await api.call(.get, "/api/v1/assets/search?query=churn", headers: headers(f, .label))
            #expect(byLabel.body?.array?.compactMap { $0["name"]?.string } == ["churn"], "the label grant finds churn, not hidden_churn")
        }
    }

    @Test("revoking a grant, or removing the label it names, takes effect on the next request")
    func revocationIsImmediate() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            let path = "/api/v1/assets/\(f.churnID)"
            #expect(try await api.call(.get, path, headers: headers(f, .namespaceRead)).status == .ok)
            try await api.ok(.delete, "/api/v1/permissions/\(f.namespaceReadGrantID)", token: f.root)
            #expect(try await api.call(.get, path, headers: headers(f, .namespaceRead)).status == .notFound)

            #expect(try await api.call(.get, path, headers: headers(f, .label)).status == .ok)
            try await api.ok(.post, "/api/v1/assets/\(f.churnID)/metadata", token: f.root, json: #"{"tags":["silver"]}"#)
            #expect(try await api.call(.get, path, headers: headers(f, .label)).status == .notFound)
        }
    }

    @Test("a custom role grants what it holds to whoever is assigned it, and changing or deleting it changes their access")
    func customRoles() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            let staging = #"{"name":"staging-reader","permissions":[{"scope":{"type":"namespace","catalog_id":"lake","namespace":"ml.staging"},"actions":["read"]}]}"#
            let role = try await api.ok(.post, "/api/v1/roles", token: f.root, json: staging)
            #expect(role.body["permissions"]?[0]?["scope"]?["catalog_id"]?.string != "lake", "the catalog is stored by id")
            let user = f.userIDs[.assetOnly]!
            let secret = "/api/v1/assets/\(f.secretID)"
            #expect(try await api.call(.get, secret, headers: headers(f, .assetOnly)).status == .notFound)
            try await api.ok(.post, "/api/v1/users/\(user)/roles", token: f.root, json: #"{"role-id":"\#(role.id)"}"#)
            #expect(try await api.call(.get, secret, headers: headers(f, .assetOnly)).status == .ok)
            let held = try await api.call(.get, "/api/v1/users/\(user)/roles", token: f.root)
            #expect(held.body?.array?.compactMap { $0["name"]?.string } == ["staging-reader"])

            try await api.ok(.put, "/api/v1/roles/\(role.id)", token: f.root, json: #"{"name":"staging-reader","permissions":[]}"#)
            #expect(try await api.call(.get, secret, headers: headers(f, .assetOnly)).status == .notFound)
            try await api.ok(.put, "/api/v1/roles/\(role.id)", token: f.root, json: staging)
            #expect(try await api.call(.get, secret, headers: headers(f, .assetOnly)).status == .ok)
            try await api.ok(.delete, "/api/v1/roles/\(role.id)", token: f.root)
            #expect(try await api.call(.get, secret, headers: headers(f, .assetOnly)).status == .notFound)

            // A built-in role is granted on a scope through the same route.
            try await api.ok(.post, "/api/v1/users/\(user)/roles", token: f.root,
                             json: #"{"role-id":"READ","scope":{"type":"namespace","catalog_id":"lake","namespace":"ml.staging"}}"#)
            #expect(try await api.call(.get, secret, headers: headers(f, .assetOnly)).status == .ok)
            let builtIn = try await api.call(.get, "/api/v1/users/\(user)/roles", token: f.root)
            #expect(builtIn.body?.array?.compactMap { $0["name"]?.string } == ["READ"])
            try await api.ok(.delete, "/api/v1/users/\(user)/roles/READ", token: f.root)
            #expect(try await api.call(.get, secret, headers: headers(f, .assetOnly)).status == .notFound)
        }
    }

    @Test("an access request is approved with a comment, which grants read; it cannot be reviewed twice; a denial grants nothing")
    func accessRequests() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            let pending = try await api.call(.get, "/api/v1/access-requests", token: f.root)
            let first = try #require(pending.body?[0])
            #expect(first["status"]?.string == "pending" && first["asset-id"]?.string == f.secretID && first["reason"]?.string == "quarterly report")
            let again = try await api.call(.post, "/api/v1/assets/\(f.secretID)/access-requests", json: "{}", headers: headers(f, .namespaceRead))
            #expect(again.status == .conflict, "one pending request per asset and user")

            let approved = try await api.ok(.put, "/api/v1/access-requests/\(f.accessRequestID)", token: f.root,
                                            json: #"{"status":"approved","comment":"for Q3 only"}"#)
            #expect(approved.body["status"]?.string == "approved" && approved.body["review-comment"]?.string == "for Q3 only")
            #expect(try await api.call(.get, "/api/v1/assets/\(f.secretID)", headers: headers(f, .namespaceRead)).status == .ok)
            #expect(try await api.call(.put, "/api/v1/assets/\(f.secretID)/metadata", json: "{}", headers: headers(f, .namespaceRead))
                .status == .notFound, "approval grants read only (and metadata has no PUT)")
            let twice = try await api.call(.put, "/api/v1/access-requests/\(f.accessRequestID)", token: f.root, json: #"{"status":"denied"}"#)
            #expect(twice.status == .conflict)

            let denied = try await api.ok(.post, "/api/v1/assets/\(f.secretID)/access-requests", headers: headers(f, .label), json: "{}")
            try await api.ok(.put, "/api/v1/access-requests/\(denied.id)", token: f.root, json: #"{"status":"Rejected","comment":"no"}"#)
            #expect(try await api.call(.get, "/api/v1/assets/\(f.secretID)", headers: headers(f, .label)).status == .notFound)
            let mine = try await api.call(.get, "/api/v1/access-requests", headers: headers(f, .label))
            #expect(mine.body?.array?.compactMap { $0["status"]?.string } == ["denied"], "users see their own requests")

            let bad = try await api.call(.put, "/api/v1/access-requests/\(denied.id)", token: f.root, json: #"{"status":"maybe"}"#)
            #expect(bad.status == .badRequest && bad.errorMessage.contains("expected approved or denied"))
            // A non-discoverable asset the caller cannot read cannot be asked for: it is missing.
            let hidden = try await api.call(.post, "/api/v1/assets/\(f.churnID)/access-requests", json: "{}", headers: f.credentials[.otherAdmin]!)
            #expect(hidden.status == .notFound)
        }
    }

    @Test("making an asset discoverable takes manage-discovery, which READ_WRITE does not give")
    func discoveryNeedsItsOwnAction() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            let path = "/api/v1/assets/\(f.churnID)/metadata"
            let refused = try await api.call(.post, path, json: #"{"tags":["gold"],"discoverable":true}"#, headers: headers(f, .namespaceReadWrite))
            #expect(refused.status == .forbidden && refused.errorMessage.contains("manage-discovery"))
            try await api.grant(f.userIDs[.namespaceReadWrite]!, actions: ["manage-discovery"],
                                scope: #"{"type":"namespace","catalog_id":"lake","namespace":"ml"}"#, token: f.root)
            #expect(try await api.call(.post, path, json: #"{"tags":["gold"],"discoverable":true}"#, headers: headers(f, .namespaceReadWrite))
                .status == .ok)
        }
    }

    @Test("grants that name nothing real, or say nothing, are refused with a message naming the problem")
    func badGrants() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            let cases: [(String, Int, String)] = [
                (#"{"user-id":"target","role":"READ","scope":{"type":"namespace","catalog_id":"lake","namespace":"ml.nowhere"}}"#, 404, "no namespace 'ml.nowhere'"),
                (#"{"user-id":"target","role":"READ","scope":{"type":"catalog","catalog_id":"sea"}}"#, 404, "no catalog with id or name 'sea'"),
                (#"{"user-id":"nobody","role":"READ","scope":{"type":"tenant"}}"#, 404, "no user or service user 'nobody'"),
                (#"{"user-id":"otherAdmin","role":"READ","scope":{"type":"tenant"}}"#, 404, "no user or service user 'otherAdmin'"),
                (#"{"user-id":"target","role":"OWNER","scope":{"type":"tenant"}}"#, 400, "unknown role"),
                (#"{"user-id":"target","actions":["fly"],"scope":{"type":"tenant"}}"#, 400, "unknown action"),
                (#"{"user-id":"target","actions":[],"scope":{"type":"tenant"}}"#, 400, "at least one action"),
                (#"{"user-id":"target","actions":["read"],"role":"READ","scope":{"type":"tenant"}}"#, 400, "either 'actions' or 'role'"),
                (#"{"user-id":"target","role":"READ","scope":{"type":"galaxy"}}"#, 400, "unknown scope type"),
                (#"{"user-id":"target","role":"READ","scope":{"type":"asset"}}"#, 400, "needs 'asset_id'"),
                (#"{"user-id":"target","role":"READ"}"#, 400, "field 'scope' is required"),
            ]
            for (body, status, message) in cases {
                let reply = try await api.call(.post, "/api/v1/permissions", token: f.root, json: body)
                #expect(Int(reply.status.code) == status, "\(body)")
                #expect(reply.errorMessage.contains(message), "\(body): \(reply.errorMessage)")
            }
        }
    }

    @Test("grants, revocations and role changes are audited, and root's work inside a tenant is recorded as a crossing")
    func auditTrail() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            try await api.ok(.delete, "/api/v1/permissions/\(f.namespaceReadGrantID)", token: f.root)
            try await api.ok(.post, "/api/v1/users/\(f.targetUserID)/roles", token: f.root, json: #"{"role-id":"analyst"}"#)
            try await api.ok(.get, "/api/v1/catalogs", token: f.root, headers: [tenantHeader: "beta"])
            // A denial that answers 403, and one that answers 404 so as not to reveal the asset.
            #expect(try await api.call(.delete, "/api/v1/assets/\(f.churnID)/metadata", headers: headers(f, .assetOnly)).status == .forbidden)
            #expect(try await api.call(.get, "/api/v1/assets/\(f.secretID)", headers: headers(f, .label)).status == .notFound)
            let events = try await api.call(.get, "/api/v1/audit?limit=500", token: f.root)
            let actions = Set(events.body?.array?.compactMap { $0["action"]?.string } ?? [])
            for action in ["grant_permission", "revoke_permission", "create_role", "assign_role", "request_access", "cross_tenant", "deny"] {
                #expect(actions.contains(action), "\(action) is audited")
            }
            let hidden = events.body?.array?.first { $0["action"]?.string == "deny" && $0["resource_id"]?.string == f.secretID }
            #expect(hidden?["username"]?.string == "label", "the hidden asset's denial names who was refused")
        }
    }

    @Test("grants can be listed by administrators; others list their own")
    func listingGrants() async throws {
        try await Harness.run { api in
            let f = try await GovernanceFixture.make(api)
            let all = try await api.call(.get, "/api/v1/permissions?limit=100", token: f.root)
            #expect((all.body?.array?.count ?? 0) >= 7)
            let mine = try await api.call(.get, "/api/v1/permissions", headers: headers(f, .namespaceRead))
            let scope = try #require(mine.body?[0]?["scope"])
            #expect(mine.body?.array?.count == 1 && scope["type"]?.string == "namespace" && scope["namespace"]?.string == "ml.prod")
            #expect(mine.body?[0]?["role"]?.string == "READ" && mine.body?[0]?["actions"]?.array == [.string("read"), .string("list")])
            let others = try await api.call(.get, "/api/v1/permissions?user-id=\(f.targetUserID)", headers: headers(f, .namespaceRead))
            #expect(others.status == .forbidden)
        }
    }
}
