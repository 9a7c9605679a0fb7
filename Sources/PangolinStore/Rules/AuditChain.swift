import Crypto
import Foundation
import PangolinModel

/// An audit event as every backend stores it: the values its hash covers, in their stored form,
/// and the hash.
public struct AuditRecord: Sendable, Hashable {
    var sequence: Int64
    var id: String
    var tenantID: String?
    var userID: String?
    var username: String?
    var action: String
    var resourceType: String
    var resourceID: String?
    var resourceName: String?
    var result: String
    var errorMessage: String?
    var ipAddress: String?
    var userAgent: String?
    /// The event's metadata as stored JSON text: the hash covers these exact bytes.
    var metadata: String?
    /// Microseconds since 1970.
    var timestamp: Int64
    var previousHash: String
    var hash: String

    /// The values the hash covers, in order.
    var hashedValues: [String?] {
        [
            String(sequence), id, tenantID, userID, username, action, resourceType, resourceID, resourceName, result,
            errorMessage, ipAddress, userAgent, metadata, String(timestamp), previousHash,
        ]
    }

    var event: AuditEvent {
        get throws {
            AuditEvent(
                id: id, sequence: sequence, tenantID: tenantID, userID: userID, username: username, action: action,
                resourceType: resourceType, resourceID: resourceID, resourceName: resourceName,
                result: AuditResult(rawValue: result) ?? .failure, errorMessage: errorMessage, ipAddress: ipAddress,
                userAgent: userAgent, metadata: try metadata.map { try StoredValues.decode([String: JSONValue].self, $0) },
                timestamp: StoredValues.date(timestamp), previousHash: previousHash, hash: hash)
        }
    }
}

/// Statements on the audit log.
public protocol AuditRepository {
    /// The sequence number and hash of the newest event, and a hold on the chain's head that
    /// makes every other transaction appending to it wait until this one ends, so that no two
    /// events link to the same predecessor, whichever server instance writes them.
    func lockAuditHead() throws -> (sequence: Int64, hash: String)?
    func insertAudit(_ record: AuditRecord) throws
    /// Newest first.
    func auditRecords(_ query: AuditQuery) throws -> [AuditRecord]
    func auditRecordCount(_ query: AuditQuery) throws -> Int
    func auditRecord(id: String) throws -> AuditRecord?
    /// Calls `body` with every event in sequence order until it returns false.
    func forEachAuditRecord(_ body: (AuditRecord) throws -> Bool) throws
}

/// The hash chain over audit events: each event's hash covers its stored columns and the hash
/// of the event before it, so editing, removing or reordering any event breaks every later link.
enum AuditChain {
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

    /// Appends an event to the chain inside the caller's transaction.
    static func append(_ entry: AuditEntry, by actor: AuditActor, in audit: some AuditRepository) throws {
        let head = try audit.lockAuditHead()
        var record = AuditRecord(
            sequence: (head?.sequence ?? 0) + 1, id: Identifiers.make(), tenantID: entry.tenantID, userID: actor.userID,
            username: actor.username, action: entry.action.rawValue, resourceType: entry.resourceType,
            resourceID: entry.resourceID, resourceName: entry.resourceName, result: entry.result.rawValue,
            errorMessage: entry.errorMessage, ipAddress: actor.ipAddress, userAgent: actor.userAgent,
            metadata: try entry.metadata.map(StoredValues.json), timestamp: StoredValues.now().micros,
            previousHash: head?.hash ?? "", hash: "")
        record.hash = hash(record.hashedValues)
        try audit.insertAudit(record)
    }

    /// Walks the whole chain in order and reports the first event that does not check out.
    static func verify(in audit: some AuditRepository) throws -> AuditChainReport {
        var previousHash = ""
        var expectedSequence: Int64 = 1
        var checked = 0
        var report: AuditChainReport?
        try audit.forEachAuditRecord { record in
            let broken: String? =
                if record.sequence != expectedSequence {
                    "event sequence jumps from \(expectedSequence - 1) to \(record.sequence): events were removed"
                } else if record.previousHash != previousHash {
                    "the event does not link to the hash of the event before it"
                } else if hash(record.hashedValues) != record.hash {
                    "the event's content does not match its hash: it was altered"
                } else {
                    nil
                }
            if let broken {
                report = AuditChainReport(
                    valid: false, eventsChecked: checked, firstInvalidEventID: record.id,
                    firstInvalidSequence: record.sequence, reason: broken)
                return false
            }
            previousHash = record.hash
            expectedSequence += 1
            checked += 1
            return true
        }
        return report
            ?? AuditChainReport(valid: true, eventsChecked: checked, firstInvalidEventID: nil, firstInvalidSequence: nil, reason: nil)
    }
}

extension CatalogDatabase: AuditStore {
    public func recordAudit(_ entry: AuditEntry, by actor: AuditActor) async throws {
        try await backend.write { tx in try AuditChain.append(entry, by: actor, in: tx) }
    }

    public func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent] {
        try await backend.read { tx in try tx.auditRecords(query).map { try $0.event } }
    }

    public func auditEventCount(_ query: AuditQuery) async throws -> Int {
        try await backend.read { tx in try tx.auditRecordCount(query) }
    }

    public func auditEvent(id: String) async throws -> AuditEvent? {
        try await backend.lookup { tx in try tx.auditRecord(id: id)?.event }
    }

    public func verifyAuditChain() async throws -> AuditChainReport {
        try await backend.read { tx in try AuditChain.verify(in: tx) }
    }
}
