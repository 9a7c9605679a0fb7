import Foundation
import Logging

/// Everything the catalog server needs to start; built from flags and environment by the
/// `pangolin-server` executable, or directly by tests.
public struct ServerConfiguration: Sendable {
    /// Address to listen on. Default `127.0.0.1`: only this machine can connect.
    public var host: String = "127.0.0.1"
    /// Port to listen on. Default 8080; 0 picks a free port.
    public var port: Int = 8080
    /// Where the database and the generated JWT secret live. Default `./.pangolin`; nil keeps
    /// everything in memory (tests).
    public var dataDirectory: String? = ".pangolin"
    /// Name of the root account created on first start. Default `admin`.
    public var rootUsername: String = "admin"
    /// Root's password. When nil and root does not exist yet, one is generated and printed once.
    /// When set, it replaces root's stored password at start-up.
    public var rootPassword: String?
    /// HS256 secret for tokens, at least 32 bytes. When nil a random one is generated once and
    /// kept in the data directory, so tokens survive a restart.
    public var jwtSecret: String?
    /// The key that encrypts the secrets of warehouses' storage settings: 32 bytes, base64. When
    /// nil a random one is generated once and kept in the data directory, beside the JWT secret.
    public var storageKey: String?
    /// How long a token from login stays valid. Default 24 hours.
    public var tokenLifetime: Duration = .seconds(24 * 3600)
    /// Largest request body accepted, in bytes. Default 1 MiB.
    public var maxBodyBytes: Int = 1 << 20
    /// Failed logins of one account within `loginThrottleWindow` after which its logins are refused
    /// with 429 until the oldest failure is older than the window. Default 5; 0 turns it off.
    public var loginFailuresPerAccount: Int = 5
    /// Failed logins from one client address within the window after which its logins are refused.
    /// Default 20; 0 turns it off.
    public var loginFailuresPerAddress: Int = 20
    /// The window over which failed logins count. Default 15 minutes.
    public var loginThrottleWindow: Duration = .seconds(15 * 60)
    /// bcrypt work factor for passwords. Default 12; tests lower it.
    public var bcryptCost: UInt8 = 12
    /// Log verbosity. Default `info`.
    public var logLevel: Logger.Level = .info
    /// `postgres://user:password@host:port/database`: keep the catalog in PostgreSQL, which several
    /// server instances can share, instead of SQLite in the data directory.
    public var databaseURL: String?

    public init() {}

    /// Where the catalog is kept.
    public enum Storage: Sendable, Hashable {
        /// An SQLite file: one server process.
        case sqlite(path: String)
        /// Nothing kept after exit.
        case memory
        /// A PostgreSQL database, which several instances may share.
        case postgres(url: String)
    }

    /// The database URL when one is set; otherwise SQLite in the data directory, or memory.
    public var storage: Storage {
        if let databaseURL { return .postgres(url: databaseURL) }
        guard let dataDirectory else { return .memory }
        return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("catalog.sqlite").path)
    }
}
