import ArtifactFormats
import Crypto
import Foundation
import GRDB
import ObjectStorage

/// The embedded SQL engine of a workspace: an in-memory SQLite database in which every queried
/// asset is a table. A result whose run kept a query table is attached as it is — from the store's
/// own file on a local disk, or from a local copy of the object, kept under its ETag so that a
/// replaced object is never read stale; any other result is imported from its result file the
/// first time a query needs it. Either is replaced only when a newer run replaced the result.
actor QueryEngine {
    private enum Source {
        case attached(schema: String)
        case imported
    }

    private let store: any ObjectStore
    private let cache: URL
    private let database: DatabaseQueue
    /// The run each table holds (asset id / run id) and where its rows are, by table name.
    private var loaded: [String: (run: String, source: Source)] = [:]
    private var attachments = 0

    init(store: any ObjectStore, cache: URL) {
        self.store = store
        self.cache = cache
        database = try! DatabaseQueue()  // an in-memory database cannot fail to open
    }

    /// Makes `table` hold the rows of a materialized asset.
    func load(table: String, from materialization: Materialization, options: ReadOptions) async throws {
        let run = materialization.run
        let runKey = run.assetID + "/" + run.id
        if let current = loaded[table] {
            if current.run == runKey { return }
            if !current.run.hasPrefix(run.assetID + "/") {
                throw DataAssetError(.sql, "two different assets are named '\(table)' in one workspace; give them distinct names to query them")
            }
        }
        guard run.status == .succeeded, let schema = run.schema, !run.artifacts.isEmpty else {
            throw DataAssetError(.emptyResult, "asset '\(run.assetName)' has no rows to query: its current run \(run.id) produced none")
        }
        try unload(table)
        if let key = run.queryTable, let file = try? await localCopy(of: key), try attach(file, as: table, runKey: runKey) {
            return
        }
        try await importRows(of: run, schema: schema, into: table, options: options)
        loaded[table] = (runKey, .imported)
    }

    /// The store's own file of an object, or a local copy named after the object's ETag, fetched
    /// when there is none yet; nil when the object is gone.
    private func localCopy(of key: String) async throws -> URL? {
        if let file = try await store.localFile(for: key) { return file }
        guard let info = try await store.info(for: key) else { return nil }
        let name = try store.location(for: key) + "\u{1F}" + info.etag
        let digest = SHA256.hash(data: Data(name.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        let file = cache.appendingPathComponent("\(digest).sqlite")
        if FileManager.default.fileExists(atPath: file.path) { return file }
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let partial = cache.appendingPathComponent(".\(digest).\(UUID().uuidString).partial")
        FileManager.default.createFile(atPath: partial.path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: partial.path) else { return nil }
        do {
            let reader = try await store.openReader(for: key)
            while true {
                let chunk = try await reader.read(upTo: 8 << 20)
                if chunk.isEmpty { break }
                try handle.write(contentsOf: chunk)
            }
            try handle.close()
            // A copy of another session may have landed meanwhile: either is the same object.
            _ = try? FileManager.default.replaceItemAt(file, withItemAt: partial)
            if !FileManager.default.fileExists(atPath: file.path) { try FileManager.default.moveItem(at: partial, to: file) }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        return file
    }

    private func unload(_ table: String) throws {
        guard let current = loaded.removeValue(forKey: table) else { return }
        try database.writeWithoutTransaction { db in
            switch current.source {
            case .attached(let schema):
                try db.execute(sql: "DROP VIEW IF EXISTS temp.\(table.quotedDatabaseIdentifier)")
                try db.execute(sql: "DETACH DATABASE \(schema)")
            case .imported:
                try db.execute(sql: "DROP TABLE IF EXISTS main.\(table.quotedDatabaseIdentifier)")
            }
        }
    }

    /// Attaches a run's query table as a view named `table`; false when SQLite cannot attach
    /// another database, in which case the rows are imported instead.
    private func attach(_ file: URL, as table: String, runKey: String) throws -> Bool {
        attachments += 1
        let schema = "asset_\(attachments)"
        do {
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS \(schema)", arguments: [file.path])
                try db.execute(sql: "CREATE TEMP VIEW \(table.quotedDatabaseIdentifier) AS SELECT * FROM \(schema).\(QueryTableBuilder.tableName.quotedDatabaseIdentifier)")
            }
        } catch let error as DatabaseError where error.message?.contains("too many attached databases") == true {
            return false
        }
        loaded[table] = (runKey, .attached(schema: schema))
        return true
    }

    /// Loads a result file into a table: of the run's result files, the one whose format reads
    /// fastest. Timestamps and nested values are read as the text SQLite stores anyway.
    private func importRows(of run: AssetRun, schema: Schema, into table: String, options: ReadOptions) async throws {
        let cheapest = run.artifacts.min { (Self.readCost($0, options) ?? .max) < (Self.readCost($1, options) ?? .max) } ?? run.artifacts[0]
        var asText = options
        for column in schema.columns where column.type == .timestamp || !column.type.isScalar {
            asText.columnTypes[column.name] = asText.columnTypes[column.name] ?? .string
        }
        let rows = try await ResultReader(store: store, run: run, artifact: cheapest, schema: schema, options: asText, batchRows: 65_536)
        let placeholders = Array(repeating: "?", count: schema.columns.count).joined(separator: ", ")
        let sql = "INSERT INTO \(table.quotedDatabaseIdentifier) VALUES (\(placeholders))"
        try await database.write { db in try db.execute(sql: SQLiteCells.createTable(table, schema: schema)) }
        while let batch = try await rows.next() {
            try await database.write { db in
                try SQLiteCells.insert(batch, columns: schema.names, statement: try db.cachedStatement(sql: sql), database: db)
            }
        }
    }

    private static func readCost(_ artifact: String, _ options: ReadOptions) -> Int? {
        (try? ArtifactFormats.format(forFile: artifact, options: options))?.readCost
    }

    /// Runs SQL and returns every row.
    func execute(_ sql: String, arguments: QueryArguments) throws -> QueryResult {
        do {
            return try database.read { db in
                let statement = try db.makeStatement(sql: sql)
                switch arguments.storage {
                case .positional(let values):
                    try statement.setArguments(StatementArguments(values.map(SQLiteCells.databaseValue)))
                case .named(let values):
                    let named = Dictionary(values.map { key, value in
                        (String(key.drop { $0 == ":" || $0 == "$" || $0 == "@" }), SQLiteCells.databaseValue(value))
                    }, uniquingKeysWith: { _, last in last })
                    try statement.setArguments(StatementArguments(named))
                }
                let columns = statement.columnNames
                let rows = try Row.fetchAll(statement).map { row in
                    (0..<row.count).map { SQLiteCells.artifactValue(row[$0] as DatabaseValue) }
                }
                return QueryResult(columns: columns, rows: rows)
            }
        } catch let error as DatabaseError {
            throw DataAssetError(.sql, "SQL error: \(error.message ?? error.description)\n  in: \(sql)")
        }
    }

}
