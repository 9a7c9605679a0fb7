import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    private static let auditColumns = """
        seq, id, tenant_id, user_id, username, action, resource_type, resource_id, resource_name, \
        result, error_message, ip_address, user_agent, metadata, timestamp, previous_hash, hash
        """

    /// The head row is locked until the transaction ends: a linker on any instance waits for it,
    /// then reads the head this one leaves.
    public func lockAuditHead() throws -> (sequence: Int64, hash: String)? {
        guard let row = try row("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE") else { return nil }
        let sequence = try row("seq", as: Int64.self)
        return sequence == 0 ? nil : (sequence, try row("hash", as: String.self))
    }

    /// Every event is stored unlinked here (see `AuditLinking`): its sequence stays NULL, and its
    /// hashes empty, until the linker gives it its place.
    public func insertAudit(_ record: AuditRecord) throws {
        try execute("""
            INSERT INTO audit_events (seq, id, tenant_id, user_id, username, action, resource_type, resource_id, resource_name,
                                      result, error_message, ip_address, user_agent, metadata, timestamp, previous_hash, hash)
            VALUES (NULL, \(record.id), \(record.tenantID), \(record.userID),
                    \(record.username), \(record.action), \(record.resourceType), \(record.resourceID), \(record.resourceName),
                    \(record.result), \(record.errorMessage), \(record.ipAddress), \(record.userAgent), \(record.metadata),
                    \(record.timestamp), '', '')
            """)
        unlinkedAudit.isSet = true
    }

    public func auditRecords(_ query: AuditQuery) throws -> [AuditRecord] {
        var sql = try Self.auditFilter(query, "SELECT \(Self.auditColumns) FROM audit_events")
        try sql.append(" ORDER BY seq DESC LIMIT ", query.limit)
        try sql.append(" OFFSET ", query.offset)
        return try rows(sql.query).map(Self.auditRecord)
    }

    public func auditRecordCount(_ query: AuditQuery) throws -> Int {
        try count(try Self.auditFilter(query, "SELECT COUNT(*) AS count FROM audit_events").query)
    }

    public func auditRecord(id: String) throws -> AuditRecord? {
        try row("SELECT \(unescaped: Self.auditColumns) FROM audit_events WHERE id = \(id) AND seq IS NOT NULL").map(Self.auditRecord)
    }

    public func forEachAuditRecord(_ body: (AuditRecord) throws -> Bool) throws {
        var after: Int64 = 0
        while true {
            let page = try rows("SELECT \(unescaped: Self.auditColumns) FROM audit_events WHERE seq > \(after) ORDER BY seq LIMIT 1000")
            for row in page {
                let record = try Self.auditRecord(row)
                guard try body(record) else { return }
                after = record.sequence
            }
            if page.count < 1000 { return }
        }
    }

    private static func auditFilter(_ query: AuditQuery, _ select: String) throws -> SQLBuilder {
        var sql = SQLBuilder(select)
        var conditions: [(String, (any PostgresEncodable & Sendable)?)] = [
            ("tenant_id", query.tenantID), ("user_id", query.userID), ("action", query.action?.rawValue),
            ("resource_type", query.resourceType), ("resource_id", query.resourceID), ("result", query.result?.rawValue),
        ]
        conditions.removeAll { $0.1 == nil }
        // An event is listed once it is linked, a moment after its write committed.
        try sql.append(" WHERE seq IS NOT NULL")
        func and() throws { try sql.append(" AND ") }
        for (column, value) in conditions {
            try and()
            try sql.append("\(column) = ", value!)
        }
        if let start = query.start { try and(); try sql.append("timestamp >= ", StoredValues.micros(start)) }
        if let end = query.end { try and(); try sql.append("timestamp <= ", StoredValues.micros(end)) }
        return sql
    }

    private static func auditRecord(_ row: PostgresRow) throws -> AuditRecord {
        AuditRecord(
            sequence: try row("seq", as: Int64?.self) ?? 0, id: try row("id"), tenantID: try row("tenant_id"), userID: try row("user_id"),
            username: try row("username"), action: try row("action"), resourceType: try row("resource_type"),
            resourceID: try row("resource_id"), resourceName: try row("resource_name"), result: try row("result"),
            errorMessage: try row("error_message"), ipAddress: try row("ip_address"), userAgent: try row("user_agent"),
            metadata: try row("metadata"), timestamp: try row("timestamp"), previousHash: try row("previous_hash"), hash: try row("hash"))
    }
}

extension PostgresTransaction: AuditLinking {
    public var appendedUnlinkedAudit: Bool { unlinkedAudit.isSet }

    public func unlinkedAuditRecords(limit: Int) throws -> [AuditRecord] {
        try rows("""
            SELECT \(unescaped: Self.auditColumns) FROM audit_events WHERE seq IS NULL ORDER BY appended LIMIT \(limit)
            """).map(Self.auditRecord)
    }

    /// One statement for the whole batch, then the head.
    public func linkAudit(_ records: [AuditRecord]) throws {
        guard let last = records.last else { return }
        let linked = try execute("""
            UPDATE audit_events e SET seq = l.seq, previous_hash = l.previous_hash, hash = l.hash
            FROM unnest(\(records.map(\.id)), \(records.map(\.sequence)), \(records.map(\.previousHash)), \(records.map(\.hash)))
                 AS l(id, seq, previous_hash, hash)
            WHERE e.id = l.id AND e.seq IS NULL
            """)
        guard linked == records.count else {
            throw PangolinError(.internal, "linking \(records.count) audit events changed \(linked) rows; the chain was left as it was")
        }
        try execute("UPDATE audit_head SET seq = \(last.sequence), hash = \(last.hash) WHERE id = 1")
    }
}

/// SQL put together from pieces, with each value bound as a parameter (`$1`, `$2`, …).
struct SQLBuilder {
    private(set) var sql: String
    private(set) var bindings = PostgresBindings()

    init(_ sql: String = "") {
        self.sql = sql
    }

    /// Appends text, then each value as the next parameter.
    mutating func append(_ text: String, _ values: any PostgresEncodable & Sendable...) throws {
        sql += text
        for value in values { try bind(value) }
    }

    /// Appends the next parameter.
    mutating func bind(_ value: any PostgresEncodable & Sendable) throws {
        sql += try placeholder(for: value)
    }

    /// Binds the next parameter and returns its placeholder, for text put together elsewhere.
    mutating func placeholder(for value: any PostgresEncodable & Sendable) throws -> String {
        try bindings.append(value)
        return "$\(bindings.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
