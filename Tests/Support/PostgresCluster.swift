import Foundation
import Logging
import NIOPosix
import PostgresNIO
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL for the tests: a throwaway cluster made by `scripts/postgres-cluster` (initdb
/// as the postgres user, a free loopback port), started on first use and stopped when the test
/// process exits. Each test works in a database of its own.
public final class PostgresCluster: Sendable {
    /// `postgres://pangolin:…@127.0.0.1:<port>/pangolin`: a role that may create databases.
    public let url: String
    public let port: Int
    private let directory: String

    public static func shared() throws -> PostgresCluster {
        try lock.withLock {
            if let cluster = instance { return cluster }
            let cluster = try PostgresCluster()
            instance = cluster
            atexit { PostgresCluster.instance?.stop() }
            return cluster
        }
    }

    nonisolated(unsafe) private static var instance: PostgresCluster?
    private static let lock = NSLock()

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/postgres-cluster").path
    }

    private init() throws {
        let output = try Self.run([Self.script, "start"])
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        guard let url = values["URL"], let directory = values["DIR"], let port = values["PORT"].flatMap(Int.init) else {
            throw PostgresClusterError("scripts/postgres-cluster start printed no URL:\n\(output)")
        }
        self.url = url
        self.directory = directory
        self.port = port
    }

    /// A new, empty database's URL; `pool` connections at most.
    public func newDatabase(pool: Int = 2) async throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let components = URLComponents(string: url)!
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: components.user!, password: components.password, database: "pangolin", tls: .disable)
        let logger = Logger(label: "tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        var database = components
        database.path = "/\(name)"
        database.queryItems = [URLQueryItem(name: "pool", value: String(pool))]
        return database.string!
    }

    func stop() {
        _ = try? Self.run([Self.script, "stop", directory])
    }

    /// Runs the script through the C library's `system`, which waits for it with waitpid:
    /// Foundation's `Process.waitUntilExit` can miss the exit of a script whose children live on.
    private static func run(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-cluster-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let command = (["bash"] + arguments).map { "'\($0)'" }.joined(separator: " ") + " >'\(output.path)' 2>&1 </dev/null"
        let status = system(command)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw PostgresClusterError("\(arguments.joined(separator: " ")) failed: \(text)") }
        return text
    }
}

public struct PostgresClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
