import ArtifactFormats
import Foundation
import GRDB
import ObjectStorage

/// Builds, while a run writes its artifacts, a SQLite file holding the result as a table named
/// `rows`, so the first query of a later session opens it instead of parsing the artifacts. The
/// table is published only when it holds exactly what the unified result holds: values stored before
/// a later batch widened their column (integers that became doubles or text) would read and compare
/// differently, so such a run keeps no table and queries load the result file instead.
final class QueryTableBuilder {
    static let tableName = "rows"

    private let file: URL
    private let database: DatabaseQueue
    private var columns: [String] = []
    private var insert: Statement?
    /// The SQLite type each column was declared with, and the SQLite types of the values stored.
    private var declared: [String: String] = [:]
    private var stored: [String: Set<String>] = [:]

    init(scratch: URL, runID: String) throws {
        file = scratch.appendingPathComponent("query-table-\(runID).sqlite")
        var configuration = Configuration()
        configuration.journalMode = .default
        database = try DatabaseQueue(path: file.path, configuration: configuration)
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        }
    }

    func insert(_ batch: RowBatch) throws {
        try database.write { db in
            let newColumns = batch.schema.columns.filter { !columns.contains($0.name) }
            if columns.isEmpty {
                try db.execute(sql: SQLiteCells.createTable(Self.tableName, schema: Schema(columns: newColumns)))
            } else {
                for column in newColumns {
                    try db.execute(sql: "ALTER TABLE \(Self.tableName.quotedDatabaseIdentifier) ADD COLUMN \(column.name.quotedDatabaseIdentifier) \(SQLiteCells.declaredType(column.type))")
                }
            }
            if !newColumns.isEmpty || insert == nil {
                columns += newColumns.map(\.name)
                let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
                let names = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
                insert = try db.makeStatement(sql: "INSERT INTO \(Self.tableName.quotedDatabaseIdentifier) (\(names)) VALUES (\(placeholders))")
            }
            for column in newColumns { declared[column.name] = SQLiteCells.declaredType(column.type) }
            for column in batch.schema.columns where column.type != .null {
                stored[column.name, default: []].insert(SQLiteCells.declaredType(column.type))
            }
            try SQLiteCells.insert(batch, columns: columns, statement: insert!, database: db)
        }
    }

    /// Whether the stored values are those of the unified result.
    func matches(_ schema: Schema) -> Bool {
        schema.columns.allSatisfy { column in
            let target = SQLiteCells.declaredType(column.type)
            return (declared[column.name] == target || declared[column.name] == "")
                && (stored[column.name] ?? []).isSubset(of: [target])
        }
    }

    /// Closes the database and moves it into the store.
    func publish(to store: any ObjectStore, as key: String) async throws {
        insert = nil
        try database.close()
        try await store.publish(localFile: file, as: key)
    }

    /// Closes and removes the database.
    func discard() {
        insert = nil
        try? database.close()
        try? FileManager.default.removeItem(at: file)
    }
}
