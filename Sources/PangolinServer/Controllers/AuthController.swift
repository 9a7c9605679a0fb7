import Foundation
import Hummingbird
import PangolinModel

/// `POST /api/v1/users/login`: exchanges a username and password for a token.
struct AuthController {
    let services: CatalogServices

    func addRoutes(to group: RouterGroup<PangolinRequestContext>) {
        group.post("users/login", use: login)
    }

    @Sendable func login(request: Request, context: PangolinRequestContext) async throws -> JSONResponse<LoginResult> {
        let body = try await request.decodeBody(LoginRequest.self, limit: services.maxBodyBytes)
        let actor = AuditActor(
            userID: nil, username: body.username, ipAddress: context.remoteAddress, userAgent: request.headers[.userAgent])
        let throttle = services.loginThrottle
        if let seconds = try await throttle.retryAfter(account: body.username, address: context.remoteAddress) {
            let reason = "too many failed logins for '\(body.username)' or from this address; try again in \(seconds) s"
            try await services.store.recordAudit(
                AuditEntry(action: .login, resourceType: "user", resourceID: nil, resourceName: body.username,
                           tenantID: nil, result: .failure, errorMessage: reason),
                by: actor)
            var error = PangolinError(.tooManyRequests, reason)
            error.retryAfterSeconds = seconds
            throw error
        }
        let found = try await services.store.credentials(username: body.username)
        let passwordMatches = try await services.passwords.verify(body.password, hash: found?.passwordHash ?? services.passwords.decoyHash)
        /// Records the failed attempt, counts it against the account and the address, then refuses it with `reason`.
        func refuse(_ reason: String) async throws -> Never {
            try await throttle.recordFailure(account: body.username, address: context.remoteAddress)
            try await services.store.recordAudit(
                AuditEntry(
                    action: .login, resourceType: "user", resourceID: found?.user.id, resourceName: body.username,
                    tenantID: found?.user.tenantID, result: .failure, errorMessage: reason),
                by: actor)
            throw PangolinError.unauthenticated(reason)
        }
        guard let user = found?.user, passwordMatches, user.active else {
            try await refuse("invalid username or password")
        }
        if let tenantID = body.tenantID, user.role != .root, tenantID != user.tenantID {
            try await refuse("user '\(user.username)' does not belong to tenant '\(tenantID)'")
        }
        try await throttle.recordSuccess(account: body.username)
        let issued = try await services.tokens.issue(for: user)
        let userActor = AuditActor(userID: user.id, username: user.username, ipAddress: actor.ipAddress, userAgent: actor.userAgent)
        try await services.store.recordToken(
            TokenRecord(id: issued.id, userID: user.id, username: user.username, tenantID: user.tenantID,
                        issuedAt: issued.issuedAt, expiresAt: issued.expiresAt, source: .login),
            by: userActor)
        try await services.store.recordAudit(
            AuditEntry(action: .login, resourceType: "user", resourceID: user.id, resourceName: user.username, tenantID: user.tenantID),
            by: userActor)
        return JSONResponse(LoginResult(token: issued.token, user: user, expiresAt: issued.expiresAt))
    }
}

extension LoginRequest: RequestBody {}
