import ArtifactFormats
import Foundation

/// Assets that can be named as tables in a workspace query.
public protocol QueryableAsset: Sendable {
    /// Materializes the asset if needed (at most once per session) and returns its table name and result.
    func materializeForQuery(in workspace: Workspace) async throws -> (table: String, result: Materialization, options: ReadOptions)
}

extension Asset: QueryableAsset {
    /// Runs the function and publishes its result, unless the cache policy allows reusing one.
    @discardableResult
    public func materialize(in workspace: Workspace, cache: CachePolicy = .useExpiration) async throws -> Materialization {
        try await workspace.materialize(self, policy: cache)
    }

    public func materializeForQuery(in workspace: Workspace) async throws -> (table: String, result: Materialization, options: ReadOptions) {
        let result = try await materialize(in: workspace)
        return (result.run.assetName, result, options.readOptions)
    }

    /// Queries the asset with SQL. Text that is not a whole statement is the tail of
    /// `SELECT * FROM <asset>`: `query("WHERE id > ?", arguments: [1])`. A whole statement may name
    /// this asset as a table; use `Workspace.query(_:assets:arguments:)` to join several.
    public func query(_ sql: String = "", arguments: QueryArguments = [], in workspace: Workspace) async throws -> QueryResult {
        try await workspace.query(sql, assets: [self], arguments: arguments)
    }

    /// Reads the asset's rows into `T`.
    public func rows<T: Decodable & Sendable>(as type: T.Type, in workspace: Workspace) async throws -> [T] {
        var all: [T] = []
        for try await batch in batches(as: T.self, in: workspace) { all += batch }
        return all
    }

    /// Reads the asset's rows into `T` batch by batch, so memory holds one batch at a time.
    public func batches<T: Decodable & Sendable>(as type: T.Type, in workspace: Workspace, batchRows: Int = 65_536) -> AsyncThrowingStream<[T], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let result = try await materialize(in: workspace)
                    let reader = try await ResultReader(store: workspace.store, materialization: result, options: options.readOptions,
                                                        batchRows: batchRows)
                    while let batch = try await reader.next() {
                        continuation.yield(try RowDecoder.decode(T.self, from: batch))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Every recorded run of this asset (with its arguments resolved), newest first.
    public func runs(in workspace: Workspace) async throws -> [AssetRun] {
        try await workspace.runs(of: try ResolvedAsset(self))
    }
}

extension Workspace {
    /// Runs SQL over several assets, each available as a table named after the asset. Assets are
    /// materialized first if needed, and never more than once per session.
    public func query(_ sql: String, assets: [any QueryableAsset], arguments: QueryArguments = []) async throws -> QueryResult {
        let engine = engine()
        var tables: [String] = []
        for asset in assets {
            let (table, result, options) = try await asset.materializeForQuery(in: self)
            try await engine.load(table: table, from: result, options: options)
            tables.append(table)
        }
        let statement = SQLText.isStatement(sql) || tables.isEmpty
            ? sql
            : "SELECT * FROM \(SQLText.quoted(tables[0])) \(sql)".trimmingCharacters(in: .whitespaces)
        return try await engine.execute(statement, arguments: arguments)
    }
}

/// Tells whole SQL statements from the tail of a `SELECT * FROM <asset>`.
enum SQLText {
    static func isStatement(_ sql: String) -> Bool {
        let firstWord = sql.drop { $0.isWhitespace || $0 == "(" }.prefix { $0.isLetter }.lowercased()
        return ["select", "with", "values", "explain", "pragma"].contains(firstWord)
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
