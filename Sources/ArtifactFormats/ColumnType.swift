import Foundation

/// The type of a column, inferred from the values written to it and unified across fragments.
public indirect enum ColumnType: Sendable, Hashable {
    /// Only nulls were seen; unifies with anything.
    case null
    case bool
    case int
    case double
    /// Decimal numbers of at most `precision` digits, `scale` of them after the point: the
    /// smallest that holds every value seen.
    case decimal(precision: Int, scale: Int)
    case string
    case timestamp
    /// A calendar day without a time (`CalendarDate`).
    case date
    case uuid
    /// A JSON array whose elements unify to one type.
    case array(ColumnType)
    /// A nested struct; fields are unified by name.
    case object([Column])

    /// The type that holds values of both types: null gives way to anything, integers widen to
    /// decimals and doubles, decimals to the precision and scale that hold both, dates to
    /// timestamps, and any scalar widens to string. Structs merge field by field and arrays
    /// unify their elements. Throws when no type holds both (a number and a boolean, a nested value
    /// and a scalar, an array and a struct).
    public func unified(with other: ColumnType) throws(TypeConflict) -> ColumnType {
        if self == other { return self }
        switch (self, other) {
        case (.null, _): return other
        case (_, .null): return self
        case (.decimal(let p1, let s1), .decimal(let p2, let s2)):
            let scale = max(s1, s2)
            return .decimal(precision: max(p1 - s1, p2 - s2) + scale, scale: scale)
        case (.int, .decimal(let precision, let scale)), (.decimal(let precision, let scale), .int):
            return .decimal(precision: max(Self.int64Digits, precision - scale) + scale, scale: scale)
        case (.int, .double), (.double, .int), (.decimal, .double), (.double, .decimal): return .double
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        case (.string, _) where other.isScalar, (_, .string) where isScalar: return .string
        case (.array(let left), .array(let right)): return .array(try left.unified(with: right))
        case (.object(let left), .object(let right)): return .object(try Column.merge(left, right))
        default: throw TypeConflict(left: self, right: other)
        }
    }

    /// Whether values of this type are single values rather than arrays or structs.
    public var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// The digits of the largest 64-bit integer.
    static let int64Digits = 19

    /// The type of decimal values of `precision` digits, `scale` after the point.
    public static func decimal(of value: Decimal) -> ColumnType {
        let (precision, scale) = Decimals.shape(value)
        return .decimal(precision: precision, scale: scale)
    }

    /// Whether this is a decimal type, of any precision.
    public var isDecimal: Bool { if case .decimal = self { true } else { false } }

    /// Whether a value already written as this type reads back correctly as `target` without
    /// rewriting it in a self-describing format such as JSON: numbers widen on read, but a value that
    /// must become a string has to be rewritten.
    public func readsAs(_ target: ColumnType) -> Bool {
        if self == target { return true }
        switch (self, target) {
        case (.null, _), (.int, .decimal), (.int, .double), (.decimal, .double), (.date, .timestamp): return true
        case (.decimal(let precision, let scale), .decimal(let targetPrecision, let targetScale)):
            return scale <= targetScale && precision - scale <= targetPrecision - targetScale
        case (.array(let element), .array(let targetElement)): return element.readsAs(targetElement)
        case (.object(let columns), .object(let targetColumns)):
            return columns.allSatisfy { column in
                targetColumns.first { $0.name == column.name }.map { column.type.readsAs($0.type) } ?? false
            }
        default: return false
        }
    }
}

/// Two values of one column whose types cannot be unified.
public struct TypeConflict: Error, Sendable, Equatable {
    /// The type seen first.
    public var left: ColumnType
    /// The type that conflicts with it.
    public var right: ColumnType
}

extension ColumnType: CustomStringConvertible {
    /// A readable name: `int`, `array<string>`, `struct<id: int, tags: array<string>>`.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .decimal(let precision, let scale): "decimal(\(precision),\(scale))"
        case .string: "string"
        case .timestamp: "timestamp"
        case .date: "date"
        case .uuid: "uuid"
        case .array(let element): "array<\(element)>"
        case .object(let columns): "struct<\(columns.map { "\($0.name): \($0.type)" }.joined(separator: ", "))>"
        }
    }
}

extension ColumnType: Codable {
    private enum Keys: String, CodingKey { case array, object }

    /// `decimal(10,2)`.
    private static func decimal(named name: String) -> ColumnType? {
        guard name.hasPrefix("decimal("), name.hasSuffix(")") else { return nil }
        let numbers = name.dropFirst(8).dropLast().split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 2, numbers[0] >= 1, (0...numbers[0]).contains(numbers[1]) else { return nil }
        return .decimal(precision: numbers[0], scale: numbers[1])
    }

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            let scalars: [String: ColumnType] = [
                "null": .null, "bool": .bool, "int": .int, "double": .double, "string": .string, "timestamp": .timestamp,
                "date": .date, "uuid": .uuid,
                // Records written before decimals had a precision.
                "decimal": .decimal(precision: Decimals.maxPrecision, scale: Decimals.maxPrecision / 2),
            ]
            if let decimal = Self.decimal(named: name) {
                self = decimal
                return
            }
            guard let type = scalars[name] else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown column type '\(name)'"))
            }
            self = type
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        if let element = try container.decodeIfPresent(ColumnType.self, forKey: .array) {
            self = .array(element)
        } else {
            self = .object(try container.decode([Column].self, forKey: .object))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .array(let element):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(element, forKey: .array)
        case .object(let columns):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(columns, forKey: .object)
        default:
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }
}
