import Hummingbird
import PangolinModel

/// `POST /api/v1/bulk/assets/delete`: deletes up to 100 assets by id. Each asset is authorized on
/// its own and each deletion is audited, as one `DELETE` would be; the answer says which were
/// deleted and why each of the others was not.
struct BulkDeleteController {
    let services: CatalogServices

    struct Body: RequestBody {
        var assetIDs: [String]
        enum CodingKeys: String, CodingKey {
            case assetIDs = "asset_ids"
        }
    }

    struct Refusal: Codable {
        var assetID: String
        /// The status a single `DELETE` of this asset would have had.
        var status: Int
        var error: String
        enum CodingKeys: String, CodingKey {
            case status, error
            case assetID = "asset_id"
        }
    }

    /// Pangolin's counts and messages, with the ids of both outcomes.
    struct Answer: Codable {
        var succeeded: Int
        var failed: Int
        var errors: [String]
        var deleted: [String]
        var refused: [Refusal]
    }

    static let maxAssets = 100

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("bulk/assets/delete", use: delete)
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Answer> {
        let body = try await request.decodeBody(Body.self, limit: services.maxBodyBytes)
        guard body.assetIDs.count <= Self.maxAssets else {
            throw PangolinError.invalid("'asset_ids' holds \(body.assetIDs.count) ids; delete at most \(Self.maxAssets) at a time")
        }
        var deleted: [String] = []
        var refused: [Refusal] = []
        for id in body.assetIDs where !deleted.contains(id) && !refused.contains(where: { $0.assetID == id }) {
            do {
                let asset = try await services.authorizedAsset(id: id, .delete, request: request, context: context)
                try await services.store.deleteAsset(at: asset.address, by: context.actor(request))
                deleted.append(id)
            } catch let error as PangolinError where error.code.isClientError {
                refused.append(Refusal(assetID: id, status: error.code.httpStatus, error: error.message))
            }
        }
        if !deleted.isEmpty { await services.grantsChanged() }
        return JSONResponse(Answer(
            succeeded: deleted.count, failed: refused.count, errors: refused.map { "\($0.assetID): \($0.error)" },
            deleted: deleted, refused: refused))
    }
}
