import ArtifactFormats
import Foundation
import GRDB
import GRDBSQLite

/// How artifact values are stored in SQLite tables: SQLite has no decimal, timestamp, date, UUID
/// or nested types, so decimals are REAL, timestamps and dates their ISO 8601 text (which sorts
/// and compares in time order), UUIDs their text and nested values JSON text (readable with
/// SQLite's JSON functions).
enum SQLiteCells {
    static func declaredType(_ type: ColumnType) -> String {
        switch type {
        case .int, .bool: "INTEGER"
        case .double, .decimal: "REAL"
        case .null: ""
        default: "TEXT"
        }
    }

    /// `CREATE TABLE` for a schema.
    static func createTable(_ name: String, schema: Schema) -> String {
        let columns = schema.columns.map { "\($0.name.quotedDatabaseIdentifier) \(declaredType($0.type))" }
        return "CREATE TABLE \(name.quotedDatabaseIdentifier) (\(columns.joined(separator: ", ")))"
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds a value to a parameter of a prepared statement.
    static func bind(_ value: ArtifactValue, to statement: OpaquePointer, at index: Int32, scratch: inout [UInt8]) {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .bool(let bool): sqlite3_bind_int64(statement, index, bool ? 1 : 0)
        case .int(let int): sqlite3_bind_int64(statement, index, int)
        case .double(let double): sqlite3_bind_double(statement, index, double)
        case .decimal(let decimal): sqlite3_bind_double(statement, index, Decimals.double(decimal))
        case .string(var text):
            text.withUTF8 { utf8 in
                _ = utf8.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, index, $0.baseAddress, Int32(utf8.count), transient) }
            }
        case .timestamp(let date):
            scratch.removeAll(keepingCapacity: true)
            Timestamp.append(date, to: &scratch)
            bindText(scratch, to: statement, at: index)
        case .date, .uuid:
            bindText(Array(value.text.utf8), to: statement, at: index)
        case .array, .object:
            scratch.removeAll(keepingCapacity: true)
            JSONLines.appendValue(value, to: &scratch)
            bindText(scratch, to: statement, at: index)
        }
    }

    private static func bindText(_ bytes: [UInt8], to statement: OpaquePointer, at index: Int32) {
        bytes.withUnsafeBufferPointer { buffer in
            _ = buffer.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, index, $0.baseAddress, Int32(buffer.count), transient) }
        }
    }

    /// Inserts every row of a batch with a prepared `INSERT … VALUES (?, …)` whose parameters are
    /// the given columns of the table, in order.
    static func insert(_ batch: RowBatch, columns: [String], statement: Statement, database: Database) throws {
        let positions = columns.map { batch.existingIndex(of: $0) }
        let handle = statement.sqliteStatement
        var scratch: [UInt8] = []
        for row in 0..<batch.rowCount {
            for (parameter, position) in positions.enumerated() {
                bind(position.map { batch.value(row: row, column: $0) } ?? .null, to: handle, at: Int32(parameter + 1), scratch: &scratch)
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(database.sqliteConnection)))
            }
        }
    }

    /// The SQLite form of a query argument.
    static func databaseValue(_ value: ArtifactValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .bool(let bool): (bool ? 1 : 0).databaseValue
        case .int(let int): int.databaseValue
        case .double(let double): double.databaseValue
        case .decimal(let decimal): Decimals.double(decimal).databaseValue
        case .string(let text): text.databaseValue
        default: value.text.databaseValue
        }
    }

    /// The artifact value of a SQLite result cell.
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
