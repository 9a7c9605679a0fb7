import Foundation

/// One end of a lineage edge: an asset, and the version it is pinned to (nil: whichever is current).
public struct LineageEnd: Sendable, Hashable, Codable {
    public var assetID: String
    public var version: Int?

    public init(assetID: String, version: Int?) {
        self.assetID = assetID
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case version
        case assetID = "asset_id"
    }
}

/// "`downstream` was made from `upstream`": a model `trained_on` a dataset, a table `derived_from`
/// another, a model's `parent_model`.
public struct LineageEdge: Sendable, Hashable, Codable {
    public var id: String
    public var upstream: LineageEnd
    public var downstream: LineageEnd
    public var relation: String
    public var createdAt: Date
    public var createdBy: String?

    public init(id: String, upstream: LineageEnd, downstream: LineageEnd, relation: String, createdAt: Date, createdBy: String?) {
        self.id = id
        self.upstream = upstream
        self.downstream = downstream
        self.relation = relation
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    enum CodingKeys: String, CodingKey {
        case id, upstream, downstream, relation
        case createdAt = "created_at", createdBy = "created_by"
    }

    /// Relations are lower_snake names such as `trained_on`, `derived_from`, `parent_model`, `input`.
    public static func validateRelation(_ relation: String) throws {
        let valid = (1...64).contains(relation.count) && relation.first.map { ("a"..."z").contains($0) } == true
            && relation.allSatisfy { ("a"..."z").contains($0) || $0.isASCIIDigit || $0 == "_" }
        if !valid {
            throw PangolinError.invalid(
                "relation \(Names.quoted(relation)) must be a lower_snake name of up to 64 characters, such as trained_on, derived_from or parent_model")
        }
    }
}

/// An edge to be written: the other end already resolved to an asset and (when the reference
/// named one) a version.
public struct LineageDraft: Sendable, Hashable {
    public var upstream: LineageEnd
    public var relation: String
    /// The version of the downstream asset the edge belongs to; nil: the asset as a whole.
    public var downstreamVersion: Int?

    public init(upstream: LineageEnd, relation: String, downstreamVersion: Int? = nil) {
        self.upstream = upstream
        self.relation = relation
        self.downstreamVersion = downstreamVersion
    }
}

/// Which way to walk the lineage graph from an asset.
public enum LineageDirection: String, Sendable, CaseIterable {
    case upstream, downstream, both

    public init(parsing text: String) throws {
        guard let direction = LineageDirection(rawValue: text.lowercased()) else {
            throw PangolinError.invalid("direction must be upstream, downstream or both, not \(Names.quoted(text))")
        }
        self = direction
    }
}

/// An asset in a lineage graph; one the caller may not read is a placeholder with only an id
/// (`hidden-N`) and `redacted`.
public struct LineageNode: Sendable, Hashable, Codable {
    public var id: String
    public var name: String?
    public var kind: AssetKind?
    public var catalog: String?
    public var namespace: String?
    public var redacted: Bool

    public init(id: String, name: String?, kind: AssetKind?, catalog: String?, namespace: String?, redacted: Bool) {
        self.id = id
        self.name = name
        self.kind = kind
        self.catalog = catalog
        self.namespace = namespace
        self.redacted = redacted
    }
}

/// What a lineage or impact query returns: the assets reached (the start first) and the edges.
public struct LineageGraph: Sendable, Hashable, Codable {
    public var root: String
    public var nodes: [LineageNode]
    public var edges: [LineageEdge]
    /// Whether the walk stopped at its node limit.
    public var truncated: Bool

    public init(root: String, nodes: [LineageNode], edges: [LineageEdge], truncated: Bool) {
        self.root = root
        self.nodes = nodes
        self.edges = edges
        self.truncated = truncated
    }
}
