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
            let now = StoredValues.now()
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
                    action: .createUser, resourceType: "user", resourceID: user.id, resourceName: user.username,
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
                AuditEntry(action: .setPassword, resourceType: "user", resourceID: userID, tenantID: nil),
                by: actor, in: db)
        }
    }

    public func updateUser(id: String, _ change: UserChange, by actor: AuditActor) async throws -> User {
        try await write { db in
            var user = try Self.existingUser(id, in: db)
            let losesRoot = user.role == .root && ((change.role.map { $0 != .root } ?? false) || change.active == false)
            if losesRoot { try Self.requireAnotherRoot(than: id, in: db) }
            if let role = change.role, (role == .root) != (user.role == .root) {
                throw PangolinError.invalid("a tenant account cannot become root, nor root a tenant account; create a new account instead")
            }
            user.email = change.email.map { $0.isEmpty ? nil : $0 } ?? user.email
            user.role = change.role ?? user.role
            user.active = change.active ?? user.active
            try db.execute(cached: "UPDATE users SET email = ?, role = ?, active = ? WHERE id = ?",
                           arguments: [user.email, user.role.rawValue, user.active, id])
            var changes: [String: JSONValue] = [:]
            if let email = change.email { changes["email"] = .string(email) }
            if let role = change.role { changes["role"] = .string(role.rawValue) }
            if let active = change.active { changes["active"] = .bool(active) }
            try AuditChain.append(
                AuditEntry(action: .updateUser, resourceType: "user", resourceID: id, resourceName: user.username,
                           tenantID: user.tenantID, metadata: changes),
                by: actor, in: db)
            return user
        }
    }

    public func deleteUser(id: String, by actor: AuditActor) async throws -> [String] {
        try await write { db in
            let user = try Self.existingUser(id, in: db)
            if user.role == .root { try Self.requireAnotherRoot(than: id, in: db) }
            // Tokens go with the user by the foreign key; those still valid are kept as revoked.
            let now = StoredValues.now().micros
            let valid = try String.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM tokens WHERE user_id = ? AND expires_at > ?"), arguments: [id, now])
            try db.execute(
                cached: """
                    INSERT OR IGNORE INTO revoked_tokens_of_deleted_users (id, expires_at)
                    SELECT id, expires_at FROM tokens WHERE user_id = ? AND expires_at > ?
                    """,
                arguments: [id, now])
            // Grants and role assignments name principals of either kind, so they go here.
            try db.execute(cached: "DELETE FROM permissions WHERE principal_id = ?", arguments: [id])
            try db.execute(cached: "DELETE FROM role_assignments WHERE principal_id = ?", arguments: [id])
            try db.execute(cached: "DELETE FROM users WHERE id = ?", arguments: [id])
            try AuditChain.append(
                AuditEntry(action: .deleteUser, resourceType: "user", resourceID: id, resourceName: user.username, tenantID: user.tenantID,
                           metadata: ["tokens_revoked": .int(Int64(valid.count))]),
                by: actor, in: db)
            return valid
        }
    }

    private static func existingUser(_ id: String, in db: Database) throws -> User {
        guard let user = try Row.fetchOne(db, cached: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user) else {
            throw PangolinError.notFound("no user with id '\(id)'")
        }
        return user
    }

    /// Refuses a change that would leave the server without an active root account.
    private static func requireAnotherRoot(than id: String, in db: Database) throws {
        let others = try Int.fetchOne(
            db, cached: "SELECT COUNT(*) FROM users WHERE role = ? AND active = 1 AND id != ?", arguments: [UserRole.root.rawValue, id]) ?? 0
        if others == 0 {
            throw PangolinError.conflict("this is the last active root account; create another root account first")
        }
    }

    static func user(_ row: Row) throws -> User {
        User(
            id: row["id"], username: row["username"], email: row["email"],
            role: UserRole(rawValue: row["role"]) ?? .tenantUser, tenantID: row["tenant_id"],
            active: row["active"], createdAt: row.date("created_at"))
    }
}
