/// Rows held by column: one array of values per column, all of the same length. Columns appear in
/// the order they were first seen; a column first seen after some rows is null in those rows.
public struct RowBatch: Sendable, Equatable {
    /// The columns and their types, unified over every value in the batch.
    public private(set) var schema = Schema()
    /// One array of values per schema column.
    public private(set) var columns: [[ArtifactValue]] = []
    /// The number of complete rows.
    public private(set) var rowCount = 0
    private var indexByName: [String: Int] = [:]

    /// An empty batch.
    public init() {}

    /// A batch with the given column names and no rows yet (types start as null).
    public init(columnNames: [String]) {
        for name in columnNames { _ = columnIndex(for: name) }
    }

    /// The index of a column, adding it (null in every earlier row) when new.
    public mutating func columnIndex(for name: String) -> Int {
        if let index = indexByName[name] { return index }
        let index = columns.count
        indexByName[name] = index
        schema.columns.append(Column(name: name, type: .null))
        columns.append([ArtifactValue](repeating: .null, count: rowCount))
        return index
    }

    /// The index of an existing column.
    public func existingIndex(of name: String) -> Int? { indexByName[name] }

    /// Whether column `index` is named `name`.
    @inline(__always)
    public func column(_ index: Int, isNamed name: String) -> Bool {
        index < schema.columns.count && schema.columns[index].name == name
    }

    /// Sets a value of the row being built. The row is complete after `endRow()`.
    @inline(__always)
    public mutating func set(_ value: ArtifactValue, at column: Int) throws(ArtifactFormatError) {
        if !Self.fits(value, schema.columns[column].type) { try widen(column, to: value.columnType) }
        if columns[column].count == rowCount {
            columns[column].append(value)
        } else {
            columns[column][rowCount] = value
        }
    }

    /// Whether a scalar value already has its column's type: the check every cell makes, so it
    /// avoids building the value's type.
    @inline(__always)
    private static func fits(_ value: ArtifactValue, _ type: ColumnType) -> Bool {
        switch (value, type) {
        case (.null, _), (.int, .int), (.string, .string), (.double, .double), (.bool, .bool), (.timestamp, .timestamp),
             (.date, .date), (.uuid, .uuid):
            true
        case (.decimal(let decimal), .decimal(let precision, let scale)):
            Decimals.fits(decimal, precision: precision, scale: scale)
        default: false
        }
    }

    private mutating func widen(_ column: Int, to type: ColumnType) throws(ArtifactFormatError) {
        let current = schema.columns[column].type
        guard type != current else { return }
        do {
            schema.columns[column].type = try current.unified(with: type)
        } catch {
            throw .typeConflict(column: schema.columns[column].name, error.left, error.right)
        }
    }

    /// Replaces the columns with prepared ones of the same names, as decoders that read column by
    /// column build them.
    mutating func replace(schema: Schema, columns: [[ArtifactValue]], rowCount: Int) {
        precondition(schema.names == self.schema.names && columns.count == schema.columns.count)
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount
    }

    /// Reserves room for `rows` rows in every column there is.
    mutating func reserveCapacity(_ rows: Int) {
        for index in columns.indices { columns[index].reserveCapacity(rows) }
    }

    /// Completes the row being built; columns it did not set are null.
    public mutating func endRow() {
        rowCount += 1
        for index in columns.indices where columns[index].count < rowCount {
            columns[index].append(.null)
        }
    }

    /// The values of one row, in schema order.
    public func row(_ index: Int) -> [ArtifactValue] {
        columns.map { $0[index] }
    }

    /// The value of one cell.
    @inline(__always)
    public func value(row: Int, column: Int) -> ArtifactValue {
        columns[column][row]
    }

    /// This batch's rows with `schema`'s columns, in its order: missing columns are null and values
    /// are converted to the unified types.
    public func conformed(to target: Schema) -> RowBatch {
        var result = RowBatch(columnNames: target.names)
        result.schema = target
        result.rowCount = rowCount
        for (targetIndex, column) in target.columns.enumerated() {
            if let sourceIndex = indexByName[column.name] {
                result.columns[targetIndex] = columns[sourceIndex].map { $0.conformed(to: column.type) }
            } else {
                result.columns[targetIndex] = [ArtifactValue](repeating: .null, count: rowCount)
            }
        }
        return result
    }
}
