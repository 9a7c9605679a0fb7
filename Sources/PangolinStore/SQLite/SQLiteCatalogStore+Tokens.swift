import Foundation
import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func recordToken(_ token: TokenRecord, by actor: AuditActor) async throws {
        try await write { db in
            try db.execute(
                cached: """
                    INSERT INTO tokens (id, user_id, tenant_id, issued_at, expires_at, revoked_at, source)
                    VALUES (?, ?, ?, ?, ?, NULL, ?)
                    """,
                arguments: [token.id, token.userID, token.tenantID, StoredValues.micros(token.issuedAt),
                            StoredValues.micros(token.expiresAt), token.source.rawValue])
            if token.source == .minted {
                try AuditChain.append(
                    AuditEntry(action: .mintToken, resourceType: "token", resourceID: token.id, resourceName: token.username,
                               tenantID: token.tenantID, metadata: ["expires_at": .string(Timestamps.format(token.expiresAt))]),
                    by: actor, in: db)
            }
        }
    }

    public func token(id: String) async throws -> TokenRecord? {
        try lookup { db in
            try Row.fetchOne(db, cached: Self.tokenSelect + " WHERE t.id = ?", arguments: [id]).map(Self.token)
        }
    }

    public func tokens(userID: String, limit: Int, offset: Int) async throws -> [TokenRecord] {
        try await read { db in
            try Row.fetchAll(
                db, cached: Self.tokenSelect + " WHERE t.user_id = ? ORDER BY t.issued_at DESC, t.id DESC LIMIT ? OFFSET ?",
                arguments: [userID, limit, offset]
            ).map(Self.token)
        }
    }

    public func revokeToken(id: String, by actor: AuditActor) async throws -> TokenRecord {
        try await write { db in
            guard var token = try Row.fetchOne(db, cached: Self.tokenSelect + " WHERE t.id = ?", arguments: [id]).map(Self.token) else {
                throw PangolinError.notFound("no token with id '\(id)'")
            }
            guard token.revokedAt == nil else { return token }
            let now = StoredValues.now()
            try db.execute(cached: "UPDATE tokens SET revoked_at = ? WHERE id = ?", arguments: [now.micros, id])
            token.revokedAt = now.date
            try AuditChain.append(
                AuditEntry(action: .revokeToken, resourceType: "token", resourceID: id, resourceName: token.username,
                           tenantID: token.tenantID),
                by: actor, in: db)
            return token
        }
    }

    public func revokeTokens(userID: String, by actor: AuditActor) async throws -> [String] {
        try await write { db in
            guard let user = try Row.fetchOne(db, cached: "SELECT * FROM users WHERE id = ?", arguments: [userID]).map(Self.user) else {
                throw PangolinError.notFound("no user with id '\(userID)'")
            }
            let now = StoredValues.now()
            let ids = try String.fetchAll(
                db, sql: "SELECT id FROM tokens WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?",
                arguments: [userID, now.micros])
            try db.execute(
                cached: "UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", arguments: [now.micros, userID])
            try AuditChain.append(
                AuditEntry(action: .revokeAllTokens, resourceType: "user", resourceID: userID, resourceName: user.username,
                           tenantID: user.tenantID, metadata: ["revoked": .int(Int64(ids.count))]),
                by: actor, in: db)
            return ids
        }
    }

    public func revokedTokenIDs(notExpiredAt date: Date) async throws -> [String] {
        try await read { db in
            try String.fetchAll(
                db, sql: """
                    SELECT id FROM tokens WHERE revoked_at IS NOT NULL AND expires_at > ?
                    UNION SELECT id FROM revoked_tokens_of_deleted_users WHERE expires_at > ?
                    """,
                arguments: [StoredValues.micros(date), StoredValues.micros(date)])
        }
    }

    private static let tokenSelect = """
        SELECT t.*, u.username AS username FROM tokens t JOIN users u ON u.id = t.user_id
        """

    static func token(_ row: Row) throws -> TokenRecord {
        TokenRecord(
            id: row["id"], userID: row["user_id"], username: row["username"], tenantID: row["tenant_id"],
            issuedAt: row.date("issued_at"), expiresAt: row.date("expires_at"),
            revokedAt: (row["revoked_at"] as Int64?).map(StoredValues.date),
            source: TokenRecord.Source(rawValue: row["source"]) ?? .login)
    }
}
