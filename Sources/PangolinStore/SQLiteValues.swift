import Foundation
import GRDB
import PangolinModel

/// Conversions between model values and the columns that store them.
enum SQLiteValues {
    /// Microseconds since 1970, the stored form of every timestamp.
    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    /// The current time, truncated to what the database keeps.
    static func now() -> (date: Date, micros: Int64) {
        let stamp = micros(Date())
        return (date(stamp), stamp)
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    // Shared: building a coder per column read is measurable on the hot read path.
    private static let encoder = PangolinJSON.encoder()
    private static let decoder = PangolinJSON.decoder()
}

extension Row {
    /// A timestamp column.
    func date(_ column: String) -> Date { SQLiteValues.date(self[column]) }
    /// A JSON column decoded as `T`.
    func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        try SQLiteValues.decode(type, self[column])
    }
}

// Statements prepared once per connection and reused: parsing SQL is a measurable part of a
// lookup or a registration. Every `cached:` call below holds exactly one statement.
extension Database {
    func execute(cached sql: String, arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension Row {
    static func fetchOne(_ db: Database, cached sql: String, arguments: StatementArguments = []) throws -> Row? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchAll(_ db: Database, cached sql: String, arguments: StatementArguments = []) throws -> [Row] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension Int {
    static func fetchOne(_ db: Database, cached sql: String, arguments: StatementArguments = []) throws -> Int? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
