import Foundation

/// Storage settings shared by the catalogs that use them (bucket, region, credentials).
public struct Warehouse: Sendable, Hashable, Codable {
    public var id: String
    public var tenantID: String
    public var name: String
    public var storageConfig: [String: String]
    public var vendingStrategy: JSONValue?
    public var createdAt: Date

    public init(
        id: String, tenantID: String, name: String, storageConfig: [String: String],
        vendingStrategy: JSONValue?, createdAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.storageConfig = storageConfig
        self.vendingStrategy = vendingStrategy
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name
        case tenantID = "tenant_id"
        case storageConfig = "storage_config"
        case vendingStrategy = "vending_strategy"
        case createdAt = "created_at"
    }

    /// The warehouse as shown to clients: secrets in the storage settings and the vending
    /// strategy are masked, since anyone who may read the warehouse would otherwise read them.
    public var redacted: Warehouse {
        var copy = self
        copy.storageConfig = Dictionary(uniqueKeysWithValues: storageConfig.map { key, value in
            (key, Secrets.isSecret(key) ? Secrets.mask : value)
        })
        copy.vendingStrategy = vendingStrategy.map(Secrets.redact)
        return copy
    }
}

/// Recognises settings that hold credentials, so they are never echoed back.
public enum Secrets {
    /// What a masked value reads as.
    public static let mask = "********"

    /// Whether a setting's key names a credential.
    public static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["secret", "password", "token", "credential", "private", "account-key", "sas"]
            .contains { lowered.contains($0) }
    }

    /// A copy of a JSON value with every credential-like member masked.
    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            .object(Dictionary(uniqueKeysWithValues: members.map { key, member in
                (key, isSecret(key) && member != .null ? .string(mask) : redact(member))
            }))
        case .array(let items): .array(items.map(redact))
        default: value
        }
    }
}
