import Foundation
import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    // MARK: Users

    public func user(id: String) throws -> User? {
        try row("SELECT * FROM users WHERE id = \(id)\(unescaped: lock)").map(Self.user)
    }

    public func credentials(username: String) throws -> (user: User, passwordHash: String)? {
        try row("SELECT * FROM users WHERE username = \(username)").map { (try Self.user($0), try $0("password_hash", as: String.self)) }
    }

    public func users(tenantID: String?, limit: Int, offset: Int) throws -> [User] {
        if let tenantID {
            return try rows("SELECT * FROM users WHERE tenant_id = \(tenantID) ORDER BY username LIMIT \(limit) OFFSET \(offset)").map(Self.user)
        }
        return try rows("SELECT * FROM users ORDER BY username LIMIT \(limit) OFFSET \(offset)").map(Self.user)
    }

    public func insertUser(_ user: User, passwordHash: String) throws {
        try execute("""
            INSERT INTO users (id, username, email, role, tenant_id, password_hash, active, created_at)
            VALUES (\(user.id), \(user.username), \(user.email), \(user.role.rawValue), \(user.tenantID), \(passwordHash), \(user.active),
                    \(StoredValues.micros(user.createdAt)))
            """)
    }

    public func updateUser(_ user: User) throws {
        try execute("UPDATE users SET email = \(user.email), role = \(user.role.rawValue), active = \(user.active) WHERE id = \(user.id)")
    }

    public func setPasswordHash(userID: String, _ hash: String) throws -> Bool {
        try execute("UPDATE users SET password_hash = \(hash) WHERE id = \(userID)") > 0
    }

    public func deleteUser(id: String) throws {
        try execute("DELETE FROM users WHERE id = \(id)")
    }

    /// Locks the other active root accounts, so that two concurrent demotions cannot both see
    /// the other as the remaining root.
    public func activeRootCount(excluding id: String) throws -> Int {
        try rows("SELECT id FROM users WHERE role = \(UserRole.root.rawValue) AND active AND id <> \(id)\(unescaped: lock)").count
    }

    // MARK: Service users

    public func serviceUser(id: String) throws -> ServiceUser? {
        try row("SELECT * FROM service_users WHERE id = \(id)\(unescaped: lock)").map(Self.serviceUser)
    }

    public func serviceUserCredentials(id: String) throws -> (serviceUser: ServiceUser, keyHash: String)? {
        try row("SELECT * FROM service_users WHERE id = \(id)").map { (try Self.serviceUser($0), try $0("key_hash", as: String.self)) }
    }

    public func serviceUser(tenantID: String, name: String) throws -> ServiceUser? {
        try row("SELECT * FROM service_users WHERE tenant_id = \(tenantID) AND name = \(name)").map(Self.serviceUser)
    }

    public func serviceUsers(tenantID: String, limit: Int, offset: Int) throws -> [ServiceUser] {
        try rows("SELECT * FROM service_users WHERE tenant_id = \(tenantID) ORDER BY name LIMIT \(limit) OFFSET \(offset)").map(Self.serviceUser)
    }

    public func insertServiceUser(_ user: ServiceUser, keyHash: String) throws {
        try execute("""
            INSERT INTO service_users (id, tenant_id, name, description, role, active, key_hash, expires_at, created_at)
            VALUES (\(user.id), \(user.tenantID), \(user.name), \(user.description), \(user.role.rawValue), \(user.active), \(keyHash),
                    \(user.expiresAt.map(StoredValues.micros)), \(StoredValues.micros(user.createdAt)))
            """)
    }

    public func updateServiceUser(_ user: ServiceUser) throws {
        try execute("""
            UPDATE service_users SET name = \(user.name), description = \(user.description), active = \(user.active) WHERE id = \(user.id)
            """)
    }

    public func setServiceUserKeyHash(id: String, _ hash: String) throws {
        try execute("UPDATE service_users SET key_hash = \(hash) WHERE id = \(id)")
    }

    public func setServiceUserLastUse(id: String, at date: Date) throws {
        try execute("UPDATE service_users SET last_used_at = \(StoredValues.micros(date)) WHERE id = \(id)")
    }

    public func deleteServiceUser(id: String) throws {
        try execute("DELETE FROM service_users WHERE id = \(id)")
    }

    public func deleteGrants(ofPrincipal id: String) throws {
        try execute("DELETE FROM permissions WHERE principal_id = \(id)")
        try execute("DELETE FROM role_assignments WHERE principal_id = \(id)")
    }

    // MARK: Tokens

    private static let tokenSelect = "SELECT t.*, u.username AS username FROM tokens t JOIN users u ON u.id = t.user_id"

    public func insertToken(_ token: TokenRecord) throws {
        try execute("""
            INSERT INTO tokens (id, user_id, tenant_id, issued_at, expires_at, revoked_at, source)
            VALUES (\(token.id), \(token.userID), \(token.tenantID), \(StoredValues.micros(token.issuedAt)), \(StoredValues.micros(token.expiresAt)),
                    \(token.revokedAt.map(StoredValues.micros)), \(token.source.rawValue))
            """)
    }

    public func token(id: String) throws -> TokenRecord? {
        try row("\(unescaped: Self.tokenSelect) WHERE t.id = \(id)\(unescaped: locking ? " FOR UPDATE OF t" : "")").map(Self.token)
    }

    public func tokens(userID: String, limit: Int, offset: Int) throws -> [TokenRecord] {
        try rows("""
            \(unescaped: Self.tokenSelect) WHERE t.user_id = \(userID) ORDER BY t.issued_at DESC, t.id DESC LIMIT \(limit) OFFSET \(offset)
            """).map(Self.token)
    }

    public func setTokenRevoked(id: String, at date: Date) throws {
        try execute("UPDATE tokens SET revoked_at = \(StoredValues.micros(date)) WHERE id = \(id)")
    }

    public func revokeValidTokens(userID: String, at date: Date) throws -> [String] {
        let now = StoredValues.micros(date)
        let ids: [String] = try rows("""
            SELECT id FROM tokens WHERE user_id = \(userID) AND revoked_at IS NULL AND expires_at > \(now) FOR UPDATE
            """).map { try $0("id") }
        try execute("UPDATE tokens SET revoked_at = \(now) WHERE user_id = \(userID) AND revoked_at IS NULL")
        return ids
    }

    public func keepTokensRefused(ofDeletedUser userID: String, validAt date: Date) throws -> [String] {
        let now = StoredValues.micros(date)
        let valid: [String] = try rows("SELECT id FROM tokens WHERE user_id = \(userID) AND expires_at > \(now)").map { try $0("id") }
        try execute("""
            INSERT INTO revoked_tokens_of_deleted_users (id, expires_at)
            SELECT id, expires_at FROM tokens WHERE user_id = \(userID) AND expires_at > \(now) ON CONFLICT DO NOTHING
            """)
        return valid
    }

    public func deleteExpiredTokens(tenantID: String?, before date: Date) throws -> [String] {
        let before = StoredValues.micros(date)
        guard let tenantID else {
            let ids: [String] = try rows("DELETE FROM tokens WHERE expires_at <= \(before) RETURNING id").map { try $0("id") }
            try execute("DELETE FROM revoked_tokens_of_deleted_users WHERE expires_at <= \(before)")
            return ids
        }
        return try rows("DELETE FROM tokens WHERE tenant_id = \(tenantID) AND expires_at <= \(before) RETURNING id").map { try $0("id") }
    }

    public func revokedTokenIDs(notExpiredAt date: Date) throws -> [String] {
        let now = StoredValues.micros(date)
        return try rows("""
            SELECT id FROM tokens WHERE revoked_at IS NOT NULL AND expires_at > \(now)
            UNION SELECT id FROM revoked_tokens_of_deleted_users WHERE expires_at > \(now)
            """).map { try $0("id") }
    }

    // MARK: Failed logins

    public func insertLoginFailures(keys: [String], at date: Date) throws {
        try execute("INSERT INTO login_failures (key, at) SELECT unnest(\(keys)::text[]), \(StoredValues.micros(date))")
    }

    public func deleteLoginFailures(before date: Date) throws {
        try execute("DELETE FROM login_failures WHERE at <= \(StoredValues.micros(date))")
    }

    public func loginFailures(keys: [String], since date: Date) throws -> [(key: String, at: Date)] {
        try rows("SELECT key, at FROM login_failures WHERE key = ANY(\(keys)) AND at > \(StoredValues.micros(date)) ORDER BY at")
            .map { (try $0("key"), try $0.date("at")) }
    }

    public func deleteLoginFailures(key: String) throws {
        try execute("DELETE FROM login_failures WHERE key = \(key)")
    }

    private static func user(_ row: PostgresRow) throws -> User {
        User(
            id: try row("id"), username: try row("username"), email: try row("email"), role: UserRole(rawValue: try row("role")) ?? .tenantUser,
            tenantID: try row("tenant_id"), active: try row("active"), createdAt: try row.date("created_at"))
    }

    private static func serviceUser(_ row: PostgresRow) throws -> ServiceUser {
        ServiceUser(
            id: try row("id"), tenantID: try row("tenant_id"), name: try row("name"), description: try row("description"),
            role: UserRole(rawValue: try row("role")) ?? .tenantUser, active: try row("active"), createdAt: try row.date("created_at"),
            expiresAt: try row.optionalDate("expires_at"), lastUsedAt: try row.optionalDate("last_used_at"))
    }

    private static func token(_ row: PostgresRow) throws -> TokenRecord {
        TokenRecord(
            id: try row("id"), userID: try row("user_id"), username: try row("username"), tenantID: try row("tenant_id"),
            issuedAt: try row.date("issued_at"), expiresAt: try row.date("expires_at"), revokedAt: try row.optionalDate("revoked_at"),
            source: TokenRecord.Source(rawValue: try row("source")) ?? .login)
    }
}
