import Crypto
import Foundation
import GRDB
import PangolinModel

/// The hash chain over audit events: each event's hash covers its stored columns and the hash
/// of the event before it, so editing, removing or reordering any event breaks every later link.
enum AuditChain {
    static let columns = """
        seq, id, tenant_id, user_id, username, action, resource_type, resource_id, resource_name, \
        result, error_message, ip_address, user_agent, metadata, timestamp, previous_hash, hash
        """

    /// SHA-256, hex-encoded, over the event's stored values, each written as its UTF-8 length,
    /// ':' and its bytes (a missing value as '-'), so that no two sequences of values encode alike.
    static func hash(_ values: [String?]) -> String {
        var hasher = SHA256()
        for value in values {
            if let value {
                hasher.update(data: Array("\(value.utf8.count):".utf8))
                hasher.update(data: Array(value.utf8))
            } else {
                hasher.update(data: [UInt8(ascii: "-")])
            }
        }
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The values an event's hash covers, in order, as stored.
    static func hashedValues(of row: Row) -> [String?] {
        let seq: Int64 = row["seq"]
        let timestamp: Int64 = row["timestamp"]
        return [
            String(seq), row["id"], row["tenant_id"], row["user_id"], row["username"], row["action"],
            row["resource_type"], row["resource_id"], row["resource_name"], row["result"],
            row["error_message"], row["ip_address"], row["user_agent"], row["metadata"],
            String(timestamp), row["previous_hash"],
        ]
    }

    /// Appends an event to the chain inside the caller's transaction.
    static func append(_ entry: AuditEntry, by actor: AuditActor, in db: Database) throws {
        let last = try Row.fetchOne(db, cached: "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        let seq: Int64 = (last?["seq"] ?? 0) + 1
        let previousHash: String = last?["hash"] ?? ""
        let metadata = try entry.metadata.map(SQLiteValues.json)
        let timestamp = SQLiteValues.now().micros
        let id = Identifiers.make()
        let values: [String?] = [
            String(seq), id, entry.tenantID, actor.userID, actor.username, entry.action.rawValue, entry.resourceType,
            entry.resourceID, entry.resourceName, entry.result.rawValue, entry.errorMessage, actor.ipAddress,
            actor.userAgent, metadata, String(timestamp), previousHash,
        ]
        try db.execute(
            cached: "INSERT INTO audit_events (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                seq, id, entry.tenantID, actor.userID, actor.username, entry.action.rawValue, entry.resourceType,
                entry.resourceID, entry.resourceName, entry.result.rawValue, entry.errorMessage,
                actor.ipAddress, actor.userAgent, metadata, timestamp, previousHash, hash(values),
            ])
    }

    /// Walks the whole chain in order and reports the first event that does not check out.
    static func verify(in db: Database) throws -> AuditChainReport {
        var previousHash = ""
        var expectedSeq: Int64 = 1
        var checked = 0
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM audit_events ORDER BY seq")
        while let row = try cursor.next() {
            let seq: Int64 = row["seq"]
            let id: String = row["id"]
            let broken: String? =
                if seq != expectedSeq {
                    "event sequence jumps from \(expectedSeq - 1) to \(seq): events were removed"
                } else if (row["previous_hash"] as String) != previousHash {
                    "the event does not link to the hash of the event before it"
                } else if hash(hashedValues(of: row)) != (row["hash"] as String) {
                    "the event's content does not match its hash: it was altered"
                } else {
                    nil
                }
            if let broken {
                return AuditChainReport(
                    valid: false, eventsChecked: checked, firstInvalidEventID: id, firstInvalidSequence: seq,
                    reason: broken)
            }
            previousHash = row["hash"]
            expectedSeq += 1
            checked += 1
        }
        return AuditChainReport(valid: true, eventsChecked: checked, firstInvalidEventID: nil, firstInvalidSequence: nil, reason: nil)
    }
}
