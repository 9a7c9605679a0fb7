import Hummingbird
import PangolinModel
import PangolinStore

/// Access requests: a user asks to read an asset they can find but not read; an administrator
/// (or whoever may manage discovery of the asset) approves, which grants read on it, or denies.
struct AccessRequestController {
    let services: CatalogServices

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("assets/{id}/access-requests", use: create)
        group.get("access-requests", use: list)
        group.get("access-requests/{id}", use: get)
        group.put("access-requests/{id}", use: review)
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<AccessRequest> {
        let id = try context.parameters.text("id")
        let body = try await request.decodeBody(AccessRequestDraft.self, limit: services.maxBodyBytes)
        if let reason = body.reason, reason.count > 2000 {
            throw PangolinError.invalid("the reason is \(reason.count) characters long; the limit is 2000")
        }
        let principal = context.principal
        // Only what the caller can find may be asked for: an asset they may read (which needs no
        // request) or one marked discoverable. Anything else is reported as missing.
        guard let asset = try await services.store.asset(id: id) else { throw PangolinError.notFound(.asset, "no asset with id '\(id)'") }
        if try await services.authorizer.allows(principal, .read, .asset(asset)) {
            throw PangolinError.conflict("you can already read asset '\(asset.name)'")
        }
        guard asset.tenantID == principal.tenantID, try await services.store.metadata(assetID: id)?.discoverable == true else {
            throw PangolinError.notFound(.asset, "no asset with id '\(id)'")
        }
        let created = try await services.store.createAccessRequest(
            assetID: id, requester: principal, reason: body.reason, by: context.actor(request))
        return JSONResponse(created, status: .created)
    }

    /// Administrators see the tenant's requests; anybody else sees their own. Pending come first.
    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[AccessRequest]> {
        let tenantID = try await services.tenantID(for: request, context: context)
        let own = services.authorizer.administers(context.principal, tenantID: tenantID) ? nil : context.principal.userID
        return JSONResponse(try await services.store.accessRequests(
            tenantID: tenantID, userID: own, limit: request.limit(), offset: request.offset()))
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<AccessRequest> {
        let found = try await visible(request: request, context: context)
        return JSONResponse(found.request)
    }

    @Sendable func review(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<AccessRequest> {
        let found = try await visible(request: request, context: context)
        guard found.reviewer else {
            throw PangolinError.forbidden("\(context.principal.username) may not review access requests for this asset")
        }
        let body = try await request.decodeBody(AccessRequestReview.self, limit: services.maxBodyBytes)
        let reviewed = try await services.store.reviewAccessRequest(
            id: found.request.id, status: try AccessRequest.Status(parsing: body.status), comment: body.comment, by: context.actor(request))
        await services.grantsChanged()
        return JSONResponse(reviewed)
    }

    /// The request named by the path, and whether the caller may review it. Its requester and its
    /// reviewers see it; for anybody else it is missing.
    private func visible(request: Request, context: AuthenticatedContext) async throws -> (request: AccessRequest, reviewer: Bool) {
        let id = try context.parameters.text("id")
        let principal = context.principal
        guard let found = try await services.store.accessRequest(id: id),
              principal.role == .root || found.tenantID == principal.tenantID
        else { throw PangolinError.notFound(.accessRequest, "no access request with id '\(id)'") }
        var reviewer = services.authorizer.administers(principal, tenantID: found.tenantID)
        if !reviewer, let asset = try await services.store.asset(id: found.assetID) {
            reviewer = try await services.authorizer.allows(principal, .manageDiscovery, .asset(asset))
        }
        guard reviewer || found.userID == principal.userID else { throw PangolinError.notFound(.accessRequest, "no access request with id '\(id)'") }
        return (found, reviewer)
    }
}

extension AccessRequestDraft: RequestBody {}
extension AccessRequestReview: RequestBody {}
