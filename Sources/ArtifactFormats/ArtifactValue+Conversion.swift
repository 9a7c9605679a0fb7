import Foundation

extension ArtifactValue {
    /// This value as a value of `type`, after schemas were unified: integers widen to decimals or
    /// doubles, scalars become their text when the column became a string, nested values convert
    /// field by field. Values that already fit are returned unchanged.
    public func conformed(to type: ColumnType) -> ArtifactValue {
        switch (self, type) {
        case (.null, _): return self
        case (.int(let value), .double): return .double(Double(value))
        case (.int(let value), .decimal): return .decimal(Decimal(value))
        case (.decimal(let value), .double): return .double(Decimals.double(value))
        case (.date(let days), .timestamp): return .timestamp(CalendarDate(daysSince1970: days).start)
        case (.string, .string): return self
        case (_, .string) where type.isScalar && columnType.isScalar: return .string(text)
        case (.array(let elements), .array(let elementType)):
            return .array(elements.map { $0.conformed(to: elementType) })
        case (.object(let object), .object(let fields)):
            var converted = object
            for (index, key) in object.keys.enumerated() {
                if let field = fields.first(where: { $0.name == key }) {
                    converted.values[index] = object.values[index].conformed(to: field.type)
                }
            }
            return .object(converted)
        default: return self
        }
    }

    /// The text of a scalar as it appears in CSV and when a column becomes a string; nested values
    /// give their JSON text.
    public var text: String {
        switch self {
        case .null: return ""
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return JSONLines.doubleText(value)
        case .decimal(let value): return value.description
        case .string(let value): return value
        case .timestamp(let value): return Timestamp.format(value)
        case .date(let days): return CalendarDate(daysSince1970: days).description
        case .uuid(let value): return value.uuidString.lowercased()
        case .array, .object:
            var bytes: [UInt8] = []
            JSONLines.appendValue(self, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
