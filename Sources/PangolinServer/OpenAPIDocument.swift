import Foundation
import PangolinModel

/// The OpenAPI 3.1 document served at `/openapi.json`, generated from `APIRoutes` and the types
/// its routes decode and encode (see `WireSchema`).
enum OpenAPIDocument {
    static let json: [UInt8] = Array((try? PangolinJSON.encoder().encode(document)) ?? Data())

    static var document: JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in APIRoutes.all {
            guard case .object(var operations) = paths[route.path] ?? .object([:]) else { continue }
            operations[route.method.lowercased()] = operation(route)
            paths[route.path] = .object(operations)
        }
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Pangolin for Swift catalog API",
                "version": "1.0.0",
                "description": "Registers and governs data assets of every kind. Errors are {\"error\": {\"code\", \"message\"}} on /api paths and Iceberg's error shape on /v1 paths.",
            ]),
            "paths": .object(paths),
            "components": .object([
                "securitySchemes": .object(["bearer": .object(["type": "http", "scheme": "bearer", "bearerFormat": "JWT"])]),
                "schemas": .object(schemas),
            ]),
        ])
    }

    private static func operation(_ route: APIRoute) -> JSONValue {
        var operation: [String: JSONValue] = [
            "summary": .string(route.summary),
            "tags": .array([.string(route.tag)]),
            "operationId": .string(operationID(route)),
        ]
        let parameters = route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { segment -> JSONValue in
            .object([
                "name": .string(String(segment.dropFirst().dropLast())), "in": "path", "required": true,
                "schema": .object(["type": "string"]),
            ])
        }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let body = route.body {
            operation["requestBody"] = .object([
                "required": true, "content": .object(["application/json": .object(["schema": reference(schemaName(body))])]),
            ])
        }
        var success: [String: JSONValue] = ["description": "Success"]
        if let response = route.response {
            success["content"] = .object(["application/json": .object(["schema": reference(schemaName(response))])])
        }
        var responses: [String: JSONValue] = [String(route.status): .object(success)]
        let errorSchema = schemaName(route.path.hasPrefix("/v1/") ? IcebergErrorBody.self : ErrorEnvelope.self)
        let error: JSONValue = .object([
            "description": "The request failed; the message says why",
            "content": .object(["application/json": .object(["schema": reference(errorSchema)])]),
        ])
        // Any request can name something invalid: a path segment, a query parameter or a body.
        responses["400"] = error
        if route.authenticated || route.path == "/api/v1/users/login" { responses["401"] = error }
        if route.path == "/api/v1/users/login" { responses["429"] = error }
        if route.authenticated {
            responses["403"] = error
            operation["security"] = .array([.object(["bearer": .array([])])])
        }
        if route.path.contains("{") { responses["404"] = error }
        if route.method == "POST" || route.method == "PUT" || route.method == "DELETE" { responses["409"] = error }
        operation["responses"] = .object(responses)
        return .object(operation)
    }

    private static func operationID(_ route: APIRoute) -> String {
        let words = route.path.split(separator: "/").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "{}")) }
        return ([route.method.lowercased()] + words).joined(separator: "_").replacingOccurrences(of: ".", with: "_")
    }

    /// A schema for every type a route decodes or encodes, and for the two error shapes.
    static var schemas: [String: JSONValue] {
        var types: [any Decodable.Type] = [ErrorEnvelope.self, IcebergErrorBody.self]
        for route in APIRoutes.all {
            if let body = route.body { types.append(body) }
            if let response = route.response { types.append(response) }
        }
        var schemas: [String: JSONValue] = [:]
        for type in types {
            schemas[schemaName(type)] = (try? WireSchema.of(type)) ?? .object([:])
        }
        return schemas
    }

    /// A component name for `type`: `AuthLoginBody` for `AuthController.LoginBody`, `UserList`
    /// for `[User]`, `SearchHitPage` for `Page<SearchHit>`.
    static func schemaName(_ type: any Decodable.Type) -> String {
        var name = String(reflecting: type)
        for module in ["PangolinServer.", "PangolinModel.", "PangolinStore.", "Swift."] { name = name.replacingOccurrences(of: module, with: "") }
        if let inner = name.wrapped(in: "Array<") { return schemaName(text: inner) + "List" }
        if let inner = name.wrapped(in: "Page<") { return schemaName(text: inner) + "Page" }
        return schemaName(text: name)
    }

    private static func schemaName(text: String) -> String {
        text.replacingOccurrences(of: "Controller.", with: "").replacingOccurrences(of: ".", with: "")
    }

    static func reference(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }
}

private extension String {
    /// What is between `prefix` and the final `>`.
    func wrapped(in prefix: String) -> String? {
        guard hasPrefix(prefix), hasSuffix(">") else { return nil }
        return String(dropFirst(prefix.count).dropLast())
    }
}
