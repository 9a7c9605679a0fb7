import Foundation
import ArtifactFormats

/// The rows a query returned. Decode them into your own types, or print them as a table.
public struct QueryResult: Sendable, Hashable, CustomStringConvertible {
    /// Column names in the order of the query's result.
    public let columns: [String]
    /// Rows of values, one value per column.
    public let rows: [[ArtifactValue]]

    /// A result of the given columns and rows.
    public init(columns: [String], rows: [[ArtifactValue]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Decodes every row into `T`, matching columns to coding keys by name.
    public func decode<T: Decodable>(_ type: T.Type) throws -> [T] {
        let index = RowColumns(columns)
        return try rows.map { try RowDecoder.decode(T.self, columns: index, values: $0) }
    }

    /// The single value of a one-row, one-column result (such as `SELECT count(*) …`), or nil.
    public var scalar: ArtifactValue? {
        rows.count == 1 && columns.count == 1 ? rows[0][0] : nil
    }

    /// The result as an aligned text table of at most `maxRows` rows.
    public func formatted(maxRows: Int = 40) -> String {
        let shown = rows.prefix(maxRows).map { $0.map { $0.isNull ? "NULL" : $0.text.replacingNewlines } }
        var widths = columns.map(\.count)
        for row in shown {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) }
                .joined(separator: " | ").trimmingTrailingSpaces
        }
        var lines = [line(columns), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-")]
        lines += shown.map(line)
        if rows.count > maxRows { lines.append("… \(rows.count - maxRows) more rows") }
        lines.append("(\(rows.count) row\(rows.count == 1 ? "" : "s"))")
        return lines.joined(separator: "\n")
    }

    public var description: String { formatted() }
}

extension String {
    fileprivate var replacingNewlines: String {
        contains(where: \.isNewline) ? String(map { $0.isNewline ? " " : $0 }) : self
    }

    fileprivate var trimmingTrailingSpaces: String {
        String(reversed().drop { $0 == " " }.reversed())
    }
}
