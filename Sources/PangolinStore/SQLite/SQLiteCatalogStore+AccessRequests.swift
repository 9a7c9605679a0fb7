import GRDB
import PangolinModel

extension SQLiteCatalogStore {
    public func createAccessRequest(assetID: String, requester: Principal, reason: String?, by actor: AuditActor) async throws -> AccessRequest {
        guard let tenantID = requester.tenantID else {
            throw PangolinError.invalid("\(requester.username) belongs to no tenant and cannot request access")
        }
        return try await write { db in
            guard try Row.fetchOne(db, cached: "SELECT 1 FROM assets WHERE id = ? AND tenant_id = ?", arguments: [assetID, tenantID]) != nil
            else { throw PangolinError.notFound("no asset with id '\(assetID)'") }
            if let pending = try String.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM access_requests WHERE asset_id = ? AND user_id = ? AND status = 'pending'"),
                arguments: [assetID, requester.userID]) {
                throw PangolinError.conflict("you already have a pending request for this asset (id '\(pending)')")
            }
            let request = AccessRequest(
                id: Identifiers.make(), tenantID: tenantID, assetID: assetID, userID: requester.userID, username: requester.username,
                reason: reason, status: .pending, requestedAt: StoredValues.now().date)
            try db.execute(
                cached: """
                    INSERT INTO access_requests (id, tenant_id, asset_id, user_id, username, reason, status, requested_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)
                    """,
                arguments: [request.id, tenantID, assetID, request.userID, request.username, reason, StoredValues.micros(request.requestedAt)])
            try AuditChain.append(Self.auditEntry(.requestAccess, request), by: actor, in: db)
            return request
        }
    }

    public func accessRequests(tenantID: String, userID: String?, limit: Int, offset: Int) async throws -> [AccessRequest] {
        try await read { db in
            // Pending requests first, then the newest.
            let order = "ORDER BY status != 'pending', requested_at DESC, id LIMIT ? OFFSET ?"
            let rows = if let userID {
                try Row.fetchAll(db, cached: "SELECT * FROM access_requests WHERE tenant_id = ? AND user_id = ? \(order)",
                                 arguments: [tenantID, userID, limit, offset])
            } else {
                try Row.fetchAll(db, cached: "SELECT * FROM access_requests WHERE tenant_id = ? \(order)", arguments: [tenantID, limit, offset])
            }
            return try rows.map(Self.accessRequest)
        }
    }

    public func accessRequest(id: String) async throws -> AccessRequest? {
        try lookup { db in
            try Row.fetchOne(db, cached: "SELECT * FROM access_requests WHERE id = ?", arguments: [id]).map(Self.accessRequest)
        }
    }

    public func reviewAccessRequest(id: String, status: AccessRequest.Status, comment: String?, by actor: AuditActor) async throws -> AccessRequest {
        guard status != .pending else { throw PangolinError.invalid("a review sets status to approved or denied") }
        return try await write { db in
            guard var request = try Row.fetchOne(db, cached: "SELECT * FROM access_requests WHERE id = ?", arguments: [id]).map(Self.accessRequest)
            else { throw PangolinError.notFound("no access request with id '\(id)'") }
            guard request.status == .pending else {
                throw PangolinError.conflict("access request '\(id)' was already \(request.status.rawValue)")
            }
            let now = StoredValues.now()
            if status == .approved {
                guard try Row.fetchOne(db, cached: "SELECT 1 FROM assets WHERE id = ?", arguments: [request.assetID]) != nil else {
                    throw PangolinError.conflict("the asset of access request '\(id)' has been deleted; deny the request instead")
                }
                let permission = Permission(
                    id: Identifiers.make(), userID: request.userID, tenantID: request.tenantID, actions: [.read],
                    scope: .asset(assetID: request.assetID), role: nil, grantedBy: actor.username, grantedAt: now.date)
                try Self.insert(permission, in: db)
                try AuditChain.append(Self.auditEntry(.grantPermission, permission, granteeName: request.username), by: actor, in: db)
                request.permissionID = permission.id
            }
            request.status = status
            request.reviewedBy = actor.username
            request.reviewedAt = now.date
            request.reviewComment = comment
            try db.execute(
                cached: """
                    UPDATE access_requests SET status = ?, reviewed_by = ?, reviewed_at = ?, review_comment = ?, permission_id = ?
                    WHERE id = ?
                    """,
                arguments: [status.rawValue, actor.username, now.micros, comment, request.permissionID, id])
            try AuditChain.append(Self.auditEntry(status == .approved ? .approveAccessRequest : .denyAccessRequest, request),
                                  by: actor, in: db)
            return request
        }
    }

    static func accessRequest(_ row: Row) throws -> AccessRequest {
        AccessRequest(
            id: row["id"], tenantID: row["tenant_id"], assetID: row["asset_id"], userID: row["user_id"], username: row["username"],
            reason: row["reason"], status: try AccessRequest.Status(parsing: row["status"]), requestedAt: row.date("requested_at"),
            reviewedBy: row["reviewed_by"], reviewedAt: (row["reviewed_at"] as Int64?).map(StoredValues.date),
            reviewComment: row["review_comment"], permissionID: row["permission_id"])
    }

    static func auditEntry(_ action: AuditAction, _ request: AccessRequest) -> AuditEntry {
        var metadata: [String: JSONValue] = ["asset_id": .string(request.assetID), "user": .string(request.username)]
        if let comment = request.reviewComment { metadata["comment"] = .string(comment) }
        return AuditEntry(action: action, resourceType: "access_request", resourceID: request.id, resourceName: request.username,
                          tenantID: request.tenantID, metadata: metadata)
    }
}
