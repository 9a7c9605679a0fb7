import Foundation

/// Encodes values that are not rows themselves: nested structs, arrays and the Foundation types
/// whose own `Codable` form is not what a data file should hold.
enum ValueEncoding {
    /// The value for Foundation types that need a special form, or nil for everything else.
    /// Compares metatypes rather than casting values: this runs for every field of every row.
    static func special<T: Encodable>(_ value: T) throws -> ArtifactValue? {
        if T.self == Date.self { return .timestamp(unsafeBitCast(value, to: Date.self)) }
        if T.self == Decimal.self { return .decimal(unsafeBitCast(value, to: Decimal.self)) }
        if T.self == UUID.self { return .uuid(unsafeBitCast(value, to: UUID.self)) }
        if T.self == CalendarDate.self { return .date(unsafeBitCast(value, to: CalendarDate.self).daysSince1970) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        return nil
    }

    /// Whether values of a type take one of the special forms above.
    static func isSpecial<T>(_ type: T.Type) -> Bool {
        T.self == Date.self || T.self == Decimal.self || T.self == UUID.self || T.self == URL.self || T.self == Data.self
            || T.self == CalendarDate.self
    }

    /// The value of anything encodable.
    static func value<T: Encodable>(of value: T, codingPath: [any CodingKey]) throws -> ArtifactValue {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .int(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == Double.self { return .double(unsafeBitCast(value, to: Double.self)) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if let special = try special(value) { return special }
        let encoder = NodeEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.node.value
    }

    /// Unsigned integers beyond `Int64.max` keep their digits as decimals.
    static func unsigned(_ value: UInt64) -> ArtifactValue {
        value <= UInt64(Int64.max) ? .int(Int64(value)) : .decimal(Decimal(value))
    }

    /// The value of a primitive passed to a single-value or unkeyed container.
    static func primitive<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> ArtifactValue {
        switch value {
        case let value as Int8: .int(Int64(value))
        case let value as Int16: .int(Int64(value))
        case let value as Int32: .int(Int64(value))
        case let value as Int64: .int(value)
        case let value as UInt: unsigned(UInt64(value))
        case let value as UInt8: .int(Int64(value))
        case let value as UInt16: .int(Int64(value))
        case let value as UInt32: .int(Int64(value))
        case let value as UInt64: unsigned(value)
        case let value as Float: .double(Double(value))
        default: try self.value(of: value, codingPath: codingPath)
        }
    }
}

/// A value being built by nested containers; containers hand out child nodes that they fill later.
final class EncodingNode {
    enum Content {
        case value(ArtifactValue)
        case object(keys: [String], children: [EncodingNode])
        case array([EncodingNode])
    }

    var content: Content

    init(_ content: Content) { self.content = content }

    static func object() -> EncodingNode { EncodingNode(.object(keys: [], children: [])) }
    static func array() -> EncodingNode { EncodingNode(.array([])) }

    var value: ArtifactValue {
        switch content {
        case .value(let value): value
        case .object(let keys, let children): .object(ArtifactObject(keys: keys, values: children.map(\.value)))
        case .array(let children): .array(children.map(\.value))
        }
    }

    func add(_ child: EncodingNode, for key: String) {
        guard case .object(var keys, var children) = content else {
            content = .object(keys: [key], children: [child])
            return
        }
        content = .value(.null)  // release the payload so the arrays below are uniquely referenced
        if let index = keys.firstIndex(of: key) {
            children[index] = child
        } else {
            keys.append(key)
            children.append(child)
        }
        content = .object(keys: keys, children: children)
    }

    func append(_ child: EncodingNode) {
        guard case .array(var children) = content else {
            content = .array([child])
            return
        }
        content = .value(.null)
        children.append(child)
        content = .array(children)
    }
}

/// An encoder for a nested value.
final class NodeEncoder: Encoder {
    let node = EncodingNode(.value(.null))
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any] = [:]

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object(keys: [], children: []) }
        return KeyedEncodingContainer(NodeKeyedContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return NodeUnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        NodeSingleValueContainer(node: node, codingPath: codingPath)
    }
}

struct NodeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.add(EncodingNode(.value(.null)), for: key.stringValue) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let encoded = try ValueEncoding.primitive(value, codingPath: codingPath + [key])
        node.add(EncodingNode(.value(encoded)), for: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode.object()
        node.add(child, for: key.stringValue)
        return KeyedEncodingContainer(NodeKeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode.array()
        node.add(child, for: key.stringValue)
        return NodeUnkeyedContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let encoder = NodeEncoder(codingPath: codingPath + [key])
        node.add(encoder.node, for: key.stringValue)
        return encoder
    }
}

struct NodeUnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    var count: Int {
        if case .array(let children) = node.content { children.count } else { 0 }
    }

    mutating func encodeNil() throws { node.append(EncodingNode(.value(.null))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(EncodingNode(.value(try ValueEncoding.primitive(value, codingPath: codingPath))))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode.object()
        node.append(child)
        return KeyedEncodingContainer(NodeKeyedContainer<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingNode.array()
        node.append(child)
        return NodeUnkeyedContainer(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = NodeEncoder(codingPath: codingPath)
        node.append(encoder.node)
        return encoder
    }
}

struct NodeSingleValueContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.content = .value(try ValueEncoding.primitive(value, codingPath: codingPath))
    }
}
