import Foundation
import Logging
import PangolinModel
import PangolinStore
import ServiceLifecycle

/// What start-up prepared: the opened store and services, and the root password if one had to
/// be generated (to be shown to the operator once).
public struct Bootstrapped: Sendable {
    public let services: CatalogServices
    /// Set only on the first start without a configured root password.
    public let generatedRootPassword: String?
    /// Where the database lives, for the operator: a path, a URL without its password, or nil in memory.
    public let databasePath: String?
    /// The store's lifetime in the application's service group: it closes the database's
    /// connections when the server stops.
    public let storeService: StoreService

    /// What runs beside the server: the store, and the listener for other instances' changes.
    public var lifetimes: [any Service] { [storeService, ChangeListener(services: services)] }
}

/// A start-up failure, worded for the operator: one line, what went wrong and what to do.
public struct StartupError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension CatalogServices {
    /// Opens the database, creates the default tenant and the root account if missing, and
    /// loads or creates the token secret.
    public static func bootstrap(_ configuration: ServerConfiguration) async throws -> Bootstrapped {
        if let directory = configuration.dataDirectory { try prepareDataDirectory(directory) }
        let store: any CatalogStore
        let storeService: StoreService
        var databasePath: String?
        do {
            switch configuration.storage {
            case .sqlite(let path):
                databasePath = path
                store = try SQLiteCatalogStore.open(path: path)
                storeService = StoreService {}
            case .memory:
                store = try SQLiteCatalogStore.inMemory()
                storeService = StoreService {}
            case .postgres(let url):
                let backend = try await PostgresBackend.connect(url: url)
                try await backend.migrate()
                databasePath = backend.settings.displayURL
                let database = CatalogDatabase(backend: backend)
                // Events an instance committed but was stopped before linking.
                try await database.linkAudit()
                store = database
                storeService = StoreService { await backend.shutdown() }
            }
        } catch let error as StoreError {
            throw StartupError(error.description)
        }
        let isShared = if case .postgres = configuration.storage { true } else { false }
        let defaultTenant: Tenant
        if let existing = try await store.tenant(named: Tenant.defaultName) {
            defaultTenant = existing
        } else {
            defaultTenant = try await store.createTenant(name: Tenant.defaultName, properties: [:], by: .system)
        }
        let passwords = PasswordHasher(cost: configuration.bcryptCost)
        let generated = try await ensureRoot(configuration, store: store, passwords: passwords)
        let secret = try jwtSecret(configuration)
        let tokens: TokenService
        do {
            tokens = try await TokenService(secret: secret, lifetime: configuration.tokenLifetime)
        } catch let error as PangolinError {
            throw StartupError("\(error.message) (set PANGOLIN_JWT_SECRET or --jwt-secret to a longer value)")
        }
        tokens.revoke(try await store.revokedTokenIDs(notExpiredAt: Date()))
        let services = CatalogServices(
            store: store, authorizer: Authorizer(store: store), tokens: tokens, passwords: passwords,
            loginThrottle: LoginThrottle(
                .init(
                    failuresPerAccount: configuration.loginFailuresPerAccount,
                    failuresPerAddress: configuration.loginFailuresPerAddress,
                    window: configuration.loginThrottleWindow),
                // Instances on one PostgreSQL database count failures together.
                log: isShared ? StoreLoginFailures(store: store) : MemoryLoginFailures()),
            defaultTenantID: defaultTenant.id, maxBodyBytes: configuration.maxBodyBytes, sealer: try storageSealer(configuration),
            defaultTableRoot: tableRoot(configuration))
        try await services.sealPlainSecrets()
        return Bootstrapped(services: services, generatedRootPassword: generated, databasePath: databasePath, storeService: storeService)
    }

    private static func prepareDataDirectory(_ directory: String) throws {
        let files = FileManager.default
        var ancestor = URL(fileURLWithPath: directory).standardizedFileURL
        while !files.fileExists(atPath: ancestor.path) && ancestor.path != "/" {
            ancestor.deleteLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw StartupError("cannot use \(directory) as the data directory: \(ancestor.path) is a file, not a directory; choose another with --data-dir")
        }
        guard files.isWritableFile(atPath: ancestor.path) else {
            throw StartupError("the data directory \(directory) is not writable (\(ancestor.path) denies it); fix its permissions or choose another with --data-dir")
        }
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StartupError("cannot create the data directory \(directory): \(error.localizedDescription); choose another with --data-dir")
        }
    }

    /// Creates root on first start; a configured password replaces the stored one, so an
    /// operator who lost it can set a new one through the environment.
    private static func ensureRoot(
        _ configuration: ServerConfiguration, store: some CatalogStore, passwords: PasswordHasher
    ) async throws -> String? {
        if let password = configuration.rootPassword, password.count < PasswordHasher.minimumLength {
            throw StartupError("the root password must be at least \(PasswordHasher.minimumLength) characters long")
        }
        if let existing = try await store.credentials(username: configuration.rootUsername) {
            guard existing.user.role == .root else {
                throw StartupError("the account '\(configuration.rootUsername)' exists but is not root; choose another --root-user")
            }
            if let password = configuration.rootPassword,
                try await !passwords.verify(password, hash: existing.passwordHash)
            {
                try await store.setPasswordHash(userID: existing.user.id, hash: passwords.hash(password), by: .system)
            }
            return nil
        }
        let password = configuration.rootPassword ?? randomToken(bytes: 18)
        _ = try await store.createUser(
            UserDraft(
                username: configuration.rootUsername, email: nil, role: .root, tenantID: nil,
                passwordHash: passwords.hash(password)),
            by: .system)
        return configuration.rootPassword == nil ? password : nil
    }

    /// The configured secret, else the one kept in the data directory, else a new one kept there.
    private static func jwtSecret(_ configuration: ServerConfiguration) throws -> String {
        if let secret = configuration.jwtSecret { return secret }
        guard let directory = configuration.dataDirectory else { return randomToken(bytes: 48) }
        let url = URL(fileURLWithPath: directory).appendingPathComponent("jwt-secret")
        if let stored = try? String(contentsOf: url, encoding: .utf8) {
            return stored.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let secret = randomToken(bytes: 48)
        do {
            try Data(secret.utf8).write(to: url, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            throw StartupError("cannot store the generated JWT secret at \(url.path): \(error.localizedDescription)")
        }
        return secret
    }

    /// The configured storage key, else the one kept in the data directory, else a new one kept
    /// there; a server that keeps nothing gets a key of its own.
    private static func storageSealer(_ configuration: ServerConfiguration) throws -> SecretSealer {
        if let text = configuration.storageKey {
            guard let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw StartupError("the storage key (PANGOLIN_STORAGE_KEY or --storage-key) is not base64; make one with `openssl rand -base64 32`")
            }
            return try SecretSealer(key: key)
        }
        guard let directory = configuration.dataDirectory else { return .ephemeral() }
        let url = URL(fileURLWithPath: directory).appendingPathComponent("storage-key")
        if let stored = try? String(contentsOf: url, encoding: .utf8) {
            guard let key = Data(base64Encoded: stored.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw StartupError("\(url.path) does not hold a base64 storage key; restore it from a backup, or the warehouses' secrets cannot be read")
            }
            return try SecretSealer(key: key)
        }
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        do {
            try Data(key.base64EncodedString().utf8).write(to: url, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            throw StartupError("cannot store the generated storage key at \(url.path): \(error.localizedDescription)")
        }
        return try SecretSealer(key: key)
    }

    /// Seals the secrets that warehouses created before they were sealed still hold in plain text.
    func sealPlainSecrets() async throws {
        for tenant in try await store.tenants(limit: Int.max, offset: 0) {
            for warehouse in try await store.warehouses(tenantID: tenant.id, limit: Int.max, offset: 0)
            where SecretSealer.holdsPlainSecrets(warehouse.storageConfig, warehouse.vendingStrategy) {
                _ = try await store.updateWarehouse(
                    tenantID: tenant.id, name: warehouse.name, storageConfig: try sealer.seal(warehouse.storageConfig),
                    vendingStrategy: try warehouse.vendingStrategy.map { try sealer.seal($0) }, by: .system)
            }
        }
    }

    static func randomToken(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// Where tables of catalogs without storage of their own are kept: `<data directory>/warehouse`,
/// or for a server that keeps nothing, a directory of its own under the system's temporary one.
private func tableRoot(_ configuration: ServerConfiguration) -> String {
    guard let directory = configuration.dataDirectory else {
        return FileManager.default.temporaryDirectory.appendingPathComponent("pangolin-tables-\(UUID().uuidString.lowercased())").path
    }
    return URL(fileURLWithPath: directory).appendingPathComponent("warehouse").standardizedFileURL.path
}
