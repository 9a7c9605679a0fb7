import GRDB
import PangolinModel

extension SQLiteTransaction {
    private static let auditColumns = """
        seq, id, tenant_id, user_id, username, action, resource_type, resource_id, resource_name, \
        result, error_message, ip_address, user_agent, metadata, timestamp, previous_hash, hash
        """

    /// SQLite has one writer at a time, so the head needs no lock beyond the write transaction.
    public func lockAuditHead() throws -> (sequence: Int64, hash: String)? {
        try Row.fetchOne(db, cached: "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").map { ($0["seq"], $0["hash"]) }
    }

    public func insertAudit(_ record: AuditRecord) throws {
        try db.execute(
            cached: "INSERT INTO audit_events (\(Self.auditColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                record.sequence, record.id, record.tenantID, record.userID, record.username, record.action,
                record.resourceType, record.resourceID, record.resourceName, record.result, record.errorMessage,
                record.ipAddress, record.userAgent, record.metadata, record.timestamp, record.previousHash, record.hash,
            ])
    }

    public func auditRecords(_ query: AuditQuery) throws -> [AuditRecord] {
        let (clause, arguments) = Self.auditFilter(query)
        return try Row.fetchAll(
            db, cached: "SELECT \(Self.auditColumns) FROM audit_events \(clause) ORDER BY seq DESC LIMIT ? OFFSET ?",
            arguments: arguments + [query.limit, query.offset]
        ).map(Self.auditRecord)
    }

    public func auditRecordCount(_ query: AuditQuery) throws -> Int {
        let (clause, arguments) = Self.auditFilter(query)
        return try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM audit_events \(clause)", arguments: arguments) ?? 0
    }

    public func auditRecord(id: String) throws -> AuditRecord? {
        try Row.fetchOne(db, cached: "SELECT \(Self.auditColumns) FROM audit_events WHERE id = ?", arguments: [id]).map(Self.auditRecord)
    }

    public func forEachAuditRecord(_ body: (AuditRecord) throws -> Bool) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.auditColumns) FROM audit_events ORDER BY seq")
        while let row = try cursor.next() {
            guard try body(Self.auditRecord(row)) else { return }
        }
    }

    private static func auditFilter(_ query: AuditQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            conditions.append(condition)
            arguments += [value]
        }
        add("tenant_id = ?", query.tenantID)
        add("user_id = ?", query.userID)
        add("action = ?", query.action?.rawValue)
        add("resource_type = ?", query.resourceType)
        add("resource_id = ?", query.resourceID)
        add("result = ?", query.result?.rawValue)
        add("timestamp >= ?", query.start.map(StoredValues.micros))
        add("timestamp <= ?", query.end.map(StoredValues.micros))
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    private static func auditRecord(_ row: Row) -> AuditRecord {
        AuditRecord(
            sequence: row["seq"], id: row["id"], tenantID: row["tenant_id"], userID: row["user_id"], username: row["username"],
            action: row["action"], resourceType: row["resource_type"], resourceID: row["resource_id"],
            resourceName: row["resource_name"], result: row["result"], errorMessage: row["error_message"],
            ipAddress: row["ip_address"], userAgent: row["user_agent"], metadata: row["metadata"], timestamp: row["timestamp"],
            previousHash: row["previous_hash"], hash: row["hash"])
    }
}
