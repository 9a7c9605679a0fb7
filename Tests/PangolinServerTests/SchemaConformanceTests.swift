import Foundation
import PangolinModel
import Testing
@testable import PangolinServer

/// The OpenAPI document is generated from the types the handlers decode and encode; this checks
/// the generated schemas against real exchanges: every route of the authorization matrix is
/// called as root, its request body must fit the route's request schema, and a successful answer
/// its response schema — so a handler that answers another shape than its route declares fails.
@Suite("Schemas against real requests and answers")
struct SchemaConformanceTests {
    @Test("every route's request body and answer match the schemas in the OpenAPI document")
    func exchangesMatchSchemas() async throws {
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(OpenAPIDocument.json))
        let schemas = try #require(document["components"]?["schemas"])
        let routes = Dictionary(APIRoutes.all.map { ("\($0.method) \($0.path)", $0) }, uniquingKeysWith: { first, _ in first })
        try await Harness.run { api in
            let fixture = try await GovernanceFixture.make(api)
            try await fixture.addTable()
            var problems: [String] = []
            var checked = 0
            for (n, row) in AuthorizationMatrixTests.rows.enumerated() {
                let route = try #require(routes["\(row.method) \(row.route)"])
                let path = try await row.path(fixture, 10_000 + n)
                let body = try await row.body?(fixture, 10_000 + n) ?? (row.method == .post || row.method == .put ? "{}" : nil)
                if let type = route.body, let body {
                    let sent = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))
                    problems += SchemaCheck.problems(sent, schemas[OpenAPIDocument.schemaName(type)], in: schemas)
                        .map { "\(row.method) \(row.route) request: \($0)" }
                }
                let headers = row.freshToken ? try await fixture.freshCredential(.root) : fixture.credentials[.root]!
                let reply = try await api.call(row.method, path, json: body, headers: headers)
                guard (200..<300).contains(Int(reply.status.code)) else { continue }
                if Int(reply.status.code) != route.status {
                    problems.append("\(row.method) \(row.route): answered \(reply.status.code), documented \(route.status)")
                }
                guard let type = route.response else { continue }
                let answer = try #require(reply.body, "\(row.method) \(row.route) answered no JSON: \(reply.text.prefix(100))")
                checked += 1
                problems += SchemaCheck.problems(answer, schemas[OpenAPIDocument.schemaName(type)], in: schemas)
                    .map { "\(row.method) \(row.route) answer: \($0)" }
            }
            #expect(checked > 60)
            #expect(problems == [], "\(problems.joined(separator: "\n"))")
        }
    }

    @Test("the check finds a missing required field, an unknown field and a wrong type")
    func checkFindsMismatches() throws {
        struct Shape: Decodable {
            var name: String
            var size: Int?
        }
        let schema = try WireSchema.of(Shape.self)
        #expect(SchemaCheck.problems(.object(["name": "a", "size": .int(3)]), schema, in: .object([:])) == [])
        #expect(SchemaCheck.problems(.object(["name": "a", "size": .null]), schema, in: .object([:])) == [])
        #expect(SchemaCheck.problems(.object(["size": .int(3)]), schema, in: .object([:])) == ["$: 'name' is required"])
        #expect(SchemaCheck.problems(.object(["name": "a", "extra": true]), schema, in: .object([:])) == ["$: 'extra' is not in the schema"])
        #expect(SchemaCheck.problems(.object(["name": .int(1)]), schema, in: .object([:])) == ["$.name: integer where string is expected"])
    }
}

/// The part of JSON Schema the generated schemas use: type (one or several), enum, properties,
/// required, additionalProperties, items and `$ref`.
enum SchemaCheck {
    static func problems(_ value: JSONValue, _ schema: JSONValue?, in schemas: JSONValue, at path: String = "$") -> [String] {
        guard case .object(var rules)? = schema else { return schema == nil ? ["\(path): no schema"] : [] }
        if case .string(let reference)? = rules["$ref"] {
            let name = String(reference.split(separator: "/").last ?? "")
            guard case .object(let target)? = schemas[name] else { return ["\(path): no schema \(name)"] }
            rules = target
        }
        let kind = typeName(value)
        var allowed: [String] = []
        switch rules["type"] {
        case .string(let type)?: allowed = [type]
        case .array(let types)?: allowed = types.compactMap { if case .string(let type) = $0 { type } else { nil } }
        default: break
        }
        if !allowed.isEmpty, !allowed.contains(kind), !(kind == "integer" && allowed.contains("number")) {
            return ["\(path): \(kind) where \(allowed.joined(separator: " or ")) is expected"]
        }
        if case .array(let values)? = rules["enum"], !values.contains(value) {
            return ["\(path): \(value) is not one of the allowed values"]
        }
        switch value {
        case .object(let members):
            var found: [String] = []
            let properties: [String: JSONValue] = if case .object(let properties)? = rules["properties"] { properties } else { [:] }
            if case .array(let required)? = rules["required"] {
                for case .string(let key) in required where members[key] == nil { found.append("\(path): '\(key)' is required") }
            }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                if let property = properties[key] {
                    found += problems(member, property, in: schemas, at: "\(path).\(key)")
                } else if let extra = rules["additionalProperties"] {
                    if extra == .bool(false) {
                        found.append("\(path): '\(key)' is not in the schema")
                    } else if case .object = extra {
                        found += problems(member, extra, in: schemas, at: "\(path).\(key)")
                    }
                }
            }
            return found
        case .array(let items):
            guard let itemSchema = rules["items"] else { return [] }
            return items.enumerated().flatMap { problems($1, itemSchema, in: schemas, at: "\(path)[\($0)]") }
        default:
            return []
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
