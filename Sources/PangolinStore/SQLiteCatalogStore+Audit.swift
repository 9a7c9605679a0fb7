import Foundation
import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func recordAudit(_ entry: AuditEntry, by actor: AuditActor) async throws {
        try await write { db in try AuditChain.append(entry, by: actor, in: db) }
    }

    public func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent] {
        try await read { db in
            let (clause, arguments) = Self.auditFilter(query)
            var all = arguments
            all += [query.limit, query.offset]
            return try Row.fetchAll(
                db, cached: "SELECT \(AuditChain.columns) FROM audit_events \(clause) ORDER BY seq DESC LIMIT ? OFFSET ?",
                arguments: all
            ).map(Self.auditEvent)
        }
    }

    public func auditEventCount(_ query: AuditQuery) async throws -> Int {
        try await read { db in
            let (clause, arguments) = Self.auditFilter(query)
            return try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM audit_events \(clause)", arguments: arguments) ?? 0
        }
    }

    public func auditEvent(id: String) async throws -> AuditEvent? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT \(AuditChain.columns) FROM audit_events WHERE id = ?", arguments: [id])
                .map(Self.auditEvent)
        }
    }

    public func verifyAuditChain() async throws -> AuditChainReport {
        try await read { db in try AuditChain.verify(in: db) }
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
        add("timestamp >= ?", query.start.map(SQLiteValues.micros))
        add("timestamp <= ?", query.end.map(SQLiteValues.micros))
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    private static func auditEvent(_ row: Row) throws -> AuditEvent {
        AuditEvent(
            id: row["id"], sequence: row["seq"], tenantID: row["tenant_id"], userID: row["user_id"],
            username: row["username"], action: row["action"], resourceType: row["resource_type"],
            resourceID: row["resource_id"], resourceName: row["resource_name"],
            result: AuditResult(rawValue: row["result"]) ?? .failure, errorMessage: row["error_message"],
            ipAddress: row["ip_address"], userAgent: row["user_agent"],
            metadata: try (row["metadata"] as String?).map { try SQLiteValues.decode([String: JSONValue].self, $0) },
            timestamp: row.date("timestamp"), previousHash: row["previous_hash"], hash: row["hash"])
    }
}
