import Foundation
import GRDB
import PangolinModel

/// The catalog's backend on an embedded SQLite database: a file in WAL mode for the server, or
/// memory for tests. Writes are serialized transactions with synchronous commits, so nothing is
/// acknowledged before it is on disk.
public final class SQLiteBackend: StoreBackend {
    public typealias Transaction = SQLiteTransaction

    let database: any DatabaseWriter
    private let writes: GroupCommit

    private init(database: any DatabaseWriter) throws {
        self.database = database
        self.writes = GroupCommit(database: database)
        do {
            try SQLiteSchema.migrator.migrate(database)
        } catch let error as DatabaseError {
            throw StoreError.translate(error, path: database.path)
        }
    }

    /// Opens (creating if needed) the catalog database at `path`.
    public static func open(path: String) throws -> SQLiteBackend {
        var configuration = configuration()
        configuration.prepareDatabase { db in
            // Checkpoints run beside the writer (see `checkpointContinuously`), not inside a commit.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        do {
            let store = try SQLiteBackend(database: DatabasePool(path: path, configuration: configuration))
            try store.checkpointContinuously(path: path, configuration: configuration)
            return store
        } catch let error as DatabaseError {
            throw StoreError.translate(error, path: path)
        }
    }

    /// Copies committed pages from the write-ahead log into the database file every quarter of a second,
    /// through a connection of its own. Left to SQLite, every thousandth page makes one commit
    /// wait for the copy and its sync to disk; a passive checkpoint beside the writer makes no
    /// write wait. Under steady writes a passive checkpoint never catches up with the end of the
    /// log, so once the log passes `walLimit` a truncating checkpoint briefly holds writes back
    /// and starts it afresh. Stops when the store goes away.
    private func checkpointContinuously(path: String, configuration: Configuration) throws {
        let checkpointer = try DatabaseQueue(path: path, configuration: configuration)
        let log = path + "-wal"
        Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                guard self != nil else { return }
                do {
                    try await checkpointer.writeWithoutTransaction { db in
                        try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
                        // Right after the passive pass only the newest pages are left to copy,
                        // so the truncating one holds writes back for as short a time as it can.
                        let size = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
                        if size > Self.walLimit {
                            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                        }
                    }
                } catch {
                    // A failed checkpoint loses nothing: the pages stay in the log for the next one.
                }
            }
        }
    }

    /// The size of the write-ahead log past which it is truncated.
    static let walLimit = 64 << 20

    /// A fresh catalog database that lives in memory and disappears with the store.
    public static func inMemory() throws -> SQLiteBackend {
        try SQLiteBackend(database: DatabaseQueue(configuration: configuration()))
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 8
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Reads through a shared memory map instead of copying pages into each connection's
            // cache: whole-tenant counts and searches stay in memory without multiplying it.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        return configuration
    }

    /// Runs `body` as one write, committed with whatever other writes are waiting (see
    /// `GroupCommit`), turning constraint violations into conflicts.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writes.write(body)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw PangolinError.conflict("the change conflicts with existing data: \(error.message ?? "constraint failed")")
        }
    }

    /// Runs `body` on a snapshot of the database, on one of the store's reader threads: for
    /// queries whose cost grows with the data (lists, counts, search, the audit chain), so that a
    /// long one never holds up the threads that serve other requests.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.read(body)
    }

    /// Runs `body`, a lookup of a few rows by key, on a snapshot of the database on the calling
    /// thread. Such a lookup takes microseconds, less than the two thread switches of `read`;
    /// in WAL mode it never waits for a writer.
    func lookup<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteTransaction) throws -> T) async throws -> T {
        try await write { (db: Database) in try body(SQLiteTransaction(db: db)) }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteTransaction) throws -> T) async throws -> T {
        try await read { (db: Database) in try body(SQLiteTransaction(db: db)) }
    }

    public func lookup<T: Sendable>(_ body: @escaping @Sendable (SQLiteTransaction) throws -> T) async throws -> T {
        try lookup { (db: Database) in try body(SQLiteTransaction(db: db)) }
    }

    public func checkReadiness() async throws {
        _ = try await read { (db: Database) in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}

/// One SQLite transaction's repositories, on GRDB's `Database`.
public struct SQLiteTransaction: StoreTransaction {
    let db: Database
}

extension CatalogDatabase where Backend == SQLiteBackend {
    /// Opens (creating if needed) the catalog database at `path`.
    public static func open(path: String) throws -> SQLiteCatalogStore {
        SQLiteCatalogStore(backend: try SQLiteBackend.open(path: path))
    }

    /// A fresh catalog database that lives in memory and disappears with the store.
    public static func inMemory() throws -> SQLiteCatalogStore {
        SQLiteCatalogStore(backend: try SQLiteBackend.inMemory())
    }

    var database: any DatabaseWriter { backend.database }
}

/// Failures to open the catalog database, worded for the operator starting the server.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let description: String

    static func translate(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            StoreError(description: "the catalog database at \(path) is damaged or is not a SQLite database (\(error.message ?? "unreadable")); restore it from a backup or start with another --data-dir")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_IOERR:
            StoreError(description: "cannot open the catalog database at \(path) for writing (\(error.message ?? "permission denied")); check that the data directory exists and is writable")
        default:
            StoreError(description: "cannot open the catalog database at \(path): \(error.message ?? "\(error)")")
        }
    }
}
