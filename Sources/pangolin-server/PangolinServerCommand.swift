import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import PangolinServer

/// `pangolin-server`: starts the catalog.
@main
struct PangolinServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pangolin-server",
        abstract: "Start the Pangolin catalog server: on an embedded SQLite database, or on PostgreSQL for several instances.",
        discussion: """
            Every option can also be set through the environment variable named after it; a flag \
            wins over the environment. On first start without a root password, one is generated \
            and printed once; keep it.

            Examples:
              swift run pangolin-server
              PANGOLIN_ROOT_PASSWORD=change-me-please swift run pangolin-server --port 9090
              pangolin-server --data-dir /var/lib/pangolin --host 0.0.0.0
              PANGOLIN_DATABASE_URL=postgres://pangolin:secret@db:5432/pangolin pangolin-server
            """)

    @Option(help: "Address to listen on; 0.0.0.0 accepts connections from other machines. (PANGOLIN_HOST, default 127.0.0.1)")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. (PANGOLIN_PORT, default 8080)")
    var port: Int?

    @Option(name: .customLong("data-dir"), help: "Directory for the catalog database and the generated token secret. (PANGOLIN_DATA_DIR, default ./.pangolin)")
    var dataDirectory: String?

    @Flag(help: "Keep everything in memory and lose it on exit; for trying things out.")
    var inMemory = false

    @Option(name: .customLong("database-url"), help: "Keep the catalog in PostgreSQL instead of SQLite: postgres://user:password@host:port/database. Several instances may share it; give them the same --jwt-secret and --storage-key. (PANGOLIN_DATABASE_URL)")
    var databaseURL: String?

    @Option(name: .customLong("root-user"), help: "Name of the root account. (PANGOLIN_ROOT_USER, default admin)")
    var rootUser: String?

    @Option(name: .customLong("root-password"), help: "Root's password; replaces the stored one. Prefer the environment variable, which other users cannot see in the process list. (PANGOLIN_ROOT_PASSWORD, default: generated on first start)")
    var rootPassword: String?

    @Option(name: .customLong("jwt-secret"), help: "Secret that signs tokens, at least 32 bytes. (PANGOLIN_JWT_SECRET, default: generated and kept in the data directory)")
    var jwtSecret: String?

    @Option(name: .customLong("storage-key"), help: "Key that encrypts warehouses' storage secrets: 32 bytes, base64. (PANGOLIN_STORAGE_KEY, default: generated and kept in the data directory)")
    var storageKey: String?

    @Option(name: .customLong("token-lifetime-hours"), help: "Hours a login token stays valid. (PANGOLIN_TOKEN_LIFETIME_HOURS, default 24)")
    var tokenLifetimeHours: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. (PANGOLIN_LOG_LEVEL, default info)")
    var logLevel: String?

    func run() async throws {
        do {
            let configuration = try configuration()
            do {
                try await serve(configuration)
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                fail("cannot listen on \(configuration.host):\(configuration.port): the address is already in use; stop the other server or choose another --port")
            } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
                fail("cannot listen on \(configuration.host): no network interface has that address; use 127.0.0.1 or 0.0.0.0")
            }
        } catch let error as StartupError {
            fail(error.description)
        } catch {
            fail("\(error)")
        }
    }

    private func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        try configuration.apply(environment: ProcessInfo.processInfo.environment)
        if let host { configuration.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw StartupError("--port must be from 0 to 65535, not \(port)") }
            configuration.port = port
        }
        if let dataDirectory { configuration.dataDirectory = dataDirectory }
        if inMemory { configuration.dataDirectory = nil }
        if let databaseURL { configuration.databaseURL = databaseURL }
        if let rootUser { configuration.rootUsername = rootUser }
        if let rootPassword { configuration.rootPassword = rootPassword }
        if let jwtSecret { configuration.jwtSecret = jwtSecret }
        if let storageKey { configuration.storageKey = storageKey }
        if let tokenLifetimeHours {
            guard tokenLifetimeHours >= 1 else { throw StartupError("--token-lifetime-hours must be at least 1") }
            configuration.tokenLifetime = .seconds(tokenLifetimeHours * 3600)
        }
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw StartupError("--log-level must be one of trace, debug, info, notice, warning, error, critical, not '\(logLevel)'")
            }
            configuration.logLevel = level
        }
        return configuration
    }

    private func serve(_ configuration: ServerConfiguration) async throws {
        let bootstrapped = try await CatalogServices.bootstrap(configuration)
        if let password = bootstrapped.generatedRootPassword {
            say("""
                Created the root account '\(configuration.rootUsername)' with the generated password:

                    \(password)

                It is shown only this once; only its hash is stored. To choose your own, restart with \
                PANGOLIN_ROOT_PASSWORD set.

                """)
        }
        let storage = bootstrapped.databasePath ?? "memory (nothing is kept after exit)"
        let app = buildApplication(configuration, services: bootstrapped.services, lifetimes: bootstrapped.lifetimes) { port in
            say("Pangolin catalog listening on http://\(configuration.host):\(port) — data in \(storage)")
        }
        try await app.runService()
    }

    /// Writes a line to standard output at once, so that scripts waiting for it see it.
    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("pangolin-server: error: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
