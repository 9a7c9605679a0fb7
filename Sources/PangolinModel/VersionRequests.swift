/// The bodies of the version-tag and lineage routes, as the server decodes them and the client
/// sends them.

/// `POST /api/v1/assets/{id}/tags`: tags `version` (a number, `v3`, an id or a date; default the
/// latest) with `name`.
public struct CreateTagRequest: Sendable, Hashable, Codable {
    public var name: String
    public var version: String?
    public var message: String?

    public init(name: String, version: String? = nil, message: String? = nil) {
        self.name = name
        self.version = version
        self.message = message
    }
}

/// `PUT /api/v1/assets/{id}/tags/{name}`: moves the tag to `version`.
public struct MoveTagRequest: Sendable, Hashable, Codable {
    public var version: String

    public init(version: String) {
        self.version = version
    }
}

/// `POST /api/v1/assets/{id}/lineage`: the asset was made from `upstream` (a reference);
/// `version` pins the asset's own end.
public struct LineageRequest: Sendable, Hashable, Codable {
    public var upstream: String
    public var relation: String
    public var version: Int?

    public init(upstream: String, relation: String, version: Int? = nil) {
        self.upstream = upstream
        self.relation = relation
        self.version = version
    }
}
