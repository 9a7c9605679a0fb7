import HTTPTypes
import Testing
@testable import PangolinServer

@Suite("Bad input")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method = .post
        var path = "/api/v1/catalogs/lake/namespaces/ml.prod/assets"
        var body: String?
        var headers: HTTPFields = [:]
        var status: HTTPResponse.Status
        var fragment: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed JSON", body: #"{"name": "x","#, status: .badRequest, fragment: "not valid JSON"),
        Case(name: "not an object", body: #"["x"]"#, status: .badRequest, fragment: "must be a JSON object, not an array"),
        Case(name: "empty body", body: "", status: .badRequest, fragment: "needs a JSON body"),
        Case(name: "unknown field", body: #"{"name":"x","kind":"OTHER","location":"l","colour":"red"}"#, status: .badRequest, fragment: "unknown field(s) 'colour'"),
        Case(name: "wrong type", body: #"{"name":"x","kind":"OTHER","location":42}"#, status: .badRequest, fragment: "field 'location' must be a string"),
        Case(name: "wrong property type", body: #"{"name":"x","kind":"OTHER","location":"l","properties":{"n":1}}"#, status: .badRequest, fragment: "field 'properties.n' must be a string"),
        Case(name: "missing field", body: #"{"kind":"OTHER","location":"l"}"#, status: .badRequest, fragment: "missing field 'name'"),
        Case(name: "null field", body: #"{"name":null,"kind":"OTHER","location":"l"}"#, status: .badRequest, fragment: "field 'name' must be a string, not null"),
        Case(name: "path separator in a name", body: #"{"name":"a/b","kind":"OTHER","location":"l"}"#, status: .badRequest, fragment: "path separator"),
        Case(name: "control character in a name", body: #"{"name":"a\u0007b","kind":"OTHER","location":"l"}"#, status: .badRequest, fragment: "control character"),
        Case(name: "empty name", body: #"{"name":"","kind":"OTHER","location":"l"}"#, status: .badRequest, fragment: "must not be empty"),
        Case(name: "over-long name", body: #"{"name":"\#(String(repeating: "n", count: 300))","kind":"OTHER","location":"l"}"#, status: .badRequest, fragment: "the limit is 255"),
        Case(name: "unknown kind", body: #"{"name":"x","kind":"SPREADSHEET","location":"l"}"#, status: .badRequest, fragment: "unknown asset kind 'SPREADSHEET'"),
        Case(name: "empty location", body: #"{"name":"x","kind":"OTHER","location":""}"#, status: .badRequest, fragment: "location must not be empty"),
        Case(name: "oversized body", body: #"{"name":"x","kind":"OTHER","location":"\#(String(repeating: "l", count: 70_000))"}"#, status: .contentTooLarge, fragment: "larger than"),
        Case(name: "not JSON content", body: "name=x", headers: [.contentType: "application/x-www-form-urlencoded"], status: .unsupportedMediaType, fragment: "must be JSON"),
        Case(name: "missing namespace", path: "/api/v1/catalogs/lake/namespaces/ml.dev/assets", body: #"{"name":"x","kind":"OTHER","location":"l"}"#, status: .notFound, fragment: "namespace 'ml.dev' does not exist"),
        Case(name: "missing catalog", path: "/api/v1/catalogs/sea/namespaces/ml/assets", body: #"{"name":"x","kind":"OTHER","location":"l"}"#, status: .notFound, fragment: "no catalog named 'sea'"),
        Case(name: "invalid namespace in path", path: "/api/v1/catalogs/lake/namespaces/ml..prod/assets", body: #"{"name":"x","kind":"OTHER","location":"l"}"#, status: .badRequest, fragment: "must not be empty"),
        Case(name: "bad limit", method: .get, path: "/api/v1/catalogs?limit=0", status: .badRequest, fragment: "'limit' must be a whole number"),
        Case(name: "bad offset", method: .get, path: "/api/v1/catalogs?offset=-3", status: .badRequest, fragment: "'offset'"),
        Case(name: "bad audit time", method: .get, path: "/api/v1/audit?start_time=yesterday", status: .badRequest, fragment: "ISO 8601"),
        Case(name: "bad If-Match", method: .put, path: "/api/v1/catalogs/lake/namespaces/ml.prod/assets/existing", body: #"{"location":"x"}"#, headers: [.ifMatch: "abc"], status: .badRequest, fragment: "If-Match"),
        Case(name: "empty update", method: .put, path: "/api/v1/catalogs/lake/namespaces/ml.prod/assets/existing", body: "{}", status: .badRequest, fragment: "send 'location', 'properties' or 'lineage'"),
        Case(name: "dot in catalog name", path: "/api/v1/catalogs", body: #"{"name":"a.b"}"#, status: .badRequest, fragment: "contains '.'"),
        Case(name: "unknown catalog type", path: "/api/v1/catalogs", body: #"{"name":"c","catalog_type":"Remote"}"#, status: .badRequest, fragment: "catalog_type"),
        Case(name: "missing warehouse", path: "/api/v1/catalogs", body: #"{"name":"c","warehouse_name":"nope"}"#, status: .notFound, fragment: "no warehouse named 'nope'"),
        Case(name: "short password", path: "/api/v1/users", body: #"{"username":"u","role":"TenantUser","password":"short"}"#, status: .badRequest, fragment: "at least 8"),
        Case(name: "unknown role", path: "/api/v1/users", body: #"{"username":"u","role":"Wizard","password":"long-enough"}"#, status: .badRequest, fragment: "unknown role 'Wizard'"),
        Case(name: "duplicate tenant", path: "/api/v1/tenants", body: #"{"name":"default"}"#, status: .conflict, fragment: "already exists"),
        Case(name: "unknown route", method: .get, path: "/api/v1/nothing-here", status: .notFound, fragment: "no route for GET /api/v1/nothing-here"),
    ]

    @Test("is refused with the right status and a message that names the problem, changing nothing", arguments: cases)
    func refused(_ testCase: Case) async throws {
        try await Harness.run { api in
            let token = try await api.login()
            try await api.makeCatalog(token: token)
            try await api.register("existing", token: token)
            let before = try await api.services.store.statistics(tenantID: nil)
            let reply = try await api.call(testCase.method, testCase.path, token: token, json: testCase.body, headers: testCase.headers)
            #expect(reply.status == testCase.status, "\(reply.text)")
            #expect(reply.errorMessage.contains(testCase.fragment), "\(reply.errorMessage)")
            #expect(!reply.errorCode.isEmpty)
            #expect(try await api.services.store.statistics(tenantID: nil) == before)
        }
    }
}
