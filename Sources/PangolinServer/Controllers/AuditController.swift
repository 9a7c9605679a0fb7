import Hummingbird
import PangolinModel

/// `/api/v1/audit`: the audit log of the caller's tenant (root: of every tenant), and the
/// check of its hash chain.
struct AuditController {
    let services: CatalogServices

    struct Count: Codable {
        var count: Int
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("audit", use: list)
        group.get("audit/count", use: count)
        group.get("audit/verify", use: verify)
        group.get("audit/{id}", use: get)
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[AuditEvent]> {
        JSONResponse(try await services.store.auditEvents(query(request: request, context: context)))
    }

    @Sendable func count(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Count> {
        JSONResponse(Count(count: try await services.store.auditEventCount(query(request: request, context: context))))
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<AuditEvent> {
        let id = try context.parameters.text("id")
        guard let event = try await services.store.auditEvent(id: id),
            try await services.authorizer.allows(context.principal, .read, .audit(tenantID: event.tenantID))
        else {
            throw PangolinError.notFound(.auditEvent, "no audit event with id '\(id)'")
        }
        return JSONResponse(event)
    }

    @Sendable func verify(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<AuditChainReport> {
        // The chain runs through every tenant's events, so only root may walk it.
        try await services.authorizer.authorize(context.principal, .read, .audit(tenantID: nil))
        return JSONResponse(try await services.store.verifyAuditChain())
    }

    /// The filters pypangolin sends (`user_id`, `resource_type`, `start_time`, `end_time`) and a
    /// few more, limited to the tenants the caller may read.
    private func query(request: Request, context: AuthenticatedContext) async throws -> AuditQuery {
        let parameters = request.uri.queryParameters
        let principal = context.principal
        let tenantID: String? =
            services.authorizer.crossesTenants(principal) && request.headers[tenantHeader] == nil
            ? nil : try await services.tenantID(for: request, context: context)
        try await services.authorizer.authorize(principal, .read, .audit(tenantID: tenantID))
        var result: AuditResult?
        if let text = parameters.get("result") {
            guard let parsed = AuditResult(rawValue: text) else {
                throw PangolinError.invalid("query parameter 'result' must be success, failure or denied, not '\(text)'")
            }
            result = parsed
        }
        var action: AuditAction?
        if let text = parameters.get("action") {
            guard let parsed = AuditAction(rawValue: text) else {
                let known = AuditAction.allCases.map(\.rawValue).joined(separator: ", ")
                throw PangolinError.invalid("query parameter 'action' names no audited action: '\(text)'; the actions are \(known)")
            }
            action = parsed
        }
        return AuditQuery(
            tenantID: tenantID, userID: parameters.get("user_id"), action: action,
            resourceType: parameters.get("resource_type"), resourceID: parameters.get("resource_id"), result: result,
            start: try request.timestamp("start_time"), end: try request.timestamp("end_time"),
            limit: try request.limit(), offset: try request.offset())
    }
}
