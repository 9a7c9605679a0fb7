import Foundation

/// How an audited action ended.
public enum AuditResult: String, Sendable, Codable, Hashable, CaseIterable {
    case success
    case failure
    case denied
}

/// One entry of the append-only, hash-chained audit log.
public struct AuditEvent: Sendable, Hashable, Codable {
    public var id: String
    /// Position in the chain, from 1.
    public var sequence: Int64
    public var tenantID: String?
    public var userID: String?
    public var username: String?
    public var action: String
    public var resourceType: String
    public var resourceID: String?
    public var resourceName: String?
    public var result: AuditResult
    public var errorMessage: String?
    public var ipAddress: String?
    public var userAgent: String?
    public var metadata: [String: JSONValue]?
    public var timestamp: Date
    /// Hash of the previous event; empty for the first.
    public var previousHash: String
    /// SHA-256 over this event's content and `previousHash`.
    public var hash: String

    public init(
        id: String, sequence: Int64, tenantID: String?, userID: String?, username: String?, action: String,
        resourceType: String, resourceID: String?, resourceName: String?, result: AuditResult,
        errorMessage: String?, ipAddress: String?, userAgent: String?, metadata: [String: JSONValue]?,
        timestamp: Date, previousHash: String, hash: String
    ) {
        self.id = id
        self.sequence = sequence
        self.tenantID = tenantID
        self.userID = userID
        self.username = username
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.resourceName = resourceName
        self.result = result
        self.errorMessage = errorMessage
        self.ipAddress = ipAddress
        self.userAgent = userAgent
        self.metadata = metadata
        self.timestamp = timestamp
        self.previousHash = previousHash
        self.hash = hash
    }

    enum CodingKeys: String, CodingKey {
        case id, sequence, username, action, result, metadata, timestamp, hash
        case tenantID = "tenant-id"
        case userID = "user_id"
        case resourceType = "resource_type"
        case resourceID = "resource_id"
        case resourceName = "resource_name"
        case errorMessage = "error_message"
        case ipAddress = "ip_address"
        case userAgent = "user_agent"
        case previousHash = "previous_hash"
    }
}

/// What an audit event records before the store places it in the chain.
public struct AuditEntry: Sendable, Hashable {
    public var action: AuditAction
    public var resourceType: String
    public var resourceID: String?
    public var resourceName: String?
    public var tenantID: String?
    public var result: AuditResult
    public var errorMessage: String?
    public var metadata: [String: JSONValue]?

    public init(
        action: AuditAction, resourceType: String, resourceID: String? = nil, resourceName: String? = nil,
        tenantID: String?, result: AuditResult = .success, errorMessage: String? = nil,
        metadata: [String: JSONValue]? = nil
    ) {
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.resourceName = resourceName
        self.tenantID = tenantID
        self.result = result
        self.errorMessage = errorMessage
        self.metadata = metadata
    }
}

/// Who caused an audited change and from where; passed to every write so that the change and
/// its audit event are stored in one transaction.
public struct AuditActor: Sendable, Hashable {
    public var userID: String?
    public var username: String?
    public var ipAddress: String?
    public var userAgent: String?

    public init(userID: String?, username: String?, ipAddress: String?, userAgent: String?) {
        self.userID = userID
        self.username = username
        self.ipAddress = ipAddress
        self.userAgent = userAgent
    }

    /// The server itself, for changes made at start-up.
    public static let system = AuditActor(userID: nil, username: "system", ipAddress: nil, userAgent: nil)
}

/// Filters for reading the audit log.
public struct AuditQuery: Sendable, Hashable {
    /// Restricts to one tenant; nil means every tenant (root only).
    public var tenantID: String?
    public var userID: String?
    public var action: AuditAction?
    public var resourceType: String?
    public var resourceID: String?
    public var result: AuditResult?
    public var start: Date?
    public var end: Date?
    public var limit: Int
    public var offset: Int

    public init(
        tenantID: String? = nil, userID: String? = nil, action: AuditAction? = nil, resourceType: String? = nil,
        resourceID: String? = nil, result: AuditResult? = nil, start: Date? = nil, end: Date? = nil,
        limit: Int = 100, offset: Int = 0
    ) {
        self.tenantID = tenantID
        self.userID = userID
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.result = result
        self.start = start
        self.end = end
        self.limit = limit
        self.offset = offset
    }
}

/// The outcome of checking the audit chain from its first event to its last.
public struct AuditChainReport: Sendable, Hashable, Codable {
    public var valid: Bool
    public var eventsChecked: Int
    /// The first event whose hash or link does not match, when the chain is broken.
    public var firstInvalidEventID: String?
    public var firstInvalidSequence: Int64?
    public var reason: String?

    public init(valid: Bool, eventsChecked: Int, firstInvalidEventID: String?, firstInvalidSequence: Int64?, reason: String?) {
        self.valid = valid
        self.eventsChecked = eventsChecked
        self.firstInvalidEventID = firstInvalidEventID
        self.firstInvalidSequence = firstInvalidSequence
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case valid
        case eventsChecked = "events_checked"
        case firstInvalidEventID = "first_invalid_event_id"
        case firstInvalidSequence = "first_invalid_sequence"
        case reason
    }
}
