import GRDB
import PangolinModel

extension SQLiteTransaction: SearchRepository {
    public func searchMatches(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) throws -> (matches: [SearchMatch], total: Int) {
        let words = query.words
        let filter = try searchFilter(query, tenantID: tenantID, visibility: visibility)
        let (from, conditions, arguments, readable, match) = (filter.from, filter.conditions, filter.arguments, filter.readable, filter.match)
        // The same match restricted to the tenant inside the index, by the tenant's own term.
        let tenantMatch = "tenant:\(Self.tenantTerm(tenantID)) AND \(match)"
        let matches = from + " WHERE \(conditions.joined(separator: " AND "))"
        let joined = Plan(
            count: "SELECT COUNT(*) FROM \(matches)",
            pick: """
                SELECT a.seq AS seq, \(words.isEmpty ? "NULL" : Self.rank) AS score FROM \(matches)
                ORDER BY \(words.isEmpty ? "a.name, a.seq" : "score, a.seq") LIMIT ? OFFSET ?
                """,
            arguments: arguments, order: words.isEmpty ? "a.name, a.seq" : "top.score, a.seq")
        // Words alone, for a caller who sees everything, can be answered by the index without
        // visiting asset rows. That pays when the words match thousands of assets (visiting each
        // match's row is then most of the cost); for a few matches, intersecting with the tenant's
        // term, which every asset of the tenant carries, costs more than visiting them.
        let indexAlone = Plan(
            count: "SELECT COUNT(*) FROM asset_search WHERE asset_search MATCH ?",
            pick: """
                SELECT rowid AS seq, \(Self.rank) AS score FROM asset_search WHERE asset_search MATCH ?
                ORDER BY score, rowid LIMIT ? OFFSET ?
                """,
            arguments: [tenantMatch], order: "top.score, a.seq")
        let wordsAlone =
            !words.isEmpty && visibility.everything && query.catalog == nil && query.namespace == nil
            && query.kinds.isEmpty && query.tags.isEmpty && query.properties.isEmpty && query.versionTag == nil && query.lineageTo == nil
        let page: StatementArguments = [query.limit, query.offset]
        var plan = joined
        if wordsAlone,
            try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM asset_search WHERE asset_search MATCH ?", arguments: [match])
                ?? 0 > Self.manyMatches
        {
            plan = indexAlone
        }
        let total = try Int.fetchOne(db, cached: plan.count, arguments: plan.arguments) ?? 0
        let readableColumn = readable.map { "CASE WHEN \($0.sql) THEN 1 ELSE 0 END" } ?? (visibility.everything ? "1" : "0")
        let rows = try Row.fetchAll(
            db,
            cached: """
                SELECT a.id, a.name, a.kind, a.catalog_name, a.namespace_path, a.location,
                       m.description, m.tags, m.discoverable, top.score, \(readableColumn) AS readable
                FROM (\(plan.pick)) top
                JOIN assets a ON a.seq = top.seq LEFT JOIN asset_metadata m ON m.asset_id = a.id
                ORDER BY \(plan.order)
                """,
            arguments: (readable?.arguments ?? []) + plan.arguments + page)
        let found = try rows.map { row in
            let bm25: Double? = row["score"]
            return SearchMatch(
                id: row["id"], name: row["name"], kind: try AssetKind(parsing: row["kind"]), catalog: row["catalog_name"],
                namespace: row["namespace_path"], location: row["location"], description: row["description"],
                tags: try (row["tags"] as String?).map { try StoredValues.decode([String].self, $0) } ?? [],
                discoverable: (row["discoverable"] as Bool?) ?? false, readable: row["readable"],
                // bm25 is lower for better matches; the API reports higher-is-better.
                score: bm25.map { -$0 })
        }
        return (found, total)
    }

    /// Two SQL statements that find a search's total and its page, and the arguments they share.
    private struct Plan: Sendable {
        var count: String
        var pick: String
        var arguments: StatementArguments
        var order: String
    }

    /// What a search matches, as SQL over `a` (an `assets` row): the rows to read, the
    /// conditions with their arguments, and what the caller may read of them.
    private struct SearchFilter {
        var from: String
        var conditions: [String]
        var arguments: StatementArguments
        /// The condition for the assets the caller may read; nil when that is all of them or none.
        var readable: (sql: String, arguments: StatementArguments)?
        /// The full-text expression of the query's words (empty without words).
        var match: String
    }

    private func searchFilter(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) throws -> SearchFilter {
        let words = query.words
        // Each word is quoted, so nothing the caller types is read as FTS5 syntax, and matches as
        // a prefix, so that "churn" finds "customer_churn_v2".
        let match = words.map { "{name description tags properties}: \"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }
            .joined(separator: " AND ")
        var conditions = ["a.tenant_id = ?"]
        var arguments: StatementArguments = [tenantID]
        let from: String
        if words.isEmpty {
            from = "assets a"
        } else {
            // The full-text index drives the query (CROSS JOIN fixes the order): it narrows 100,000
            // assets to the matches before any other filter is looked at.
            from = "asset_search s CROSS JOIN assets a ON a.seq = s.rowid"
            conditions.insert("asset_search MATCH ?", at: 0)
            arguments = [match, tenantID]
        }
        if let catalog = query.catalog {
            conditions.append("a.catalog_name = ?")
            arguments += [catalog]
        }
        if let namespace = query.namespace {
            conditions.append("(a.namespace_path = ? OR a.namespace_path LIKE ? ESCAPE '\\')")
            arguments += [namespace.dotted, Self.likePrefix(namespace.dotted + ".")]
        }
        if !query.kinds.isEmpty {
            conditions.append("a.kind IN (\(query.kinds.map { _ in "?" }.joined(separator: ", ")))")
            for kind in query.kinds { arguments += [kind.rawValue] }
        }
        for tag in query.tags {
            conditions.append("a.seq IN (SELECT asset_seq FROM asset_tags WHERE tag = ?)")
            arguments += [tag]
        }
        for (key, value) in query.properties.sorted(by: { $0.key < $1.key }) {
            conditions.append("a.seq IN (SELECT asset_seq FROM asset_property_index WHERE key = ? AND value = ?)")
            arguments += [key, value]
        }
        if let tag = query.versionTag {
            conditions.append("a.id IN (SELECT asset_id FROM version_tags WHERE name = ?)")
            arguments += [tag]
        }
        if let other = query.lineageTo {
            conditions.append("""
                a.id IN (SELECT downstream_id FROM lineage_edges WHERE upstream_id = ?
                         UNION SELECT upstream_id FROM lineage_edges WHERE downstream_id = ?)
                """)
            arguments += [other, other]
        }
        // Outside what the caller may read, only discoverable assets match; their ids come from a
        // partial index, so no match's metadata is looked up. The page is picked before anything
        // else is: with thousands of matches, joining each one's metadata costs more than finding
        // them.
        let discoverable = "a.id IN (SELECT asset_id FROM asset_metadata WHERE discoverable = 1)"
        let readable = try readableCondition(visibility, tenantID: tenantID)
        if let readable {
            conditions.append("(\(readable.sql) OR \(discoverable))")
            arguments += readable.arguments
        } else if !visibility.everything {
            conditions.append(discoverable)
        }
        return SearchFilter(from: from, conditions: conditions, arguments: arguments, readable: readable, match: match)
    }

    public func searchFacets(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) throws -> SearchFacets {
        let filter = try searchFilter(query, tenantID: tenantID, visibility: visibility)
        /// The most frequent values of `column` among the matches (`readableOnly`: among those the
        /// caller may read), `join` naming the table the column lives in when it is not `a`.
        func counts(_ column: String, join: String = "", readableOnly: Bool) throws -> [FacetCount] {
            var conditions = filter.conditions
            var arguments = filter.arguments
            if readableOnly && !visibility.everything {
                guard let readable = filter.readable else { return [] }
                conditions.append(readable.sql)
                arguments += readable.arguments
            }
            let sql = """
                SELECT \(column) AS value, COUNT(*) AS n FROM \(filter.from) \(join) WHERE \(conditions.joined(separator: " AND "))
                GROUP BY value ORDER BY n DESC, value LIMIT \(SearchFacets.maxValues)
                """
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { FacetCount(value: $0["value"], count: $0["n"]) }
        }
        return SearchFacets(
            kinds: try counts("a.kind", readableOnly: false),
            catalogs: try counts("a.catalog_name", readableOnly: true),
            namespaces: try counts("a.namespace_path", readableOnly: true),
            tags: try counts("t.tag", join: "JOIN asset_tags t ON t.asset_seq = a.seq", readableOnly: true))
    }

    /// The SQL condition on `a` (an `assets` row) for what `visibility` lets the caller read,
    /// with its arguments; nil when it admits everything or nothing. Namespace scopes are
    /// resolved to the ids of the namespaces they cover first, so that each candidate row costs
    /// one lookup in a short list rather than a path comparison per granted namespace.
    func readableCondition(_ visibility: AssetVisibility, tenantID: String) throws -> (sql: String, arguments: StatementArguments)? {
        guard !visibility.everything, !visibility.isEmpty else { return nil }
        var parts: [String] = []
        var arguments: StatementArguments = []
        if !visibility.namespaces.isEmpty {
            let scopes = visibility.namespaces.sorted { ($0.catalog, $0.path) < ($1.catalog, $1.path) }
            let ids = try { () throws -> [String] in
                var ids: [String] = []
                for scope in scopes {
                    ids += try String.fetchAll(
                        db.cachedStatement(sql: """
                            SELECT n.id FROM namespaces n JOIN catalogs c ON c.id = n.catalog_id
                            WHERE c.tenant_id = ? AND c.name = ? AND (n.path = ? OR n.path LIKE ? ESCAPE '\\')
                            """),
                        arguments: [tenantID, scope.catalog, scope.path.dotted, Self.likePrefix(scope.path.dotted + ".")])
                }
                return ids
            }()
            if !ids.isEmpty {
                parts.append("a.namespace_id IN (\(Self.marks(ids.count)))")
                for id in ids { arguments += [id] }
            }
        }
        if !visibility.catalogs.isEmpty {
            parts.append("a.catalog_name IN (\(Self.marks(visibility.catalogs.count)))")
            for catalog in visibility.catalogs.sorted() { arguments += [catalog] }
        }
        if !visibility.assetIDs.isEmpty {
            parts.append("a.id IN (\(Self.marks(visibility.assetIDs.count)))")
            for id in visibility.assetIDs.sorted() { arguments += [id] }
        }
        if !visibility.labels.isEmpty {
            parts.append("a.seq IN (SELECT asset_seq FROM asset_tags WHERE tag IN (\(Self.marks(visibility.labels.count))))")
            for label in visibility.labels.sorted() { arguments += [label] }
        }
        // Every scope named something that no longer exists: nothing is readable.
        if parts.isEmpty { return ("0", []) }
        return ("(" + parts.joined(separator: " OR ") + ")", arguments)
    }

    /// How many matches in every tenant make the index-only plan worth it.
    static let manyMatches = 1000

    /// Relevance: bm25 over name, description, tags and property values, the name weighing most;
    /// the tenant column only filters.
    static let rank = "bm25(asset_search, 10.0, 4.0, 4.0, 1.0, 0.0)"

    /// The single full-text term that stands for a tenant: its id without dashes.
    static func tenantTerm(_ tenantID: String) -> String {
        "t" + tenantID.replacingOccurrences(of: "-", with: "")
    }

    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    public func indexForSearch(_ asset: Asset, _ document: SearchDocument) throws {
        guard let seq = try seq(ofAsset: asset.id) else { return }
        try db.execute(cached: "DELETE FROM asset_search WHERE rowid = ?", arguments: [seq])
        try db.execute(
            cached: "INSERT INTO asset_search (rowid, name, description, tags, properties, tenant) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [seq, document.name, document.description, document.tags.joined(separator: " "), document.propertyText,
                        Self.tenantTerm(asset.tenantID)])
        try db.execute(cached: "DELETE FROM asset_property_index WHERE asset_seq = ?", arguments: [seq])
        for (key, value) in document.properties {
            try db.execute(cached: "INSERT INTO asset_property_index (key, value, asset_seq) VALUES (?, ?, ?)", arguments: [key, value, seq])
        }
        try db.execute(cached: "DELETE FROM asset_tags WHERE asset_seq = ?", arguments: [seq])
        for tag in document.tags {
            try db.execute(cached: "INSERT INTO asset_tags (tag, asset_seq) VALUES (?, ?)", arguments: [tag, seq])
        }
    }
}
