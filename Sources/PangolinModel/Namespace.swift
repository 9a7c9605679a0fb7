/// A level of organisation inside a catalog; namespaces nest (`ml.prod`).
public struct Namespace: Sendable, Hashable, Codable {
    public var path: NamespacePath
    public var properties: [String: String]

    public init(path: NamespacePath, properties: [String: String]) {
        self.path = path
        self.properties = properties
    }

    enum CodingKeys: String, CodingKey {
        case path = "namespace"
        case properties
    }
}

/// The outcome of an Iceberg namespace-properties update.
public struct NamespacePropertiesChange: Sendable, Hashable, Codable {
    public var updated: [String]
    public var removed: [String]
    public var missing: [String]

    public init(updated: [String], removed: [String], missing: [String]) {
        self.updated = updated
        self.removed = removed
        self.missing = missing
    }
}
