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
    /// The sequence number and hash of the newest linked event, and a hold on the chain's head
    /// that makes every other transaction linking to it wait until this one ends, so that no two
    /// events link to the same predecessor, whichever server instance writes them.
    func lockAuditHead() throws -> (sequence: Int64, hash: String)?
    /// Stores an event: linked (its sequence and hashes set), or unlinked (sequence 0) on a
    /// backend that is `AuditLinking`.
    func insertAudit(_ record: AuditRecord) throws
    /// Newest first.
    func auditRecords(_ query: AuditQuery) throws -> [AuditRecord]
    func auditRecordCount(_ query: AuditQuery) throws -> Int
    func auditRecord(id: String) throws -> AuditRecord?
    /// Calls `body` with every event in sequence order until it returns false.
    func forEachAuditRecord(_ body: (AuditRecord) throws -> Bool) throws
}

/// The statements of a backend whose writes store their events unlinked, to be linked into the
/// chain after they commit (PostgreSQL). A write that linked its own event would hold the
/// chain's head until its commit is durable, and so every write would wait for the sync of the
/// one before; unlinked, writes commit side by side and share syncs, and one linker at a time
/// links everything committed since it last ran, in one short transaction.
public protocol AuditLinking {
    /// Whether this transaction stored an unlinked event.
    var appendedUnlinkedAudit: Bool { get }
    /// Committed events not yet linked, in the order they were stored.
    func unlinkedAuditRecords(limit: Int) throws -> [AuditRecord]
    /// Sets the sequence and hashes of stored unlinked events, and moves the head to the last.
    func linkAudit(_ records: [AuditRecord]) throws
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

    /// Appends an event inside the caller's transaction: linked to the chain's head there, or
    /// unlinked on an `AuditLinking` backend, whose writes `linkPending` follows.
    static func append(_ entry: AuditEntry, by actor: AuditActor, in audit: some AuditRepository) throws {
        var record = AuditRecord(
            sequence: 0, id: Identifiers.make(), tenantID: entry.tenantID, userID: actor.userID,
            username: actor.username, action: entry.action.rawValue, resourceType: entry.resourceType,
            resourceID: entry.resourceID, resourceName: entry.resourceName, result: entry.result.rawValue,
            errorMessage: entry.errorMessage, ipAddress: actor.ipAddress, userAgent: actor.userAgent,
            metadata: try entry.metadata.map(StoredValues.json), timestamp: StoredValues.now().micros,
            previousHash: "", hash: "")
        if !(audit is any AuditLinking) { link(&record, after: try audit.lockAuditHead()) }
        try audit.insertAudit(record)
    }

    /// Gives `record` the place after `head`, and its hash.
    private static func link(_ record: inout AuditRecord, after head: (sequence: Int64, hash: String)?) {
        record.sequence = (head?.sequence ?? 0) + 1
        record.previousHash = head?.hash ?? ""
        record.hash = hash(record.hashedValues)
    }

    /// Links every committed unlinked event, in the order they were stored, holding the head
    /// meanwhile so that linkers on several instances take turns.
    static func linkPending(in audit: some AuditRepository & AuditLinking) throws {
        var head = try audit.lockAuditHead()
        while true {
            var batch = try audit.unlinkedAuditRecords(limit: 1000)
            for index in batch.indices {
                link(&batch[index], after: head)
                head = (batch[index].sequence, batch[index].hash)
            }
            try audit.linkAudit(batch)
            if batch.count < 1000 { return }
        }
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
        try await write { tx in try AuditChain.append(entry, by: actor, in: tx) }
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
        try await linkAudit()
        return try await backend.read { tx in try AuditChain.verify(in: tx) }
    }

    /// Links the events committed unlinked, on a backend that stores them so; at start-up, it
    /// takes those a stopped instance left.
    public func linkAudit() async throws {
        guard linker != nil else { return }
        try await Self.linkAudit(on: backend)
    }

    static func linkAudit(on backend: Backend) async throws {
        try await backend.write { tx in
            if let linking = tx as? any AuditRepository & AuditLinking { try AuditChain.linkPending(in: linking) }
        }
    }
}

/// Links, on an `AuditLinking` backend, the events that writes have committed, one linking
/// transaction at a time for every write waiting: a write that commits while a link runs waits
/// for the next one, which starts after that commit and so takes its events. Under load a link
/// then serves many writes, as a group commit serves many commits.
actor AuditLinker {
    private let link: @Sendable () async -> Void
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var running = false

    init(_ link: @escaping @Sendable () async -> Void) {
        self.link = link
    }

    /// Returns once a link that started after this call has ended.
    func linkCommitted() async {
        await withCheckedContinuation { continuation in
            waiting.append(continuation)
            if !running {
                running = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let served = waiting
            waiting = []
            await link()
            for continuation in served { continuation.resume() }
        }
        running = false
    }
}
