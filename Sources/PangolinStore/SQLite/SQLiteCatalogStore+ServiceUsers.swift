import Foundation
import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func createServiceUser(_ draft: ServiceUserDraft, id: String, by actor: AuditActor) async throws -> ServiceUser {
        try Names.validate(draft.name, as: .username)
        return try await write { db in
            if try Row.fetchOne(db, cached: "SELECT 1 FROM service_users WHERE tenant_id = ? AND name = ?",
                                arguments: [draft.tenantID, draft.name]) != nil {
                throw PangolinError.conflict("a service user named '\(draft.name)' already exists in this tenant")
            }
            let now = StoredValues.now()
            let user = ServiceUser(
                id: id, tenantID: draft.tenantID, name: draft.name, description: draft.description,
                role: draft.role, active: true, createdAt: now.date, expiresAt: draft.expiresAt, lastUsedAt: nil)
            try db.execute(
                cached: """
                    INSERT INTO service_users (id, tenant_id, name, description, role, active, key_hash, expires_at, created_at)
                    VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
                    """,
                arguments: [user.id, user.tenantID, user.name, user.description, user.role.rawValue, draft.keyHash,
                            draft.expiresAt.map(StoredValues.micros), now.micros])
            try AuditChain.append(
                AuditEntry(action: .createServiceUser, resourceType: "service_user", resourceID: user.id, resourceName: user.name,
                           tenantID: user.tenantID, metadata: ["role": .string(user.role.rawValue)]),
                by: actor, in: db)
            return user
        }
    }

    public func serviceUsers(tenantID: String, limit: Int, offset: Int) async throws -> [ServiceUser] {
        try await read { db in
            try Row.fetchAll(db, cached: "SELECT * FROM service_users WHERE tenant_id = ? ORDER BY name LIMIT ? OFFSET ?",
                             arguments: [tenantID, limit, offset]).map(Self.serviceUser)
        }
    }

    public func serviceUser(id: String) async throws -> ServiceUser? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM service_users WHERE id = ?", arguments: [id]).map(Self.serviceUser)
        }
    }

    public func serviceUserCredentials(id: String) async throws -> (serviceUser: ServiceUser, keyHash: String)? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM service_users WHERE id = ?", arguments: [id]).map {
                (try Self.serviceUser($0), $0["key_hash"] as String)
            }
        }
    }

    public func updateServiceUser(id: String, name: String?, description: String?, active: Bool?, by actor: AuditActor) async throws -> ServiceUser {
        if let name { try Names.validate(name, as: .username) }
        return try await write { db in
            var user = try Self.existingServiceUser(id, in: db)
            if let name, name != user.name,
               try Row.fetchOne(db, cached: "SELECT 1 FROM service_users WHERE tenant_id = ? AND name = ?", arguments: [user.tenantID, name]) != nil {
                throw PangolinError.conflict("a service user named '\(name)' already exists in this tenant")
            }
            user.name = name ?? user.name
            user.description = description ?? user.description
            user.active = active ?? user.active
            try db.execute(cached: "UPDATE service_users SET name = ?, description = ?, active = ? WHERE id = ?",
                           arguments: [user.name, user.description, user.active, id])
            var changes: [String: JSONValue] = [:]
            if let name { changes["name"] = .string(name) }
            if let description { changes["description"] = .string(description) }
            if let active { changes["active"] = .bool(active) }
            try AuditChain.append(
                AuditEntry(action: .updateServiceUser, resourceType: "service_user", resourceID: id, resourceName: user.name,
                           tenantID: user.tenantID, metadata: changes),
                by: actor, in: db)
            return user
        }
    }

    public func rotateServiceUserKey(id: String, keyHash: String, by actor: AuditActor) async throws -> ServiceUser {
        try await write { db in
            let user = try Self.existingServiceUser(id, in: db)
            try db.execute(cached: "UPDATE service_users SET key_hash = ? WHERE id = ?", arguments: [keyHash, id])
            try AuditChain.append(
                AuditEntry(action: .rotateServiceUserKey, resourceType: "service_user", resourceID: id, resourceName: user.name,
                           tenantID: user.tenantID),
                by: actor, in: db)
            return user
        }
    }

    public func deleteServiceUser(id: String, by actor: AuditActor) async throws {
        try await write { db in
            let user = try Self.existingServiceUser(id, in: db)
            try db.execute(cached: "DELETE FROM service_users WHERE id = ?", arguments: [id])
            try db.execute(cached: "DELETE FROM permissions WHERE principal_id = ?", arguments: [id])
            try db.execute(cached: "DELETE FROM role_assignments WHERE principal_id = ?", arguments: [id])
            try AuditChain.append(
                AuditEntry(action: .deleteServiceUser, resourceType: "service_user", resourceID: id, resourceName: user.name,
                           tenantID: user.tenantID),
                by: actor, in: db)
        }
    }

    public func touchServiceUser(id: String, at date: Date) async throws {
        try await write { db in
            try db.execute(cached: "UPDATE service_users SET last_used_at = ? WHERE id = ?", arguments: [StoredValues.micros(date), id])
        }
    }

    private static func existingServiceUser(_ id: String, in db: Database) throws -> ServiceUser {
        guard let user = try Row.fetchOne(db, cached: "SELECT * FROM service_users WHERE id = ?", arguments: [id]).map(serviceUser) else {
            throw PangolinError.notFound("no service user with id '\(id)'")
        }
        return user
    }

    static func serviceUser(_ row: Row) throws -> ServiceUser {
        ServiceUser(
            id: row["id"], tenantID: row["tenant_id"], name: row["name"], description: row["description"],
            role: UserRole(rawValue: row["role"]) ?? .tenantUser, active: row["active"], createdAt: row.date("created_at"),
            expiresAt: (row["expires_at"] as Int64?).map(StoredValues.date),
            lastUsedAt: (row["last_used_at"] as Int64?).map(StoredValues.date))
    }
}
