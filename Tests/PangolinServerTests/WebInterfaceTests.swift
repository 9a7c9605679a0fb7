import Foundation
import HTTPTypes
import Testing
import PangolinModel
@testable import PangolinServer

/// The web interface in-process: sessions, CSRF, headers, escaping and what each viewer sees.
/// The same pages in a real browser are in Tests/Compatibility/test_ui.py.
@Suite("Web interface")
struct WebInterfaceTests {
    @Test("a browser asking for / or for a page without a session is sent to the login page, with the page to return to")
    func redirects() async throws {
        try await Harness.run { api in
            let root = try await api.call(.get, "/")
            #expect(root.status == .seeOther)
            #expect(root.headers[.location] == "/ui")
            let page = try await api.call(.get, "/ui/search?q=churn")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/ui/login?next=%2Fui%2Fsearch%3Fq%3Dchurn")
            let login = try await api.call(.get, "/ui/login?next=https://evil.example/ui")
            #expect(login.text.contains(#"name="next" value="/ui""#), "a return address off the interface is dropped")
        }
    }

    @Test("every page forbids inline script, frames and sniffing")
    func securityHeaders() async throws {
        try await Harness.run { api in
            for path in ["/ui/login", "/ui", "/ui/static/ui.css"] {
                let reply = try await api.call(.get, path)
                let policy = try #require(reply.headers[HTTPField.Name("Content-Security-Policy")!])
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(reply.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(reply.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
        }
    }

    @Test("logging in through the form sets an HttpOnly, SameSite=Strict cookie, Secure behind HTTPS, that the API itself ignores")
    func sessionCookie() async throws {
        try await Harness.run { api in
            let browser = try await Browser.logIn(api, forwardedProto: "https")
            #expect(browser.setCookie.contains("HttpOnly") && browser.setCookie.contains("SameSite=Strict") && browser.setCookie.contains("Secure"))
            let maxAge = browser.setCookie.split(separator: ";").compactMap { part -> Int? in
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=")
                return pair.count == 2 && pair[0] == "Max-Age" ? Int(pair[1]) : nil
            }.first
            #expect(maxAge.map { (86_400 - 600)...86_400 ~= $0 } == true, "the session lasts as long as its 24-hour token")
            #expect(try await browser.get("/ui").status == .ok)
            let plain = try await Browser.logIn(api)
            #expect(!plain.setCookie.contains("Secure"))
            let viaAPI = try await api.call(.get, "/api/v1/users/me", headers: [.cookie: plain.cookie])
            #expect(viaAPI.status == .unauthorized, "a cookie never authenticates the API, so other sites cannot make a browser call it")
        }
    }

    @Test("the login form goes through the API's throttle and audit")
    func loginThrottle() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            var last: API.Reply?
            for _ in 0..<6 { last = try await Browser.submitLogin(api, username: "guesser", password: "wrong-password") }
            #expect(last?.status == .tooManyRequests)
            #expect(last?.headers[.retryAfter] != nil)
            #expect(last?.text.contains("too many failed logins") == true)
            let audit = try await api.call(.get, "/api/v1/audit?action=login&result=failure", token: root)
            #expect((audit.body?.array?.count ?? 0) >= 5)
        }
    }

    @Test("a form without its CSRF token, or with another session's, is refused and changes nothing")
    func csrf() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            let id = try #require(try await api.register("churn", token: token).body?["id"]?.string)
            let browser = try await Browser.logIn(api)
            let other = try await Browser.logIn(api)
            #expect(try await browser.post("/ui/assets/\(id)/tags", ["name": "prod"]).status == .forbidden)
            #expect(try await browser.post("/ui/assets/\(id)/tags", ["name": "prod", "csrf": other.csrf]).status == .forbidden)
            #expect(try await api.call(.get, "/api/v1/assets/\(id)/tags", token: token).body?.array?.isEmpty == true)
            let done = try await browser.post("/ui/assets/\(id)/tags", ["name": "prod", "csrf": browser.csrf])
            #expect(done.status == .seeOther)
            #expect(try await api.call(.get, "/api/v1/assets/\(id)/tags", token: token).body?.array?.count == 1)
            let login = try await Browser.submitLogin(api, username: "admin", password: Harness.rootPassword, csrf: "forged")
            #expect(login.status == .forbidden)
        }
    }

    @Test("logging out revokes the session's token: the cookie opens nothing afterwards")
    func logout() async throws {
        try await Harness.run { api in
            let browser = try await Browser.logIn(api)
            let out = try await browser.post("/ui/logout", ["csrf": browser.csrf])
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await browser.get("/ui")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/ui/login") == true)
        }
    }

    @Test("a mistake is a page with the API's status and message: an unknown page, a bad parameter, a missing asset")
    func errorPages() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            let id = try #require(try await api.register("churn", token: token).body?["id"]?.string)
            let browser = try await Browser.logIn(api)
            let unknown = try await browser.get("/ui/no/such/page")
            #expect(unknown.status == .notFound && unknown.text.contains("404 · Not found") && unknown.headers[.contentType]?.hasPrefix("text/html") == true)
            let depth = try await browser.get("/ui/assets/\(id)?depth=99")
            #expect(depth.status == .badRequest && depth.text.contains("depth must be a whole number from 1 to 50"))
            let missing = try await browser.get("/ui/assets/no-such-id")
            #expect(missing.status == .notFound && missing.text.contains("no asset with id"))
            let form = try await api.call(.post, "/ui/assets/\(id)/tags", json: #"{"name":"x"}"#, headers: [.cookie: browser.cookie])
            #expect(form.status == .unsupportedMediaType, "a page's form is a form, not JSON")
        }
    }

    @Test("names and descriptions are escaped wherever they are shown")
    func escaping() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            let name = "<img src=x onerror=alert(1)>"
            let id = try #require(try await api.call(
                .post, "/api/v1/catalogs/lake/namespaces/ml.prod/assets", token: token,
                json: #"{"name":"\#(name)","kind":"ML_MODEL","location":"s3://bucket/x"}"#).body?["id"]?.string)
            try await api.call(.post, "/api/v1/assets/\(id)/metadata", token: token, json: #"{"description":"</script><script>alert(1)</script>"}"#)
            let browser = try await Browser.logIn(api)
            for path in ["/ui/assets/\(id)", "/ui/search?q=img", "/ui/catalogs/lake/namespaces/ml.prod"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                #expect(!page.text.contains("<img src=x") && !page.text.contains("<script>alert"))
                #expect(page.text.contains("&lt;img src=x onerror=alert(1)&gt;"))
            }
        }
    }

    @Test("the search form's words (spaces sent as +), facets and property filters narrow the search, with the total shown")
    func searchPage() async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            try await api.register("churn_model", token: token)
            try await api.register("churn_extract", kind: "CSV_TABLE", token: token)
            try await api.register("fraud_model", token: token)
            let browser = try await Browser.logIn(api)
            let words = try await browser.get("/ui/search?q=churn+model")
            #expect(words.text.contains("<strong>1</strong> assets found"))
            #expect(words.text.contains(#"value="churn model""#))
            let all = try await browser.get("/ui/search?q=churn")
            #expect(all.text.contains("<strong>2</strong> assets found"))
            #expect(all.text.contains(#"<a href="/ui/search?q=churn&amp;kind=CSV_TABLE">CSV_TABLE</a> <span class="count">1</span>"#))
            let narrowed = try await browser.get("/ui/search?q=churn&kind=CSV_TABLE")
            #expect(narrowed.text.contains("<strong>1</strong> assets found") && narrowed.text.contains("kind: CSV_TABLE"))
            let property = try await browser.get("/ui/search?prop=framework%3Dscikit-learn")
            #expect(property.text.contains("<strong>3</strong> assets found") && property.text.contains("framework = scikit-learn"))
            #expect(try await browser.get("/ui/search?prop=framework").status == .badRequest)
        }
    }

    @Test("a reader is refused the administration pages and never sees the name of an asset they may not read")
    func readerView() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.makeCatalog(token: root)
            try await api.call(.post, "/v1/lake/namespaces", token: root, json: #"{"namespace":["secret"]}"#)
            let hidden = try #require(try await api.call(
                .post, "/api/v1/catalogs/lake/namespaces/secret/assets", token: root,
                json: #"{"name":"payroll_extract","kind":"CSV_TABLE","location":"s3://bucket/p"}"#).body?["id"]?.string)
            let shown = try #require(try await api.call(
                .post, "/api/v1/catalogs/lake/namespaces/ml.prod/assets", token: root,
                json: #"{"name":"salary_model","kind":"ML_MODEL","location":"s3://bucket/m","lineage":[{"upstream":"secret.payroll_extract@v1","relation":"trained_on"}]}"#
            ).body?["id"]?.string)
            _ = try await api.createUser("reader", role: "TenantUser", token: root)
            try await api.call(
                .post, "/api/v1/permissions", token: root,
                json: #"{"user-id":"reader","role":"READ","scope":{"type":"namespace","catalog_id":"lake","namespace":"ml.prod"}}"#)
            let reader = try await Browser.logIn(api, username: "reader", password: GovernanceFixture.password)
            #expect(try await reader.get("/ui/admin/users").status == .forbidden)
            #expect(try await reader.get("/ui/admin/audit").status == .forbidden)
            #expect(!(try await reader.get("/ui").text.contains("nav-admin")))
            let page = try await reader.get("/ui/assets/\(shown)")
            #expect(page.status == .ok)
            #expect(page.text.contains("salary_model") && page.text.contains("trained_on @v1"))
            #expect(page.text.contains("node hidden"))
            #expect(try await reader.get("/ui/assets/\(hidden)").status == .notFound)
            #expect(try await reader.get("/ui/search?q=payroll").text.contains("<strong>0</strong> assets found"))
            for path in ["/ui/assets/\(shown)", "/ui/search", "/ui/search?q=extract", "/ui", "/ui/catalogs/lake"] {
                let text = try await reader.get(path).text
                #expect(!text.contains("payroll") && !text.contains(hidden), "\(path) shows the hidden asset")
            }
        }
    }

    @Test("an administrator's asset page links to the audit log filtered to that asset, which lists its events and no other's")
    func assetAuditLink() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.makeCatalog(token: root)
            let ledger = try #require(try await api.register("ledger", token: root).body?["id"]?.string)
            #expect(try await api.register("journal", token: root).status == .created)
            try await api.call(.post, "/api/v1/assets/\(ledger)/metadata", token: root, json: #"{"description":"the ledger"}"#)
            let admin = try await Browser.logIn(api)
            let link = "/ui/admin/audit?resource_id=\(ledger)"
            #expect(try await admin.get("/ui/assets/\(ledger)").text.contains("href=\"\(link)\""))
            let log = try await admin.get(link)
            #expect(log.status == .ok)
            #expect(log.text.contains("value=\"\(ledger)\""), "the filter shows the resource id")
            #expect(log.text.contains("<td>register_asset</td>") && log.text.contains("<td>set_metadata</td>"))
            #expect(!log.text.contains("journal"), "only the ledger's events are listed")
        }
    }

    @Test("an administrator approves an access request on its page, and the requester can then read the asset")
    func approveAccessRequest() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.makeCatalog(token: root)
            let id = try #require(try await api.register("ledger", token: root).body?["id"]?.string)
            try await api.call(.post, "/api/v1/assets/\(id)/metadata", token: root, json: #"{"description":"the ledger","discoverable":true}"#)
            _ = try await api.createUser("analyst", role: "TenantUser", token: root)
            let analyst = try await api.login("analyst", GovernanceFixture.password)
            let asked = try #require(try await api.call(
                .post, "/api/v1/assets/\(id)/access-requests", token: analyst, json: #"{"reason":"quarterly report"}"#).body?["id"]?.string)
            let admin = try await Browser.logIn(api)
            let page = try await admin.get("/ui/admin/access-requests")
            #expect(page.text.contains("quarterly report") && page.text.contains("/ui/admin/access-requests/\(asked)"))
            let reader = try await Browser.logIn(api, username: "analyst", password: GovernanceFixture.password)
            #expect(try await reader.get("/ui/assets/\(id)").status == .notFound)
            #expect(try await reader.post("/ui/admin/access-requests/\(asked)", ["status": "approved", "csrf": reader.csrf]).status == .forbidden)
            let approved = try await admin.post("/ui/admin/access-requests/\(asked)", ["status": "approved", "comment": "ok", "csrf": admin.csrf])
            #expect(approved.status == .seeOther)
            #expect(try await reader.get("/ui/assets/\(id)").status == .ok)
        }
    }

    @Test("a service user made or rotated on its page shows its key once, and the key works")
    func serviceUserKeys() async throws {
        try await Harness.run { api in
            let admin = try await Browser.logIn(api)
            let made = try await admin.post("/ui/admin/service-users", ["name": "pipeline", "csrf": admin.csrf])
            #expect(made.status == .ok)
            let key = try Self.apiKey(in: made.text)
            #expect(try await api.call(.get, "/api/v1/catalogs", headers: [HTTPField.Name("X-API-Key")!: key]).status == .ok)
            #expect(!(try await admin.get("/ui/admin/service-users").text.contains(key)), "the key is shown only when it is made")
            let rotate = try #require(made.text.range(of: #"/ui/admin/service-users/[^/"]+/rotate"#, options: .regularExpression))
            let rotated = try await admin.post(String(made.text[rotate]), ["csrf": admin.csrf])
            let newKey = try Self.apiKey(in: rotated.text)
            #expect(newKey != key)
            #expect(try await api.call(.get, "/api/v1/catalogs", headers: [HTTPField.Name("X-API-Key")!: key]).status == .unauthorized)
            #expect(try await api.call(.get, "/api/v1/catalogs", headers: [HTTPField.Name("X-API-Key")!: newKey]).status == .ok)
        }
    }

    static func apiKey(in html: String) throws -> String {
        guard let range = html.range(of: #"<code id="api-key">"#) else { throw HarnessError("the page shows no API key") }
        return String(html[range.upperBound...].prefix { $0 != "<" })
    }

    @Test("search facets count by kind for every match and by place and label only for what the caller may read")
    func facets() async throws {
        try await Harness.run { api in
            let root = try await api.login()
            try await api.makeCatalog(token: root)
            let churn = try #require(try await api.register("churn_model", token: root).body?["id"]?.string)
            try await api.register("churn_extract", kind: "CSV_TABLE", token: root)
            try await api.call(.post, "/api/v1/assets/\(churn)/metadata", token: root, json: #"{"tags":["gold"],"discoverable":true}"#)
            let all = try await api.call(.get, "/api/v1/search/facets?query=churn", token: root)
            #expect(all.body?["kinds"]?.array?.count == 2)
            #expect(all.body?["tags"]?[0]?["value"]?.string == "gold")
            _ = try await api.createUser("outsider", role: "TenantUser", token: root)
            let outsider = try await api.login("outsider", GovernanceFixture.password)
            let discoverable = try await api.call(.get, "/api/v1/search/facets?query=churn", token: outsider)
            #expect(discoverable.body?["kinds"]?[0]?["count"]?.int == 1)
            #expect(discoverable.body?["catalogs"]?.array?.isEmpty == true)
            #expect(discoverable.body?["tags"]?.array?.isEmpty == true)
        }
    }
}

/// A browser's view of the interface: its session cookie and the CSRF token of its forms.
struct Browser {
    let api: API
    let cookie: String
    let setCookie: String
    let csrf: String

    /// Logs in through the login form, as a browser does.
    static func logIn(_ api: API, username: String = "admin", password: String = Harness.rootPassword, forwardedProto: String? = nil) async throws -> Browser {
        var headers: HTTPFields = [:]
        if let forwardedProto { headers[HTTPField.Name("X-Forwarded-Proto")!] = forwardedProto }
        let reply = try await submitLogin(api, username: username, password: password, headers: headers)
        guard reply.status == .seeOther, let setCookie = reply.headers[values: .setCookie].first(where: { $0.hasPrefix("pangolin_session=") }) else {
            throw HarnessError("logging in as \(username) through the form failed: \(reply.status) \(reply.text)")
        }
        let cookie = String(setCookie.prefix { $0 != ";" })
        let page = try await api.call(.get, "/ui/tokens", headers: [.cookie: cookie])
        return Browser(api: api, cookie: cookie, setCookie: setCookie, csrf: try Self.csrf(in: page.text))
    }

    /// Posts the login form: with the login page's CSRF token unless `csrf` names another.
    static func submitLogin(
        _ api: API, username: String, password: String, csrf: String? = nil, headers: HTTPFields = [:]
    ) async throws -> API.Reply {
        let page = try await api.call(.get, "/ui/login", headers: headers)
        let loginCookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("pangolin_login=") }).prefix { $0 != ";" }
        var form = headers
        form[.cookie] = String(loginCookie)
        form[.contentType] = "application/x-www-form-urlencoded"
        let body = ["username": username, "password": password, "csrf": try csrf ?? Self.csrf(in: page.text)]
        return try await api.call(.post, "/ui/login", json: Self.encode(body), headers: form)
    }

    func get(_ path: String) async throws -> API.Reply {
        try await api.call(.get, path, headers: [.cookie: cookie])
    }

    func post(_ path: String, _ fields: [String: String]) async throws -> API.Reply {
        try await api.call(.post, path, json: Self.encode(fields), headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"])
    }

    static func csrf(in html: String) throws -> String {
        guard let range = html.range(of: #"name="csrf" value=""#) else { throw HarnessError("the page has no CSRF field") }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(WebPaths.query($0.value))" }.joined(separator: "&")
    }
}
