import Foundation
import GRDB
import PangolinModel

extension SQLiteTransaction: IdentityRepository {
    // MARK: Users

    public func user(id: String) throws -> User? {
        try Row.fetchOne(db, cached: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user)
    }

    public func credentials(username: String) throws -> (user: User, passwordHash: String)? {
        try Row.fetchOne(db, cached: "SELECT * FROM users WHERE username = ?", arguments: [username]).map {
            (try Self.user($0), $0["password_hash"] as String)
        }
    }

    public func users(tenantID: String?, limit: Int, offset: Int) throws -> [User] {
        if let tenantID {
            return try Row.fetchAll(
                db, cached: "SELECT * FROM users WHERE tenant_id = ? ORDER BY username LIMIT ? OFFSET ?", arguments: [tenantID, limit, offset]
            ).map(Self.user)
        }
        return try Row.fetchAll(db, cached: "SELECT * FROM users ORDER BY username LIMIT ? OFFSET ?", arguments: [limit, offset]).map(Self.user)
    }

    public func insertUser(_ user: User, passwordHash: String) throws {
        try db.execute(
            cached: "INSERT INTO users (id, username, email, role, tenant_id, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [user.id, user.username, user.email, user.role.rawValue, user.tenantID, passwordHash, user.active,
                        StoredValues.micros(user.createdAt)])
    }

    public func updateUser(_ user: User) throws {
        try db.execute(
            cached: "UPDATE users SET email = ?, role = ?, active = ? WHERE id = ?", arguments: [user.email, user.role.rawValue, user.active, user.id])
    }

    public func setPasswordHash(userID: String, _ hash: String) throws -> Bool {
        try db.execute(cached: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, userID])
        return db.changesCount > 0
    }

    public func deleteUser(id: String) throws {
        try db.execute(cached: "DELETE FROM users WHERE id = ?", arguments: [id])
    }

    public func activeRootCount(excluding id: String) throws -> Int {
        try Int.fetchOne(
            db, cached: "SELECT COUNT(*) FROM users WHERE role = ? AND active = 1 AND id != ?", arguments: [UserRole.root.rawValue, id]) ?? 0
    }

    // MARK: Service users

    public func serviceUser(id: String) throws -> ServiceUser? {
        try Row.fetchOne(db, cached: "SELECT * FROM service_users WHERE id = ?", arguments: [id]).map(Self.serviceUser)
    }

    public func serviceUserCredentials(id: String) throws -> (serviceUser: ServiceUser, keyHash: String)? {
        try Row.fetchOne(db, cached: "SELECT * FROM service_users WHERE id = ?", arguments: [id]).map {
            (try Self.serviceUser($0), $0["key_hash"] as String)
        }
    }

    public func serviceUser(tenantID: String, name: String) throws -> ServiceUser? {
        try Row.fetchOne(db, cached: "SELECT * FROM service_users WHERE tenant_id = ? AND name = ?", arguments: [tenantID, name])
            .map(Self.serviceUser)
    }

    public func serviceUsers(tenantID: String, limit: Int, offset: Int) throws -> [ServiceUser] {
        try Row.fetchAll(
            db, cached: "SELECT * FROM service_users WHERE tenant_id = ? ORDER BY name LIMIT ? OFFSET ?", arguments: [tenantID, limit, offset]
        ).map(Self.serviceUser)
    }

    public func insertServiceUser(_ user: ServiceUser, keyHash: String) throws {
        try db.execute(
            cached: """
                INSERT INTO service_users (id, tenant_id, name, description, role, active, key_hash, expires_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [user.id, user.tenantID, user.name, user.description, user.role.rawValue, user.active, keyHash,
                        user.expiresAt.map(StoredValues.micros), StoredValues.micros(user.createdAt)])
    }

    public func updateServiceUser(_ user: ServiceUser) throws {
        try db.execute(
            cached: "UPDATE service_users SET name = ?, description = ?, active = ? WHERE id = ?",
            arguments: [user.name, user.description, user.active, user.id])
    }

    public func setServiceUserKeyHash(id: String, _ hash: String) throws {
        try db.execute(cached: "UPDATE service_users SET key_hash = ? WHERE id = ?", arguments: [hash, id])
    }

    public func setServiceUserLastUse(id: String, at date: Date) throws {
        try db.execute(cached: "UPDATE service_users SET last_used_at = ? WHERE id = ?", arguments: [StoredValues.micros(date), id])
    }

    public func deleteServiceUser(id: String) throws {
        try db.execute(cached: "DELETE FROM service_users WHERE id = ?", arguments: [id])
    }

    public func deleteGrants(ofPrincipal id: String) throws {
        try db.execute(cached: "DELETE FROM permissions WHERE principal_id = ?", arguments: [id])
        try db.execute(cached: "DELETE FROM role_assignments WHERE principal_id = ?", arguments: [id])
    }

    // MARK: Tokens

    private static let tokenSelect = "SELECT t.*, u.username AS username FROM tokens t JOIN users u ON u.id = t.user_id"

    public func insertToken(_ token: TokenRecord) throws {
        try db.execute(
            cached: "INSERT INTO tokens (id, user_id, tenant_id, issued_at, expires_at, revoked_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [token.id, token.userID, token.tenantID, StoredValues.micros(token.issuedAt), StoredValues.micros(token.expiresAt),
                        token.revokedAt.map(StoredValues.micros), token.source.rawValue])
    }

    public func token(id: String) throws -> TokenRecord? {
        try Row.fetchOne(db, cached: Self.tokenSelect + " WHERE t.id = ?", arguments: [id]).map(Self.token)
    }

    public func tokens(userID: String, limit: Int, offset: Int) throws -> [TokenRecord] {
        try Row.fetchAll(
            db, cached: Self.tokenSelect + " WHERE t.user_id = ? ORDER BY t.issued_at DESC, t.id DESC LIMIT ? OFFSET ?",
            arguments: [userID, limit, offset]
        ).map(Self.token)
    }

    public func setTokenRevoked(id: String, at date: Date) throws {
        try db.execute(cached: "UPDATE tokens SET revoked_at = ? WHERE id = ?", arguments: [StoredValues.micros(date), id])
    }

    public func revokeValidTokens(userID: String, at date: Date) throws -> [String] {
        let now = StoredValues.micros(date)
        let ids = try String.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM tokens WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?"), arguments: [userID, now])
        try db.execute(cached: "UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", arguments: [now, userID])
        return ids
    }

    public func keepTokensRefused(ofDeletedUser userID: String, validAt date: Date) throws -> [String] {
        let now = StoredValues.micros(date)
        let valid = try String.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM tokens WHERE user_id = ? AND expires_at > ?"), arguments: [userID, now])
        try db.execute(
            cached: """
                INSERT OR IGNORE INTO revoked_tokens_of_deleted_users (id, expires_at)
                SELECT id, expires_at FROM tokens WHERE user_id = ? AND expires_at > ?
                """,
            arguments: [userID, now])
        return valid
    }

    public func revokedTokenIDs(notExpiredAt date: Date) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: """
                SELECT id FROM tokens WHERE revoked_at IS NOT NULL AND expires_at > ?
                UNION SELECT id FROM revoked_tokens_of_deleted_users WHERE expires_at > ?
                """),
            arguments: [StoredValues.micros(date), StoredValues.micros(date)])
    }

    public func deleteExpiredTokens(tenantID: String?, before date: Date) throws -> [String] {
        let before = StoredValues.micros(date)
        guard let tenantID else {
            let ids = try String.fetchAll(db, sql: "DELETE FROM tokens WHERE expires_at <= ? RETURNING id", arguments: [before])
            try db.execute(sql: "DELETE FROM revoked_tokens_of_deleted_users WHERE expires_at <= ?", arguments: [before])
            return ids
        }
        return try String.fetchAll(db, sql: "DELETE FROM tokens WHERE tenant_id = ? AND expires_at <= ? RETURNING id", arguments: [tenantID, before])
    }

    // MARK: Failed logins

    public func insertLoginFailures(keys: [String], at date: Date) throws {
        for key in keys {
            try db.execute(cached: "INSERT INTO login_failures (key, at) VALUES (?, ?)", arguments: [key, StoredValues.micros(date)])
        }
    }

    public func deleteLoginFailures(before date: Date) throws {
        try db.execute(cached: "DELETE FROM login_failures WHERE at <= ?", arguments: [StoredValues.micros(date)])
    }

    public func loginFailures(keys: [String], since date: Date) throws -> [(key: String, at: Date)] {
        try Row.fetchAll(
            db, sql: "SELECT key, at FROM login_failures WHERE key IN (\(Self.marks(keys.count))) AND at > ? ORDER BY at",
            arguments: StatementArguments(keys) + [StoredValues.micros(date)]
        ).map { ($0["key"], $0.date("at")) }
    }

    public func deleteLoginFailures(key: String) throws {
        try db.execute(cached: "DELETE FROM login_failures WHERE key = ?", arguments: [key])
    }

    static func user(_ row: Row) throws -> User {
        User(
            id: row["id"], username: row["username"], email: row["email"], role: UserRole(rawValue: row["role"]) ?? .tenantUser,
            tenantID: row["tenant_id"], active: row["active"], createdAt: row.date("created_at"))
    }

    static func serviceUser(_ row: Row) throws -> ServiceUser {
        ServiceUser(
            id: row["id"], tenantID: row["tenant_id"], name: row["name"], description: row["description"],
            role: UserRole(rawValue: row["role"]) ?? .tenantUser, active: row["active"], createdAt: row.date("created_at"),
            expiresAt: (row["expires_at"] as Int64?).map(StoredValues.date), lastUsedAt: (row["last_used_at"] as Int64?).map(StoredValues.date))
    }

    private static func token(_ row: Row) throws -> TokenRecord {
        TokenRecord(
            id: row["id"], userID: row["user_id"], username: row["username"], tenantID: row["tenant_id"],
            issuedAt: row.date("issued_at"), expiresAt: row.date("expires_at"), revokedAt: (row["revoked_at"] as Int64?).map(StoredValues.date),
            source: TokenRecord.Source(rawValue: row["source"]) ?? .login)
    }
}
