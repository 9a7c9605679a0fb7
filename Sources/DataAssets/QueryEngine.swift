import ArtifactFormats
import Foundation
import GRDB
import GRDBSQLite
import ObjectStorage

/// The embedded SQL engine of a workspace: an in-memory SQLite database holding one table per
/// queried asset, loaded from the asset's primary result the first time a query needs it and
/// reloaded only when a newer run replaced that result.
actor QueryEngine {
    private let store: any ObjectStore
    private let database: DatabaseQueue
    /// The run each table was loaded from, by table name.
    private var loaded: [String: String] = [:]

    init(store: any ObjectStore) {
        self.store = store
        database = try! DatabaseQueue()  // an in-memory database cannot fail to open
    }

    /// Makes `table` hold the rows of a materialized asset.
    func load(table: String, from materialization: Materialization, options: ReadOptions) throws {
        let run = materialization.run
        let loadedKey = run.assetID + "/" + run.id
        guard loaded[table] != loadedKey else { return }
        if let other = loaded[table], !other.hasPrefix(run.assetID + "/") {
            throw DataAssetError(.sql, "two different assets are named '\(table)' in one workspace; give them distinct names to query them")
        }
        guard run.status == .succeeded, let schema = run.schema, let artifact = run.artifacts.first else {
            throw DataAssetError(.emptyResult, "asset '\(run.assetName)' has no rows to query: its current run \(run.id) produced none")
        }
        let format = try ArtifactFormats.format(forExtension: String(artifact.split(separator: ".").last ?? ""), options: options)
        let reader: any ObjectReader
        do {
            reader = try store.openReader(for: artifact)
        } catch let error as ObjectStorageError {
            throw DataAssetError(.unreadableArtifact, "asset '\(run.assetName)': \(error.message); materialize it again with cache: .refresh")
        }
        var rows = ArtifactRowReader(format: format, schema: schema, options: options) { try reader.read(upTo: 1 << 20) }
        try database.write { db in
            let quoted = table.quotedDatabaseIdentifier
            try db.execute(sql: "DROP TABLE IF EXISTS \(quoted)")
            let columns = schema.columns.map { "\($0.name.quotedDatabaseIdentifier) \(Self.sqlType($0.type))" }
            try db.execute(sql: "CREATE TABLE \(quoted) (\(columns.joined(separator: ", ")))")
            let placeholders = Array(repeating: "?", count: schema.columns.count).joined(separator: ", ")
            let insert = try db.makeStatement(sql: "INSERT INTO \(quoted) VALUES (\(placeholders))")
            let names = schema.names
            do {
                while let batch = try rows.next() {
                    let positions = names.map { batch.existingIndex(of: $0) }
                    for row in 0..<batch.rowCount {
                        for (column, position) in positions.enumerated() {
                            Self.bind(position.map { batch.value(row: row, column: $0) } ?? .null, to: insert.sqliteStatement, at: Int32(column + 1))
                        }
                        let code = sqlite3_step(insert.sqliteStatement)
                        sqlite3_reset(insert.sqliteStatement)
                        guard code == SQLITE_DONE else {
                            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                        }
                    }
                }
            } catch let error as ArtifactFormatError {
                throw DataAssetError.from(error, asset: run.assetName, file: artifact)
            }
        }
        loaded[table] = loadedKey
    }

    /// Runs SQL and returns every row.
    func execute(_ sql: String, arguments: QueryArguments) throws -> QueryResult {
        do {
            return try database.read { db in
                let statement = try db.makeStatement(sql: sql)
                switch arguments.storage {
                case .positional(let values):
                    try statement.setArguments(StatementArguments(values.map(Self.databaseValue)))
                case .named(let values):
                    let named = Dictionary(values.map { key, value in
                        (String(key.drop { $0 == ":" || $0 == "$" || $0 == "@" }), Self.databaseValue(value))
                    }, uniquingKeysWith: { _, last in last })
                    try statement.setArguments(StatementArguments(named))
                }
                let columns = statement.columnNames
                let rows = try Row.fetchAll(statement).map { row in
                    (0..<row.count).map { Self.artifactValue(row[$0] as DatabaseValue) }
                }
                return QueryResult(columns: columns, rows: rows)
            }
        } catch let error as DatabaseError {
            throw DataAssetError(.sql, "SQL error: \(error.message ?? error.description)\n  in: \(sql)")
        }
    }

    private static func sqlType(_ type: ColumnType) -> String {
        switch type {
        case .int, .bool: "INTEGER"
        case .double, .decimal: "REAL"
        case .null: ""
        default: "TEXT"
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ value: ArtifactValue, to statement: OpaquePointer, at index: Int32) {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .bool(let bool): sqlite3_bind_int64(statement, index, bool ? 1 : 0)
        case .int(let int): sqlite3_bind_int64(statement, index, int)
        case .double(let double): sqlite3_bind_double(statement, index, double)
        case .decimal(let decimal): sqlite3_bind_double(statement, index, NSDecimalNumber(decimal: decimal).doubleValue)
        case .string(var text):
            text.withUTF8 { utf8 in
                _ = utf8.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, index, $0.baseAddress, Int32(utf8.count), transient) }
            }
        default:
            var text = value.text
            text.withUTF8 { utf8 in
                _ = utf8.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, index, $0.baseAddress, Int32(utf8.count), transient) }
            }
        }
    }

    static func databaseValue(_ value: ArtifactValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .bool(let bool): (bool ? 1 : 0).databaseValue
        case .int(let int): int.databaseValue
        case .double(let double): double.databaseValue
        case .decimal(let decimal): NSDecimalNumber(decimal: decimal).doubleValue.databaseValue
        case .string(let text): text.databaseValue
        default: value.text.databaseValue
        }
    }

    static func artifactValue(_ value: DatabaseValue) -> ArtifactValue {
        switch value.storage {
        case .null: .null
        case .int64(let int): .int(int)
        case .double(let double): .double(double)
        case .string(let text): .string(text)
        case .blob(let data): .string(data.base64EncodedString())
        }
    }
}
