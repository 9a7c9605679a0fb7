import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func searchAssets(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) async throws -> Page<SearchHit> {
        let words = query.words
        var joins = ""
        var conditions = ["a.tenant_id = ?"]
        var arguments: StatementArguments = [tenantID]
        if !words.isEmpty {
            // Each word is quoted, so nothing the caller types is read as FTS5 syntax, and matches
            // as a prefix so that "churn" finds "customer_churn_v2".
            joins += " JOIN asset_search s ON s.rowid = a.seq"
            conditions.append("asset_search MATCH ?")
            arguments += [words.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }.joined(separator: " AND ")]
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
            conditions.append("EXISTS (SELECT 1 FROM asset_tags t WHERE t.tag = ? AND t.asset_seq = a.seq)")
            arguments += [tag]
        }
        for (key, value) in query.properties.sorted(by: { $0.key < $1.key }) {
            conditions.append("json_extract(a.properties, ?) = ?")
            arguments += [Self.jsonPath(key), value]
        }
        if visibility == .discoverableOnly {
            conditions.append("m.discoverable = 1")
        }
        let from = """
            FROM assets a\(joins) LEFT JOIN asset_metadata m ON m.asset_id = a.id
            WHERE \(conditions.joined(separator: " AND "))
            """
        let rank = words.isEmpty ? "NULL" : "bm25(asset_search, 10.0, 4.0, 4.0, 1.0)"
        let order = words.isEmpty ? "a.name, a.seq" : "score, a.name"
        let filterArguments = arguments
        let pageArguments = arguments + [query.limit, query.offset]
        return try await read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(from)", arguments: filterArguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.name, a.kind, a.catalog_name, a.namespace_path, a.location,
                           m.description, m.tags, m.discoverable, \(rank) AS score
                    \(from) ORDER BY \(order) LIMIT ? OFFSET ?
                    """,
                arguments: pageArguments)
            let hits = try rows.map { row in
                let full = visibility == .all
                let bm25: Double? = row["score"]
                return SearchHit(
                    id: row["id"], name: row["name"], kind: try AssetKind(parsing: row["kind"]),
                    catalog: row["catalog_name"], namespace: row["namespace_path"],
                    location: full ? row["location"] : nil, description: row["description"],
                    tags: full ? try (row["tags"] as String?).map { try SQLiteValues.decode([String].self, $0) } ?? [] : [],
                    hasAccess: full, discoverable: (row["discoverable"] as Bool?) ?? false,
                    // bm25 is lower for better matches; the API reports higher-is-better.
                    score: bm25.map { -$0 })
            }
            return Page(items: hits, total: total, limit: query.limit, offset: query.offset)
        }
    }

    /// A SQLite JSON path that names `key` literally, dots and all.
    static func jsonPath(_ key: String) -> String {
        "$.\"\(key.replacingOccurrences(of: "\"", with: "\\\""))\""
    }

    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
