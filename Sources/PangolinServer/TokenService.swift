import Foundation
import JWTKit
import PangolinModel
import Synchronization

/// Issues and verifies the HS256 tokens that login returns.
public struct TokenService: Sendable {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var jti: IDClaim
        var username: String
        var role: String
        var tenant: String?

        func verify(using algorithm: some JWTAlgorithm) throws {
            try exp.verifyNotExpired()
        }
    }

    /// A token just signed, with what the catalog records of it.
    public struct Issued: Sendable {
        public var token: String
        public var id: String
        public var issuedAt: Date
        public var expiresAt: Date
    }

    private let keys: JWTKeyCollection
    private let lifetime: Duration
    private let verified = VerifiedTokens()
    private let revoked = RevokedTokens()

    /// Creates the service; `secret` must be at least 32 bytes.
    public init(secret: String, lifetime: Duration) async throws {
        guard secret.utf8.count >= 32 else {
            throw PangolinError.invalid("the JWT secret must be at least 32 bytes long; it is \(secret.utf8.count)")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.lifetime = lifetime
    }

    /// A signed token for `user`, valid for `lifetime` (the configured one when nil).
    public func issue(for user: User, lifetime: Duration? = nil) async throws -> Issued {
        let now = Date()
        let expiresAt = now.addingTimeInterval(TimeInterval((lifetime ?? self.lifetime).components.seconds))
        let id = Identifiers.make()
        let claims = Claims(
            sub: .init(value: user.id), exp: .init(value: expiresAt), iat: .init(value: now),
            jti: .init(value: id), username: user.username, role: user.role.rawValue, tenant: user.tenantID)
        return Issued(token: try await keys.sign(claims), id: id, issuedAt: now, expiresAt: expiresAt)
    }

    /// Refuses the given tokens from the next request on.
    public func revoke(_ ids: some Sequence<String>) {
        revoked.insert(ids)
    }

    /// Forgets revoked tokens whose records were dropped because they expired: an expired token
    /// is refused anyway, so the set of revoked ones need not keep them.
    public func forget(_ ids: some Sequence<String>) {
        revoked.remove(ids)
    }

    /// The principal a token stands for, or a 401 that says why the token is refused.
    public func verify(_ token: String) async throws -> Principal {
        if let principal = verified.principal(for: token) { return try unrevoked(principal) }
        let claims: Claims
        do {
            claims = try await keys.verify(token, as: Claims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            throw PangolinError.unauthenticated("the token has expired; log in again")
        } catch {
            throw PangolinError.unauthenticated("the token is not valid: it is malformed or was not issued by this server")
        }
        guard let role = UserRole(rawValue: claims.role) else {
            throw PangolinError.unauthenticated("the token names an unknown role; log in again")
        }
        let principal = Principal(
            userID: claims.sub.value, username: claims.username, role: role, tenantID: claims.tenant, tokenID: claims.jti.value)
        verified.remember(token, as: principal, until: claims.exp.value)
        return try unrevoked(principal)
    }

    private func unrevoked(_ principal: Principal) throws -> Principal {
        if let id = principal.tokenID, revoked.contains(id) {
            throw PangolinError.unauthenticated("the token has been revoked; log in again")
        }
        return principal
    }
}

/// Tokens already verified, so that a client reusing its token is not re-verified on every
/// request. Bounded: when full it starts over. An entry is used only before its token expires.
final class VerifiedTokens: Sendable {
    private struct Entry {
        var principal: Principal
        var expiresAt: Date
    }

    private static let capacity = 10_000
    private let entries = Mutex<[String: Entry]>([:])

    func principal(for token: String) -> Principal? {
        let entry = entries.withLock { $0[token] }
        guard let entry, entry.expiresAt > Date() else { return nil }
        return entry.principal
    }

    func remember(_ token: String, as principal: Principal, until expiresAt: Date) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(principal: principal, expiresAt: expiresAt)
        }
    }
}

/// Ids of revoked tokens that have not expired. Checked on every request, so a revoked token is
/// refused on the very next one; loaded from the store at start-up.
final class RevokedTokens: Sendable {
    private let ids = Mutex<Set<String>>([])

    func insert(_ new: some Sequence<String>) {
        ids.withLock { $0.formUnion(new) }
    }

    func remove(_ old: some Sequence<String>) {
        ids.withLock { $0.subtract(old) }
    }

    func contains(_ id: String) -> Bool {
        ids.withLock { $0.contains(id) }
    }
}
