import Foundation

/// The JSON shape a `Decodable` type reads, as a JSON Schema (the subset OpenAPI 3.0 uses), learned
/// by decoding the type from a recorder that answers every request with an example value and notes
/// what was asked for. So a wire type's coding keys are its one definition: the fields a request
/// may carry and the OpenAPI document both come from them.
///
/// Objects list the keys their decoder reads (`required`: those read with `decode`, not
/// `decodeIfPresent`) and allow no others. A type whose JSON is one value that its decoder parses
/// (an enumeration, a dotted path) says so by conforming to `WireLeaf`.
public enum WireSchema {
    /// The schema of `type`; throws when the type cannot be decoded from examples (it then
    /// needs a `WireLeaf` conformance).
    public static func of<T: Decodable>(_ type: T.Type) throws -> JSONValue {
        if let leaf = type as? any WireLeaf.Type { return leaf.wireSchema }
        // Twice: once with every optional field present, once with each absent, so that a
        // decoder reading one key or else another (`a ?? b`) shows both.
        let present = SchemaRecorder(depth: 0, optionalsPresent: true)
        let absent = SchemaRecorder(depth: 0, optionalsPresent: false)
        let decoded = Result { try T(from: present) }
        _ = try? T(from: absent)
        _ = try decoded.get()
        return present.merging(absent)
    }

    /// The keys an object of `type` may hold, as spelt on the wire; empty for a non-object.
    public static func keys<T: Decodable>(of type: T.Type) -> Set<String> {
        guard let schema = try? of(type), case .object(let members) = schema, case .object(let properties)? = members["properties"] else {
            return []
        }
        return Set(properties.keys)
    }

    /// Deep enough for any wire type; recursive types (a tree of nodes) stop here.
    static let maxDepth = 8

    static func example<T: Decodable>(_ type: T.Type, depth: Int) throws -> (value: T, schema: JSONValue) {
        if let leaf = type as? any WireLeaf.Type, let value = leaf.wireExample as? T { return (value, leaf.wireSchema) }
        if let map = type as? any WireMap.Type, let value = map.wireExample as? T {
            return (value, .object(["type": "object", "additionalProperties": try map.valueSchema(depth: depth + 1)]))
        }
        let recorder = SchemaRecorder(depth: depth, optionalsPresent: true)
        let value = try T(from: recorder)
        return (value, recorder.schema)
    }
}

/// A type whose JSON is a single value its decoder parses or checks, so that an arbitrary example
/// would not do: it gives its own schema and an example.
public protocol WireLeaf: Decodable {
    static var wireSchema: JSONValue { get }
    static var wireExample: Self { get }
}

extension WireLeaf where Self: CaseIterable & RawRepresentable, RawValue == String {
    public static var wireSchema: JSONValue { .object(["type": "string", "enum": .array(allCases.map { .string($0.rawValue) })]) }
    public static var wireExample: Self { allCases.first! }
}

/// A JSON object used as a map from names to values (`[String: V]`): its keys are free.
protocol WireMap {
    static var wireExample: Self { get }
    static func valueSchema(depth: Int) throws -> JSONValue
}

extension Dictionary: WireMap where Key == String, Value: Decodable {
    static var wireExample: Self { [:] }
    static func valueSchema(depth: Int) throws -> JSONValue { try WireSchema.example(Value.self, depth: depth).schema }
}

extension String: WireLeaf {
    public static var wireSchema: JSONValue { .object(["type": "string"]) }
    /// A string that passes the checks names and paths are put through.
    public static var wireExample: String { "example" }
}

extension Bool: WireLeaf {
    public static var wireSchema: JSONValue { .object(["type": "boolean"]) }
    public static var wireExample: Bool { false }
}

extension Int: WireLeaf {
    public static var wireSchema: JSONValue { .object(["type": "integer"]) }
    public static var wireExample: Int { 0 }
}

extension Int64: WireLeaf {
    public static var wireSchema: JSONValue { .object(["type": "integer", "format": "int64"]) }
    public static var wireExample: Int64 { 0 }
}

extension Double: WireLeaf {
    public static var wireSchema: JSONValue { .object(["type": "number"]) }
    public static var wireExample: Double { 0 }
}

extension Date: WireLeaf {
    public static var wireSchema: JSONValue { .object(["type": "string", "format": "date-time"]) }
    public static var wireExample: Date { Date(timeIntervalSince1970: 0) }
}

extension JSONValue: WireLeaf {
    /// Any JSON value.
    public static var wireSchema: JSONValue { .object([:]) }
    public static var wireExample: JSONValue { .null }
}

/// The decoder that records: every container it hands out notes the keys and types asked of it.
private final class SchemaRecorder: Decoder {
    let codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]
    let depth: Int
    /// Whether `decodeIfPresent` finds a value; either way it records the key.
    let optionalsPresent: Bool
    private var properties: [String: JSONValue] = [:]
    private var required: Set<String> = []
    /// Keys checked for null: the standard `decodeIfPresent` of a number or string checks, then
    /// decodes, and the decode that follows is of an optional field.
    var checkedForNull: Set<String> = []
    private var single: JSONValue?
    private var items: JSONValue?
    private var isArray = false

    init(depth: Int, optionalsPresent: Bool) {
        self.depth = depth
        self.optionalsPresent = optionalsPresent
    }

    /// This recording's schema with the keys only `other` saw added, as optional.
    func merging(_ other: SchemaRecorder) -> JSONValue {
        for (key, schema) in other.properties where properties[key] == nil { properties[key] = schema }
        return schema
    }

    var schema: JSONValue {
        if let single { return single }
        if isArray { return .object(["type": "array", "items": items ?? .object([:])]) }
        var object: [String: JSONValue] = [
            "type": "object", "properties": .object(properties), "additionalProperties": .bool(false),
        ]
        if !required.isEmpty { object["required"] = .array(required.sorted().map { .string($0) }) }
        return .object(object)
    }

    func note(_ key: String, _ schema: JSONValue, required isRequired: Bool) {
        // A key read both ways (checked, then decoded) is described by the decode.
        if properties[key] == nil || schema != .object([:]) { properties[key] = isRequired ? schema : Self.nullable(schema) }
        if isRequired { required.insert(key) }
    }

    /// `schema`, or null: an optional field may be sent as null, and is answered so by some types.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        switch members["type"] {
        case .string(let type)?: members["type"] = .array([.string(type), "null"])
        case .array(var types)? where !types.contains("null"):
            types.append("null")
            members["type"] = .array(types)
        default: break
        }
        if case .array(var values)? = members["enum"], !values.contains(.null) {
            values.append(.null)
            members["enum"] = .array(values)
        }
        return .object(members)
    }

    func noteItems(_ schema: JSONValue) {
        items = schema
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedRecorder<Key>(recorder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        isArray = true
        return UnkeyedRecorder(recorder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleRecorder(recorder: self)
    }

    func example<T: Decodable>(_ type: T.Type) throws -> (value: T, schema: JSONValue) {
        guard depth < WireSchema.maxDepth else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "too deep to describe"))
        }
        return try WireSchema.example(type, depth: depth + 1)
    }

    func recordSingle(_ schema: JSONValue) {
        single = schema
    }
}

private struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool {
        recorder.note(key.stringValue, .object([:]), required: false)
        return true
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        recorder.checkedForNull.insert(key.stringValue)
        recorder.note(key.stringValue, .object([:]), required: false)
        return !recorder.optionalsPresent
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (value, schema) = try recorder.example(type)
        recorder.note(key.stringValue, schema, required: !recorder.checkedForNull.contains(key.stringValue))
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let (value, schema) = try? recorder.example(type) else {
            recorder.note(key.stringValue, .object([:]), required: false)
            return nil
        }
        recorder.note(key.stringValue, schema, required: false)
        return recorder.optionalsPresent ? value : nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = SchemaRecorder(depth: recorder.depth + 1, optionalsPresent: true)
        defer { recorder.note(key.stringValue, nested.schema, required: true) }
        return try nested.container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let nested = SchemaRecorder(depth: recorder.depth + 1, optionalsPresent: true)
        defer { recorder.note(key.stringValue, nested.schema, required: true) }
        return try nested.unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { recorder }
    func superDecoder(forKey key: Key) throws -> any Decoder { recorder }
}

/// Hands out one element, so that the element type is recorded, then says the array has ended.
private struct UnkeyedRecorder: UnkeyedDecodingContainer {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    private(set) var currentIndex = 0
    private var done = false

    init(recorder: SchemaRecorder) {
        self.recorder = recorder
        // A recursive type (a node holding nodes) ends here, with items of any shape.
        done = recorder.depth >= WireSchema.maxDepth - 1
    }

    var isAtEnd: Bool { done }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        done = true
        currentIndex += 1
        let (value, schema) = try recorder.example(type)
        recorder.noteItems(schema)
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        done = true
        return try recorder.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        done = true
        return try recorder.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { recorder }
}

private struct SingleRecorder: SingleValueDecodingContainer {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try recorder.example(type)
        recorder.recordSingle(schema)
        return value
    }
}
