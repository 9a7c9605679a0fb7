import Foundation

/// An isolated organisation: everything else in the catalog belongs to exactly one tenant.
public struct Tenant: Sendable, Hashable, Codable {
    /// The name of the tenant that the server creates on first start, used by root when a request
    /// names no tenant.
    public static let defaultName = "default"

    public var id: String
    public var name: String
    public var properties: [String: String]
    public var createdAt: Date

    public init(id: String, name: String, properties: [String: String], createdAt: Date) {
        self.id = id
        self.name = name
        self.properties = properties
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, properties
        case createdAt = "created_at"
    }
}
