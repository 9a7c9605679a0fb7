/// How a leaf column's physical values stand for artifact values.
enum ParquetValueKind: Equatable {
    case null, boolean, int32, int64, uint32, uint64, float, float16, double
    case string, binary, json, uuid
    case date
    case timestamp(Parquet.TimeUnit), int96Timestamp
    case time(Parquet.TimeUnit)
    case decimal32(scale: Int), decimal64(scale: Int), decimalBytes(scale: Int)
}

/// A leaf column: a path of names from the top-level column down, its levels and its values.
struct ParquetLeaf: Equatable {
    let path: [String]
    let maxDefinition: Int
    let maxRepetition: Int
    let physical: Parquet.PhysicalType
    let typeLength: Int
    let kind: ParquetValueKind
}

/// One field of a Parquet schema: the def level at which it is present (not null), its rep level,
/// and its shape. Lists are normalised: whatever the file's layout (three levels, the legacy two
/// levels, a bare repeated field, a map), a list field knows the def level at which it has
/// elements, their rep level, and the element field.
final class ParquetField {
    enum Shape {
        case leaf(Int)
        case group([ParquetField])
        case list(elementDefinition: Int, elementRepetition: Int, element: ParquetField)
    }

    let name: String
    let optional: Bool
    let definition: Int
    let shape: Shape
    let type: ColumnType
    /// Indexes of the leaves under this field, in order.
    let leaves: Range<Int>

    init(name: String, optional: Bool, definition: Int, shape: Shape, type: ColumnType, leaves: Range<Int>) {
        self.name = name
        self.optional = optional
        self.definition = definition
        self.shape = shape
        self.type = type
        self.leaves = leaves
    }
}

/// A Parquet schema: the elements as the footer lists them, the top-level fields and the leaves.
struct ParquetSchema {
    let elements: [Parquet.SchemaElement]
    let fields: [ParquetField]
    let leaves: [ParquetLeaf]

    /// The schema's columns and types.
    var schema: Schema { Schema(columns: fields.map { Column(name: $0.name, type: $0.type) }) }
}

// MARK: From a schema, for writing

extension ParquetSchema {
    /// The Parquet schema this library writes for `schema`: every field optional, structs as groups,
    /// arrays as three-level lists, decimals in the narrowest of INT32, INT64 and a 16-byte fixed
    /// array that their precision fits.
    init(writing schema: Schema) throws(ArtifactFormatError) {
        var builder = Builder()
        let fields = try schema.columns.map { column throws(ArtifactFormatError) in
            try builder.field(column.name, column.type, parentDefinition: 0, parentRepetition: 0, path: [])
        }
        elements = [Parquet.SchemaElement(name: "schema", numChildren: Int32(schema.columns.count))] + builder.elements
        self.fields = fields
        leaves = builder.leaves
    }

    private struct Builder {
        var elements: [Parquet.SchemaElement] = []
        var leaves: [ParquetLeaf] = []

        mutating func field(_ name: String, _ type: ColumnType, parentDefinition: Int, parentRepetition: Int, path: [String]) throws(ArtifactFormatError) -> ParquetField {
            let definition = parentDefinition + 1
            let path = path + [name]
            let firstLeaf = leaves.count
            switch type {
            case .array(let elementType):
                elements.append(Parquet.SchemaElement(name: name, repetition: .optional, numChildren: 1, converted: .list, logical: .list))
                elements.append(Parquet.SchemaElement(name: "list", repetition: .repeated, numChildren: 1))
                let element = try field("element", elementType, parentDefinition: definition + 1, parentRepetition: parentRepetition + 1,
                                        path: path + ["list"])
                return ParquetField(name: name, optional: true, definition: definition,
                                    shape: .list(elementDefinition: definition + 1, elementRepetition: parentRepetition + 1, element: element),
                                    type: type, leaves: firstLeaf..<leaves.count)
            case .object(let columns) where !columns.isEmpty:
                elements.append(Parquet.SchemaElement(name: name, repetition: .optional, numChildren: Int32(columns.count)))
                var children: [ParquetField] = []
                for column in columns {
                    children.append(try field(column.name, column.type, parentDefinition: definition, parentRepetition: parentRepetition, path: path))
                }
                return ParquetField(name: name, optional: true, definition: definition, shape: .group(children), type: type,
                                    leaves: firstLeaf..<leaves.count)
            default:
                let (element, physical, length, kind) = try Self.primitive(name, type, column: path.joined(separator: "."))
                elements.append(element)
                leaves.append(ParquetLeaf(path: path, maxDefinition: definition, maxRepetition: parentRepetition, physical: physical,
                                          typeLength: length, kind: kind))
                return ParquetField(name: name, optional: true, definition: definition, shape: .leaf(firstLeaf), type: type,
                                    leaves: firstLeaf..<firstLeaf + 1)
            }
        }

        static func primitive(_ name: String, _ type: ColumnType, column: String) throws(ArtifactFormatError)
            -> (Parquet.SchemaElement, Parquet.PhysicalType, Int, ParquetValueKind)
        {
            func element(_ physical: Parquet.PhysicalType, length: Int32? = nil, converted: Parquet.ConvertedType? = nil,
                         logical: Parquet.LogicalType? = nil) -> Parquet.SchemaElement {
                var element = Parquet.SchemaElement(name: name, repetition: .optional, converted: converted, logical: logical)
                element.type = physical
                element.typeLength = length
                return element
            }
            switch type {
            case .null: return (element(.int32, logical: .unknown), .int32, 0, .null)
            case .bool: return (element(.boolean), .boolean, 0, .boolean)
            case .int: return (element(.int64, converted: .int64, logical: .integer(bitWidth: 64, signed: true)), .int64, 0, .int64)
            case .double: return (element(.double), .double, 0, .double)
            case .string: return (element(.byteArray, converted: .utf8, logical: .string), .byteArray, 0, .string)
            case .timestamp:
                return (element(.int64, converted: .timestampMicros, logical: .timestamp(utc: true, unit: .micros)), .int64, 0, .timestamp(.micros))
            case .date: return (element(.int32, converted: .date, logical: .date), .int32, 0, .date)
            case .uuid: return (element(.fixedLenByteArray, length: 16, logical: .uuid), .fixedLenByteArray, 16, .uuid)
            case .decimal(let precision, let scale):
                guard precision <= Decimals.maxPrecision else {
                    throw ArtifactFormatError(.unencodable,
                        "column '\(column)' holds decimals of \(precision) digits; Parquet decimals hold at most \(Decimals.maxPrecision)")
                }
                // A few fixed precisions, so that batches whose values differ a little share one file schema.
                let (physical, stored, length): (Parquet.PhysicalType, Int32, Int32?) =
                    precision <= 9 ? (.int32, 9, nil) : precision <= 18 ? (.int64, 18, nil) : (.fixedLenByteArray, 38, 16)
                var decimal = element(physical, length: length, converted: .decimal, logical: .decimal(scale: Int32(scale), precision: stored))
                decimal.scale = Int32(scale)
                decimal.precision = stored
                let kind: ParquetValueKind = physical == .int32 ? .decimal32(scale: scale) : physical == .int64 ? .decimal64(scale: scale) : .decimalBytes(scale: scale)
                return (decimal, physical, Int(length ?? 0), kind)
            case .object, .array:
                // A struct with no fields has no Parquet form; it is kept as JSON text.
                return (element(.byteArray, converted: .json, logical: .json), .byteArray, 0, .json)
            }
        }
    }
}

extension Parquet.SchemaElement {
    init(name: String, repetition: Parquet.Repetition?, numChildren: Int32? = nil, converted: Parquet.ConvertedType? = nil,
         logical: Parquet.LogicalType? = nil) {
        self.init(type: nil, typeLength: nil, repetition: repetition, name: name, numChildren: numChildren, convertedType: converted,
                  scale: nil, precision: nil, logicalType: logical)
    }

    init(name: String, numChildren: Int32) {
        self.init(name: name, repetition: nil, numChildren: numChildren)
    }
}

// MARK: From a file's elements, for reading

extension ParquetSchema {
    /// The schema a file's footer describes. `recorded` (the schema this library stored in the
    /// file's metadata, or the caller's) tells JSON text columns that held nested values apart.
    init(reading elements: [Parquet.SchemaElement], recorded: Schema?) throws(ArtifactFormatError) {
        guard let root = elements.first, let count = root.numChildren, count >= 0 else {
            throw ArtifactFormatError(.unreadable, "the Parquet schema has no root group")
        }
        var parser = Parser(elements: elements, recorded: recorded)
        var fields: [ParquetField] = []
        parser.position = 1
        for _ in 0..<count {
            fields.append(try parser.field(parentDefinition: 0, parentRepetition: 0, path: [], depth: 0, recorded: nil))
        }
        guard parser.position == elements.count else {
            throw ArtifactFormatError(.unreadable, "the Parquet schema lists \(elements.count - parser.position) elements that belong to no column")
        }
        self.elements = elements
        self.fields = fields
        leaves = parser.leaves
    }

    private struct Parser {
        let elements: [Parquet.SchemaElement]
        let recorded: Schema?
        var position = 0
        var leaves: [ParquetLeaf] = []

        func damaged(_ what: String) -> ArtifactFormatError {
            ArtifactFormatError(.unreadable, "the Parquet schema is damaged: \(what)")
        }

        mutating func next() throws(ArtifactFormatError) -> Parquet.SchemaElement {
            guard position < elements.count else { throw damaged("a group claims more children than the schema lists") }
            defer { position += 1 }
            return elements[position]
        }

        mutating func field(parentDefinition: Int, parentRepetition: Int, path: [String], depth: Int, recorded: ColumnType?)
            throws(ArtifactFormatError) -> ParquetField
        {
            guard depth < 64 else { throw damaged("columns nest more than 64 deep") }
            let element = try next()
            let recordedType = recorded ?? (path.isEmpty ? self.recorded?.columns.first { $0.name == element.name }?.type : nil)
            let repetition = element.repetition ?? .required
            if repetition == .repeated {
                // A bare repeated field is a list that is never null: absent means empty.
                let elementDefinition = parentDefinition + 1, elementRepetition = parentRepetition + 1
                let inner = try content(element, definition: elementDefinition, repetition: elementRepetition, optional: false,
                                        path: path, depth: depth, recorded: elementOf(recordedType))
                return ParquetField(name: element.name, optional: false, definition: parentDefinition,
                                    shape: .list(elementDefinition: elementDefinition, elementRepetition: elementRepetition, element: inner),
                                    type: .array(inner.type), leaves: inner.leaves)
            }
            let optional = repetition == .optional
            return try content(element, definition: parentDefinition + (optional ? 1 : 0), repetition: parentRepetition, optional: optional,
                               path: path, depth: depth, recorded: recordedType)
        }

        func elementOf(_ type: ColumnType?) -> ColumnType? {
            if case .array(let element) = type { return element }
            return nil
        }

        /// The field an element stands for, once its own repetition is accounted for.
        mutating func content(_ element: Parquet.SchemaElement, definition: Int, repetition: Int, optional: Bool, path: [String],
                              depth: Int, recorded: ColumnType?) throws(ArtifactFormatError) -> ParquetField {
            let path = path + [element.name]
            let firstLeaf = leaves.count
            guard let children = element.numChildren else {
                let leaf = try Self.leaf(element, path: path, definition: definition, repetition: repetition)
                leaves.append(leaf)
                var type = Self.columnType(of: leaf.kind, element)
                if leaf.kind == .json, let recorded, !recorded.isScalar { type = recorded }
                return ParquetField(name: element.name, optional: optional, definition: definition, shape: .leaf(firstLeaf), type: type,
                                    leaves: firstLeaf..<firstLeaf + 1)
            }
            guard children >= 0, Int(children) <= elements.count - position else { throw damaged("group '\(element.name)' claims \(children) children") }
            let isList = element.logicalType == .list || element.convertedType == .list
            let isMap = element.logicalType == .map || element.convertedType == .map || element.convertedType == .mapKeyValue
            if (isList || isMap) && children == 1, elements[position].repetition == .repeated {
                let repeated = try next()
                let elementDefinition = definition + 1, elementRepetition = repetition + 1
                let inner: ParquetField
                let legacyGroup = repeated.numChildren.map { $0 != 1 } ?? false || repeated.name == "array" || repeated.name == element.name + "_tuple"
                if isMap || repeated.numChildren == nil || legacyGroup {
                    // The repeated field is the element itself: a primitive, or a struct (a map's key and value).
                    inner = try content(repeated, definition: elementDefinition, repetition: elementRepetition, optional: false,
                                        path: path, depth: depth + 1, recorded: elementOf(recorded))
                } else {
                    inner = try field(parentDefinition: elementDefinition, parentRepetition: elementRepetition, path: path + [repeated.name],
                                      depth: depth + 1, recorded: elementOf(recorded))
                }
                return ParquetField(name: element.name, optional: optional, definition: definition,
                                    shape: .list(elementDefinition: elementDefinition, elementRepetition: elementRepetition, element: inner),
                                    type: .array(inner.type), leaves: firstLeaf..<leaves.count)
            }
            var fields: [ParquetField] = []
            var recordedFields: [Column] = []
            if case .object(let columns) = recorded { recordedFields = columns }
            for _ in 0..<children {
                let name = position < elements.count ? elements[position].name : ""
                fields.append(try field(parentDefinition: definition, parentRepetition: repetition, path: path, depth: depth + 1,
                                        recorded: recordedFields.first { $0.name == name }?.type))
            }
            return ParquetField(name: element.name, optional: optional, definition: definition, shape: .group(fields),
                                type: .object(fields.map { Column(name: $0.name, type: $0.type) }), leaves: firstLeaf..<leaves.count)
        }

        static func leaf(_ element: Parquet.SchemaElement, path: [String], definition: Int, repetition: Int) throws(ArtifactFormatError) -> ParquetLeaf {
            let column = path.joined(separator: ".")
            guard let physical = element.type else {
                throw ArtifactFormatError(.unreadable, "column '\(column)' has neither children nor a physical type")
            }
            let length = Int(element.typeLength ?? 0)
            if physical == .fixedLenByteArray && !(1...1 << 20).contains(length) {
                throw ArtifactFormatError(.unreadable, "column '\(column)' is a fixed-length array of \(length) bytes")
            }
            func unsupported(_ what: String) -> ArtifactFormatError {
                ArtifactFormatError(.unreadable, "column '\(column)' is \(what), which this reader does not support")
            }
            let kind: ParquetValueKind
            let decimalScale = { () -> Int in
                if case .decimal(let scale, _) = element.logicalType { return Int(scale) }
                return Int(element.scale ?? 0)
            }
            let isDecimal: Bool = {
                if case .decimal = element.logicalType { return true }
                return element.convertedType == .decimal
            }()
            switch physical {
            case .boolean: kind = .boolean
            case .int32:
                if isDecimal { kind = .decimal32(scale: decimalScale()) }
                else if element.logicalType == .date || element.convertedType == .date { kind = .date }
                else if element.logicalType == .unknown { kind = .null }
                else if case .time(_, let unit) = element.logicalType { kind = .time(unit) }
                else if element.convertedType == .timeMillis { kind = .time(.millis) }
                else if case .integer(_, false) = element.logicalType { kind = .uint32 }
                else if [.uint8, .uint16, .uint32].contains(element.convertedType) { kind = .uint32 }
                else { kind = .int32 }
            case .int64:
                if isDecimal { kind = .decimal64(scale: decimalScale()) }
                else if case .timestamp(_, let unit) = element.logicalType { kind = .timestamp(unit) }
                else if element.convertedType == .timestampMillis { kind = .timestamp(.millis) }
                else if element.convertedType == .timestampMicros { kind = .timestamp(.micros) }
                else if case .time(_, let unit) = element.logicalType { kind = .time(unit) }
                else if element.convertedType == .timeMicros { kind = .time(.micros) }
                else if case .integer(_, false) = element.logicalType { kind = .uint64 }
                else if element.convertedType == .uint64 { kind = .uint64 }
                else { kind = .int64 }
            case .int96: kind = .int96Timestamp
            case .float: kind = .float
            case .double: kind = .double
            case .byteArray:
                if isDecimal { kind = .decimalBytes(scale: decimalScale()) }
                else if element.logicalType == .json || element.convertedType == .json { kind = .json }
                else if [.string, .enumeration].contains(element.logicalType) || [.utf8, .enumeration].contains(element.convertedType) { kind = .string }
                else { kind = .binary }
            case .fixedLenByteArray:
                if isDecimal { kind = .decimalBytes(scale: decimalScale()) }
                else if element.logicalType == .uuid && length == 16 { kind = .uuid }
                else if element.logicalType == .float16 && length == 2 { kind = .float16 }
                else if element.convertedType == .interval { throw unsupported("an INTERVAL") }
                else { kind = .binary }
            }
            if case .decimalBytes = kind, physical == .fixedLenByteArray, length > 16 { throw unsupported("a decimal of \(length) bytes") }
            switch kind {
            case .decimal32(let scale), .decimal64(let scale), .decimalBytes(let scale):
                guard (0...Decimals.maxPrecision).contains(scale) else { throw unsupported("a decimal of scale \(scale)") }
            default: break
            }
            return ParquetLeaf(path: path, maxDefinition: definition, maxRepetition: repetition, physical: physical, typeLength: length, kind: kind)
        }

        static func columnType(of kind: ParquetValueKind, _ element: Parquet.SchemaElement) -> ColumnType {
            switch kind {
            case .null: return .null
            case .boolean: return .bool
            case .int32, .int64, .uint32: return .int
            case .uint64: return .decimal(precision: 20, scale: 0)
            case .float, .float16, .double: return .double
            case .string, .binary, .json, .time: return .string
            case .uuid: return .uuid
            case .date: return .date
            case .timestamp, .int96Timestamp: return .timestamp
            case .decimal32(let scale), .decimal64(let scale), .decimalBytes(let scale):
                var precision = Int(element.precision ?? 0)
                if case .decimal(_, let declared) = element.logicalType { precision = Int(declared) }
                return .decimal(precision: max(precision, scale, 1), scale: scale)
            }
        }
    }
}
