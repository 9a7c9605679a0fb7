import Foundation
import PangolinModel

/// Statements on users, service users and tokens.
public protocol IdentityRepository {
    func user(id: String) throws -> User?
    /// The user and their password hash.
    func credentials(username: String) throws -> (user: User, passwordHash: String)?
    /// By username; every tenant's for nil.
    func users(tenantID: String?, limit: Int, offset: Int) throws -> [User]
    func insertUser(_ user: User, passwordHash: String) throws
    /// Stores the user's email, role and whether it is active.
    func updateUser(_ user: User) throws
    /// Whether the user exists.
    func setPasswordHash(userID: String, _ hash: String) throws -> Bool
    func deleteUser(id: String) throws
    func activeRootCount(excluding id: String) throws -> Int

    func serviceUser(id: String) throws -> ServiceUser?
    func serviceUserCredentials(id: String) throws -> (serviceUser: ServiceUser, keyHash: String)?
    func serviceUser(tenantID: String, name: String) throws -> ServiceUser?
    func serviceUsers(tenantID: String, limit: Int, offset: Int) throws -> [ServiceUser]
    func insertServiceUser(_ user: ServiceUser, keyHash: String) throws
    /// Stores the service user's name, description and whether it is active.
    func updateServiceUser(_ user: ServiceUser) throws
    func setServiceUserKeyHash(id: String, _ hash: String) throws
    func setServiceUserLastUse(id: String, at date: Date) throws
    func deleteServiceUser(id: String) throws
    /// Removes the grants and role assignments of a user or service user.
    func deleteGrants(ofPrincipal id: String) throws

    func insertToken(_ token: TokenRecord) throws
    func token(id: String) throws -> TokenRecord?
    /// Newest first.
    func tokens(userID: String, limit: Int, offset: Int) throws -> [TokenRecord]
    func setTokenRevoked(id: String, at date: Date) throws
    /// Revokes the user's tokens that are still valid at `date` and returns their ids.
    func revokeValidTokens(userID: String, at date: Date) throws -> [String]
    /// Keeps the user's tokens still valid at `date` refused after the user and its tokens are
    /// gone, and returns their ids.
    func keepTokensRefused(ofDeletedUser userID: String, validAt date: Date) throws -> [String]
    func revokedTokenIDs(notExpiredAt date: Date) throws -> [String]
    /// Deletes the records of tokens that expired before `date` — of one tenant, or (nil) of
    /// every tenant with those kept for deleted users — and returns their ids.
    func deleteExpiredTokens(tenantID: String?, before date: Date) throws -> [String]

    func insertLoginFailures(keys: [String], at date: Date) throws
    func deleteLoginFailures(before date: Date) throws
    /// Oldest first.
    func loginFailures(keys: [String], since date: Date) throws -> [(key: String, at: Date)]
    func deleteLoginFailures(key: String) throws
}

extension CatalogDatabase: IdentityStore {
    // MARK: Users

    public func createUser(_ draft: UserDraft, by actor: AuditActor) async throws -> User {
        try Names.validate(draft.username, as: .username)
        return try await write { tx in
            if try tx.credentials(username: draft.username) != nil {
                throw PangolinError.exists(.user, "a user named '\(draft.username)' already exists")
            }
            if let tenantID = draft.tenantID, try tx.tenant(id: tenantID) == nil {
                throw PangolinError.notFound(.tenant, "no tenant with id '\(tenantID)'")
            }
            let user = User(
                id: Identifiers.make(), username: draft.username, email: draft.email, role: draft.role,
                tenantID: draft.tenantID, active: true, createdAt: StoredValues.now().date)
            try tx.insertUser(user, passwordHash: draft.passwordHash)
            try AuditChain.append(Self.auditEntry(.createUser, user, metadata: ["role": .string(user.role.rawValue)]), by: actor, in: tx)
            return user
        }
    }

    public func user(id: String) async throws -> User? {
        try await backend.lookup { tx in try tx.user(id: id) }
    }

    public func credentials(username: String) async throws -> (user: User, passwordHash: String)? {
        try await backend.lookup { tx in try tx.credentials(username: username) }
    }

    public func users(tenantID: String?, limit: Int, offset: Int) async throws -> [User] {
        try await backend.read { tx in try tx.users(tenantID: tenantID, limit: limit, offset: offset) }
    }

    public func setPasswordHash(userID: String, hash: String, by actor: AuditActor) async throws {
        try await write { tx in
            guard try tx.setPasswordHash(userID: userID, hash) else { throw PangolinError.notFound(.user, "no user with id '\(userID)'") }
            try AuditChain.append(AuditEntry(action: .setPassword, resourceType: "user", resourceID: userID, tenantID: nil), by: actor, in: tx)
        }
    }

    public func updateUser(id: String, _ change: UserChange, by actor: AuditActor) async throws -> User {
        try await write { tx in
            var user = try Self.requireUser(id: id, in: tx)
            let losesRoot = user.role == .root && ((change.role.map { $0 != .root } ?? false) || change.active == false)
            if losesRoot { try Self.requireAnotherRoot(than: id, in: tx) }
            if let role = change.role, (role == .root) != (user.role == .root) {
                throw PangolinError.invalid("a tenant account cannot become root, nor root a tenant account; create a new account instead")
            }
            user.email = change.email.map { $0.isEmpty ? nil : $0 } ?? user.email
            user.role = change.role ?? user.role
            user.active = change.active ?? user.active
            try tx.updateUser(user)
            var changes: [String: JSONValue] = [:]
            if let email = change.email { changes["email"] = .string(email) }
            if let role = change.role { changes["role"] = .string(role.rawValue) }
            if let active = change.active { changes["active"] = .bool(active) }
            try AuditChain.append(Self.auditEntry(.updateUser, user, metadata: changes), by: actor, in: tx)
            return user
        }
    }

    public func deleteUser(id: String, by actor: AuditActor) async throws -> [String] {
        try await write { tx in
            let user = try Self.requireUser(id: id, in: tx)
            if user.role == .root { try Self.requireAnotherRoot(than: id, in: tx) }
            // Its tokens go with the user; those still valid stay refused.
            let valid = try tx.keepTokensRefused(ofDeletedUser: id, validAt: StoredValues.now().date)
            // Grants and role assignments name principals of either kind, so they go here.
            try tx.deleteGrants(ofPrincipal: id)
            try tx.deleteUser(id: id)
            try AuditChain.append(Self.auditEntry(.deleteUser, user, metadata: ["tokens_revoked": .int(Int64(valid.count))]), by: actor, in: tx)
            return valid
        }
    }

    private static func requireUser(id: String, in tx: Backend.Transaction) throws -> User {
        guard let user = try tx.user(id: id) else { throw PangolinError.notFound(.user, "no user with id '\(id)'") }
        return user
    }

    /// Refuses a change that would leave the server without an active root account.
    private static func requireAnotherRoot(than id: String, in tx: Backend.Transaction) throws {
        if try tx.activeRootCount(excluding: id) == 0 {
            throw PangolinError.conflict("this is the last active root account; create another root account first")
        }
    }

    private static func auditEntry(_ action: AuditAction, _ user: User, metadata: [String: JSONValue]? = nil) -> AuditEntry {
        AuditEntry(action: action, resourceType: "user", resourceID: user.id, resourceName: user.username, tenantID: user.tenantID, metadata: metadata)
    }

    // MARK: Service users

    public func createServiceUser(_ draft: ServiceUserDraft, id: String, by actor: AuditActor) async throws -> ServiceUser {
        try Names.validate(draft.name, as: .username)
        return try await write { tx in
            if try tx.serviceUser(tenantID: draft.tenantID, name: draft.name) != nil {
                throw PangolinError.exists(.serviceUser, "a service user named '\(draft.name)' already exists in this tenant")
            }
            let user = ServiceUser(
                id: id, tenantID: draft.tenantID, name: draft.name, description: draft.description,
                role: draft.role, active: true, createdAt: StoredValues.now().date, expiresAt: draft.expiresAt, lastUsedAt: nil)
            try tx.insertServiceUser(user, keyHash: draft.keyHash)
            try AuditChain.append(Self.auditEntry(.createServiceUser, user, metadata: ["role": .string(user.role.rawValue)]), by: actor, in: tx)
            return user
        }
    }

    public func serviceUsers(tenantID: String, limit: Int, offset: Int) async throws -> [ServiceUser] {
        try await backend.read { tx in try tx.serviceUsers(tenantID: tenantID, limit: limit, offset: offset) }
    }

    public func serviceUser(id: String) async throws -> ServiceUser? {
        try await backend.lookup { tx in try tx.serviceUser(id: id) }
    }

    public func serviceUserCredentials(id: String) async throws -> (serviceUser: ServiceUser, keyHash: String)? {
        try await backend.lookup { tx in try tx.serviceUserCredentials(id: id) }
    }

    public func updateServiceUser(id: String, name: String?, description: String?, active: Bool?, by actor: AuditActor) async throws -> ServiceUser {
        if let name { try Names.validate(name, as: .username) }
        return try await write { tx in
            var user = try Self.requireServiceUser(id: id, in: tx)
            if let name, name != user.name, try tx.serviceUser(tenantID: user.tenantID, name: name) != nil {
                throw PangolinError.exists(.serviceUser, "a service user named '\(name)' already exists in this tenant")
            }
            user.name = name ?? user.name
            user.description = description ?? user.description
            user.active = active ?? user.active
            try tx.updateServiceUser(user)
            var changes: [String: JSONValue] = [:]
            if let name { changes["name"] = .string(name) }
            if let description { changes["description"] = .string(description) }
            if let active { changes["active"] = .bool(active) }
            try AuditChain.append(Self.auditEntry(.updateServiceUser, user, metadata: changes), by: actor, in: tx)
            return user
        }
    }

    public func rotateServiceUserKey(id: String, keyHash: String, by actor: AuditActor) async throws -> ServiceUser {
        try await write { tx in
            let user = try Self.requireServiceUser(id: id, in: tx)
            try tx.setServiceUserKeyHash(id: id, keyHash)
            try AuditChain.append(Self.auditEntry(.rotateServiceUserKey, user), by: actor, in: tx)
            return user
        }
    }

    public func deleteServiceUser(id: String, by actor: AuditActor) async throws {
        try await write { tx in
            let user = try Self.requireServiceUser(id: id, in: tx)
            try tx.deleteServiceUser(id: id)
            try tx.deleteGrants(ofPrincipal: id)
            try AuditChain.append(Self.auditEntry(.deleteServiceUser, user), by: actor, in: tx)
        }
    }

    public func touchServiceUser(id: String, at date: Date) async throws {
        try await write { tx in try tx.setServiceUserLastUse(id: id, at: date) }
    }

    private static func requireServiceUser(id: String, in tx: Backend.Transaction) throws -> ServiceUser {
        guard let user = try tx.serviceUser(id: id) else { throw PangolinError.notFound(.serviceUser, "no service user with id '\(id)'") }
        return user
    }

    private static func auditEntry(_ action: AuditAction, _ user: ServiceUser, metadata: [String: JSONValue]? = nil) -> AuditEntry {
        AuditEntry(action: action, resourceType: "service_user", resourceID: user.id, resourceName: user.name, tenantID: user.tenantID, metadata: metadata)
    }

    // MARK: Tokens

    public func recordToken(_ token: TokenRecord, by actor: AuditActor) async throws {
        try await write { tx in
            try tx.insertToken(token)
            if token.source == .minted {
                try AuditChain.append(
                    AuditEntry(action: .mintToken, resourceType: "token", resourceID: token.id, resourceName: token.username,
                               tenantID: token.tenantID, metadata: ["expires_at": .string(Timestamps.format(token.expiresAt))]),
                    by: actor, in: tx)
            }
        }
    }

    public func token(id: String) async throws -> TokenRecord? {
        try await backend.lookup { tx in try tx.token(id: id) }
    }

    public func tokens(userID: String, limit: Int, offset: Int) async throws -> [TokenRecord] {
        try await backend.read { tx in try tx.tokens(userID: userID, limit: limit, offset: offset) }
    }

    public func revokeToken(id: String, by actor: AuditActor) async throws -> TokenRecord {
        try await write { tx in
            guard var token = try tx.token(id: id) else { throw PangolinError.notFound(.token, "no token with id '\(id)'") }
            guard token.revokedAt == nil else { return token }
            let now = StoredValues.now().date
            try tx.setTokenRevoked(id: id, at: now)
            token.revokedAt = now
            try AuditChain.append(
                AuditEntry(action: .revokeToken, resourceType: "token", resourceID: id, resourceName: token.username, tenantID: token.tenantID),
                by: actor, in: tx)
            return token
        }
    }

    public func revokeTokens(userID: String, by actor: AuditActor) async throws -> [String] {
        try await write { tx in
            let user = try Self.requireUser(id: userID, in: tx)
            let ids = try tx.revokeValidTokens(userID: userID, at: StoredValues.now().date)
            try AuditChain.append(Self.auditEntry(.revokeAllTokens, user, metadata: ["revoked": .int(Int64(ids.count))]), by: actor, in: tx)
            return ids
        }
    }

    public func removeExpiredTokens(tenantID: String?, by actor: AuditActor) async throws -> [String] {
        try await write { tx in
            let ids = try tx.deleteExpiredTokens(tenantID: tenantID, before: StoredValues.now().date)
            try AuditChain.append(
                AuditEntry(action: .removeExpiredTokens, resourceType: "token", tenantID: tenantID, metadata: ["removed": .int(Int64(ids.count))]),
                by: actor, in: tx)
            return ids
        }
    }

    public func revokedTokenIDs(notExpiredAt date: Date) async throws -> [String] {
        try await backend.read { tx in try tx.revokedTokenIDs(notExpiredAt: date) }
    }

    // MARK: Failed logins

    public func recordLoginFailure(keys: [String], at date: Date, forgetBefore: Date) async throws {
        try await write { tx in
            try tx.deleteLoginFailures(before: forgetBefore)
            try tx.insertLoginFailures(keys: keys, at: date)
        }
    }

    public func loginFailures(keys: [String], since date: Date) async throws -> [String: [Date]] {
        try await backend.lookup { tx in
            Dictionary(grouping: try tx.loginFailures(keys: keys, since: date), by: \.key).mapValues { $0.map(\.at) }
        }
    }

    public func clearLoginFailures(key: String) async throws {
        try await write { tx in try tx.deleteLoginFailures(key: key) }
    }
}

