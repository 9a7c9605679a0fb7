import Foundation
import Logging
import PangolinModel
import PostgresNIO

/// One PostgreSQL transaction's repositories, on one connection, run from a thread that may
/// block. In a write transaction (`locking`) rows read by key are locked until the end.
public struct PostgresTransaction: StoreTransaction, Sendable {
    let connection: PostgresConnection
    let locking: Bool
    /// Whether this transaction stored events still to be linked into the audit chain.
    let unlinkedAudit = Flag()
    static let statementLogger = Logger(label: "pangolin.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// ` FOR UPDATE` in a write transaction: appended to a lookup whose row the write depends on.
    var lock: String { locking ? " FOR UPDATE" : "" }

    /// The lock a write takes on a row it looks up for `use`, in the table aliased `table`:
    /// `FOR KEY SHARE` for a parent keeps the row from being deleted while letting other writes
    /// under it go on, where `FOR UPDATE` would queue every registration in a namespace behind
    /// the one before.
    func lock(_ use: RowUse, of table: String) -> String {
        guard locking else { return "" }
        switch use {
        case .change: return " FOR UPDATE OF \(table)"
        case .parent: return " FOR KEY SHARE OF \(table)"
        }
    }

    /// Runs a statement; the number of rows it changed.
    @discardableResult
    func execute(_ query: PostgresQuery) throws -> Int {
        try connection.query(query, logger: Self.statementLogger).wait().metadata.rows ?? 0
    }

    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        Array(try connection.query(query, logger: Self.statementLogger).wait().rows)
    }

    func row(_ query: PostgresQuery) throws -> PostgresRow? {
        try rows(query).first
    }

    /// Commits, and says so when PostgreSQL rolled back instead (after an earlier error).
    func commit() throws {
        let result = try connection.query("COMMIT", logger: Self.statementLogger).wait()
        if result.metadata.command == "ROLLBACK" {
            throw PangolinError(.internal, "the catalog database rolled the transaction back")
        }
    }

    func count(_ query: PostgresQuery) throws -> Int {
        try row(query).map { try $0("count", as: Int.self) } ?? 0
    }
}

/// A mark set by a transaction's statements, read once it has ended; used from one thread at a time.
final class Flag: @unchecked Sendable {
    var isSet = false
}

extension PostgresRow {
    /// The value of `column`.
    func callAsFunction<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try makeRandomAccess()[column].decode(T.self)
    }

    func date(_ column: String) throws -> Date { StoredValues.date(try self(column, as: Int64.self)) }

    func optionalDate(_ column: String) throws -> Date? { try self(column, as: Int64?.self).map(StoredValues.date) }

    func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        try StoredValues.decode(type, try self(column, as: String.self))
    }
}
