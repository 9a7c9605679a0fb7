import Foundation

/// A token the server issued, by login or by minting; the token text itself is never stored.
public struct TokenRecord: Codable, Sendable, Hashable {
    /// How a token came to be.
    public enum Source: String, Codable, Sendable, CaseIterable {
        case login
        case minted
    }

    /// The token's id (its `jti` claim).
    public var id: String
    public var userID: String
    public var username: String
    public var tenantID: String?
    public var issuedAt: Date
    public var expiresAt: Date
    /// When it was revoked; nil while it is valid.
    public var revokedAt: Date?
    public var source: Source

    /// Whether the token has been revoked.
    public var revoked: Bool { revokedAt != nil }

    public init(id: String, userID: String, username: String, tenantID: String?, issuedAt: Date, expiresAt: Date,
                revokedAt: Date? = nil, source: Source) {
        self.id = id
        self.userID = userID
        self.username = username
        self.tenantID = tenantID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case id, username, source, revoked
        case userID = "user_id", tenantID = "tenant_id", issuedAt = "issued_at", expiresAt = "expires_at", revokedAt = "revoked_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        userID = try container.decode(String.self, forKey: .userID)
        username = try container.decode(String.self, forKey: .username)
        tenantID = try container.decodeIfPresent(String.self, forKey: .tenantID)
        issuedAt = try container.decode(Date.self, forKey: .issuedAt)
        expiresAt = try container.decode(Date.self, forKey: .expiresAt)
        revokedAt = try container.decodeIfPresent(Date.self, forKey: .revokedAt)
        source = try container.decode(Source.self, forKey: .source)
        // Derived from `revoked_at`: read and dropped.
        _ = try container.decodeIfPresent(Bool.self, forKey: .revoked)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(userID, forKey: .userID)
        try container.encode(username, forKey: .username)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encode(issuedAt, forKey: .issuedAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(revoked, forKey: .revoked)
        try container.encode(revokedAt, forKey: .revokedAt)
        try container.encode(source, forKey: .source)
    }
}
