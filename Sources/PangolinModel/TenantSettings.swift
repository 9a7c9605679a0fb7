/// A tenant's settings, `GET|PUT /api/v1/config/settings`, in Pangolin's snake_case shape. Every
/// field is optional; a PUT replaces them all. The SMTP password is write-only: it is stored
/// sealed, and answers carry only `smtp_password_set`.
public struct TenantSettings: Codable, Sendable, Hashable {
    public var allowPublicSignup: Bool?
    public var defaultWarehouseBucket: String?
    public var defaultRetentionDays: Int?
    public var smtpHost: String?
    public var smtpPort: Int?
    public var smtpUser: String?
    /// In a PUT: the new password, `""` to remove it, absent or null to keep the stored one.
    /// Stored sealed; never in an answer.
    public var smtpPassword: String?
    /// In an answer: whether a password is stored. Ignored in a PUT.
    public var smtpPasswordSet: Bool?

    public init(
        allowPublicSignup: Bool? = nil, defaultWarehouseBucket: String? = nil, defaultRetentionDays: Int? = nil,
        smtpHost: String? = nil, smtpPort: Int? = nil, smtpUser: String? = nil, smtpPassword: String? = nil,
        smtpPasswordSet: Bool? = nil
    ) {
        self.allowPublicSignup = allowPublicSignup
        self.defaultWarehouseBucket = defaultWarehouseBucket
        self.defaultRetentionDays = defaultRetentionDays
        self.smtpHost = smtpHost
        self.smtpPort = smtpPort
        self.smtpUser = smtpUser
        self.smtpPassword = smtpPassword
        self.smtpPasswordSet = smtpPasswordSet
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case allowPublicSignup = "allow_public_signup"
        case defaultWarehouseBucket = "default_warehouse_bucket"
        case defaultRetentionDays = "default_retention_days"
        case smtpHost = "smtp_host"
        case smtpPort = "smtp_port"
        case smtpUser = "smtp_user"
        case smtpPassword = "smtp_password"
        case smtpPasswordSet = "smtp_password_set"
    }

    /// Every field, as Pangolin's clients expect: an unset one is `null`, not missing.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(allowPublicSignup, forKey: .allowPublicSignup)
        try container.encode(defaultWarehouseBucket, forKey: .defaultWarehouseBucket)
        try container.encode(defaultRetentionDays, forKey: .defaultRetentionDays)
        try container.encode(smtpHost, forKey: .smtpHost)
        try container.encode(smtpPort, forKey: .smtpPort)
        try container.encode(smtpUser, forKey: .smtpUser)
        try container.encode(smtpPassword, forKey: .smtpPassword)
        try container.encode(smtpPasswordSet, forKey: .smtpPasswordSet)
    }

    /// Why these settings cannot be stored, or nil.
    public var problem: String? {
        if let days = defaultRetentionDays, !(1...36_500).contains(days) {
            return "'default_retention_days' must be from 1 to 36500, not \(days)"
        }
        if let port = smtpPort, !(1...65_535).contains(port) { return "'smtp_port' must be from 1 to 65535, not \(port)" }
        if let bucket = defaultWarehouseBucket, bucket.isEmpty { return "'default_warehouse_bucket' is empty; leave it out or null to unset it" }
        return nil
    }
}
