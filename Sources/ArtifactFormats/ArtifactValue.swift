import Foundation

/// One value in an artifact row. Scalars keep their exact kind (decimals their digits, timestamps
/// their microseconds); nested structs and arrays stay nested in JSON and become JSON text in CSV.
public enum ArtifactValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case decimal(Decimal)
    case string(String)
    case timestamp(Date)
    /// A calendar day: days since 1970-01-01.
    case date(Int32)
    case uuid(UUID)
    case array([ArtifactValue])
    case object(ArtifactObject)

    /// The type this value has on its own; `null` for null.
    public var columnType: ColumnType {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .double: .double
        case .decimal(let value): .decimal(of: value)
        case .string: .string
        case .timestamp: .timestamp
        case .date: .date
        case .uuid: .uuid
        case .array(let elements):
            .array(elements.reduce(ColumnType.null) { (try? $0.unified(with: $1.columnType)) ?? .string })
        case .object(let object):
            .object(zip(object.keys, object.values).map { Column(name: $0, type: $1.columnType) })
        }
    }

    /// Whether the value is null.
    public var isNull: Bool { if case .null = self { true } else { false } }
}

/// The fields of a nested struct, in the order they were written.
public struct ArtifactObject: Sendable, Hashable {
    /// Field names.
    public var keys: [String]
    /// Field values, one per key.
    public var values: [ArtifactValue]

    /// An object from parallel arrays of names and values.
    public init(keys: [String] = [], values: [ArtifactValue] = []) {
        self.keys = keys
        self.values = values
    }

    /// The value of a field, or nil when the object has no such field.
    public subscript(key: String) -> ArtifactValue? {
        keys.firstIndex(of: key).map { values[$0] }
    }
}

extension ArtifactValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}
