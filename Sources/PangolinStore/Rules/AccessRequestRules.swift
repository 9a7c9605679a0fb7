import PangolinModel

/// Statements on access requests.
public protocol AccessRequestRepository {
    func insertAccessRequest(_ request: AccessRequest) throws
    func accessRequest(id: String) throws -> AccessRequest?
    /// The id of the user's pending request for the asset.
    func pendingAccessRequestID(assetID: String, userID: String) throws -> String?
    /// The tenant's requests (or one user's), pending first, then newest first.
    func accessRequests(tenantID: String, userID: String?, limit: Int, offset: Int) throws -> [AccessRequest]
    /// Stores the request's status and review.
    func updateAccessRequest(_ request: AccessRequest) throws
}

extension CatalogDatabase: AccessRequestStore {
    public func createAccessRequest(assetID: String, requester: Principal, reason: String?, by actor: AuditActor) async throws -> AccessRequest {
        guard let tenantID = requester.tenantID else {
            throw PangolinError.invalid("\(requester.username) belongs to no tenant and cannot request access")
        }
        return try await write { tx in
            guard let asset = try tx.asset(id: assetID), asset.tenantID == tenantID else {
                throw PangolinError.notFound(.asset, "no asset with id '\(assetID)'")
            }
            if let pending = try tx.pendingAccessRequestID(assetID: assetID, userID: requester.userID) {
                throw PangolinError.conflict("you already have a pending request for this asset (id '\(pending)')")
            }
            let request = AccessRequest(
                id: Identifiers.make(), tenantID: tenantID, assetID: assetID, userID: requester.userID, username: requester.username,
                reason: reason, status: .pending, requestedAt: StoredValues.now().date)
            try tx.insertAccessRequest(request)
            try AuditChain.append(Self.auditEntry(.requestAccess, request), by: actor, in: tx)
            return request
        }
    }

    public func accessRequests(tenantID: String, userID: String?, limit: Int, offset: Int) async throws -> [AccessRequest] {
        try await backend.read { tx in try tx.accessRequests(tenantID: tenantID, userID: userID, limit: limit, offset: offset) }
    }

    public func accessRequest(id: String) async throws -> AccessRequest? {
        try await backend.lookup { tx in try tx.accessRequest(id: id) }
    }

    /// Only a pending request is reviewed; approving it grants read on the asset, in the same
    /// transaction, and only while the asset exists.
    public func reviewAccessRequest(id: String, status: AccessRequest.Status, comment: String?, by actor: AuditActor) async throws -> AccessRequest {
        guard status != .pending else { throw PangolinError.invalid("a review sets status to approved or denied") }
        return try await write { tx in
            guard var request = try tx.accessRequest(id: id) else { throw PangolinError.notFound(.accessRequest, "no access request with id '\(id)'") }
            guard request.status == .pending else {
                throw PangolinError.conflict("access request '\(id)' was already \(request.status.rawValue)")
            }
            let now = StoredValues.now().date
            if status == .approved {
                guard try tx.asset(id: request.assetID) != nil else {
                    throw PangolinError.conflict("the asset of access request '\(id)' has been deleted; deny the request instead")
                }
                let permission = Permission(
                    id: Identifiers.make(), userID: request.userID, tenantID: request.tenantID, actions: [.read],
                    scope: .asset(assetID: request.assetID), role: nil, grantedBy: actor.username, grantedAt: now)
                try tx.insertPermission(permission)
                try AuditChain.append(Self.auditEntry(.grantPermission, permission, granteeName: request.username), by: actor, in: tx)
                request.permissionID = permission.id
            }
            request.status = status
            request.reviewedBy = actor.username
            request.reviewedAt = now
            request.reviewComment = comment
            try tx.updateAccessRequest(request)
            try AuditChain.append(Self.auditEntry(status == .approved ? .approveAccessRequest : .denyAccessRequest, request), by: actor, in: tx)
            return request
        }
    }

    private static func auditEntry(_ action: AuditAction, _ request: AccessRequest) -> AuditEntry {
        var metadata: [String: JSONValue] = ["asset_id": .string(request.assetID), "user": .string(request.username)]
        if let comment = request.reviewComment { metadata["comment"] = .string(comment) }
        return AuditEntry(action: action, resourceType: "access_request", resourceID: request.id, resourceName: request.username,
                          tenantID: request.tenantID, metadata: metadata)
    }
}
