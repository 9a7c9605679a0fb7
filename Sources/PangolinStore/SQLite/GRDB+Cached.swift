import Foundation
import GRDB
import PangolinModel

extension Row {
    /// A timestamp column.
    func date(_ column: String) -> Date { StoredValues.date(self[column]) }
    /// A JSON column decoded as `T`.
    func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        try StoredValues.decode(type, self[column])
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
