/// A named, typed column.
public struct Column: Sendable, Hashable, Codable {
    /// The column's name.
    public var name: String
    /// The type of its values.
    public var type: ColumnType

    /// Creates a column.
    public init(name: String, type: ColumnType) {
        self.name = name
        self.type = type
    }

    /// Merges two column lists by name: columns keep the order of first appearance and columns
    /// present in both get the unified type.
    static func merge(_ left: [Column], _ right: [Column]) throws(TypeConflict) -> [Column] {
        var merged = left
        for column in right {
            if let index = merged.firstIndex(where: { $0.name == column.name }) {
                merged[index].type = try merged[index].type.unified(with: column.type)
            } else {
                merged.append(column)
            }
        }
        return merged
    }
}

/// The columns of a batch, a fragment or a whole result.
public struct Schema: Sendable, Hashable, Codable {
    /// Columns in the order they first appeared.
    public var columns: [Column]

    /// A schema of the given columns.
    public init(columns: [Column] = []) {
        self.columns = columns
    }

    /// Column names in order.
    public var names: [String] { columns.map(\.name) }

    /// The schema that holds rows of both: columns are matched by name, missing ones become null,
    /// and types are unified. The error names the column whose types conflict.
    public func unified(with other: Schema) throws(ArtifactFormatError) -> Schema {
        var merged = columns
        for column in other.columns {
            guard let index = merged.firstIndex(where: { $0.name == column.name }) else {
                merged.append(column)
                continue
            }
            do {
                merged[index].type = try merged[index].type.unified(with: column.type)
            } catch {
                throw .typeConflict(column: column.name, error.left, error.right)
            }
        }
        return Schema(columns: merged)
    }
}
