import Foundation

/// Turns rows back into `Decodable` values. It is lenient where files and SQL lose type detail:
/// integers decode as doubles, 0/1 as booleans, timestamp text as `Date`, and JSON text (a nested
/// value after a trip through CSV or SQL) as the nested struct or array it holds.
public enum RowDecoder {
    /// Decodes one row given its column names and values.
    public static func decode<T: Decodable>(_ type: T.Type, columns: RowColumns, values: [ArtifactValue]) throws -> T {
        if columns.names.count == 1, columns.names[0] == RowEncoder.valueColumn {
            if let direct = try? ValueDecoder(values[0], codingPath: []).decode(T.self) { return direct }
        }
        return try ValueDecoder(.object(ArtifactObject(keys: columns.names, values: values)), codingPath: [], index: columns)
            .decode(T.self)
    }

    /// Decodes every row of a batch.
    public static func decode<T: Decodable>(_ type: T.Type, from batch: RowBatch) throws -> [T] {
        let columns = RowColumns(batch.schema.names)
        return try (0..<batch.rowCount).map { try decode(T.self, columns: columns, values: batch.row($0)) }
    }
}

/// Column names with an index by name, built once for many rows.
public struct RowColumns: Sendable {
    /// Names in order.
    public let names: [String]
    let position: [String: Int]

    /// Indexes the names.
    public init(_ names: [String]) {
        self.names = names
        var position: [String: Int] = [:]
        for (index, name) in names.enumerated() where position[name] == nil { position[name] = index }
        self.position = position
    }
}

struct ValueDecoder: Decoder {
    let value: ArtifactValue
    let codingPath: [any CodingKey]
    var index: RowColumns?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: ArtifactValue, codingPath: [any CodingKey], index: RowColumns? = nil) {
        self.value = value
        self.codingPath = codingPath
        self.index = index
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let special = try specialValue(T.self) { return special }
        return try T(from: self)
    }

    /// Foundation types whose stored form differs from their `Codable` form.
    private func specialValue<T>(_ type: T.Type) throws -> T? {
        switch type {
        case is Date.Type:
            switch value {
            case .timestamp(let date): return date as? T
            case .date(let days): return CalendarDate(daysSince1970: days).start as? T
            case .string(let text):
                guard let date = Timestamp.parse(text) else { throw mismatch(type, "'\(text)' is not an ISO 8601 timestamp") }
                return date as? T
            default: throw mismatch(type, "expected a timestamp, found \(value.columnType)")
            }
        case is Decimal.Type:
            switch value {
            case .decimal(let decimal): return decimal as? T
            case .int(let int): return Decimal(int) as? T
            case .double(let double): return Decimal(string: JSONLines.doubleText(double)) as? T
            case .string(let text):
                guard let decimal = Decimal(string: text) else { throw mismatch(type, "'\(text)' is not a decimal number") }
                return decimal as? T
            default: throw mismatch(type, "expected a decimal, found \(value.columnType)")
            }
        case is CalendarDate.Type:
            switch value {
            case .date(let days): return CalendarDate(daysSince1970: days) as? T
            case .timestamp(let date): return CalendarDate(date) as? T
            case .string(let text):
                guard let date = CalendarDate(parsing: text) ?? Timestamp.parse(text).map(CalendarDate.init) else {
                    throw mismatch(type, "'\(text)' is not a date (YYYY-MM-DD)")
                }
                return date as? T
            default: throw mismatch(type, "expected a date, found \(value.columnType)")
            }
        case is UUID.Type:
            switch value {
            case .uuid(let uuid): return uuid as? T
            case .string(let text):
                guard let uuid = UUID(uuidString: text) else { throw mismatch(type, "'\(text)' is not a UUID") }
                return uuid as? T
            default: throw mismatch(type, "expected a UUID, found \(value.columnType)")
            }
        case is URL.Type:
            guard case .string(let text) = value, let url = URL(string: text) else { throw mismatch(type, "expected a URL string") }
            return url as? T
        case is Data.Type:
            guard case .string(let text) = value, let data = Data(base64Encoded: text) else { throw mismatch(type, "expected base64 text") }
            return data as? T
        default: return nil
        }
    }

    func mismatch(_ type: Any.Type, _ detail: String) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: detail))
    }

    /// The value as a nested object or array, parsing JSON text left by CSV or SQL.
    private func nested() throws -> ArtifactValue {
        guard case .string(let text) = value else { return value }
        do {
            return try JSONLines.parseValue(Array(text.utf8))
        } catch {
            throw mismatch(ArtifactValue.self, "expected a nested value, found text that is not JSON")
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = try nested() else {
            throw mismatch([String: Any].self, "expected a struct, found \(value.columnType)")
        }
        return KeyedDecodingContainer(ObjectDecodingContainer<Key>(object: object, index: index ?? RowColumns(object.keys), codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = try nested() else {
            throw mismatch([Any].self, "expected an array, found \(value.columnType)")
        }
        return ArrayDecodingContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ScalarDecodingContainer(decoder: self) }
}

private struct ObjectDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: ArtifactObject
    let index: RowColumns
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { index.position[key.stringValue] != nil }

    private func child(_ key: Key) throws -> ValueDecoder {
        guard let position = index.position[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no column or field named '\(key.stringValue)'; available: \(object.keys.joined(separator: ", "))"))
        }
        return ValueDecoder(object.values[position], codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let position = index.position[key.stringValue] else { return true }
        return object.values[position].isNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(T.self) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { ValueDecoder(.object(object), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct ArrayDecodingContainer: UnkeyedDecodingContainer {
    let elements: [ArtifactValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has only \(elements.count) elements"))
        }
        defer { currentIndex += 1 }
        return ValueDecoder(elements[currentIndex], codingPath: codingPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(T.self) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct ScalarDecodingContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    private var value: ArtifactValue { decoder.value }

    func decodeNil() -> Bool { value.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch value {
        case .bool(let bool): return bool
        case .int(let int) where int == 0 || int == 1: return int == 1
        case .string("true"), .string("1"): return true
        case .string("false"), .string("0"): return false
        default: throw decoder.mismatch(type, "expected a boolean, found \(value.columnType)")
        }
    }

    func decode(_ type: String.Type) throws -> String {
        switch value {
        case .string(let text): return text
        case .null: throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "the value is null"))
        default: return value.text
        }
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .double(let double): return double
        case .int(let int): return Double(int)
        case .decimal(let decimal): return Decimals.double(decimal)
        case .string(let text):
            guard let double = Double(text) else { throw decoder.mismatch(type, "'\(text)' is not a number") }
            return double
        default: throw decoder.mismatch(type, "expected a number, found \(value.columnType)")
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let exact: I?
        switch value {
        case .int(let int): exact = I(exactly: int)
        case .double(let double): exact = I(exactly: double)
        case .decimal(let decimal): exact = I(decimal.description)
        case .string(let text): exact = I(text)
        default: throw decoder.mismatch(type, "expected an integer, found \(value.columnType)")
        }
        guard let exact else { throw decoder.mismatch(type, "\(value.text) does not fit \(type)") }
        return exact
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(T.self) }
}
