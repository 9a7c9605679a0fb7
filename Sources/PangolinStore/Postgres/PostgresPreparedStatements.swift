import PangolinModel
import PostgresNIO

// Statements that a request runs so often that PostgreSQL's parsing and planning of them would
// cost more than running them: each is parsed and planned once per connection, then only bound
// and executed. A lookup by an asset's address has four indexes to choose from, and choosing
// is most of the work PostgreSQL does for it (pgbench: 2.5× the lookups per second when prepared).
//
// Only lookups outside a write are prepared; a write's lookups lock their rows and keep their
// own statements. The columns are named rather than `*`, so that a column added by a later
// migration (run by another instance) does not change a prepared statement's result.

extension PostgresTransaction {
    /// The columns `asset(_:)` reads.
    static let assetColumns = "id, tenant_id, catalog_name, namespace_path, name, kind, location, properties, version, created_at, updated_at"

    /// The rows of a prepared statement, waited for on this transaction's thread.
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement) throws -> [Statement.Row] where Statement.Row: Sendable {
        let connection = self.connection
        let promise = connection.eventLoop.makePromise(of: [Statement.Row].self)
        promise.completeWithTask {
            var rows: [Statement.Row] = []
            for try await row in try await connection.execute(statement, logger: Self.statementLogger) { rows.append(row) }
            return rows
        }
        return try promise.futureResult.wait()
    }
}

/// An asset by its id.
struct AssetByID: PostgresPreparedStatement {
    static let sql = "SELECT \(PostgresTransaction.assetColumns) FROM assets WHERE id = $1"
    let id: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Asset { try PostgresTransaction.asset(row) }
}

/// An asset by its address: tenant, catalog, namespace and name.
struct AssetAtAddress: PostgresPreparedStatement {
    static let sql = """
        SELECT \(PostgresTransaction.assetColumns) FROM assets
        WHERE tenant_id = $1 AND catalog_name = $2 AND namespace_path = $3 AND name = $4
        """
    let address: AssetAddress

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(address.tenantID)
        bindings.append(address.catalog)
        bindings.append(address.namespace.dotted)
        bindings.append(address.name)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Asset { try PostgresTransaction.asset(row) }
}
