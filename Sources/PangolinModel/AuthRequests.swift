import Foundation

/// `POST /api/v1/users/login`, as the server decodes it and the client sends it.
public struct LoginRequest: Sendable, Hashable, Codable {
    public var username: String
    public var password: String
    /// The tenant to log in to, for a username that several tenants hold.
    public var tenantID: String?

    public init(username: String, password: String, tenantID: String? = nil) {
        self.username = username
        self.password = password
        self.tenantID = tenantID
    }

    public enum CodingKeys: String, CodingKey {
        case username, password
        case tenantID = "tenant-id"
    }
}

/// What login answers: the token, whose account it is and when it expires.
public struct LoginResult: Sendable, Hashable, Codable {
    public var token: String
    public var user: User
    public var expiresAt: Date

    public init(token: String, user: User, expiresAt: Date) {
        self.token = token
        self.user = user
        self.expiresAt = expiresAt
    }

    public enum CodingKeys: String, CodingKey {
        case token, user
        case expiresAt = "expires-at"
    }
}

/// `POST /api/v1/assets/{id}/metadata`: an asset's business metadata, replaced whole.
public struct MetadataDraft: Sendable, Hashable, Codable {
    public var description: String?
    public var tags: [String]?
    public var properties: [String: JSONValue]?
    /// Whether people who may not read the asset may find it.
    public var discoverable: Bool?

    public init(description: String? = nil, tags: [String]? = nil, properties: [String: JSONValue]? = nil, discoverable: Bool? = nil) {
        self.description = description
        self.tags = tags
        self.properties = properties
        self.discoverable = discoverable
    }
}

/// The metadata routes' answer: pypangolin reads it from a `metadata` member.
public struct MetadataEnvelope: Sendable, Hashable, Codable {
    public var metadata: BusinessMetadata

    public init(metadata: BusinessMetadata) {
        self.metadata = metadata
    }
}
