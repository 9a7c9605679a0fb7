import Foundation
import Logging
import NIOCore
import NIOPosix
import PangolinModel
import PostgresNIO

/// The catalog's backend on PostgreSQL, for several server instances on one database.
///
/// A transaction runs on a thread of the backend's own pool, holding one connection from its
/// connection pool, and waits for each statement's round trip: the rules are synchronous code
/// (see `StoreBackend`), and a thread per transaction is what they need. Writes lock the rows
/// they read (`FOR UPDATE`), so that a check and the change that depends on it see the same
/// row on every instance; a write that collides with a concurrent one — a unique key taken
/// meanwhile, a deadlock — runs again from the start, where its checks then see the other's
/// change and answer as they would have.
public final class PostgresBackend: StoreBackend, @unchecked Sendable {
    public typealias Transaction = PostgresTransaction

    /// Where the database is, from `postgres://user:password@host:port/database`.
    public struct Settings: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// Connections, and so transactions at once. Default 8; `?pool=` in the URL.
        public var poolSize: Int

        public init(url text: String) throws {
            guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme?.lowercased() ?? ""),
                  let host = url.host, !host.isEmpty, let user = url.user, !user.isEmpty
            else {
                throw StoreError(description: "the database URL '\(Self.redacted(text))' is not of the form postgres://user:password@host:port/database")
            }
            self.host = host
            self.port = url.port ?? 5432
            self.username = user
            self.password = url.password
            let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
            self.database = path.isEmpty ? user : path
            self.poolSize = url.queryItems?.first { $0.name == "pool" }?.value.flatMap(Int.init).map { max(1, $0) } ?? 8
        }

        /// The URL without its password, for messages.
        public var displayURL: String { "postgres://\(username)@\(host):\(port)/\(database)" }

        static func redacted(_ text: String) -> String {
            guard var url = URLComponents(string: text), url.password != nil else { return text }
            url.password = "***"
            return url.string ?? text
        }

        var configuration: PostgresConnection.Configuration {
            var configuration = PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: .disable)
            configuration.options.connectTimeout = .seconds(10)
            return configuration
        }
    }

    public let settings: Settings
    private let pool: PostgresConnections
    private let threads: NIOThreadPool

    private init(settings: Settings, pool: PostgresConnections, threads: NIOThreadPool) {
        self.settings = settings
        self.pool = pool
        self.threads = threads
    }

    /// Connects to the database once, to say at start-up — in one line — when it cannot be
    /// reached or refuses the login.
    public static func connect(url: String) async throws -> PostgresBackend {
        let settings = try Settings(url: url)
        let threads = NIOThreadPool(numberOfThreads: settings.poolSize)
        threads.start()
        let pool = PostgresConnections(settings: settings)
        let backend = PostgresBackend(settings: settings, pool: pool, threads: threads)
        do {
            try await backend.onThread { try pool.withConnection { _ in } }
        } catch {
            await backend.shutdown()
            throw PostgresErrors.startup(error, settings)
        }
        return backend
    }

    /// Runs the migrations not yet applied, one instance at a time.
    public func migrate() async throws {
        do {
            try await onThread { [pool] in
                try pool.withConnection { connection in
                    let tx = PostgresTransaction(connection: connection, locking: true)
                    try tx.execute("SELECT pg_advisory_lock(\(PostgresErrors.migrationLock))")
                    defer { _ = try? tx.execute("SELECT pg_advisory_unlock(\(PostgresErrors.migrationLock))") }
                    try tx.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
                    let applied = Set(try tx.rows("SELECT name FROM schema_migrations").map { try $0("name", as: String.self) })
                    for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                        try tx.execute("BEGIN")
                        do {
                            for statement in migration.sql { try tx.execute(PostgresQuery(unsafeSQL: statement)) }
                            try tx.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (\(migration.name), \(StoredValues.now().micros))")
                            try tx.commit()
                        } catch {
                            _ = try? tx.execute("ROLLBACK")
                            throw error
                        }
                    }
                }
            }
        } catch {
            throw PostgresErrors.startup(error, settings)
        }
    }

    /// Closes the connections and stops the threads.
    public func shutdown() async {
        pool.close()
        try? await threads.shutdownGracefully()
    }

    deinit {
        pool.close()
        threads.shutdownGracefully { _ in }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (PostgresTransaction) throws -> T) async throws -> T {
        try await transaction(locking: true, body)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (PostgresTransaction) throws -> T) async throws -> T {
        try await transaction(locking: false, body)
    }

    /// A lookup by key runs its statements on their own, without BEGIN and COMMIT: a GET is then one
    /// round trip instead of three.
    public func lookup<T: Sendable>(_ body: @escaping @Sendable (PostgresTransaction) throws -> T) async throws -> T {
        do {
            return try await onThread { [pool] in
                try pool.withConnection { connection in try body(PostgresTransaction(connection: connection, locking: false)) }
            }
        } catch {
            throw PostgresErrors.translate(error)
        }
    }

    public func checkReadiness() async throws {
        _ = try await read { tx in try tx.execute("SELECT 1") }
    }

    /// How often a write that collided with a concurrent one runs again before the collision is
    /// reported as a conflict.
    static let attempts = 5

    private func transaction<T: Sendable>(locking: Bool, _ body: @escaping @Sendable (PostgresTransaction) throws -> T) async throws -> T {
        try await onThread { [pool] in
            try pool.withConnection { connection in
                let tx = PostgresTransaction(connection: connection, locking: locking)
                var attempt = 1
                while true {
                    do {
                        try tx.execute(locking ? "BEGIN" : "BEGIN READ ONLY")
                        let value = try body(tx)
                        try tx.commit()
                        return value
                    } catch {
                        _ = try? tx.execute("ROLLBACK")
                        if PostgresErrors.isCollision(error), attempt < Self.attempts {
                            attempt += 1
                            continue
                        }
                        throw PostgresErrors.translate(error)
                    }
                }
            }
        }
    }

    private func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive(body)
    }
}

/// The connections of one backend, each lent to one transaction at a time; opened when first
/// needed, replaced when one breaks. Used from the backend's threads only, which block here.
final class PostgresConnections: @unchecked Sendable {
    private let settings: PostgresBackend.Settings
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var opened = 0
    private var nextID = 1
    private var closed = false
    private static let logger = Logger(label: "pangolin.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(settings: PostgresBackend.Settings) {
        self.settings = settings
    }

    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        do {
            let value = try body(connection)
            checkIn(connection)
            return value
        } catch {
            checkIn(connection)
            throw error
        }
    }

    private func checkOut() throws -> PostgresConnection {
        condition.lock()
        while idle.isEmpty && opened >= settings.poolSize && !closed { condition.wait() }
        if closed {
            condition.unlock()
            throw PangolinError(.unavailable, "the catalog database connection is closed; the server is stopping")
        }
        if let connection = idle.popLast() {
            condition.unlock()
            if !connection.isClosed { return connection }
            condition.lock()
            opened -= 1
            condition.unlock()
            return try checkOut()
        }
        opened += 1
        let id = nextID
        nextID += 1
        condition.unlock()
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: settings.configuration, id: id, logger: Self.logger
            ).wait()
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        condition.lock()
        if connection.isClosed || closed {
            opened -= 1
            if !connection.isClosed { Self.close(connection) }
        } else {
            idle.append(connection)
        }
        condition.signal()
        condition.unlock()
    }

    /// Closes `connection`, holding it until it is closed (a connection must not go away open).
    private static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    func close() {
        condition.lock()
        closed = true
        let connections = idle
        idle.removeAll()
        condition.broadcast()
        condition.unlock()
        for connection in connections { Self.close(connection) }
    }
}

/// What PostgreSQL's errors mean for the catalog.
enum PostgresErrors {
    /// The advisory lock key that serializes migrations: "PGLN".
    static let migrationLock: Int64 = 0x5047_4C4E

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// A unique key taken by a concurrent write, a serialization failure or a deadlock: the
    /// transaction may run again.
    static func isCollision(_ error: any Error) -> Bool {
        ["23505", "40001", "40P01"].contains(sqlState(error) ?? "")
    }

    /// An error inside a transaction, as the API reports it.
    static func translate(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        switch sqlState(error) {
        case "23505", "23503":
            return PangolinError.conflict("the change conflicts with existing data: \(error.serverInfo?[.detail] ?? message)")
        case "40001", "40P01":
            return PangolinError.conflict("the change collided with concurrent changes several times; try again")
        case .some:
            return PangolinError(.internal, "the catalog database refused a statement: \(message)")
        case nil:
            return PangolinError(.unavailable, "the catalog database cannot be reached (\(error.code)); try again shortly")
        }
    }

    /// A failure to connect or migrate, worded for the operator starting the server.
    static func startup(_ error: any Error, _ settings: PostgresBackend.Settings) -> any Error {
        if error is StoreError { return error }
        let target = settings.displayURL
        guard let error = error as? PSQLError else {
            return StoreError(description: "cannot use the catalog database at \(target): \(error)")
        }
        let message = error.serverInfo?[.message] ?? ""
        switch sqlState(error) {
        case "28P01", "28000":
            return StoreError(description: "PostgreSQL at \(settings.host):\(settings.port) refused the login of '\(settings.username)' (\(message)); check the user and password in --database-url or PANGOLIN_DATABASE_URL")
        case "3D000":
            return StoreError(description: "PostgreSQL at \(settings.host):\(settings.port) has no database '\(settings.database)'; create it (createdb \(settings.database)) or name another in --database-url")
        case .some(let state):
            return StoreError(description: "PostgreSQL at \(target) answered \(state): \(message)")
        case nil where error.code == .authMechanismRequiresPassword:
            return StoreError(description: "PostgreSQL at \(settings.host):\(settings.port) asks '\(settings.username)' for a password; put it in the URL: postgres://\(settings.username):PASSWORD@\(settings.host):\(settings.port)/\(settings.database)")
        case nil:
            let cause = error.underlying.map { String(describing: $0) } ?? "\(error.code)"
            let reason = cause.contains("refused") ? "connection refused" : cause.split(whereSeparator: \.isNewline).joined(separator: " ")
            return StoreError(description: "cannot reach PostgreSQL at \(settings.host):\(settings.port) (\(reason)); check that it runs and that --database-url or PANGOLIN_DATABASE_URL names it")
        }
    }
}
