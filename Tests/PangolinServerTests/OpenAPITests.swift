import Foundation
import Prometheus
import Testing
import PangolinModel
@testable import PangolinServer

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("describes exactly the routes the router serves")
    func coversEveryRoute() async throws {
        let bootstrapped = try await CatalogServices.bootstrap(Harness.configuration())
        let router = buildRouter(services: bootstrapped.services, registry: PrometheusCollectorRegistry())
        // The web interface's pages (`/ui`, and `/` that leads there) are HTML, not the API.
        let served = Set(router.routes.map { "\($0.method) \(Self.normalized("\($0.path)"))" })
            .filter { !$0.hasSuffix(" /") && !$0.contains(" /ui") }
        let documented = Set(APIRoutes.all.map { "\($0.method) \(Self.normalized($0.path))" })
        #expect(served.subtracting(documented).isEmpty, "served but not documented")
        #expect(documented.subtracting(served).isEmpty, "documented but not served")
    }

    @Test("is valid JSON with an operation, responses and security for each route")
    func wellFormed() throws {
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(OpenAPIDocument.json))
        #expect(document["openapi"]?.string == "3.1.0")
        for route in APIRoutes.all {
            let operation = try #require(document["paths"]?[route.path]?[route.method.lowercased()], "\(route.method) \(route.path)")
            #expect(operation["responses"]?[String(route.status)] != nil)
            #expect((operation["security"] != nil) == route.authenticated)
            for type in [route.body, route.response].compactMap({ $0 }) {
                #expect(document["components"]?["schemas"]?[OpenAPIDocument.schemaName(type)] != nil, "schema of \(type)")
            }
        }
    }

    @Test("every type a route decodes or encodes has a schema learned from its decoder")
    func schemasAreLearned() {
        for route in APIRoutes.all {
            for type in [route.body, route.response].compactMap({ $0 }) {
                #expect(throws: Never.self, "\(route.method) \(route.path): \(type)") { try WireSchema.of(type) }
            }
        }
    }

    /// `/a/{name}/b` and `/a/:name/b` alike, without a leading slash difference.
    static func normalized(_ path: String) -> String {
        "/" + path.split(separator: "/").map { segment in
            segment.hasPrefix(":") || segment.hasPrefix("{") ? "{}" : String(segment)
        }.joined(separator: "/")
    }
}

@Suite("Route protection")
struct RouteProtectionTests {
    @Test("every route but login, health and the OpenAPI document refuses a request without a token")
    func everyRouteNeedsAToken() async throws {
        try await Harness.run { api in
            for route in APIRoutes.all {
                let path = route.path.split(separator: "/").map { $0.hasPrefix("{") ? "x" : String($0) }.joined(separator: "/")
                let reply = try await api.call(
                    .init(rawValue: route.method)!, "/" + path, json: route.body == nil ? nil : "{}")
                if route.authenticated {
                    #expect(reply.status == .unauthorized, "\(route.method) \(route.path)")
                } else {
                    #expect(reply.status != .unauthorized || route.path == "/api/v1/users/login", "\(route.method) \(route.path)")
                }
            }
        }
    }
}
