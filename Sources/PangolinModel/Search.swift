/// A search over the assets a caller may see.
public struct SearchQuery: Sendable, Hashable {
    /// Free text matched against name, description, tags and property values; words are ANDed
    /// and each matches as a prefix.
    public var text: String?
    public var catalog: String?
    public var namespace: NamespacePath?
    public var kinds: [AssetKind]
    /// Every one of these labels must be on the asset.
    public var tags: [String]
    /// `property.<key>=<value>` filters: each asset property must equal the value.
    public var properties: [String: String]
    /// Only assets with a version tag of this name.
    public var versionTag: String?
    /// Only assets with a lineage edge, either way, to this asset: its id (or, over HTTP, a
    /// reference to it).
    public var lineageTo: String?
    public var limit: Int
    public var offset: Int

    /// Most results one page may hold.
    public static let maxLimit = 1000

    public init(
        text: String? = nil, catalog: String? = nil, namespace: NamespacePath? = nil, kinds: [AssetKind] = [],
        tags: [String] = [], properties: [String: String] = [:], versionTag: String? = nil, lineageTo: String? = nil,
        limit: Int = 50, offset: Int = 0
    ) {
        self.versionTag = versionTag
        self.lineageTo = lineageTo
        self.text = text
        self.catalog = catalog
        self.namespace = namespace
        self.kinds = kinds
        self.tags = tags
        self.properties = properties
        self.limit = limit
        self.offset = offset
    }

    /// The words of `text`, split on anything but letters and digits, as FTS tokenizes them.
    public var words: [String] {
        guard let text else { return [] }
        return text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }
}

/// One asset found by search, in the shape pypangolin reads.
public struct SearchHit: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var kind: AssetKind
    public var catalog: String
    public var namespace: String
    public var location: String?
    public var description: String?
    public var tags: [String]
    public var hasAccess: Bool
    public var discoverable: Bool
    /// Relevance; higher is better. Absent when no text was searched.
    public var score: Double?

    public init(
        id: String, name: String, kind: AssetKind, catalog: String, namespace: String, location: String?,
        description: String?, tags: [String], hasAccess: Bool, discoverable: Bool, score: Double?
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.catalog = catalog
        self.namespace = namespace
        self.location = location
        self.description = description
        self.tags = tags
        self.hasAccess = hasAccess
        self.discoverable = discoverable
        self.score = score
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, catalog, namespace, location, description, tags, discoverable, score
        case hasAccess = "has_access"
    }
}

/// A page of results with the total number that matched.
public struct Page<Item: Sendable & Codable>: Sendable, Codable {
    public var items: [Item]
    public var total: Int
    public var limit: Int
    public var offset: Int

    public init(items: [Item], total: Int, limit: Int, offset: Int) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}

extension Page: Equatable where Item: Equatable {}

/// How many assets of a search fall under each kind, catalog, namespace and label: what a
/// search page offers to narrow by. Catalogs, namespaces and labels count only the assets the
/// caller may read, as hits of the others do not show them.
public struct SearchFacets: Sendable, Hashable, Codable {
    public var kinds: [FacetCount]
    public var catalogs: [FacetCount]
    public var namespaces: [FacetCount]
    public var tags: [FacetCount]

    /// Most values one facet lists, the most frequent first.
    public static let maxValues = 25

    public init(kinds: [FacetCount] = [], catalogs: [FacetCount] = [], namespaces: [FacetCount] = [], tags: [FacetCount] = []) {
        self.kinds = kinds
        self.catalogs = catalogs
        self.namespaces = namespaces
        self.tags = tags
    }
}

/// One value of a facet and how many matching assets have it.
public struct FacetCount: Sendable, Hashable, Codable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}
