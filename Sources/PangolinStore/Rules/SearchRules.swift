import PangolinModel

/// What search finds an asset by: the same text in every backend, however it indexes it.
public struct SearchDocument: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var tags: [String]
    /// The asset's property values (by key) and its metadata's searchable values, as one text.
    public var propertyText: String
    /// For exact `property.<key>=<value>` filters.
    public var properties: [String: String]

    init(_ asset: Asset, metadata: BusinessMetadata?) {
        name = asset.name
        description = metadata?.description
        tags = metadata?.tags ?? []
        propertyText = (asset.properties.keys.sorted().map { asset.properties[$0]! } + (metadata.map { JSONValue.object($0.properties).searchableText } ?? []))
            .joined(separator: " ")
        properties = asset.properties
    }
}

/// Statements of search.
public protocol SearchRepository {
    /// Replaces the asset's entries in the search index with `document`.
    func indexForSearch(_ asset: Asset, _ document: SearchDocument) throws
    /// The page of the tenant's assets that match `query`, among those `visibility` lets the caller
    /// read and those marked discoverable, with the total; ranked by relevance when the query has
    /// words (the name weighing most), by name otherwise.
    func searchMatches(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) throws -> (matches: [SearchMatch], total: Int)
    /// The counts of each facet over everything `query` matches (its page ignored), under the
    /// same visibility rule; at most `SearchFacets.maxValues` values each, the most frequent first,
    /// ties by value.
    func searchFacets(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) throws -> SearchFacets
}

/// An asset that a search matched, as the index returns it, before the rules decide what the
/// caller may see of it.
public struct SearchMatch: Sendable, Hashable {
    public var id: String
    public var name: String
    public var kind: AssetKind
    public var catalog: String
    public var namespace: String
    public var location: String
    public var description: String?
    public var tags: [String]
    public var discoverable: Bool
    /// Whether the caller may read the asset, rather than only discover it.
    public var readable: Bool
    /// Higher is better; nil without words to rank by.
    public var score: Double?

    /// A discoverable asset the caller may not read shows its name, kind and description, and its
    /// id to request access with; not where it lives.
    var hit: SearchHit {
        SearchHit(
            id: id, name: name, kind: kind, catalog: readable ? catalog : "", namespace: readable ? namespace : "",
            location: readable ? location : nil, description: description, tags: readable ? tags : [], hasAccess: readable,
            discoverable: discoverable, score: score)
    }
}

extension CatalogDatabase: SearchStore {
    public func searchAssets(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) async throws -> Page<SearchHit> {
        try await backend.read { tx in
            let found = try tx.searchMatches(query, tenantID: tenantID, visibility: visibility)
            return Page(items: found.matches.map(\.hit), total: found.total, limit: query.limit, offset: query.offset)
        }
    }

    public func searchFacets(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) async throws -> SearchFacets {
        try await backend.read { tx in try tx.searchFacets(query, tenantID: tenantID, visibility: visibility) }
    }
}
