import Foundation
import Hummingbird
import Logging
import PangolinModel
import PangolinStore

/// Turns every error into a JSON response with an honest status: Pangolin's error shape, or
/// Iceberg's on `/v1/` paths. Anything unexpected is logged and reported as a 500 without details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = PangolinRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = Self.pangolinError(error, request: request, context: context)
            let iceberg = request.uri.path.hasPrefix("/v1/")
            var headers: HTTPFields = [:]
            if failure.code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
            if let seconds = failure.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
            if iceberg {
                return try JSONResponse(IcebergErrorBody(failure), status: failure.code.status, headers: headers)
                    .response(from: request, context: context)
            }
            let body = ErrorEnvelope(failure)
            return try JSONResponse(body, status: failure.code.status, headers: headers).response(from: request, context: context)
        }
    }

    static func pangolinError(_ error: any Error, request: Request, context: Context) -> PangolinError {
        switch error {
        case let error as PangolinError:
            return error
        case let error as HTTPError:
            let message =
                error.body
                ?? (error.status == .notFound
                    ? "no route for \(request.method) \(request.uri.path)"
                    : error.status.reasonPhrase)
            return PangolinError(.from(error.status), message)
        case let error as any HTTPResponseError:
            return PangolinError(.from(error.status), error.status.reasonPhrase)
        default:
            context.logger.error("request failed unexpectedly", metadata: ["error": "\(String(reflecting: error))"])
            return PangolinError(.internal, "the server failed to handle this request; the error is in its log")
        }
    }
}

/// Verifies a presented token and records who the caller is; records every refusal of a
/// request, whoever made it, in the audit log.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = PangolinRequestContext
    let services: CatalogServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        do {
            if let header = request.headers[.authorization] {
                context.principal = try await services.tokens.verify(Self.bearerToken(header))
            } else if let key = request.headers[apiKeyHeader] {
                context.principal = try await APIKeys(store: services.store).verify(key)
            }
            if let principal = context.principal, services.authorizer.crossesTenants(principal),
               let tenant = request.headers[tenantHeader], !tenant.isEmpty {
                await recordCrossing(into: tenant, principal: principal, request: request, context: context)
            }
            return try await next(request, context)
        } catch let error as PangolinError where error.code == .forbidden || error.code == .unauthenticated {
            await services.recordRefusal(error, request: request, context: context)
            throw error
        }
    }

    /// The token of an `Authorization: Bearer <token>` header.
    static func bearerToken(_ header: String) throws -> String {
        let scheme = header.prefix(7)
        guard scheme.lowercased() == "bearer " else {
            throw PangolinError.unauthenticated("the Authorization header must be 'Bearer <token>'")
        }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw PangolinError.unauthenticated("the Authorization header must be 'Bearer <token>'") }
        return token
    }

    /// Root acting inside a tenant (by naming it in `X-Pangolin-Tenant`) is recorded whether it
    /// reads or writes, so that every crossing of a tenant boundary shows in the audit log.
    private func recordCrossing(into tenant: String, principal: Principal, request: Request, context: Context) async {
        var tenantID: String?
        if let found = try? await services.store.tenant(id: tenant) {
            tenantID = found.id
        } else {
            tenantID = (try? await services.store.tenant(named: tenant))?.id
        }
        let entry = AuditEntry(
            action: .crossTenant, resourceType: "endpoint", resourceName: "\(request.method) \(request.uri.path)",
            tenantID: tenantID, metadata: ["tenant": .string(tenant)])
        let actor = AuditActor(
            userID: principal.userID, username: principal.username, ipAddress: context.remoteAddress, userAgent: request.headers[.userAgent])
        do {
            try await services.store.recordAudit(entry, by: actor)
        } catch {
            context.logger.error("could not record a cross-tenant request in the audit log", metadata: ["error": "\(error)"])
        }
    }
}

extension CatalogServices {
    /// Records a refused request (403 or 401) in the audit log, whoever made it.
    func recordRefusal(_ error: PangolinError, request: Request, context: PangolinRequestContext) async {
        let principal = context.principal
        let entry = AuditEntry(
            action: error.code == .forbidden ? .deny : .authenticate, resourceType: "endpoint",
            resourceName: "\(request.method) \(request.uri.path)", tenantID: principal?.tenantID,
            result: .denied, errorMessage: error.message)
        let actor = AuditActor(
            userID: principal?.userID, username: principal?.username, ipAddress: context.remoteAddress,
            userAgent: request.headers[.userAgent])
        do {
            try await store.recordAudit(entry, by: actor)
        } catch {
            context.logger.error("could not record a refused request in the audit log", metadata: ["error": "\(error)"])
        }
    }
}
