import Foundation
import Testing
@testable import PangolinModel

@Suite("Wire schemas learned from decoders")
struct WireSchemaTests {
    struct Node: Decodable {
        var name: String
        var size: Int64?
        var children: [Node]
        var labels: [String: String]?
    }

    struct Aliased: Decodable {
        var id: String
        enum CodingKeys: String, CodingKey { case id, legacy = "legacy_id" }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let id = try container.decodeIfPresent(String.self, forKey: .id) ?? container.decodeIfPresent(String.self, forKey: .legacy) else {
                throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: [], debugDescription: "id"))
            }
            self.id = id
        }
    }

    @Test("an object lists its keys, which of them are required, their types, and allows no others")
    func object() throws {
        let schema = try WireSchema.of(Node.self)
        #expect(schema["type"] == "object")
        #expect(schema["additionalProperties"] == false)
        #expect(schema["required"] == .array(["children", "name"]))
        // Optional fields may be null.
        #expect(schema["properties"]?["size"] == .object(["type": .array(["integer", "null"]), "format": "int64"]))
        #expect(schema["properties"]?["labels"] == .object(["type": .array(["object", "null"]), "additionalProperties": .object(["type": "string"])]))
        // A recursive type ends, deep down, with items of any shape.
        #expect(schema["properties"]?["children"]?["type"] == "array")
    }

    @Test("a decoder that reads one key or else another shows both; enumerations list their values")
    func aliasesAndEnumerations() throws {
        #expect(WireSchema.keys(of: Aliased.self) == ["id", "legacy_id"])
        #expect(try WireSchema.of(AssetKind.self)["enum"]?.array?.count == AssetKind.allCases.count)
        #expect(WireSchema.keys(of: TenantSettings.self) == Set(TenantSettings.CodingKeys.allCases.map(\.stringValue)))
    }
}

private extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
    var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
