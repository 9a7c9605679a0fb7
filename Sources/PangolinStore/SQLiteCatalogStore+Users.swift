import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func createUser(_ draft: UserDraft, by actor: AuditActor) async throws -> User {
        try Names.validate(draft.username, as: .username)
        return try await write { db in
            if try Row.fetchOne(db, cached: "SELECT 1 FROM users WHERE username = ?", arguments: [draft.username]) != nil {
                throw PangolinError.conflict("a user named '\(draft.username)' already exists")
            }
            if let tenantID = draft.tenantID,
                try Row.fetchOne(db, cached: "SELECT 1 FROM tenants WHERE id = ?", arguments: [tenantID]) == nil
            {
                throw PangolinError.notFound("no tenant with id '\(tenantID)'")
            }
            let now = SQLiteValues.now()
            let user = User(
                id: Identifiers.make(), username: draft.username, email: draft.email, role: draft.role,
                tenantID: draft.tenantID, active: true, createdAt: now.date)
            try db.execute(
                cached: """
                    INSERT INTO users (id, username, email, role, tenant_id, password_hash, active, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, 1, ?)
                    """,
                arguments: [user.id, user.username, user.email, user.role.rawValue, user.tenantID, draft.passwordHash, now.micros])
            try AuditChain.append(
                AuditEntry(
                    action: "create_user", resourceType: "user", resourceID: user.id, resourceName: user.username,
                    tenantID: user.tenantID, metadata: ["role": .string(user.role.rawValue)]),
                by: actor, in: db)
            return user
        }
    }

    public func user(id: String) async throws -> User? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user)
        }
    }

    public func credentials(username: String) async throws -> (user: User, passwordHash: String)? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM users WHERE username = ?", arguments: [username]).map {
                (try Self.user($0), $0["password_hash"] as String)
            }
        }
    }

    public func users(tenantID: String?, limit: Int, offset: Int) async throws -> [User] {
        try await read { db in
            if let tenantID {
                return try Row.fetchAll(
                    db, cached: "SELECT * FROM users WHERE tenant_id = ? ORDER BY username LIMIT ? OFFSET ?",
                    arguments: [tenantID, limit, offset]
                ).map(Self.user)
            }
            return try Row.fetchAll(
                db, cached: "SELECT * FROM users ORDER BY username LIMIT ? OFFSET ?", arguments: [limit, offset]
            ).map(Self.user)
        }
    }

    public func setPasswordHash(userID: String, hash: String, by actor: AuditActor) async throws {
        try await write { db in
            try db.execute(cached: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, userID])
            guard db.changesCount > 0 else { throw PangolinError.notFound("no user with id '\(userID)'") }
            try AuditChain.append(
                AuditEntry(action: "set_password", resourceType: "user", resourceID: userID, tenantID: nil),
                by: actor, in: db)
        }
    }

    static func user(_ row: Row) throws -> User {
        User(
            id: row["id"], username: row["username"], email: row["email"],
            role: UserRole(rawValue: row["role"]) ?? .tenantUser, tenantID: row["tenant_id"],
            active: row["active"], createdAt: row.date("created_at"))
    }
}
