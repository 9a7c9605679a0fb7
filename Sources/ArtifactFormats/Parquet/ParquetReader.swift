import Foundation

/// A comparison of a top-level column with a constant, which lets a reader skip row groups whose
/// statistics show that no row can match.
public struct ParquetComparison: Sendable, Hashable {
    /// How the column is compared.
    public enum Operator: Sendable, Hashable {
        case equal, less, lessOrEqual, greater, greaterOrEqual
    }

    /// The top-level column.
    public var column: String
    public var op: Operator
    /// The constant it is compared with.
    public var value: ArtifactValue

    /// A comparison: `column op value`.
    public init(_ column: String, _ op: Operator, _ value: ArtifactValue) {
        self.column = column
        self.op = op
        self.value = value
    }
}

/// Reads a Parquet file row group by row group: only the leaf columns of the columns asked for,
/// skipping row groups that `filter` rules out by their statistics, and yields batches of at most
/// `batchRows` rows.
final class ParquetFileReader: ArtifactReader {
    private let source: any ArtifactSource
    private let footer: ParquetFooter
    private let parquetSchema: ParquetSchema
    private let fields: [ParquetField]
    private let overrides: [String: ColumnType]
    private let filter: [ParquetComparison]
    private let batchRows: Int
    private var nextGroup = 0
    private var pending: RowBatch?
    private var pendingOffset = 0
    /// Row groups left unread because their statistics ruled them out.
    private(set) var skippedRowGroups = 0

    init(source: any ArtifactSource, schema recorded: Schema?, options: ReadOptions, columns: [String]?, filter: [ParquetComparison],
         batchRows: Int) async throws {
        self.source = source
        footer = try await ParquetFooter(reading: source)
        parquetSchema = try ParquetSchema(reading: footer.metadata.schema, recorded: footer.recordedSchema ?? recorded)
        if let columns {
            let wanted = Set(columns)
            fields = parquetSchema.fields.filter { wanted.contains($0.name) }
        } else {
            fields = parquetSchema.fields
        }
        overrides = options.columnTypes
        self.filter = filter
        self.batchRows = max(1, batchRows)
        for group in footer.metadata.rowGroups where group.columns.count != parquetSchema.leaves.count {
            throw ArtifactFormatError(.unreadable, "a row group has \(group.columns.count) column chunks for \(parquetSchema.leaves.count) leaf columns")
        }
    }

    /// The schema of the columns read.
    var schema: Schema {
        Schema(columns: fields.map { Column(name: $0.name, type: overrides[$0.name] ?? $0.type) })
    }

    func next() async throws -> RowBatch? {
        while true {
            if let batch = pending {
                if pendingOffset == 0 && batch.rowCount <= batchRows {
                    pending = nil
                    return batch
                }
                let end = min(batch.rowCount, pendingOffset + batchRows)
                let slice = batch.slice(pendingOffset..<end)
                pendingOffset = end
                if end == batch.rowCount {
                    pending = nil
                    pendingOffset = 0
                }
                return slice
            }
            guard nextGroup < footer.metadata.rowGroups.count else { return nil }
            let group = footer.metadata.rowGroups[nextGroup]
            nextGroup += 1
            if group.numRows == 0 { continue }
            if try ruledOut(group) {
                skippedRowGroups += 1
                continue
            }
            pending = try await read(group)
            pendingOffset = 0
        }
    }

    private func read(_ group: Parquet.RowGroup) async throws -> RowBatch {
        guard group.numRows <= Int64(Int32.max) else { throw ArtifactFormatError(.unreadable, "a row group claims \(group.numRows) rows") }
        let rows = Int(group.numRows)
        var columns: [[ArtifactValue]] = []
        for field in fields {
            var leaves: [Int: ParquetLeafColumn] = [:]
            for index in field.leaves {
                guard let metadata = group.columns[index].metaData else {
                    throw ArtifactFormatError(.unreadable, "column '\(parquetSchema.leaves[index].path.joined(separator: "."))' has no chunk metadata")
                }
                let parses = Self.nested(field, leaf: index)
                leaves[index] = try await ParquetPageDecoder(leaf: parquetSchema.leaves[index], parsesJSON: parses).decode(metadata, from: source)
            }
            var assembler = ParquetAssembler(leaves: leaves)
            var values = try assembler.column(field, rows: rows)
            if let type = overrides[field.name] { values = values.map { $0.conformed(to: type) } }
            columns.append(values)
        }
        return RowBatch(schema: schema, columns: columns, rowCount: rows)
    }

    /// Whether the JSON text of a leaf stands for nested values (structs with no fields, written as JSON).
    private static func nested(_ field: ParquetField, leaf: Int) -> Bool {
        switch field.shape {
        case .leaf: return !field.type.isScalar
        case .group(let children): return children.contains { $0.leaves.contains(leaf) && nested($0, leaf: leaf) }
        case .list(_, _, let element): return nested(element, leaf: leaf)
        }
    }

    // MARK: Statistics

    /// Whether a row group's statistics prove that no row passes the filter.
    private func ruledOut(_ group: Parquet.RowGroup) throws -> Bool {
        guard footer.metadata.columnOrdersDefined, !filter.isEmpty else { return false }
        for comparison in filter {
            guard let field = parquetSchema.fields.first(where: { $0.name == comparison.column }), case .leaf(let index) = field.shape,
                  let statistics = group.columns[index].metaData?.statistics, let minBytes = statistics.min, let maxBytes = statistics.max
            else { continue }
            let decoder = ParquetPageDecoder(leaf: parquetSchema.leaves[index], parsesJSON: false)
            var minCursor = ByteCursor(Self.plainForm(minBytes, leaf: parquetSchema.leaves[index]))
            var maxCursor = ByteCursor(Self.plainForm(maxBytes, leaf: parquetSchema.leaves[index]))
            guard let low = try? decoder.plainValues(&minCursor, count: 1).first, let high = try? decoder.plainValues(&maxCursor, count: 1).first,
                  let belowMin = ArtifactValue.compare(comparison.value, low), let aboveMax = ArtifactValue.compare(comparison.value, high)
            else { continue }
            let impossible: Bool
            switch comparison.op {
            case .equal: impossible = belowMin < 0 || aboveMax > 0
            case .less: impossible = belowMin <= 0
            case .lessOrEqual: impossible = belowMin < 0
            case .greater: impossible = aboveMax >= 0
            case .greaterOrEqual: impossible = aboveMax > 0
            }
            if impossible { return true }
        }
        return false
    }

    /// Statistics of byte arrays are the bytes alone; PLAIN puts their length first.
    private static func plainForm(_ bytes: [UInt8], leaf: ParquetLeaf) -> [UInt8] {
        guard leaf.physical == .byteArray else { return bytes }
        return withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { Array($0) } + bytes
    }
}

/// Puts the values of a field back together from its leaves' levels and values (Dremel's record
/// assembly): nulls where a definition level stops short, lists where repetition levels continue.
struct ParquetAssembler {
    private var leaves: [Int: ParquetLeafColumn]
    private var entries: [Int: Int] = [:]
    private var valueCursors: [Int: Int] = [:]

    init(leaves: [Int: ParquetLeafColumn]) {
        self.leaves = leaves
    }

    private func failure(_ what: String) -> ArtifactFormatError {
        ArtifactFormatError(.unreadable, "a nested column is damaged: \(what)")
    }

    /// The values of a top-level field for `rows` rows.
    mutating func column(_ field: ParquetField, rows: Int) throws -> [ArtifactValue] {
        if case .leaf(let index) = field.shape, let leaf = leaves[index], leaf.repetitions.isEmpty {
            // A flat column: one entry per row.
            guard leaf.definitions.count == rows else { throw failure("column '\(field.name)' has \(leaf.definitions.count) entries for \(rows) rows") }
            var result: [ArtifactValue] = []
            result.reserveCapacity(rows)
            var next = 0
            let present = UInt32(field.definition)
            for definition in leaf.definitions {
                if definition == present {
                    guard next < leaf.values.count else { throw failure("column '\(field.name)' has fewer values than entries") }
                    result.append(leaf.values[next])
                    next += 1
                } else {
                    result.append(.null)
                }
            }
            return result
        }
        var result: [ArtifactValue] = []
        let entries = leaves[field.leaves.lowerBound]?.definitions.count ?? 0
        guard rows <= entries else { throw failure("column '\(field.name)' has \(entries) entries for \(rows) rows") }
        result.reserveCapacity(rows)
        for _ in 0..<rows { result.append(try value(field)) }
        return result
    }

    private func entry(_ leaf: Int) throws -> (definition: UInt32, repetition: UInt32) {
        guard let column = leaves[leaf] else { throw failure("a leaf was not read") }
        let position = entries[leaf, default: 0]
        guard position < column.definitions.count else { throw failure("a leaf column ends before its rows do") }
        return (column.definitions[position], column.repetitions.isEmpty ? 0 : column.repetitions[position])
    }

    /// Passes over one entry of every leaf under `field`: a null or an empty list there.
    private mutating func skip(_ field: ParquetField) {
        for leaf in field.leaves { entries[leaf, default: 0] += 1 }
    }

    private mutating func value(_ field: ParquetField) throws -> ArtifactValue {
        let first = field.leaves.lowerBound
        let (definition, _) = try entry(first)
        if field.optional && definition < UInt32(field.definition) {
            skip(field)
            return .null
        }
        switch field.shape {
        case .leaf(let index):
            defer { entries[index, default: 0] += 1 }
            guard definition == UInt32(field.definition) else { return .null }
            let next = valueCursors[index, default: 0]
            guard let column = leaves[index], next < column.values.count else { throw failure("a leaf has fewer values than entries") }
            valueCursors[index] = next + 1
            return column.values[next]
        case .group(let children):
            var object = ArtifactObject()
            for child in children {
                object.keys.append(child.name)
                object.values.append(try value(child))
            }
            return .object(object)
        case .list(let elementDefinition, let elementRepetition, let element):
            if definition < UInt32(elementDefinition) {
                skip(field)
                return .array([])
            }
            var items: [ArtifactValue] = []
            while true {
                items.append(try value(element))
                guard let column = leaves[first], entries[first, default: 0] < column.definitions.count,
                      try entry(first).repetition == UInt32(elementRepetition)
                else { break }
            }
            return .array(items)
        }
    }
}

extension RowBatch {
    /// A batch of prepared columns, for readers that decode column by column.
    init(schema: Schema, columns: [[ArtifactValue]], rowCount: Int) {
        self.init(columnNames: schema.names)
        replace(schema: schema, columns: columns, rowCount: rowCount)
    }

    /// The rows of a range.
    func slice(_ rows: Range<Int>) -> RowBatch {
        RowBatch(schema: schema, columns: columns.map { Array($0[rows]) }, rowCount: rows.count)
    }
}

extension ArtifactValue {
    /// The order of two values of comparable kinds (-1, 0, 1), or nil when they do not compare.
    static func compare(_ left: ArtifactValue, _ right: ArtifactValue) -> Int? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : a > b ? 1 : 0 }
        switch (left, right) {
        case (.int(let a), .int(let b)): return order(a, b)
        case (.double(let a), .double(let b)): return a.isNaN || b.isNaN ? nil : order(a, b)
        case (.int(let a), .double(let b)): return b.isNaN ? nil : order(Double(a), b)
        case (.double(let a), .int(let b)): return a.isNaN ? nil : order(a, Double(b))
        case (.decimal(let a), .decimal(let b)): return order(a, b)
        case (.int(let a), .decimal(let b)): return order(Decimal(a), b)
        case (.decimal(let a), .int(let b)): return order(a, Decimal(b))
        case (.string(let a), .string(let b)):
            return a.utf8.elementsEqual(b.utf8) ? 0 : a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        case (.timestamp(let a), .timestamp(let b)): return order(Timestamp.microseconds(a), Timestamp.microseconds(b))
        case (.date(let a), .date(let b)): return order(a, b)
        case (.bool(let a), .bool(let b)): return order(a ? 1 : 0, b ? 1 : 0)
        default: return nil
        }
    }
}
