import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    /// Full-text search on a `tsvector` of each asset (GIN-indexed): the name weighs most (A),
    /// then description and tags (B), then property values (D); every word of the query must
    /// match as a prefix, and `ts_rank` orders the matches. The filters, the visibility rule and
    /// the ordering of ties are those of the SQLite search.
    public func searchMatches(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) throws -> (matches: [SearchMatch], total: Int) {
        let found = try searchFilter(query, tenantID: tenantID, visibility: visibility)
        var sql = found.sql
        let (conditions, readable, match) = (found.conditions, found.readable, found.match)
        let readableColumn = readable.map { "(\($0))" } ?? (visibility.everything ? "TRUE" : "FALSE")
        let score = match.map { "ts_rank(a.search, to_tsquery('simple', \($0)))::float8" } ?? "NULL::float8"
        let filter = "FROM assets a WHERE " + conditions.joined(separator: " AND ")
        let total = try count(PostgresQuery(unsafeSQL: "SELECT COUNT(*) AS count \(filter)", binds: sql.bindings))
        let limit = try sql.placeholder(for: query.limit)
        let offset = try sql.placeholder(for: query.offset)
        let order = match == nil ? "a.name, a.created_at, a.id" : "score DESC, a.created_at, a.id"
        let page = try rows(PostgresQuery(unsafeSQL: """
            SELECT a.id, a.name, a.kind, a.catalog_name, a.namespace_path, a.location, m.description, m.tags, m.discoverable,
                   \(score) AS score, \(readableColumn) AS readable
            FROM (SELECT a.* \(filter)) a LEFT JOIN asset_metadata m ON m.asset_id = a.id
            ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)
            """, binds: sql.bindings))
        let matches = try page.map { row in
            SearchMatch(
                id: try row("id"), name: try row("name"), kind: try AssetKind(parsing: try row("kind")), catalog: try row("catalog_name"),
                namespace: try row("namespace_path"), location: try row("location"), description: try row("description"),
                tags: try row("tags", as: String?.self).map { try StoredValues.decode([String].self, $0) } ?? [],
                discoverable: try row("discoverable", as: Bool?.self) ?? false, readable: try row("readable"),
                score: try row("score", as: Double?.self))
        }
        return (matches, total)
    }

    /// What a search matches, as SQL over `a` (an `assets` row): the conditions, bound in `sql`,
    /// and what the caller may read of the matches.
    private struct SearchFilter {
        var sql: SQLBuilder
        var conditions: [String]
        /// The condition for the assets the caller may read; nil when that is all of them or none.
        var readable: String?
        /// The placeholder of the tsquery of the query's words; nil without words.
        var match: String?
    }

    private func searchFilter(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) throws -> SearchFilter {
        let words = query.words.map { $0.lowercased() }
        var sql = SQLBuilder()
        var conditions: [String] = ["a.tenant_id = \(try sql.placeholder(for: tenantID))"]
        // Words hold only letters and digits (SearchQuery.words), so none is read as tsquery syntax.
        let match = words.isEmpty ? nil : try sql.placeholder(for: words.map { "\($0):*" }.joined(separator: " & "))
        if let match { conditions.append("a.search @@ to_tsquery('simple', \(match))") }
        if let catalog = query.catalog { conditions.append("a.catalog_name = \(try sql.placeholder(for: catalog))") }
        if let namespace = query.namespace {
            conditions.append("""
                (a.namespace_path = \(try sql.placeholder(for: namespace.dotted)) \
                OR starts_with(a.namespace_path, \(try sql.placeholder(for: namespace.dotted + "."))))
                """)
        }
        if !query.kinds.isEmpty { conditions.append("a.kind = ANY(\(try sql.placeholder(for: query.kinds.map(\.rawValue))))") }
        for tag in query.tags {
            conditions.append("a.id IN (SELECT asset_id FROM asset_tags WHERE tag = \(try sql.placeholder(for: tag)))")
        }
        for (key, value) in query.properties.sorted(by: { $0.key < $1.key }) {
            conditions.append("""
                a.id IN (SELECT asset_id FROM asset_property_index WHERE key = \(try sql.placeholder(for: key)) \
                AND value = \(try sql.placeholder(for: value)))
                """)
        }
        if let tag = query.versionTag {
            conditions.append("a.id IN (SELECT asset_id FROM version_tags WHERE name = \(try sql.placeholder(for: tag)))")
        }
        if let other = query.lineageTo {
            let id = try sql.placeholder(for: other)
            conditions.append("""
                a.id IN (SELECT downstream_id FROM lineage_edges WHERE upstream_id = \(id)
                         UNION SELECT upstream_id FROM lineage_edges WHERE downstream_id = \(id))
                """)
        }
        // Outside what the caller may read, only discoverable assets match.
        let discoverable = "a.id IN (SELECT asset_id FROM asset_metadata WHERE discoverable)"
        let readable = try readableCondition(visibility, tenantID: tenantID, into: &sql)
        if let readable {
            conditions.append("(\(readable) OR \(discoverable))")
        } else if !visibility.everything {
            conditions.append(discoverable)
        }
        return SearchFilter(sql: sql, conditions: conditions, readable: readable, match: match)
    }

    public func searchFacets(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) throws -> SearchFacets {
        let filter = try searchFilter(query, tenantID: tenantID, visibility: visibility)
        /// The most frequent values of `column` among the matches (`readableOnly`: among those the
        /// caller may read), `join` naming the table the column lives in when it is not `a`.
        func counts(_ column: String, join: String = "", readableOnly: Bool) throws -> [FacetCount] {
            var conditions = filter.conditions
            if readableOnly && !visibility.everything {
                guard let readable = filter.readable else { return [] }
                conditions.append(readable)
            }
            let found = try rows(PostgresQuery(unsafeSQL: """
                SELECT \(column) AS value, COUNT(*)::int8 AS n FROM assets a \(join) WHERE \(conditions.joined(separator: " AND "))
                GROUP BY value ORDER BY n DESC, value LIMIT \(SearchFacets.maxValues)
                """, binds: filter.sql.bindings))
            return try found.map { FacetCount(value: try $0("value"), count: Int(try $0("n", as: Int64.self))) }
        }
        return SearchFacets(
            kinds: try counts("a.kind", readableOnly: false),
            catalogs: try counts("a.catalog_name", readableOnly: true),
            namespaces: try counts("a.namespace_path", readableOnly: true),
            tags: try counts("t.tag", join: "JOIN asset_tags t ON t.asset_id = a.id", readableOnly: true))
    }

    /// Replaces the asset's vector, property entries and tags in one statement: the vector only when
    /// it changed (so a registration, whose insert wrote it, adds no row version), and of the
    /// entries only those that differ. The statements touch disjoint rows, so it does not matter
    /// in which order PostgreSQL runs them.
    public func indexForSearch(_ asset: Asset, _ document: SearchDocument) throws {
        var sql = SQLBuilder()
        let vector = try Self.searchVector(document, into: &sql)
        let id = try sql.placeholder(for: asset.id)
        let keys = document.properties.keys.sorted()
        let keyList = try sql.placeholder(for: keys)
        let valueList = try sql.placeholder(for: keys.map { document.properties[$0]! })
        let tags = try sql.placeholder(for: document.tags)
        let properties = "SELECT k, v FROM unnest(\(keyList)::text[], \(valueList)::text[]) AS p(k, v)"
        try sql.append("""
            WITH vector AS (UPDATE assets SET search = \(vector) WHERE id = \(id) AND search IS DISTINCT FROM \(vector)),
            stale_properties AS (DELETE FROM asset_property_index WHERE asset_id = \(id) AND (key, value) NOT IN (\(properties))),
            new_properties AS (
                INSERT INTO asset_property_index (key, value, asset_id) SELECT k, v, \(id) FROM (\(properties)) AS p
                ON CONFLICT DO NOTHING),
            stale_tags AS (DELETE FROM asset_tags WHERE asset_id = \(id) AND tag <> ALL(\(tags)::text[])),
            new_tags AS (
                INSERT INTO asset_tags (tag, asset_id) SELECT DISTINCT unnest(\(tags)::text[]), \(id)
                ON CONFLICT DO NOTHING)
            SELECT 1
            """)
        try execute(sql.query)
    }

    /// The full-text vector of `document`, its values bound into `sql`: the name weighs most (A),
    /// the description and tags next (B), property values least (D).
    static func searchVector(_ document: SearchDocument, into sql: inout SQLBuilder) throws -> String {
        let name = try sql.placeholder(for: document.name)
        let description = try sql.placeholder(for: document.description ?? "")
        let tags = try sql.placeholder(for: document.tags.joined(separator: " "))
        let properties = try sql.placeholder(for: document.propertyText)
        return """
            (setweight(to_tsvector('simple', \(name)), 'A') || setweight(to_tsvector('simple', \(description)), 'B')
            || setweight(to_tsvector('simple', \(tags)), 'B') || setweight(to_tsvector('simple', \(properties)), 'D'))
            """
    }
}
